"""One model of a notice: anything the hub announces ahead or decides in public, with a stable id.

Pure: each feature's facts in, Notices out. A notice's id comes from its
source's own stable id (a price change's `id`, a consultation's number and the
outcome comment's id, a practice page's path and its effective date), never from
a position, a count or a build, so the same notice keeps the same id on every
machine and in every build, and it can name a git tag (`notice-<id>`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

# The kinds, in the words `--format json` and the feed use. A feature that announces
# something new adds its kind here and its source in openbook.notices.sources.
PRICE = "price"
PRACTICE = "practice"
SUBPROCESSOR = "subprocessor"
CONSULTATION_OPENED = "consultation-opened"
CONSULTATION_OUTCOME = "consultation-outcome"
KIND_WORDS = {
    PRICE: "Price change",
    PRACTICE: "Practice change",
    SUBPROCESSOR: "Subprocessor change",
    CONSULTATION_OPENED: "Consultation opened",
    CONSULTATION_OUTCOME: "Consultation outcome",
}

TAG_PREFIX = "notice-"
# What git allows in a tag and a URL keeps as it is: lower-case ASCII letters, digits and hyphens.
_UNSAFE = re.compile(r"[^a-z0-9]+")


def slug(*parts: object) -> str:
    """A slug-safe id from its parts: "practices/refunds.md", 2027-03-01 -> "practices-refunds-2027-03-01".

    Lower-case ASCII letters, digits and single hyphens only, so it is a valid git
    tag name and a URL fragment, and reads the same on every machine.
    """
    words = []
    for part in parts:
        text = str(part).lower()
        if text.endswith(".md"):
            text = text[: -len(".md")]
        words.append(_UNSAFE.sub("-", text))
    return re.sub(r"-{2,}", "-", "-".join(words)).strip("-")


@dataclass(frozen=True)
class Notice:
    """One notice: what it is, when it was published and when it applies, where to read it, and what it says.

    `body` is plain language for customers, paragraphs separated by a blank line; it
    holds no markup, and every place it lands escapes it.
    """

    id: str
    kind: str
    title: str
    published: date
    url: str
    body: str
    # When it applies (a price, a practice, a subprocessor), or None (a consultation opened or decided).
    effective: date | None = None

    @property
    def tag(self) -> str:
        """The git tag of its GitHub Release."""
        return TAG_PREFIX + self.id

    @property
    def kind_words(self) -> str:
        return KIND_WORDS.get(self.kind, self.kind.replace("-", " ").capitalize())

    @property
    def notice_days(self) -> int | None:
        """Days between publication and effect, for a notice that applies later."""
        return None if self.effective is None else (self.effective - self.published).days

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "dates": {"published": self.published.isoformat(),
                      **({"effective": self.effective.isoformat()} if self.effective else {})},
            "url": self.url,
            "body": self.body,
        }


class DuplicateNotice(ValueError):
    """Two sources gave the same id: a tag can name only one of them."""


def ordered(notices: Iterable[Notice]) -> list[Notice]:
    """Newest first: by publication, then by when it applies (latest first), then by id, so ties read the same everywhere.

    Raises DuplicateNotice when two notices share an id.
    """
    seen: dict[str, Notice] = {}
    for notice in notices:
        if notice.id in seen:
            raise DuplicateNotice(f"two notices have the id {notice.id!r}: {seen[notice.id].title!r} and "
                                  f"{notice.title!r}; give one of their sources another id")
        seen[notice.id] = notice
    return sorted(seen.values(), key=lambda n: (n.published, n.effective or n.published, n.id), reverse=True)


def paragraphs(text: str) -> list[str]:
    """The body's paragraphs, each on one line."""
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]


def human_date(day: date) -> str:
    """"1 January 2027": unambiguous in every English-speaking country."""
    return f"{day.day} {day:%B %Y}"


def days(n: int) -> str:
    return f"{n} day" if abs(n) == 1 else f"{n} days"


# --- each kind's notice, from its feature's facts ---------------------------------------------


def _sentence(text: str) -> str:
    """Text that ends a sentence, with a full stop unless it has its own."""
    text = text.strip()
    return text if text.endswith((".", "?", "!", "…")) else text + "."


def price_change(*, change_id: str, effective: date, published: date, plans: list[str], phrases: list[str],
                 reason: str, url: str, upcoming: bool) -> Notice:
    """A price change: `phrases` says each plan's new price in words ("Team costs £32 a month instead of £29")."""
    when = human_date(effective)
    lines = [f"{'From' if upcoming else 'Since'} {when}, " + "; ".join(phrases) + "."]
    if reason.strip():
        lines.append("Why: " + " ".join(reason.split()))
    return Notice(
        id=slug("price", change_id),
        kind=PRICE,
        title=f"Price change from {when}: {' and '.join(plans)}" if plans else f"Price change from {when}",
        published=published,
        effective=effective,
        url=url,
        body="\n\n".join(lines),
    )


def practice_change(*, path: str, title: str, effective: date, published: date, url: str,
                    compare_url: str | None) -> Notice:
    """A practice page whose new version was published ahead of its `effective:` date."""
    when = human_date(effective)
    lines = [f"We changed “{title}”. The new version applies from {when}; until then, the version before it "
             "stays in force."]
    if compare_url:
        lines.append(f"What changed, word by word: {compare_url}")
    return Notice(
        id=slug("practice", path, effective.isoformat()),
        kind=PRACTICE,
        title=f"{title}: changes from {when}",
        published=published,
        effective=effective,
        url=url,
        body="\n\n".join(lines),
    )


def subprocessor_change(*, change_id: str, summary: str, effective: date, published: date, reason: str, url: str,
                        object_by: date | None = None, object_url: str | None = None) -> Notice:
    """A change of the subprocessor register: `summary` says it in words ("Acme Mail replaces Postbox for
    reminder e-mails"); customers may object until `object_by`, at `object_url`."""
    when = human_date(effective)
    lines = [f"From {when}: {_sentence(summary)}"]
    if reason.strip():
        lines.append("Why: " + " ".join(reason.split()))
    if object_by is not None:
        lines.append(f"You may object until {human_date(object_by)}" + (f": {object_url}" if object_url else "."))
    return Notice(
        id=slug(SUBPROCESSOR, change_id),
        kind=SUBPROCESSOR,
        title=f"Subprocessor change from {when}: {summary}",
        published=published,
        effective=effective,
        url=url,
        body="\n\n".join(lines),
    )


def consultation_opened(*, number: int, title: str, opened: date, closes: date | None, proposal: str,
                        url: str, issue_url: str) -> Notice:
    """A consultation staff opened: what is proposed, until when advice is taken, and where to give it."""
    lines = [f"We are asking for your advice before we decide: {_sentence(title)}"]
    if proposal.strip():
        lines.append(proposal.strip())
    until = f" until {human_date(closes)}" if closes else ""
    lines.append(f"Give your advice{until} on the GitHub issue: {issue_url}")
    return Notice(
        id=slug("consultation", number, "opened"),
        kind=CONSULTATION_OPENED,
        title=f"Consultation opened: {title}",
        published=opened,
        url=url,
        body="\n\n".join(lines),
    )


def consultation_outcome(*, number: int, comment_id: int, title: str, decided: date, summary: str, details: str,
                         changed: bool | None, url: str) -> Notice:
    """What staff decided after a consultation; a corrected outcome is a new comment, so a new notice."""
    lines = [f"We decided, after asking our customers about “{title}”: {summary}" if summary
             else f"We decided, after asking our customers about “{title}”."]
    if details.strip():
        lines.append(details.strip())
    if changed is not None:
        lines.append("Your advice changed the proposal." if changed else "Your advice did not change the proposal.")
    return Notice(
        id=slug("consultation", number, "outcome", comment_id),
        kind=CONSULTATION_OUTCOME,
        title=f"Consultation decided: {title}",
        published=decided,
        url=url,
        body="\n\n".join(lines),
    )

