"""The notices page and its feed (see openbook.notices.site)."""

from mkdocs.plugins import event_priority

from openbook.notices import site as notices_site


def on_config(config):
    notices_site.reset()
    return config


# After pricing and history (-50): the build's one git log is open, and the pages it lists are placed.
@event_priority(-60)
def on_files(files, *, config):
    return notices_site.on_files(files, config)


def on_page_content(html, *, page, config, files):
    return notices_site.on_page_content(html, page)


def on_page_context(context, *, page, config, nav):
    notices_site.on_page_context(page)
    return context


def on_post_page(output, *, page, config):
    return notices_site.on_post_page(output, page)
