"""When each price change was published, read from the hub's one git pass (openbook.history.gitlog).

A change is identified by its `id`; it was published by the first commit on the
branch's main line (first parents, so a merged pull request counts from its
merge) whose version of the file contains that id. Every price each version gave
a change is kept too, so a change edited later to raise a price counts from the
edit (see `pricing._rise_publication`). Renames are followed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from openbook.history.gitlog import file_at as published_text  # noqa: F401 - pricing.check reads it here
from openbook.pricing.model import Publication, Stated
from openbook.record import date_or_none

if TYPE_CHECKING:
    from openbook.history import gitlog


_RECORD = "\x1e"
_FIELD = "\x1f"


@dataclass
class PricingHistory:
    """Publications by change id, the prices each commit stated, and whether git could tell us anything."""

    publications: dict[str, Publication] = field(default_factory=dict)
    # (change id, plan, currency, period) -> each distinct price a version gave it, oldest first.
    stated: dict[tuple[str, str, str, str], list[Stated]] = field(default_factory=dict)
    # False: not a git repository, or the file was never committed.
    tracked: bool = False
    # A shallow clone knows only its last commits, so older changes look newly published.
    shallow: bool = False

    def add(self, changes: list[dict[str, Any]], publication: Publication) -> None:
        """Record what one version of the file's `changes` publishes."""
        for item in changes:
            change_id, effective = item.get("id"), date_or_none(item.get("effective"))
            if not isinstance(change_id, str):
                continue
            self.publications.setdefault(change_id, publication)
            if effective is None:
                continue
            for plan, currency, period, amount in _price_points(item.get("prices")):
                versions = self.stated.setdefault((change_id, plan, currency, period), [])
                if not any((v.effective, v.amount) == (effective, amount) for v in versions):
                    versions.append(Stated(effective, amount, publication))


# libyaml when PyYAML has it: versions of the file are parsed, and the
# pure-Python parser is 20 times slower on a long history.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:", re.MULTILINE)
_COMMENT = re.compile(r"(?:^|\s)#.*$", re.MULTILINE)


def _changes_section(text: str) -> str:
    """The top-level `changes:` key's text without comments, found cheaply, to skip versions that did not touch it."""
    keys = list(_TOP_KEY.finditer(text))
    for i, match in enumerate(keys):
        if match.group(1) == "changes":
            return _COMMENT.sub("", text[match.start():keys[i + 1].start() if i + 1 < len(keys) else len(text)])
    return ""


def _changes(text: str, seen: set[tuple[int, int, str]]) -> list[dict[str, Any]] | None:
    """The items of `changes` in one version of the file that no earlier version had, or None if it is not YAML.

    Each version is composed by libyaml, but only its new items are constructed in
    Python: a long history of a long file would otherwise be quadratic in Python.
    """
    loader = _LOADER(text)
    try:
        root = loader.get_single_node()
        changes = next((value for key, value in root.value if key.value == "changes"), None) \
            if isinstance(root, yaml.MappingNode) else None
        if not isinstance(changes, yaml.SequenceNode):
            return []
        lines = text.splitlines()
        items, sources = [], set()
        for node in changes.value:
            # The item's own text, by lines and columns (the same text gives the same item).
            start, end = node.start_mark, node.end_mark
            source = (start.column, end.column, "\n".join(lines[start.line:end.line + 1]))
            if source in seen:
                continue
            item = loader.construct_document(node)
            sources.add(source)
            if isinstance(item, dict):
                items.append(item)
        # Only once the whole version is read: a version that fails publishes none of its items.
        seen |= sources
        return items
    except (yaml.YAMLError, ValueError):
        # ValueError: a date that does not exist.
        return None
    finally:
        loader.dispose()


def _mapping(value: object) -> list[tuple[str, Any]]:
    return [(str(key), item) for key, item in value.items()] if isinstance(value, dict) else []


def _price_points(prices: object) -> list[tuple[str, str, str, Decimal]]:
    """(plan, currency, period, amount) for each number in a change's `prices`, whatever else the version holds."""
    return [
        (plan, currency, period, Decimal(str(amount)))
        for plan, table in _mapping(prices)
        for currency, by_period in _mapping(table)
        for period, amount in _mapping(by_period)
        if isinstance(amount, (int, float)) and not isinstance(amount, bool)
    ]


def from_log(log: gitlog.Log, root: Path, path: str) -> PricingHistory:
    """Price history from the hub's one git log: each version of `path` on the branch's main line, oldest first."""
    versions = log.hub_versions(root, path)
    if versions is None:
        return PricingHistory()
    history = PricingHistory(tracked=bool(versions), shallow=log.shallow)
    # Oldest first: the first commit that contains an id published it.
    parsed_section = None
    seen: set[tuple[int, int, str]] = set()
    for version in versions:
        data = log.read(version.commit.sha, version.path)
        if data is None:
            continue
        text = data.decode("utf-8", errors="replace")
        # Most commits change plans or features, not `changes`: parse a version only when it may say something new.
        section = _changes_section(text)
        if section == parsed_section:
            continue
        changes = _changes(text, seen)
        if changes is None:
            # A version that did not parse published nothing; the next good one will.
            continue
        parsed_section = section
        when = version.commit.published.date()
        history.add(changes, Publication(when, version.commit.author, version.commit.sha))
    return history
