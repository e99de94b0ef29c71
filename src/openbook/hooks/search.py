"""Search with Pagefind: the header's search box and the index of the built site (see openbook.search.site)."""

from mkdocs.plugins import event_priority

from openbook.search import site as search_site


def on_env(env, *, config, files):
    search_site.on_env(env)
    return env


def on_pre_build(*, config):
    search_site.on_pre_build()


# First: the page's own content loses any search attribute before openbook's hooks and templates add theirs.
@event_priority(100)
def on_page_content(html, *, page, config, files):
    return search_site.on_page_content(html)


# Last: the page as every other hook left it.
@event_priority(-100)
def on_post_page(output, *, page, config):
    search_site.on_post_page(output, page, config)
    return output


def on_post_build(*, config):
    search_site.on_post_build(config)


def on_build_error(*, error):
    search_site.on_build_error()
