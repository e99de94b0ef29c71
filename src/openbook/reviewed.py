"""Hand-written pages that someone answers for and reviews: practices and FAQ entries.

Pure: the front matter reading both share (MkDocs' own front matter rule, YAML
dates kept as text so `2026-13-01` is our message and not a YAML crash, every
key's line), the problems it reports with the file, line and key, the review
keys both pages carry, and the due date that follows from them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import yaml

from openbook import clock

# MkDocs' own front matter rule: `---` on the first line, up to a line of `---` or `...`.
FRONT = re.compile(r"\A-{3}[ \t]*\n(.*?\n)?(?:\.{3}|-{3})[ \t]*(?:\n|\Z)", re.DOTALL)
# Ten years at most: a longer interval is a typo, and one past year 9999 is no date at all.
MAX_REVIEW_EVERY = 3650


@dataclass(frozen=True)
class Problem:
    file: str
    key: str
    message: str
    line: int | None = None

    def text(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.key}: {self.message}"


class ReviewedPage:
    """When a page with `last_reviewed` and `review_every` is next due, and how late it is."""

    last_reviewed: date
    review_every: int

    @property
    def next_review(self) -> date:
        return self.last_reviewed + timedelta(days=self.review_every)

    def overdue(self, today: date) -> bool:
        return today > self.next_review

    def days_overdue(self, today: date) -> int:
        return max(0, (today - self.next_review).days)


class Loader(yaml.SafeLoader):
    """Safe YAML that leaves dates as text, so `2026-13-01` is our error, not a YAML crash."""


Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)


@dataclass
class FrontMatter:
    """A page's front matter as read: its values, each key's line, where it ends, and the problems found so far."""

    meta: dict[str, Any]
    lines: dict[str, int]
    node: yaml.Node | None
    end: int
    problems: list[Problem]


def key_lines(node: yaml.Node | None) -> list[tuple[str, int]]:
    """Each top-level key with its 1-based file line (the front matter starts on line 2), duplicates included."""
    if not isinstance(node, yaml.MappingNode):
        return []
    return [(str(key.value), key.start_mark.line + 2) for key, _ in node.value]


def read(text: str, file: str, *, missing: Problem, error: Callable[[list[Problem]], Exception],
         allowed: tuple[str, ...], unknown: Callable[[str], str]) -> FrontMatter:
    """Read the front matter, or raise `error` with the one problem that stops reading it.

    `missing` is the problem of a page with no front matter; `unknown(key)` says
    what a key outside `allowed` should have been. A key given twice is a
    problem too: YAML keeps the last value silently, and the author likely
    meant only one.
    """
    match = FRONT.match(text)
    if not match:
        raise error([missing])
    front = match.group(1) or ""
    try:
        meta = yaml.load(front, Loader=Loader)  # noqa: S506 - Loader is a SafeLoader
        node = yaml.compose(front, Loader=Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        reason = getattr(exc, "problem", None) or str(exc)
        raise error([Problem(file, "front matter", f"not valid YAML ({reason})", line)]) from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise error([Problem(file, "front matter", "expected key: value lines", 2)])
    problems: list[Problem] = []
    lines: dict[str, int] = {}
    for key, line in key_lines(node):
        if key in lines:
            problems.append(Problem(file, key, f"found twice (first on line {lines[key]}); give each key once", line))
        else:
            lines[key] = line
    problems.extend(Problem(file, str(key), unknown(str(key)), lines.get(str(key)))
                    for key in meta if str(key) not in allowed)
    return FrontMatter(meta, lines, node, match.end(), problems)


def as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def review_keys(front: FrontMatter, file: str, default_review_every: int) -> tuple[date | None, int]:
    """`last_reviewed` (required) and `review_every` (days, default given), with their problems added to `front`."""
    raw_date = front.meta.get("last_reviewed")
    reviewed = as_date(raw_date)
    if raw_date is None:
        front.problems.append(Problem(file, "last_reviewed", "missing; give the date of the last review as YYYY-MM-DD",
                                      front.lines.get("last_reviewed", 1)))
    elif reviewed is None:
        front.problems.append(Problem(file, "last_reviewed", clock.why_not_a_date(raw_date),
                                      front.lines.get("last_reviewed")))
    every = front.meta.get("review_every", default_review_every)
    if isinstance(every, bool) or not isinstance(every, int) or not 0 < every <= MAX_REVIEW_EVERY:
        front.problems.append(Problem(file, "review_every",
                                      f"expected a whole number of days up to {MAX_REVIEW_EVERY} (ten years), "
                                      f"found {every!r}", front.lines.get("review_every")))
    return reviewed, every


def is_page_in(src_uri: str, folder: str) -> bool:
    """A Markdown page in `folder`, other than the folder's index."""
    folder = folder.strip("/")
    return (
        src_uri.startswith(folder + "/")
        and src_uri.endswith(".md")
        and src_uri.rsplit("/", 1)[-1] not in ("index.md", "README.md")
    )
