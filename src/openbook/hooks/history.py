"""Page history, "What changed" and contributors from one git pass (see openbook.history.site)."""

from mkdocs.plugins import event_priority

from openbook.history import site as history_site


def on_config(config):
    history_site.on_config(config)


# After the other hooks' on_files: pages they generate (pricing) can then be
# listed in "What changed" by the source they declare.
@event_priority(-50)
def on_files(files, *, config):
    return history_site.on_files(files, config)


def on_page_markdown(markdown, *, page, config, files):
    return history_site.on_page_markdown(markdown, page, config)


def on_page_content(html, *, page, config, files):
    return history_site.on_page_content(html, page, config)


def on_page_context(context, *, page, config, nav):
    return history_site.on_page_context(context, page, config)


def on_nav(nav, *, config, files):
    history_site.on_nav(nav)
    return nav


def on_env(env, *, config, files):
    history_site.on_env(env, files)
    return env


# Before search indexes the site: the versions' pages are written meanwhile (openbook.hooks.versions waits).
@event_priority(10)
def on_post_build(config):
    history_site.on_post_build(config)


def on_build_error(error):
    history_site.on_build_error(error)
