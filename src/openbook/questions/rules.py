"""Which questions of the snapshot are published, in what state, and the figures about them.

Pure rules, no I/O: moderation (published, skipped and why, hidden comments),
staff detection, the accepted answer, answer states, `#123` references, the
transparency figures and the tombstone ledger.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from openbook import clock
from openbook.questions.snapshot import Author, Comment, Question, Snapshot, parse_time

if TYPE_CHECKING:
    from openbook.settings import QuestionsSettings

STAFF_ASSOCIATIONS = frozenset({"OWNER", "MEMBER", "COLLABORATOR"})
# The label .github/ISSUE_TEMPLATE/content-report.yml applies: a notice that content on
# the hub is illegal or breaks its rules. It names the content and the reporter's
# reasons, so it is never published, whatever other labels it carries
# (`openbook queue` lists it for staff instead).
CONTENT_REPORT = "content-report"
# Staff mark an answer by posting a comment with a line "Accepted answer: <link to the answer>",
# the link being the answer's "Copy link" permalink (…/issues/12#issuecomment-345).
# The target is the rest of the line without its trailing blanks. Written so that it cannot backtrack
# (each run of blanks or of other characters is taken whole, `++`): a lazy `.*?` before `[ \t]*$`
# read a long run of blanks again at each of its characters, in quadratic time.
ACCEPT_LINE = re.compile(
    r"^[ \t]*+\**+accepted answer\**+:[ \t]*+(?P<target>(?:[ \t]*+[^ \t\n]++)*+)[ \t]*$", re.I | re.M)
COMMENT_LINK = re.compile(r"#issuecomment-(\d+)\b")
REFERENCE = re.compile(r"(?<![\w&/#])#(\d{1,9})\b")

ANSWERED = "answered"
AWAITING = "awaiting"
CLOSED = "closed"
STATE_LABELS = {
    ANSWERED: "Answered by staff",
    AWAITING: "Awaiting a staff answer",
    CLOSED: "Closed",
}
WINDOW_DAYS = 90
APPROVED = "approved"
IMMEDIATELY = "immediately"
# A deleted account: every one shows as this login, so it is nobody in particular.
GHOST = "ghost"


@dataclass(frozen=True)
class Policy:
    """The moderation settings, in the shape the rules need (logins compared case-insensitively)."""

    publish_labels: frozenset[str] = frozenset({"question"})
    exclude_labels: frozenset[str] = frozenset({"private", "spam", "off-topic", "duplicate"})
    locked: str = "publish"
    skip_closed_as: frozenset[str] = frozenset({"not_planned", "duplicate"})
    staff_logins: frozenset[str] = frozenset()
    hide_bots: bool = True
    hidden_logins: frozenset[str] = frozenset()
    # (label, heading) in the configured order.
    categories: tuple[tuple[str, str], ...] = ()
    # Labels of issues that are not questions (consultations): those are left out of the
    # questions and of their report, and the consultations report covers them.
    other_features: frozenset[str] = frozenset()
    # "approved": a question waits until staff let it in, and a stranger's reply waits `hold`
    # (DESIGN rule 10); "immediately": everything labelled is published at once.
    publish: str = APPROVED
    approval_labels: frozenset[str] = frozenset({"approved"})
    hold: timedelta = timedelta(hours=24)

    @classmethod
    def from_settings(cls, qs: QuestionsSettings, other_features: Iterable[str] = ()) -> Policy:
        # Labels compare ignoring case, as GitHub and `openbook sync` do.
        return cls(
            publish_labels=frozenset(label.lower() for label in qs.publish_labels),
            exclude_labels=frozenset(label.lower() for label in qs.exclude_labels),
            locked=qs.locked,
            skip_closed_as=frozenset(qs.skip_closed_as),
            staff_logins=frozenset(login.lower() for login in qs.staff_logins),
            hide_bots=qs.hide_bots,
            hidden_logins=frozenset(login.lower() for login in qs.hidden_logins),
            categories=tuple((label.lower(), heading) for label, heading in qs.categories.items()),
            other_features=frozenset(label.lower() for label in other_features),
            publish=qs.publish,
            approval_labels=frozenset(label.lower() for label in qs.approval_labels),
            hold=timedelta(hours=qs.hold_hours),
        )


@dataclass(frozen=True)
class Skipped:
    """An issue not published, and why (consultations pass issues over the same way)."""

    number: int
    # content-report | not-labelled | excluded-label | closed | locked; for a consultation also not-staff
    reason: str
    detail: str = ""


@dataclass(frozen=True)
class Waiting:
    """A question that waits for staff to let it in: counted and linked, and nothing its author wrote."""

    number: int
    created_at: str
    html_url: str


@dataclass(frozen=True)
class HiddenComment:
    question: int
    comment: int
    # bot | hidden-login | accepted-answer-marker
    reason: str


@dataclass(frozen=True)
class Answer:
    comment: Comment
    staff: bool
    accepted: bool = False
    # A comment by the question's own asker (more detail, a thank-you): part of the
    # conversation, not an answer, unless staff accepted it.
    follow_up: bool = False


@dataclass(frozen=True)
class Published:
    question: Question
    # The accepted answer first, then every visible comment in order.
    answers: tuple[Answer, ...]
    state: str
    asked_by_staff: bool
    category: str | None
    first_staff_answer: Comment | None
    # Replies by authors the hub has not published before, still in their hold.
    held: int = 0

    @property
    def number(self) -> int:
        return self.question.number

    @property
    def votes(self) -> int:
        return self.question.reactions.get("+1", 0)

    @property
    def answer_count(self) -> int:
        """How many comments answer the question: the asker's own follow-ups do not."""
        return sum(not answer.follow_up for answer in self.answers)

    @property
    def accepted(self) -> Answer | None:
        return self.answers[0] if self.answers and self.answers[0].accepted else None


@dataclass(frozen=True)
class Moderation:
    published: tuple[Published, ...]
    skipped: tuple[Skipped, ...]
    hidden: tuple[HiddenComment, ...]
    # Labelled questions that wait for a staff answer or an approval label, oldest first.
    waiting: tuple[Waiting, ...] = ()

    def numbers(self) -> frozenset[int]:
        return frozenset(item.number for item in self.published)


def is_staff(author: Author, policy: Policy) -> bool:
    return author.association in STAFF_ASSOCIATIONS or author.login.lower() in policy.staff_logins


def is_bot(author: Author) -> bool:
    # GitHub Apps post as "name[bot]"; a person cannot register a login with brackets.
    return author.login.lower().endswith("[bot]")


def is_content_report(question: Question) -> bool:
    return CONTENT_REPORT in {label.lower() for label in question.labels}


def is_approved(question: Question, policy: Policy) -> bool:
    """Whether staff let the question in: they asked it, answered it, or gave it an approval label.

    An issue form applies its labels for whoever submits it, so only a label no form
    applies is approval (`openbook check` makes sure of that).
    """
    if policy.publish == IMMEDIATELY or is_staff(question.author, policy):
        return True
    if {label.lower() for label in question.labels} & policy.approval_labels:
        return True
    return any(is_staff(c.author, policy) and not is_bot(c.author) for c in question.comments)


def is_held(comment: Comment, policy: Policy, now: datetime, trusted: frozenset[int]) -> bool:
    """Whether a reply still waits: its author is no staff and was never published here, and its hold runs.

    Trust is kept by GitHub's user id (`trusted`, the record `openbook sync` keeps with the
    ledger), so an author who renames their login stays trusted, and one who takes a
    freed login does not inherit it.
    """
    if policy.publish == IMMEDIATELY or is_staff(comment.author, policy):
        return False
    if comment.author.id is not None and comment.author.id in trusted and comment.author.login.lower() != GHOST:
        return False
    return now < parse_time(comment.created_at) + policy.hold


def skip_reason(question: Question, policy: Policy) -> Skipped | None:
    """Why a question is not published, or None if it is."""
    labels = {label.lower() for label in question.labels}
    if CONTENT_REPORT in labels:
        return Skipped(question.number, "content-report")
    if not labels & policy.publish_labels:
        return Skipped(question.number, "not-labelled", ", ".join(sorted(policy.publish_labels)))
    excluded = sorted(labels & policy.exclude_labels)
    if excluded:
        return Skipped(question.number, "excluded-label", excluded[0])
    if question.state == "closed" and (question.state_reason or "completed") in policy.skip_closed_as:
        return Skipped(question.number, "closed", question.state_reason or "")
    if question.locked and policy.locked == "skip":
        return Skipped(question.number, "locked")
    return None


def accepted_comment(question: Question, policy: Policy) -> int | None:
    """The id of the answer staff accepted: the latest staff marking wins; customers' markings don't count."""
    ids = {comment.id for comment in question.comments}
    accepted: int | None = None
    for comment in question.comments:
        if not is_staff(comment.author, policy):
            continue
        for line in ACCEPT_LINE.finditer(comment.body):
            link = COMMENT_LINK.search(line.group("target"))
            # A marking that names no comment of this question ("none") clears the choice.
            accepted = int(link.group(1)) if link and int(link.group(1)) in ids else None
    return accepted


def _is_marker_only(body: str) -> bool:
    return bool(ACCEPT_LINE.search(body)) and not ACCEPT_LINE.sub("", body).strip()


def moderate(snapshot: Snapshot, policy: Policy, *, now: datetime | None = None,
             trusted: frozenset[int] = frozenset()) -> Moderation:
    """What is published as of `now`; `trusted` holds the user ids the hub published before."""
    now = now or clock.now()
    published: list[Published] = []
    skipped: list[Skipped] = []
    hidden: list[HiddenComment] = []
    waiting: list[Waiting] = []
    category_order = [label for label, _ in policy.categories]
    for question in snapshot.questions:
        # A content report is no question and no consultation, whatever else it is labelled.
        if policy.other_features & {label.lower() for label in question.labels} and not is_content_report(question):
            continue
        reason = skip_reason(question, policy)
        if reason:
            skipped.append(reason)
            continue
        if not is_approved(question, policy):
            waiting.append(Waiting(question.number, question.created_at, question.html_url))
            continue
        accepted = accepted_comment(question, policy)
        answers: list[Answer] = []
        held = 0
        for comment in question.comments:
            staff = is_staff(comment.author, policy)
            why = None
            if policy.hide_bots and is_bot(comment.author):
                why = "bot"
            elif comment.author.login.lower() in policy.hidden_logins:
                why = "hidden-login"
            elif staff and _is_marker_only(comment.body):
                why = "accepted-answer-marker"
            # The answer staff accepted is one they let in, hold or not.
            elif comment.id != accepted and is_held(comment, policy, now, trusted):
                why = "held"
                held += 1
            if why:
                hidden.append(HiddenComment(question.number, comment.id, why))
                if comment.id == accepted:
                    accepted = None
                continue
            is_accepted = comment.id == accepted
            follow_up = not is_accepted and comment.author.login.lower() == question.author.login.lower()
            answers.append(Answer(comment, staff, accepted=is_accepted, follow_up=follow_up))
        answers.sort(key=lambda answer: not answer.accepted)
        staff_answers = [a.comment for a in answers if a.staff]
        first_staff = min(staff_answers, key=lambda c: (c.created_at, c.id)) if staff_answers else None
        if question.state == "closed":
            state = CLOSED
        elif staff_answers or accepted is not None:
            state = ANSWERED
        else:
            state = AWAITING
        lowered = {label.lower() for label in question.labels}
        category = next((label for label in category_order if label in lowered), None)
        published.append(
            Published(
                question=question,
                answers=tuple(answers),
                state=state,
                asked_by_staff=is_staff(question.author, policy),
                category=category,
                first_staff_answer=first_staff,
                held=held,
            )
        )
    waiting.sort(key=lambda w: (w.created_at, w.number))
    return Moderation(tuple(published), tuple(skipped), tuple(hidden), tuple(waiting))


def authors_published(moderation: Moderation) -> set[int]:
    """The user ids of everyone whose question or reply this moderation publishes: `openbook sync` records them."""
    authors = [item.question.author for item in moderation.published]
    authors += [answer.comment.author for item in moderation.published for answer in item.answers]
    return {a.id for a in authors if a.id is not None and a.login.lower() != GHOST}


def references(text: str) -> list[int]:
    """The `#123` references in a text, in order, without repeats."""
    seen: dict[int, None] = {}
    for match in REFERENCE.finditer(text):
        seen.setdefault(int(match.group(1)), None)
    return list(seen)


@dataclass(frozen=True)
class Figures:
    # Median time from question to first staff answer, over first answers given in the window.
    median_first_answer: timedelta | None
    answered_in_window: int
    unanswered: int
    synced_at: datetime | None
    snapshot_age: timedelta | None
    window_days: int = WINDOW_DAYS
    # The window the median counts: the `window_days` up to the build's "now".
    window_start: datetime | None = None
    window_end: datetime | None = None
    # The latest first staff answer to a customer's question, in the window or not,
    # so "none in the last 90 days" can say when the last one was.
    latest_first_answer: datetime | None = None
    # How many published questions the figures are counted from.
    published: int = 0
    # Questions that wait for staff to let them in, and how long the oldest has waited.
    awaiting_review: int = 0
    longest_review_wait: timedelta | None = None


def figures(moderation: Moderation, synced_at: str | None, now: datetime, window_days: int = WINDOW_DAYS) -> Figures:
    """The transparency figures shown on the questions index.

    The median counts first staff answers given in the last `window_days` (up to
    `now`), so it describes how the team answers lately, whatever the question's age.
    It measures customers' waits: a question staff asked (an FAQ they answer
    themselves) would flatter it, and an answer dated before its question (an
    imported or transferred issue) is no wait at all, so neither counts.
    """
    start = now - timedelta(days=window_days)
    waits: list[float] = []
    latest: datetime | None = None
    for item in moderation.published:
        if item.first_staff_answer is None or item.asked_by_staff:
            continue
        answered = parse_time(item.first_staff_answer.created_at)
        wait = (answered - parse_time(item.question.created_at)).total_seconds()
        if wait >= 0 and answered <= now and (latest is None or answered > latest):
            latest = answered
        if start <= answered <= now and wait >= 0:
            waits.append(wait)
    synced = parse_time(synced_at) if synced_at else None
    review_waits = [max(now - parse_time(w.created_at), timedelta(0)) for w in moderation.waiting]
    return Figures(
        median_first_answer=timedelta(seconds=statistics.median(waits)) if waits else None,
        answered_in_window=len(waits),
        unanswered=sum(1 for item in moderation.published if item.state == AWAITING),
        synced_at=synced,
        snapshot_age=max(timedelta(0), now - synced) if synced else None,
        window_days=window_days,
        window_start=start,
        window_end=now,
        latest_first_answer=latest,
        published=len(moderation.published),
        awaiting_review=len(review_waits),
        longest_review_wait=max(review_waits) if review_waits else None,
    )


def duration(value: timedelta) -> str:
    """A duration as a person says it: "45 minutes", "5 hours", "3 days"."""
    minutes = int(value.total_seconds() // 60)
    if minutes < 90:
        return "1 minute" if minutes == 1 else f"{minutes} minutes"
    hours = minutes / 60
    if hours < 48:
        return f"{round(hours)} hours"
    days = round(hours / 24)
    return f"{days} days"


def ordered(items: Iterable[Published], by: str) -> list[Published]:
    """Questions by votes (then most recent) or by recency (last activity first)."""
    if by == "votes":
        return sorted(items, key=lambda p: (-p.votes, _negated(p.question.updated_at), p.number))
    return sorted(items, key=lambda p: (_negated(p.question.updated_at), p.number))


def _negated(time: str) -> float:
    return -parse_time(time).timestamp()


def grouped(moderation: Moderation, policy: Policy, by: str) -> list[tuple[str | None, str, list[Published]]]:
    """(label, heading, questions) per configured category, in order, then the uncategorised ones."""
    groups: dict[str | None, list[Published]] = {label: [] for label, _ in policy.categories}
    groups[None] = []
    for item in moderation.published:
        groups[item.category].append(item)
    headings = dict(policy.categories)
    result = [(label, headings[label], ordered(items, by)) for label, items in groups.items() if label and items]
    if groups[None]:
        result.append((None, "Other questions" if result else "Questions", ordered(groups[None], by)))
    return result


def owed(moderation: Moderation) -> list[Published]:
    """Open questions still waiting for a staff answer, oldest first."""
    waiting = [item for item in moderation.published if item.state == AWAITING]
    return sorted(waiting, key=lambda p: (p.question.created_at, p.number))


def tombstones(ledger: Iterable[int], published: Iterable[int]) -> list[int]:
    """Numbers once published and published no more: each keeps a page so links don't break."""
    return sorted(set(ledger) - set(published))


def updated_ledger(ledger: Iterable[int], published: Iterable[int]) -> list[int]:
    """The ledger is append-only: a number, once published, stays in it."""
    return sorted(set(ledger) | set(published))
