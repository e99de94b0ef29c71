"""Practices pages: their front matter (owner, last review, review interval) and when a review is due.

Pure: page text in, a Practice or a list of problems out. Each problem names the
file, the line and the key, so `openbook check` and the build report it the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import yaml

from openbook import clock

# The keys a practice adds, and the page keys MkDocs and Material read.
PRACTICE_KEYS = ("owner", "last_reviewed", "review_every", "effective", "notice_days", "consultations")
PAGE_KEYS = ("title", "description", "tags", "hide", "icon", "status", "subtitle", "template", "search", "comments")
EXAMPLE = "owner: Support team (Priya Natarajan)\nlast_reviewed: 2026-09-14\nreview_every: 180"

# MkDocs' own front matter rule: `---` on the first line, up to a line of `---` or `...`.
_FRONT = re.compile(r"\A-{3}[ \t]*\n(.*?\n)?(?:\.{3}|-{3})[ \t]*(?:\n|\Z)", re.DOTALL)
_HEADING = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.MULTILINE)


@dataclass(frozen=True)
class Practice:
    # The page's path under docs/ ("practices/refunds.md").
    path: str
    title: str
    owner: str
    last_reviewed: date
    review_every: int
    # A change that applies later: the date this text takes effect (the version before stays in force until then).
    effective: date | None = None
    # The fewest days between publishing a change and its effective date (None: the hub's default).
    notice_days: int | None = None
    # The consultations (issue numbers) that asked customers' advice before this practice.
    consultations: tuple[int, ...] = ()

    @property
    def next_review(self) -> date:
        return self.last_reviewed + timedelta(days=self.review_every)

    def overdue(self, today: date) -> bool:
        return today > self.next_review

    def days_overdue(self, today: date) -> int:
        return max(0, (today - self.next_review).days)


@dataclass(frozen=True)
class Problem:
    file: str
    key: str
    message: str
    line: int | None = None

    def text(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.key}: {self.message}"


class PracticeError(Exception):
    """A practices page's front matter is malformed; `problems` lists every bad key."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(p.text() for p in problems))
        self.problems = problems


class _Loader(yaml.SafeLoader):
    """Safe YAML that leaves dates as text, so `2026-13-01` is our error, not a YAML crash."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)


def _key_lines(front: str) -> list[tuple[str, int]]:
    """Each top-level key with its 1-based file line (the front matter starts on line 2), duplicates included."""
    node = yaml.compose(front, Loader=_Loader)
    if not isinstance(node, yaml.MappingNode):
        return []
    return [(str(key.value), key.start_mark.line + 2) for key, _ in node.value]


def _date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def parse(text: str, path: str, *, default_review_every: int, file: str | None = None) -> Practice:
    """Validate a practices page's front matter into a Practice, or raise PracticeError.

    path is the page's path under docs/; file, how messages name it (default: path).
    """
    file = file or path
    match = _FRONT.match(text)
    if not match:
        raise PracticeError([Problem(file, "owner", f"no front matter; a practices page starts with\n---\n{EXAMPLE}\n---", 1)])
    front = match.group(1) or ""
    try:
        meta = yaml.load(front, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
        key_lines = _key_lines(front)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        reason = getattr(exc, "problem", None) or str(exc)
        raise PracticeError([Problem(file, "front matter", f"not valid YAML ({reason})", line)]) from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise PracticeError([Problem(file, "front matter", "expected key: value lines", 2)])

    problems = []
    lines: dict[str, int] = {}
    for key, line in key_lines:
        if key in lines:
            # YAML keeps the last value silently; the author likely meant only one.
            problems.append(Problem(file, key, f"found twice (first on line {lines[key]}); give each key once", line))
        else:
            lines[key] = line
    for key in meta:
        if str(key) not in PRACTICE_KEYS + PAGE_KEYS:
            problems.append(Problem(
                file, str(key),
                f"unknown key; a practices page takes {', '.join(PRACTICE_KEYS)} and the page keys "
                f"{', '.join(PAGE_KEYS)}",
                lines.get(str(key)),
            ))

    owner = meta.get("owner")
    if owner is None:
        problems.append(Problem(file, "owner", "missing; name the team or person who answers for this practice, "
                                "e.g. `owner: Support team (Priya Natarajan)`", lines.get("owner", 1)))
    elif not isinstance(owner, str) or not owner.strip():
        problems.append(Problem(file, "owner", f"expected the name of a team or person, found {owner!r}",
                                lines.get("owner")))

    raw_date = meta.get("last_reviewed")
    reviewed = _date(raw_date)
    if raw_date is None:
        problems.append(Problem(file, "last_reviewed", "missing; give the date of the last review as YYYY-MM-DD",
                                lines.get("last_reviewed", 1)))
    elif reviewed is None:
        problems.append(Problem(file, "last_reviewed", clock.why_not_a_date(raw_date),
                                lines.get("last_reviewed")))

    every = meta.get("review_every", default_review_every)
    # Ten years at most: a longer interval is a typo, and one past year 9999 is no date at all.
    if isinstance(every, bool) or not isinstance(every, int) or not 0 < every <= 3650:
        problems.append(Problem(file, "review_every",
                                f"expected a whole number of days up to 3650 (ten years), found {every!r}",
                                lines.get("review_every")))

    raw_effective = meta.get("effective")
    effective = _date(raw_effective)
    if raw_effective is not None and effective is None:
        problems.append(Problem(file, "effective", f"{raw_effective!r} is not a date; write the date this text "
                                "takes effect as YYYY-MM-DD", lines.get("effective")))
    notice = meta.get("notice_days")
    if notice is not None and (isinstance(notice, bool) or not isinstance(notice, int) or not 0 <= notice <= 3650):
        problems.append(Problem(file, "notice_days",
                                f"expected a whole number of days from 0 to 3650, found {notice!r}",
                                lines.get("notice_days")))
    consultations = meta.get("consultations", [])
    if not isinstance(consultations, list) or not all(
        isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in consultations
    ):
        problems.append(Problem(file, "consultations",
                                f"expected a list of consultation numbers such as [123], found {consultations!r}",
                                lines.get("consultations")))

    if problems:
        raise PracticeError(problems)
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        heading = _HEADING.search(text, match.end())
        title = heading.group(1) if heading else path.rsplit("/", 1)[-1].removesuffix(".md").replace("-", " ").capitalize()
    assert reviewed is not None and isinstance(owner, str)
    return Practice(path=path, title=title.strip(), owner=owner.strip(), last_reviewed=reviewed, review_every=every,
                    effective=effective, notice_days=notice,
                    consultations=tuple(dict.fromkeys(consultations)))


def is_practice(src_uri: str, folder: str) -> bool:
    """A Markdown page in the practices folder, other than the folder's index."""
    folder = folder.strip("/")
    return (
        src_uri.startswith(folder + "/")
        and src_uri.endswith(".md")
        and src_uri.rsplit("/", 1)[-1] not in ("index.md", "README.md")
    )
