"""A cache across builds for output that is a function of what it is made from: each entry's key is all of that.

Earlier versions of policy pages and rendered customer text are the same
build after build; `mkdocs serve`, a second build and the deploy workflow
(which restores `.cache/openbook/`) keep them here instead of rendering them
again. A cache is only ever a shortcut: an unreadable or outdated file is
ignored and rewritten, and `openbook check` builds without one.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

log = logging.getLogger("mkdocs.plugins.openbook.cache")

FOLDER = Path(".cache") / "openbook"


def _stable(value: Any) -> Any:
    """A value as JSON the same in every process: a function by its name, not its address."""
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', repr(type(value)))}"
    return repr(value)


def key(*parts: Any) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=_stable).encode("utf-8")).hexdigest()


def source_fingerprint(*files: str | Path) -> str:
    """The engine's own code that makes an entry: a changed renderer must not reuse the old one's output."""
    digest = hashlib.sha256()
    for file in files:
        digest.update(Path(file).read_bytes())
    return digest.hexdigest()


class Cache:
    """Key -> text, read once per build and written back (only what this build used) if anything changed."""

    def __init__(self, path: Path | None, format: str) -> None:  # noqa: A002 - the file's own word for it
        self.path = path
        self.format = format
        self._old: dict[str, str] = {}
        self._used: dict[str, str] = {}
        self.hits = 0
        if path is not None and path.is_file():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                data = {}
            if isinstance(data, dict) and data.get("format") == format and isinstance(data.get("entries"), dict):
                self._old = {k: v for k, v in data["entries"].items() if isinstance(v, str)}

    def get(self, key: str) -> str | None:
        found = self._used.get(key)
        if found is None and key in self._old:
            found = self._used[key] = self._old[key]
            self.hits += 1
        return found

    def keep(self, key: str) -> None:
        """Keep an entry this build did not need (a version's text, when its whole page came from the cache)."""
        if key in self._old:
            self._used.setdefault(key, self._old[key])

    def put(self, key: str, value: str) -> str:
        self._used[key] = value
        return value

    def save(self) -> None:
        if self.path is None or self._used == self._old:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Beside it, then renamed over it: an interrupted build leaves the old cache or the new one.
            fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    json.dump({"format": self.format, "entries": self._used}, handle, sort_keys=True)
                os.replace(tmp, self.path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            log.info("cache %s was not written (%s); the next build renders its entries again", self.path, exc)
