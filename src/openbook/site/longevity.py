"""`openbook check`: a warning when the installed Material for MkDocs nears its end of life.

Material for MkDocs 9 gets critical and security fixes until 5 May 2027 (its
own notice, printed by `material/templates/__init__.py` on every MkDocs run).
A hub that still builds with it then serves pages from a theme nobody fixes.
MaterialX (`mkdocs-materialx`, theme name `materialx`) on ProperDocs runs
openbook unchanged, and CI builds both hubs with it (`.ci/properdocs`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from importlib import metadata
from pathlib import Path

from openbook.findings import CheckContext, Finding

MATERIAL_END_OF_LIFE = date(2027, 5, 5)
_END_OF_LIFE_TEXT = "5 May 2027"
# Warn this long ahead: one quarter, time enough to test a switch and deploy it.
WARN_DAYS = 90
_THEME_NAME = re.compile(r"^\s+name:\s*['\"]?material['\"]?\s*(#.*)?$")


def material_version() -> str | None:
    """The installed Material for MkDocs, or None where it is not installed (MaterialX ships `material` too)."""
    try:
        return metadata.version("mkdocs-material")
    except metadata.PackageNotFoundError:
        return None


def check_material_end_of_life(ctx: CheckContext) -> Iterator[Finding]:
    """A warning from 90 days before Material's end of life, for a hub whose theme is Material."""
    version = material_version()
    if version is None or ctx.config.theme.name != "material":
        return
    days = (MATERIAL_END_OF_LIFE - ctx.today).days
    if days > WARN_DAYS:
        return
    when = _END_OF_LIFE_TEXT
    state = (f"reaches its end of life on {when}, in {days} day{'s' if days != 1 else ''}" if days > 0
             else f"reached its end of life on {when}" if days < 0 else f"reaches its end of life today, {when}")
    config_file = Path(ctx.config.config_file_path)
    yield Finding(
        "warning", "engine.material-end-of-life", ctx.relative(config_file),
        f"Material for MkDocs {version} {state}: no security fixes come after it. "
        "Switch to MaterialX on ProperDocs: in requirements.txt replace mkdocs-material with "
        "mkdocs-materialx and add properdocs, set theme.name to materialx, and build with "
        "`properdocs build` (openbook's manual, \"Where MkDocs stands\")",
        _theme_line(config_file),
    )


def _theme_line(config_file: Path) -> int | None:
    try:
        lines = config_file.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    return next((number for number, line in enumerate(lines, 1) if _THEME_NAME.match(line)), None)
