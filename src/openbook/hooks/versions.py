"""Wait for the versions' pages, written while Pagefind indexed the site (see openbook.history.site)."""

from mkdocs.plugins import event_priority

from openbook.history import site as history_site


# After every other on_post_build, search's included.
@event_priority(-100)
def on_post_build(*, config):
    history_site.finish_versions()
