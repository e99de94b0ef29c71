"""Every published version of a policy page: when each was in force, and what changed between two, as read.

Pure: the versions git found (openbook.history.gitlog) and their texts in,
periods in force and comparisons out. A version may declare `effective:` in its
front matter for a change that applies later; until then the version before it
stays in force.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from html.parser import HTMLParser

import yaml

from openbook.history.gitlog import Commit

# MkDocs' own front matter rule: `---` on the first line, up to a line of `---` or `...`.
_FRONT = re.compile(r"\A-{3}[ \t]*\n(.*?\n)?(?:\.{3}|-{3})[ \t]*(?:\n|\Z)", re.DOTALL)
_EFFECTIVE = re.compile(r"^effective[ \t]*:[ \t]*['\"]?(\d{4}-\d{2}-\d{2})['\"]?[ \t]*(?:#.*)?$", re.MULTILINE)


def split(text: str) -> tuple[str, str]:
    """A page's front matter text and its body."""
    match = _FRONT.match(text)
    if not match:
        return "", text
    return match.group(1) or "", text[match.end():]


def effective_of(front: str) -> date | None:
    """The `effective:` date a version declares, read leniently: old versions are history, not input to judge."""
    match = _EFFECTIVE.search(front)
    if not match:
        return None
    try:
        return date.fromisoformat(match.group(1))
    except ValueError:
        return None


def meta_of(front: str) -> dict[str, object]:
    try:
        meta = yaml.safe_load(front) if front.strip() else {}
    except yaml.YAMLError:
        return {}
    return meta if isinstance(meta, dict) else {}


@dataclass
class Version:
    """One version of a page as the branch published it (numbered from 1, oldest first)."""

    number: int
    commit: Commit
    # The file's repository path in that commit (a page keeps its versions when moved).
    path: str
    text: str
    published: date
    # When it applies: the start of its `effective:` day, or its publication if later or undeclared.
    start_at: datetime
    # In force from `start_at` until `end_at` (None: still in force, or upcoming); never if superseded first.
    end_at: datetime | None = None
    ever_in_force: bool = True
    body: str = field(default="", repr=False)
    # Declared editorial by its change (`Change-Type: editorial`): it claims to alter no commitment, so it
    # needed no notice; the record shows the claim beside the comparison, for anyone to judge.
    editorial: bool = False

    @property
    def start(self) -> date:
        return self.start_at.date()

    @property
    def end(self) -> date | None:
        return self.end_at.date() if self.end_at else None

    @property
    def effective(self) -> date | None:
        return effective_of(split(self.text)[0])

    @property
    def last_day(self) -> date | None:
        """The last day it was in force: the day it was replaced, unless that happened at midnight (an `effective:` day)."""
        if self.end_at is None:
            return None
        day = self.end_at.date()
        return day - timedelta(days=1) if self.end_at.time() == time(0) else day

    def in_force(self, today: date) -> bool:
        return self.ever_in_force and self.start <= today and (self.last_day is None or today <= self.last_day)

    def upcoming(self, today: date) -> bool:
        return self.ever_in_force and self.start > today


def build(found: list[tuple[Commit, str, str]], editorial: Collection[str] = ()) -> list[Version]:
    """Versions from (commit, path, text), oldest first, with the period each was in force.

    `editorial`: the commits (SHAs) that published a change declared editorial (gitlog.Log.editorial).

    At any date the version in force is the newest published one whose start has
    come: version i applies from its start until the earliest start of any later
    version, and never if a later one starts first.
    """
    versions = []
    for number, (commit, path, text) in enumerate(found, 1):
        front, body = split(text)
        published = commit.published
        effective = effective_of(front)
        start = published
        if effective is not None:
            start = max(published, datetime.combine(effective, time(0), tzinfo=timezone.utc))
        versions.append(Version(number, commit, path, text, published.date(), start, body=body,
                                editorial=commit.sha in editorial))
    earliest_later: datetime | None = None
    for version in reversed(versions):
        version.end_at = earliest_later
        version.ever_in_force = earliest_later is None or version.start_at < earliest_later
        earliest_later = version.start_at if earliest_later is None else min(earliest_later, version.start_at)
    return versions


def in_force(versions: list[Version], today: date) -> Version | None:
    """The version that applies on `today` (the newest that does, if several did during the day)."""
    return next((v for v in reversed(versions) if v.in_force(today)), None)


def notice_days(version: Version) -> int:
    return (version.start - version.published).days


def same_reading(a: str, b: str) -> bool:
    """Whether two versions' bodies read the same (whitespace aside): a front-matter-only change needs no notice."""
    return " ".join(split(a)[1].split()) == " ".join(split(b)[1].split())


# --- comparison ----------------------------------------------------------------

# Elements whose text is one block of the comparison: what a reader reads as a paragraph.
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "pre", "th", "td", "caption", "summary",
           "figcaption"}
_SKIP = {"script", "style", "template"}


@dataclass(frozen=True)
class Block:
    kind: str
    text: str


class _Blocks(HTMLParser):
    """The readable blocks of rendered HTML, innermost first: a list item's nested paragraph is its own block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._stack: list[tuple[str, list[str]]] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip += 1
        elif tag in _BLOCKS:
            self._flush_parent()
            self._stack.append((tag, []))
        elif tag == "a" and ("class", "headerlink") in attrs:
            # The permalink "¶" after each heading is chrome, not text.
            self._skip += 1
            self._stack.append(("a-skip", []))

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag == "a" and self._stack and self._stack[-1][0] == "a-skip":
            self._stack.pop()
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCKS and self._stack and self._stack[-1][0] == tag:
            kind, parts = self._stack.pop()
            self._emit(kind, parts)

    def handle_data(self, data: str) -> None:
        if not self._skip and self._stack:
            self._stack[-1][1].append(data)

    def _flush_parent(self) -> None:
        # Text of a list item before its nested list is a block of its own.
        if self._stack:
            kind, parts = self._stack[-1]
            if "".join(parts).strip():
                self._emit(kind, parts)
                parts.clear()

    def _emit(self, kind: str, parts: list[str]) -> None:
        text = " ".join("".join(parts).split())
        if text:
            self.blocks.append(Block(kind, text))


def blocks(rendered: str) -> list[Block]:
    parser = _Blocks()
    parser.feed(rendered)
    parser.close()
    return parser.blocks


@dataclass(frozen=True)
class Piece:
    """A run of words: kept (""), removed ("del") or added ("ins")."""

    change: str
    text: str


@dataclass(frozen=True)
class BlockChange:
    # "same", "changed", "removed" or "added".
    change: str
    kind: str
    pieces: tuple[Piece, ...]


@dataclass
class Comparison:
    changes: list[BlockChange]

    @property
    def words_removed(self) -> int:
        return sum(len(p.text.split()) for c in self.changes for p in c.pieces if p.change == "del")

    @property
    def words_added(self) -> int:
        return sum(len(p.text.split()) for c in self.changes for p in c.pieces if p.change == "ins")

    @property
    def changed(self) -> bool:
        return any(c.change != "same" for c in self.changes)


def _words(old: str, new: str) -> tuple[Piece, ...]:
    a, b = old.split(), new.split()
    pieces: list[Piece] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(Piece("", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece("del", " ".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(Piece("ins", " ".join(b[j1:j2])))
    return tuple(pieces)


def compare(old_html: str | list[Block], new_html: str | list[Block]) -> Comparison:
    """What a reader reads differently: block by block, then word by word within a changed block.

    Either side may be given as its `blocks` already, so a version between two comparisons is parsed once.
    """
    old = blocks(old_html) if isinstance(old_html, str) else old_html
    new = blocks(new_html) if isinstance(new_html, str) else new_html
    matcher = difflib.SequenceMatcher(None, [b.text for b in old], [b.text for b in new], autojunk=False)
    changes: list[BlockChange] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            changes.extend(BlockChange("same", b.kind, (Piece("", b.text),)) for b in new[j1:j2])
            continue
        removed, added = old[i1:i2], new[j1:j2]
        # Pair blocks that were edited (similar enough) so a changed word shows as a word, not a paragraph.
        while removed and added:
            a, b = removed[0], added[0]
            if difflib.SequenceMatcher(None, a.text.split(), b.text.split(), autojunk=False).ratio() >= 0.4:
                changes.append(BlockChange("changed", b.kind, _words(a.text, b.text)))
                removed, added = removed[1:], added[1:]
            elif len(removed) >= len(added):
                changes.append(BlockChange("removed", a.kind, (Piece("del", a.text),)))
                removed = removed[1:]
            else:
                changes.append(BlockChange("added", b.kind, (Piece("ins", b.text),)))
                added = added[1:]
        changes.extend(BlockChange("removed", b.kind, (Piece("del", b.text),)) for b in removed)
        changes.extend(BlockChange("added", b.kind, (Piece("ins", b.text),)) for b in added)
    return Comparison(changes)


def escape(text: str) -> str:
    return html.escape(text, quote=True)
