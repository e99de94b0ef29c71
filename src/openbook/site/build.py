"""Build the hub in-process, as `mkdocs build` does, and collect its warnings.

Used by `openbook check` (a strict build is the link checker) and by the tests,
so that both see exactly what `mkdocs build --strict` would report.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.commands import build as mkdocs_build
from mkdocs.exceptions import Abort, MkDocsException

from openbook import settings


@dataclass
class BuildResult:
    site_dir: Path
    warnings: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and not self.warnings


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build(config_file: str | Path, site_dir: str | Path | None = None, *, strict: bool = True,
          **overrides: Any) -> BuildResult:
    """Build the site; settings errors raise SettingsError, build problems land in the result."""
    # Material's end-of-life banner is for people running the mkdocs command;
    # this is its documented switch.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if site_dir is not None:
        overrides["site_dir"] = str(site_dir)
    config = settings.load(config_file, strict=strict, **overrides)
    collector = _Collect()
    logger = logging.getLogger("mkdocs")
    # The caller reports the warnings it gets back; keep them off the console
    # meanwhile so that each is said once.
    others = logger.handlers[:]
    for handler in others:
        logger.removeHandler(handler)
    logger.addHandler(collector)
    result = BuildResult(site_dir=Path(config.site_dir))
    try:
        config.plugins.on_startup(command="build", dirty=False)
        mkdocs_build.build(config)
    except Abort as exc:
        result.error = str(exc) or "the build was aborted"
    except MkDocsException as exc:
        result.error = str(exc)
    finally:
        logger.removeHandler(collector)
        for handler in others:
            logger.addHandler(handler)
        config.plugins.on_shutdown()
    result.warnings = collector.messages
    return result
