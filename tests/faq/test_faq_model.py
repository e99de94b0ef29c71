"""FAQ entries' front matter, how often a question is asked, and which questions are worth writing down."""

from __future__ import annotations

from datetime import date

import pytest

from openbook.faq import model, rules
from openbook.questions import rules as questions
from openbook.questions.snapshot import Author, Comment, Duplicate, Question, Snapshot

CATEGORIES = ["billing", "data"]
GOOD = """---
question: Can I switch plans mid-month?
category: billing
sources: [3, 14]
owner: Billing team
last_reviewed: 2026-09-01
review_every: 90
---

Yes.
"""


def parse(text: str) -> model.Entry:
    return model.parse(text, "faq/switch.md", categories=CATEGORIES, default_review_every=365,
                       file="docs/faq/switch.md")


def problems(text: str) -> list[str]:
    with pytest.raises(model.EntryError) as caught:
        parse(text)
    return [p.text() for p in caught.value.problems]


def test_a_valid_entry_gives_its_question_sources_owner_and_review_dates():
    entry = parse(GOOD)
    assert (entry.question, entry.category, entry.sources, entry.owner) == (
        "Can I switch plans mid-month?", "billing", (3, 14), "Billing team")
    assert entry.next_review == date(2026, 11, 30)
    assert not entry.overdue(date(2026, 11, 30)) and entry.overdue(date(2026, 12, 1))
    assert entry.days_overdue(date(2026, 12, 3)) == 3


def test_each_front_matter_error_names_the_file_line_and_key():
    text = """---
question: ""
category: shipping
sources: [3, three, 3]
title: Switch
last_reviewed: 2026-13-01
---
"""
    assert problems(text) == [
        "docs/faq/switch.md:5: title: unknown key (the question is the title: write it as `question`); "
        "an FAQ entry takes question, category, sources, owner, last_reviewed, review_every and the page keys "
        "description, tags, hide, icon, status, subtitle, search, comments",
        "docs/faq/switch.md:2: question: expected the question as customers ask it, found ''",
        "docs/faq/switch.md:1: owner: missing; give the team or person who answers for this entry, "
        "e.g. `owner: Support team (Priya Natarajan)`",
        "docs/faq/switch.md:3: category: 'shipping' is not a question category; expected one of billing, data",
        "docs/faq/switch.md:4: sources[1]: expected a question number, found 'three'",
        "docs/faq/switch.md:4: sources[2]: #3 is listed twice",
        # The same words as a practice's: the month that does not exist, not only the format.
            "docs/faq/switch.md:6: last_reviewed: 2026-13-01 is not a date: there is no month 13",
    ]


def test_sources_written_one_a_line_are_reported_on_their_own_line():
    text = GOOD.replace("sources: [3, 14]", "sources:\n  - 3\n  - -4")
    assert problems(text) == ["docs/faq/switch.md:6: sources[1]: expected a question number, found -4"]


def test_no_front_matter_and_invalid_yaml_say_what_an_entry_looks_like():
    assert problems("# Just a page\n")[0].startswith("docs/faq/switch.md:1: question: no front matter; an FAQ entry starts with")
    assert problems("---\nquestion: [unclosed\n---\n") == [
        "docs/faq/switch.md:3: front matter: not valid YAML (expected ',' or ']', but got '<stream end>')"]


def _question(number: int, *, votes: int = 0, answered: bool = True, labels=("question", "billing")) -> Question:
    comments = (Comment(number * 10, Author("staff", "MEMBER"), "An answer", "2026-01-02T00:00:00Z",
                        "2026-01-02T00:00:00Z", f"https://github.com/o/r/issues/{number}#issuecomment-{number * 10}"),
                ) if answered else ()
    return Question(number, f"Q{number}", "?", "open", labels, False, Author(f"asker{number}"),
                    "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", f"https://github.com/o/r/issues/{number}",
                    reactions={"+1": votes}, comments=comments)


def _duplicate(number: int, of: int, *, votes: int = 0, association: str = "MEMBER") -> Duplicate:
    return Duplicate(number, of, Author("triager", association), "2026-02-01T00:00:00Z",
                     f"https://github.com/o/r/issues/{number}", {"+1": votes})


def _world(duplicates):
    snap = Snapshot("o/r", "https://api.github.com", "2026-03-01T00:00:00Z",
                    questions=(_question(3, votes=5), _question(14, votes=1), _question(20, votes=30),
                               _question(21, votes=30, answered=False)),
                    duplicates=tuple(duplicates))
    policy = questions.Policy(categories=(("billing", "Billing"),))
    moderation = questions.moderate(snap, policy)
    return moderation, rules.duplicates_by_question(snap, moderation, policy)


def test_the_asked_count_adds_sources_their_staff_marked_duplicates_and_every_thumbs_up():
    moderation, duplicates = _world([
        _duplicate(40, 3, votes=2), _duplicate(41, 3), _duplicate(42, 14, votes=1),
        # A customer closing their own issue as a duplicate does not count, nor one of an unknown question.
        _duplicate(43, 3, votes=9, association="NONE"), _duplicate(44, 99),
    ])
    by_number = {item.number: item for item in moderation.published}
    asked = rules.asked([3, 14, 999], by_number, duplicates)
    # 2 sources + 3 duplicates + 👍 (5 + 1 on the sources, 2 + 1 on the duplicates); #999 is not published.
    assert (asked.total, len(asked.sources), len(asked.duplicates), asked.votes, asked.missing) == (14, 2, 3, 9, (999,))


def test_candidates_are_answered_questions_asked_often_with_no_entry_most_asked_first():
    moderation, duplicates = _world([_duplicate(40, 14, votes=3), _duplicate(41, 14), _duplicate(42, 14)])
    found = rules.candidates(moderation, duplicates, covered=[3], min_asked=8)
    # #20: 1 + 30; #14: 1 + 3 duplicates + 1 + 3; #3 has an entry; #21 has no answer yet.
    assert [(a.sources[0].number, a.total) for a in found] == [(20, 31), (14, 8)]
