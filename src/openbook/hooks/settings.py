"""Validate `extra.openbook` before anything else reads it (see openbook.settings)."""

from mkdocs.plugins import event_priority

from openbook import settings
from openbook.site import symlinks


@event_priority(100)
def on_config(config):
    settings.of(config)
    symlinks.refuse_outside(config)
    return config
