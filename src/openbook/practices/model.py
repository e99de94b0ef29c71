"""Practices pages: their front matter (owner, last review, review interval) and when a review is due.

Pure: page text in, a Practice or a list of problems out. Each problem names the
file, the line and the key, so `openbook check` and the build report it the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from openbook import reviewed
from openbook.reviewed import Problem, is_page_in

# The keys a practice adds, and the page keys MkDocs and Material read.
PRACTICE_KEYS = ("owner", "last_reviewed", "review_every", "effective", "notice_days", "consultations")
PAGE_KEYS = ("title", "description", "tags", "hide", "icon", "status", "subtitle", "template", "search", "comments")
EXAMPLE = "owner: Support team (Priya Natarajan)\nlast_reviewed: 2026-09-14\nreview_every: 180"
_HEADING = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
__all__ = ["PAGE_KEYS", "PRACTICE_KEYS", "Practice", "PracticeError", "Problem", "is_practice", "parse"]


@dataclass(frozen=True)
class Practice(reviewed.ReviewedPage):
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


class PracticeError(Exception):
    """A practices page's front matter is malformed; `problems` lists every bad key."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(p.text() for p in problems))
        self.problems = problems


def parse(text: str, path: str, *, default_review_every: int, file: str | None = None) -> Practice:
    """Validate a practices page's front matter into a Practice, or raise PracticeError.

    path is the page's path under docs/; file, how messages name it (default: path).
    """
    file = file or path
    front = reviewed.read(
        text, file, error=PracticeError, allowed=PRACTICE_KEYS + PAGE_KEYS,
        missing=Problem(file, "owner", f"no front matter; a practices page starts with\n---\n{EXAMPLE}\n---", 1),
        unknown=lambda key: f"unknown key; a practices page takes {', '.join(PRACTICE_KEYS)} and the page keys "
                            f"{', '.join(PAGE_KEYS)}",
    )
    meta, lines, problems = front.meta, front.lines, front.problems

    owner = meta.get("owner")
    if owner is None:
        problems.append(Problem(file, "owner", "missing; name the team or person who answers for this practice, "
                                "e.g. `owner: Support team (Priya Natarajan)`", lines.get("owner", 1)))
    elif not isinstance(owner, str) or not owner.strip():
        problems.append(Problem(file, "owner", f"expected the name of a team or person, found {owner!r}",
                                lines.get("owner")))

    last_reviewed, every = reviewed.review_keys(front, file, default_review_every)

    raw_effective = meta.get("effective")
    effective = reviewed.as_date(raw_effective)
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
        heading = _HEADING.search(text, front.end)
        title = heading.group(1) if heading else path.rsplit("/", 1)[-1].removesuffix(".md").replace("-", " ").capitalize()
    assert last_reviewed is not None and isinstance(owner, str)
    return Practice(path=path, title=title.strip(), owner=owner.strip(), last_reviewed=last_reviewed,
                    review_every=every,
                    effective=effective, notice_days=notice,
                    consultations=tuple(dict.fromkeys(consultations)))


def is_practice(src_uri: str, folder: str) -> bool:
    """A Markdown page in the practices folder, other than the folder's index."""
    return is_page_in(src_uri, folder)
