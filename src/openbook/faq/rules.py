"""How often a question is asked, and which answered questions are worth writing down as FAQ entries.

Pure: the moderated snapshot and the entries in, counts and candidates out. A
question counts once, plus each issue GitHub closed as a duplicate of it (a
staff "Duplicate of #N" marking), plus the 👍 on the question and on those duplicates.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from openbook.questions import rules as questions
from openbook.questions.snapshot import Duplicate, Snapshot

HOW_COUNTED = (
    "each question it is based on counts once, each issue we closed as a duplicate of one of them counts once, "
    "and so does each vote (👍) on any of these"
)


@dataclass(frozen=True)
class Asked:
    """How often an entry's question (or one question) was asked, and where."""

    sources: tuple[questions.Published, ...] = ()
    # Sources the snapshot does not publish: not counted, never linked.
    missing: tuple[int, ...] = ()
    duplicates: tuple[Duplicate, ...] = ()
    votes: int = 0

    @property
    def total(self) -> int:
        return len(self.sources) + len(self.duplicates) + self.votes


def duplicates_by_question(snapshot: Snapshot, moderation: questions.Moderation,
                           policy: questions.Policy) -> dict[int, tuple[Duplicate, ...]]:
    """Counted duplicates per published question: the marking must come from staff.

    A customer can close their own issue and write "Duplicate of #N"; only a
    staff marking is the company's judgement that it is the same question.
    """
    published = moderation.numbers()
    found: dict[int, list[Duplicate]] = {}
    for duplicate in snapshot.duplicates:
        if duplicate.of in published and duplicate.number not in published and questions.is_staff(
                duplicate.marked_by, policy):
            found.setdefault(duplicate.of, []).append(duplicate)
    return {number: tuple(items) for number, items in found.items()}


def asked(sources: Iterable[int], by_number: Mapping[int, questions.Published],
          duplicates: Mapping[int, tuple[Duplicate, ...]]) -> Asked:
    present = [by_number[n] for n in sources if n in by_number]
    missing = tuple(n for n in sources if n not in by_number)
    dups = tuple(d for item in present for d in duplicates.get(item.number, ()))
    votes = sum(item.votes for item in present) + sum(d.reactions.get("+1", 0) for d in dups)
    return Asked(tuple(present), missing, dups, votes)


def candidates(moderation: questions.Moderation, duplicates: Mapping[int, tuple[Duplicate, ...]],
               covered: Iterable[int], *, min_asked: int) -> list[Asked]:
    """Answered questions asked at least min_asked times with no FAQ entry yet, most asked first."""
    covered = set(covered)
    by_number = {item.number: item for item in moderation.published}
    found = [
        asked([item.number], by_number, duplicates)
        for item in moderation.published
        if item.state == questions.ANSWERED and item.number not in covered
    ]
    found = [a for a in found if a.total >= min_asked]
    return sorted(found, key=lambda a: (-a.total, a.sources[0].number))
