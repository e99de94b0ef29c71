"""Search with Pagefind: the header's search box and the index of the built site (see openbook.search.site)."""

from openbook.search import site as search_site


def on_env(env, *, config, files):
    search_site.on_env(env)
    return env


def on_post_build(*, config):
    search_site.on_post_build(config)
