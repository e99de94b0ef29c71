"""Serve the engine's Material overrides and stylesheet from the package, and make every page smaller.

See openbook.site.theme, openbook.site.compact and openbook.site.icons.
"""

from mkdocs.plugins import event_priority

from openbook.search import site as search_site
from openbook.site import compact, icons, theme


@event_priority(100)
def on_config(config):
    theme.add_to(config)
    return config


def on_env(env, *, config, files):
    theme.settle(env)
    return env


def on_pre_build(*, config):
    icons.on_pre_build()


# After the hooks that edit a page, before search copies its article (priority -100).
@event_priority(-90)
def on_post_page(output, *, page, config):
    output = compact.compact(output)
    return icons.on_post_page(output, page.url, config.site_dir, (search_site.START, search_site.END))
