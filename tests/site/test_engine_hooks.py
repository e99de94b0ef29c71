"""A hub's one hook file re-exports every engine handler, each at its own priority, and adds the engine's theme."""

from __future__ import annotations

from openbook import hooks, settings
from openbook.site import theme


def test_the_hub_hook_registers_every_feature_handler_at_its_priority(fixture_hub):
    config = settings.load(fixture_hub / "mkdocs.yml")
    for event in hooks.__all__:
        registered = config.plugins.events[event.removeprefix("on_")]
        expected = [getattr(module, event) for module in hooks.FEATURES if hasattr(module, event)]
        assert all(handler in registered for handler in expected), event
    # Priorities hold across features: history's on_files (-50) runs after pricing's (0), which it lists.
    on_files = config.plugins.events["files"]
    assert on_files.index(hooks.history.on_files) > on_files.index(hooks.pricing.on_files)
    on_config = config.plugins.events["config"]
    assert on_config.index(hooks.settings.on_config) < on_config.index(hooks.practices.on_config)


def test_the_engine_theme_sits_behind_the_hubs_own_custom_dir(copy_hub):
    (copy_hub / "overrides").mkdir()
    config_file = copy_hub / "mkdocs.yml"
    config_file.write_text(config_file.read_text(encoding="utf-8").replace(
        "  name: material\n", "  name: material\n  custom_dir: overrides\n", 1), encoding="utf-8")
    config = settings.load(config_file)
    config.plugins.run_event("config", config)

    dirs = config.theme.dirs
    assert dirs[0] == str(copy_hub / "overrides")
    assert dirs[1] == str(theme.THEME_DIR)
    assert [str(css) for css in config.extra_css].count(theme.STYLESHEET) == 1
    # Running on_config again (mkdocs serve rebuilds) adds nothing twice.
    config.plugins.run_event("config", config)
    assert config.theme.dirs.count(str(theme.THEME_DIR)) == 1
