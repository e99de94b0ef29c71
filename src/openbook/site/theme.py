"""The engine's Material overrides and stylesheet, served from the installed package.

A hub names no `custom_dir` for openbook: `on_config` puts the package's theme
folder in front of Material's, behind the hub's own `custom_dir` if it has one,
so a hub can still override any template or asset, and an upgrade brings new
templates without a hub edit.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

THEME_DIR = Path(__file__).resolve().parent.parent / "theme"
# Served from THEME_DIR as a theme static file; a hub's docs/assets/openbook.css wins over it.
STYLESHEET = "assets/openbook.css"


def add_to(config: MkDocsConfig) -> None:
    """Add the package's overrides and stylesheet to the hub's config (idempotent: serve reloads)."""
    theme = config.theme
    folder = str(THEME_DIR)
    if folder not in theme.dirs:
        # The hub's own custom_dir, when set, stays first: its templates win.
        position = 1 if theme.custom_dir else 0
        theme.dirs.insert(position, folder)
    if STYLESHEET not in [str(css) for css in config.extra_css]:
        config.extra_css.append(STYLESHEET)


def settle(env: Any) -> None:
    """Look each template up once per build, not its file's time at every include.

    Jinja checks a cached template's file on every lookup (`auto_reload`); a page
    includes dozens, so at 1,000 pages that was some 50,000 file checks a build.
    Nothing edits the templates during one: `mkdocs serve` makes a new
    environment for each rebuild, so an edited template still shows at the next.
    """
    env.auto_reload = False
