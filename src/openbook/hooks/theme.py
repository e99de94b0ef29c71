"""Serve the engine's Material overrides and stylesheet from the package (see openbook.site.theme)."""

from mkdocs.plugins import event_priority

from openbook.site import theme


@event_priority(100)
def on_config(config):
    theme.add_to(config)
    return config


def on_env(env, *, config, files):
    theme.settle(env)
    return env
