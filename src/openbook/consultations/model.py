"""Consultations from the issue snapshot: which are published, their proposal, options, advice, outcome and state.

Pure rules, no I/O. A consultation is an issue with the consultation label opened
by staff; its body is the issue form's `### Field label` sections; staff comments
starting `Option:` are the options (👍 on them is support), a staff comment
starting `Outcome:` is the decision; every other visible comment is advice.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from openbook import clock
from openbook.questions.rules import CONTENT_REPORT, Policy, Skipped, is_bot, is_held, is_staff
from openbook.questions.snapshot import Comment, Question, Snapshot, parse_time

FOLDER = "consultations"

# The issue form's fields, as GitHub renders them: `### <label>` then the answer.
FIELDS = {
    "proposal": "What we are considering and why",
    "options": "The options",
    "closes": "Closing date",
    "decides": "Who decides",
    "use": "What we will do with the advice",
}
NO_RESPONSE = "_No response_"
# These read strangers' replies too, so none may backtrack over a long run: runs of blanks and stars
# are taken whole (`*+`, a shorter run leaves a blank or star where a letter is needed), and a
# heading's or answer's end is its last character that is not a trailing blank, `#` or `*`, found by
# one greedy `.*` instead of a lazy `.*?` that read the trailing run again at each of its characters.
# The label: up to the line's last character that is not a blank or `#` (or its first character).
SECTION = re.compile(r"^###[ \t]+(.*[^ \t#\n]|.)[ \t#]*$", re.M)
# `Option:` / `Outcome:` open the comment's first line; bold (`**Option:**`) is how many people type it.
OPTION = re.compile(r"\A[ \t]*+\**+[ \t]*+option[ \t]*+:[ \t]*+\**+[ \t]*+(?P<rest>[^\n]*)", re.I)
OUTCOME = re.compile(r"\A[ \t]*+\**+[ \t]*+outcome[ \t]*+:[ \t]*+\**+[ \t]*+(?P<rest>[^\n]*)", re.I)
# In the outcome: "Changed the proposal: yes" (or no). The README documents it.
CHANGED = re.compile(
    r"^[ \t]*+\**+[ \t]*+changed the proposal[ \t]*+:[ \t]*+\**+[ \t]*+(?P<answer>[^\n]*[^ \t*\n]|)[ \t*]*$",
    re.I | re.M)
CLOSING_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")

OPEN = "open"
OWED = "owed"
DECIDED = "decided"


def page_src(number: int) -> str:
    """Where consultation #number is published (`consultations/123/`); pricing and practices link here."""
    return f"{FOLDER}/{number}.md"


def page_url(number: int | str, use_directory_urls: bool = True) -> str:
    """The site URL of consultation #number's page, as MkDocs gives `page_src(number)`."""
    return f"{FOLDER}/{number}/" if use_directory_urls else f"{FOLDER}/{number}.html"


@dataclass(frozen=True)
class Option:
    comment: Comment
    title: str
    # The comment after its `Option:` line (Markdown).
    details: str

    @property
    def support(self) -> int:
        return self.comment.reactions.get("+1", 0)


@dataclass(frozen=True)
class Advice:
    comment: Comment
    staff: bool


@dataclass(frozen=True)
class Outcome:
    comment: Comment
    summary: str
    # The comment after its `Outcome:` line (Markdown).
    details: str
    # "Changed the proposal: yes|no" in the outcome; None when staff did not say.
    changed: bool | None

    @property
    def decided_on(self) -> date:
        return parse_time(self.comment.created_at).date()


@dataclass(frozen=True)
class Consultation:
    issue: Question
    # Field key (FIELDS) -> the answer's Markdown; "" for a field left empty.
    fields: dict[str, str]
    # Sections the form does not know, in order, and the body when it has no sections at all.
    other: tuple[tuple[str, str], ...]
    closes: date | None
    # Why `closes` is None though the form has a closing date field: the text found there.
    bad_closing_date: str | None
    options: tuple[Option, ...]
    advice: tuple[Advice, ...]
    outcome: Outcome | None
    # Customers' comments still in their hold (see questions.rules.is_held): counted, not shown.
    held: int = 0

    @property
    def number(self) -> int:
        return self.issue.number

    @property
    def opened_on(self) -> date:
        return parse_time(self.issue.created_at).date()

    def closed_on(self) -> date | None:
        """When advice stopped: the closing date (its end), or when the issue was closed if that was sooner."""
        closed_at = parse_time(self.issue.closed_at).date() if self.issue.closed_at else None
        candidates = [d for d in (self.closes, closed_at) if d is not None]
        return min(candidates) if candidates else None

    def state(self, today: date) -> str:
        if self.outcome is not None:
            return DECIDED
        if self.issue.state == "closed" or (self.closes is not None and today > self.closes):
            return OWED
        return OPEN

    def days_left(self, today: date) -> int | None:
        """Days until the closing date, the closing day included (0 on the day after)."""
        return None if self.closes is None else max(0, (self.closes - today).days)

    def days_owed(self, today: date) -> int:
        closed = self.closed_on() or today
        return max(0, (today - closed).days)

    def days_to_outcome(self) -> int | None:
        if self.outcome is None:
            return None
        closed = self.closed_on() or self.outcome.decided_on
        return max(0, (self.outcome.decided_on - closed).days)

    def customer_advice(self) -> list[Advice]:
        return [a for a in self.advice if not a.staff]


@dataclass(frozen=True)
class Moderation:
    published: tuple[Consultation, ...]
    skipped: tuple[Skipped, ...]
    # (consultation, comment id, reason): bot | hidden-login
    hidden: tuple[tuple[int, int, str], ...]

    def numbers(self) -> frozenset[int]:
        return frozenset(c.number for c in self.published)

    def by_number(self) -> dict[int, Consultation]:
        return {c.number: c for c in self.published}


def sections(body: str) -> list[tuple[str, str]]:
    """The issue form's `### Label` sections of a body, in order: (label, answer); `_No response_` is ""."""
    matches = list(SECTION.finditer(body))
    found = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(body)
        text = body[match.end():end].strip()
        found.append((match.group(1).strip(), "" if text == NO_RESPONSE else text))
    return found


def closing_date(text: str) -> date | None:
    """The first YYYY-MM-DD in the field that is a real date, or None (missing, `2027-02-30`, "soon")."""
    for match in CLOSING_DATE.finditer(text):
        try:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            continue
    return None


def _split_first_line(rest: str, body: str) -> tuple[str, str]:
    _, _, after = body.partition("\n")
    return rest.strip().strip("*").strip(), after.strip()


def parse_outcome(comment: Comment) -> Outcome | None:
    match = OUTCOME.match(comment.body)
    if not match:
        return None
    summary, details = _split_first_line(match.group("rest"), comment.body)
    changed = None
    said = CHANGED.search(details)
    if said:
        answer = said.group("answer").strip().strip("*").strip().lower()
        if answer.startswith(("yes", "y ", "true")) or answer == "y":
            changed = True
        elif answer.startswith(("no", "n ", "false")) or answer == "n":
            changed = False
        # The field is data, not prose: it is shown as the page's own sentence instead.
        details = (details[: said.start()] + details[said.end():]).strip()
    return Outcome(comment, summary, details, changed)


def consultation_from(issue: Question, policy: Policy, *, now: datetime | None = None,
                      trusted: frozenset[int] = frozenset()) -> tuple[Consultation, list[tuple[int, int, str]]]:
    """The consultation an issue holds, and the comments hidden by moderation, as of `now`."""
    now = now or clock.now()
    labelled: dict[str, str] = {}
    other: list[tuple[str, str]] = []
    known = {label.casefold(): key for key, label in FIELDS.items()}
    found = sections(issue.body)
    for label, text in found:
        key = known.get(label.casefold())
        if key and key not in labelled:
            labelled[key] = text
        else:
            other.append((label, text))
    if not found and issue.body.strip():
        # Not written with the form: the whole body is the proposal.
        labelled["proposal"] = issue.body.strip()
    fields = {key: labelled.get(key, "") for key in FIELDS}
    closes = closing_date(fields["closes"])
    bad = None if closes is not None else (fields["closes"] or "")
    options: list[Option] = []
    advice: list[Advice] = []
    outcome: Outcome | None = None
    hidden: list[tuple[int, int, str]] = []
    for comment in issue.comments:
        if policy.hide_bots and is_bot(comment.author):
            hidden.append((issue.number, comment.id, "bot"))
            continue
        if comment.author.login.lower() in policy.hidden_logins:
            hidden.append((issue.number, comment.id, "hidden-login"))
            continue
        if is_held(comment, policy, now, trusted):
            hidden.append((issue.number, comment.id, "held"))
            continue
        staff = is_staff(comment.author, policy)
        # Only staff post options and outcomes; a customer's `Option:` or `Outcome:` is advice.
        if staff and (match := OPTION.match(comment.body)):
            title, details = _split_first_line(match.group("rest"), comment.body)
            options.append(Option(comment, title or f"Option {len(options) + 1}", details))
            continue
        if staff and (parsed := parse_outcome(comment)):
            # The latest staff outcome wins: a correction is a new Outcome comment.
            outcome = parsed
            continue
        advice.append(Advice(comment, staff))
    consultation = Consultation(
        issue=issue,
        fields=fields,
        other=tuple(other),
        closes=closes,
        bad_closing_date=bad,
        options=tuple(options),
        advice=tuple(advice),
        outcome=outcome,
        held=sum(1 for _, _, why in hidden if why == "held"),
    )
    return consultation, hidden


def is_consultation(issue: Question, label: str) -> bool:
    return label.casefold() in {name.casefold() for name in issue.labels}


def moderate(snapshot: Snapshot, policy: Policy, label: str, *, now: datetime | None = None,
             trusted: frozenset[int] = frozenset()) -> Moderation:
    """The published consultations: labelled, opened by staff, not excluded, not closed as not planned."""
    published: list[Consultation] = []
    skipped: list[Skipped] = []
    hidden: list[tuple[int, int, str]] = []
    for issue in snapshot.questions:
        if not is_consultation(issue, label):
            continue
        labels = {name.lower() for name in issue.labels}
        # A content report is never published, whoever labelled it a consultation.
        excluded = sorted(labels & (policy.exclude_labels | {CONTENT_REPORT}))
        if not is_staff(issue.author, policy):
            # A customer cannot open a consultation in the company's name.
            skipped.append(Skipped(issue.number, "not-staff", issue.author.login))
            continue
        if excluded:
            skipped.append(Skipped(issue.number, "excluded-label", excluded[0]))
            continue
        if issue.state == "closed" and (issue.state_reason or "completed") in policy.skip_closed_as:
            skipped.append(Skipped(issue.number, "closed", issue.state_reason or ""))
            continue
        consultation, gone = consultation_from(issue, policy, now=now, trusted=trusted)
        published.append(consultation)
        hidden.extend(gone)
    return Moderation(tuple(published), tuple(skipped), tuple(hidden))


def ordered(moderation: Moderation, today: date) -> dict[str, list[Consultation]]:
    """Open ones by closing date (no date last), owed ones longest owed first, decided ones newest first."""
    groups: dict[str, list[Consultation]] = {OPEN: [], OWED: [], DECIDED: []}
    for item in moderation.published:
        groups[item.state(today)].append(item)
    groups[OPEN].sort(key=lambda c: (c.closes is None, c.closes or date.max, c.number))
    groups[OWED].sort(key=lambda c: (-c.days_owed(today), c.number))
    groups[DECIDED].sort(key=lambda c: (c.outcome.comment.created_at if c.outcome else "", c.number), reverse=True)
    return groups


@dataclass(frozen=True)
class Figures:
    window_days: int
    start: date
    # Consultations opened in the window.
    held: int
    # Customers' comments (advice) posted in the window, and how many customers wrote them.
    advice: int
    customers: int
    # Of the consultations held in the window, how many have a published outcome.
    with_outcome: int
    # Over outcomes published in the window: median days from closing to outcome.
    median_days_to_outcome: float | None
    outcomes: int
    # Of those outcomes, how many say they changed the proposal, and how many said either way.
    changed: int
    said_changed: int


def figures(moderation: Moderation, now: datetime, window_days: int = 365) -> Figures:
    start = now - timedelta(days=window_days)

    def inside(time: str) -> bool:
        return start <= parse_time(time) <= now

    held = [c for c in moderation.published if inside(c.issue.created_at)]
    advice = [a for c in moderation.published for a in c.customer_advice() if inside(a.comment.created_at)]
    outcomes = [c for c in moderation.published if c.outcome is not None and inside(c.outcome.comment.created_at)]
    waits = [c.days_to_outcome() for c in outcomes]
    said = [c for c in outcomes if c.outcome is not None and c.outcome.changed is not None]
    return Figures(
        window_days=window_days,
        start=start.date(),
        held=len(held),
        advice=len(advice),
        customers=len({a.comment.author.login.lower() for a in advice}),
        with_outcome=sum(1 for c in held if c.outcome is not None),
        median_days_to_outcome=statistics.median(w for w in waits if w is not None) if waits else None,
        outcomes=len(outcomes),
        changed=sum(1 for c in said if c.outcome is not None and c.outcome.changed),
        said_changed=len(said),
    )
