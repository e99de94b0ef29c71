"""The staff triage queue: open content reports first, then open pull requests (who proposed what, how long
it has waited, and whether it passes).

Pure: pull request facts in (as `openbook.commands.queue` reads them through
`openbook.github_client`), an ordered queue and its text or JSON out. Titles, logins and labels
come from anyone on GitHub, so the text form strips control characters that a
terminal would obey.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from openbook import plaintext
from openbook.contribution import scan as contribution

Checks = Literal["failing", "pending", "passing", "none"]

# author_association values (GitHub REST) that mean no commit of the author's is
# in the repository yet, so merging this would be their first contribution.
# FIRST_TIME_CONTRIBUTOR: has not committed to this repository; FIRST_TIMER: has
# not committed anywhere on GitHub; NONE: no association at all.
FIRST_CONTRIBUTION = frozenset({"FIRST_TIME_CONTRIBUTOR", "FIRST_TIMER", "NONE"})
STAFF = frozenset({"OWNER", "MEMBER", "COLLABORATOR"})
# The order kinds are listed in: what needs the most care first.
TOUCH_ORDER = ("code", "pricing", "practices", "content", "questions", "other")
# Check-run conclusions that mean the run did not pass.
FAILED_CONCLUSIONS = frozenset({"failure", "timed_out", "cancelled", "action_required", "startup_failure", "stale"})


@dataclass(frozen=True)
class Pull:
    number: int
    title: str
    url: str
    author: str
    association: str
    draft: bool
    created_at: datetime
    updated_at: datetime
    labels: tuple[str, ...]
    files: tuple[str, ...]
    checks: Checks

    @property
    def first_contribution(self) -> bool:
        return self.association in FIRST_CONTRIBUTION

    @property
    def staff(self) -> bool:
        return self.association in STAFF


@dataclass(frozen=True)
class Report:
    """An open issue made with the content-report form: a notice that something the hub publishes is
    illegal or breaks its rules. Staff act on it before anything else."""

    number: int
    title: str
    url: str
    author: str
    created_at: datetime


def order_reports(reports: Iterable[Report]) -> list[Report]:
    """Oldest first: the one that has waited longest for a decision."""
    return sorted(reports, key=lambda r: (r.created_at, r.number))


def touches(files: Iterable[str], layout: contribution.Layout = contribution.Layout()) -> tuple[str, ...]:
    """What a pull request's files touch, most delicate first: code, pricing, practices, content, ..."""
    kinds = {contribution.classify(path, layout) for path in files}
    return tuple(kind for kind in TOUCH_ORDER if kind in kinds)


def checks_state(status_state: str | None, status_count: int, runs: Iterable[tuple[str, str | None]]) -> Checks:
    """One word for a head commit's checks: commit statuses and check runs together.

    GitHub's combined status says "pending" when there are no statuses at all,
    so it only counts when `status_count` is above zero.
    """
    states: set[str] = set()
    if status_count:
        states.add({"success": "passing", "failure": "failing", "error": "failing"}.get(status_state or "", "pending"))
    for status, conclusion in runs:
        if status != "completed":
            states.add("pending")
        elif conclusion in FAILED_CONCLUSIONS:
            states.add("failing")
        else:
            states.add("passing")
    for state in ("failing", "pending", "passing"):
        if state in states:
            return state  # type: ignore[return-value]
    return "none"


def order(pulls: Iterable[Pull]) -> list[Pull]:
    """Oldest waiting first: by when they were opened; drafts, which wait for their author, last."""
    return sorted(pulls, key=lambda p: (p.draft, p.created_at, p.number))


def age(since: datetime, now: datetime) -> str:
    seconds = max(0, int((now - since).total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    if days:
        return f"{days}d {hours}h"
    if hours:
        return f"{hours}h {rest // 60}m"
    return f"{rest // 60}m"


def as_json(pulls: Iterable[Pull], now: datetime, layout: contribution.Layout = contribution.Layout(),
            reports: Iterable[Report] = ()) -> dict[str, Any]:
    notices = [
        {
            "number": r.number,
            "title": r.title,
            "url": r.url,
            "author": r.author,
            "created_at": r.created_at.isoformat(),
            "age_seconds": max(0, int((now - r.created_at).total_seconds())),
            "age": age(r.created_at, now),
        }
        for r in order_reports(reports)
    ]
    items = [
        {
            "number": p.number,
            "title": p.title,
            "url": p.url,
            "author": p.author,
            "author_association": p.association,
            "first_contribution": p.first_contribution,
            "staff": p.staff,
            "draft": p.draft,
            "created_at": p.created_at.isoformat(),
            "updated_at": p.updated_at.isoformat(),
            "age_seconds": max(0, int((now - p.created_at).total_seconds())),
            "age": age(p.created_at, now),
            "touches": list(touches(p.files, layout)),
            "files": len(p.files),
            "checks": p.checks,
            "labels": list(p.labels),
        }
        for p in order(pulls)
    ]
    return {"generated_at": now.isoformat(), "open_content_reports": len(notices), "content_reports": notices,
            "open": len(items), "pull_requests": items}


def reports_text(reports: Iterable[Report], now: datetime) -> list[str]:
    """The open content reports, each line marked CONTENT REPORT; no lines when there are none."""
    ordered = order_reports(reports)
    if not ordered:
        return []
    count = len(ordered)
    lines = [f"{count} open content report{'s' if count != 1 else ''} (notices of illegal or rule-breaking content "
             "on the hub), oldest first: decide these first", ""]
    for r in ordered:
        lines.append(f"#{r.number}  CONTENT REPORT  {age(r.created_at, now)}  {plaintext.one_line(r.author, 40)}")
        lines.append(f"    {plaintext.one_line(r.title, 120)}")
        lines.append(f"    {plaintext.one_line(r.url, 200)}")
    return [*lines, ""]


def as_text(pulls: Iterable[Pull], now: datetime, layout: contribution.Layout = contribution.Layout(),
            reports: Iterable[Report] = ()) -> str:
    head = reports_text(reports, now)
    ordered = order(pulls)
    if not ordered:
        return "\n".join([*head, "No open pull requests."])
    lines = [*head, f"{len(ordered)} open pull request{'s' if len(ordered) != 1 else ''}, oldest waiting first:", ""]
    for p in ordered:
        who = plaintext.one_line(p.author, 40)
        if p.first_contribution:
            who += " (first contribution)"
        elif p.staff:
            who += " (staff)"
        what = ", ".join(touches(p.files, layout)) or "no files"
        draft = "  draft" if p.draft else ""
        labels = f"  labels: {', '.join(plaintext.one_line(label, 40) for label in p.labels)}" if p.labels else ""
        lines.append(f"#{p.number}  {age(p.created_at, now)}  {who}  touches: {what}  checks: {p.checks}{draft}{labels}")
        lines.append(f"    {plaintext.one_line(p.title, 120)}")
        lines.append(f"    {plaintext.one_line(p.url, 200)}")
    return "\n".join(lines)
