"""When each change of the register was published, read from the hub's one git pass (openbook.history.gitlog).

A change is identified by its `id`. Every distinct form a version of the file
gave it (kind, subprocessors, effective date) is kept with the first commit on
the branch's main line (first parents, so a merged pull request counts from its
merge) that stated it, so a change edited later to start sooner counts from the
edit (see `model.publication_of`). Renames are followed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from openbook.history.gitlog import file_at as published_text  # noqa: F401 - the check reads it here
from openbook.record import date_or_none
from openbook.subprocessors.model import Publication, Stated

if TYPE_CHECKING:
    from openbook.history import gitlog

# libyaml when PyYAML has it: every version of the file is parsed.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class RegisterHistory:
    """What each commit stated of each change, and whether git could tell us anything."""

    # change id -> each distinct form a version gave it, oldest first.
    stated: dict[str, list[Stated]] = field(default_factory=dict)
    # False: not a git repository, or the file was never committed.
    tracked: bool = False
    # A shallow clone knows only its last commits, so older changes look newly published.
    shallow: bool = False

    def add(self, changes: list[Any], publication: Publication) -> None:
        """Record what one version of the file's `changes` states."""
        for item in changes:
            if not isinstance(item, dict):
                continue
            change_id, effective = item.get("id"), date_or_none(item.get("effective"))
            kind, subprocessor, replaces = item.get("kind"), item.get("subprocessor"), item.get("replaces")
            if not (isinstance(change_id, str) and isinstance(kind, str) and isinstance(subprocessor, str)
                    and effective is not None):
                continue
            form = Stated(kind, subprocessor, replaces if isinstance(replaces, str) else None, effective, publication)
            versions = self.stated.setdefault(change_id, [])
            if not any((v.kind, v.subprocessor, v.replaces, v.effective)
                       == (form.kind, form.subprocessor, form.replaces, form.effective) for v in versions):
                versions.append(form)


def _changes(text: str) -> list[Any] | None:
    """The `changes` list of one version of the file, or None if that version is not YAML."""
    try:
        data = yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
    except (yaml.YAMLError, ValueError):
        # ValueError: a date that does not exist.
        return None
    changes = data.get("changes") if isinstance(data, dict) else None
    return changes if isinstance(changes, list) else []


def from_log(log: gitlog.Log, root: Path, path: str) -> RegisterHistory:
    """The register's history from the hub's one git log: each version of `path` on the main line, oldest first."""
    versions = log.hub_versions(root, path)
    if versions is None:
        return RegisterHistory()
    history = RegisterHistory(tracked=bool(versions), shallow=log.shallow)
    previous = None
    for version in versions:
        data = log.read(version.commit.sha, version.path)
        if data is None or data == previous:
            continue
        previous = data
        changes = _changes(data.decode("utf-8", errors="replace"))
        if changes is None:
            # A version that did not parse published nothing; the next good one will.
            continue
        history.add(changes, Publication(version.commit.published.date(), version.commit.author, version.commit.sha))
    return history
