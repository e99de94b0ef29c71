"""The build refuses to publish a symlink under docs/ that leads outside it.

MkDocs copies whatever a symlink points at into the site, so one link could
publish the build machine's files (`/proc/self/environ`, `.git/config`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


def outside_links(docs_dir: str | Path) -> list[tuple[str, str]]:
    """(path under docs, where it leads) for every symlink under docs_dir whose target is outside it."""
    docs = Path(docs_dir).resolve()
    found = []
    for folder, dirs, files in os.walk(docs):
        for name in sorted(dirs + files):
            path = Path(folder) / name
            if not path.is_symlink():
                continue
            target = Path(os.path.realpath(path))
            if target != docs and docs not in target.parents:
                found.append((path.relative_to(docs).as_posix(), str(target)))
    return found


def refuse_outside(config: MkDocsConfig) -> None:
    links = outside_links(config.docs_dir)
    if links:
        listed = "; ".join(f"{path} -> {target}" for path, target in links)
        raise PluginError(
            f"refusing to publish symlinks that lead outside {Path(config.docs_dir).name}/ ({listed}): "
            "the site would copy those files from the build machine; replace each with the file itself"
        )
