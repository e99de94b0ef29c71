"""Consultation rules: who may open one, options, advice and outcome, closing dates, state and figures."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from openbook.consultations import model
from openbook.consultations.site import state_text
from openbook.questions import snapshot
from openbook.questions.rules import Policy

POLICY = Policy(staff_logins=frozenset({"support-bot-human"}), hidden_logins=frozenset({"troll"}))
STAFF = snapshot.Author("priya", "MEMBER")
CUSTOMER = snapshot.Author("maria", "NONE")


def body(closes: str = "2027-01-15", proposal: str = "Sell text bundles.") -> str:
    return (
        f"### What we are considering and why\n\n{proposal}\n\n### The options\n\nA; B\n\n"
        f"### Closing date\n\n{closes}\n\n### Who decides\n\nPriya\n\n"
        "### What we will do with the advice\n\n_No response_"
    )


_ids = iter(range(1000, 100000))


def comment(author: snapshot.Author, text: str, when: str = "2026-11-20T10:00:00Z", up: int = 0) -> snapshot.Comment:
    cid = next(_ids)
    return snapshot.Comment(cid, author, text, when, when, f"https://github.com/o/r/issues/1#issuecomment-{cid}",
                            {"+1": up})


def issue(number: int = 1, *, author: snapshot.Author = STAFF, text: str | None = None, comments=(),
          labels=("consultation",), state: str = "open", created: str = "2026-11-16T09:00:00Z",
          closed_at: str | None = None, state_reason: str | None = None) -> snapshot.Question:
    return snapshot.Question(
        number=number, title=f"Consultation {number}", body=body() if text is None else text, state=state,
        labels=tuple(labels), locked=False, author=author, created_at=created, updated_at=created,
        html_url=f"https://github.com/o/r/issues/{number}", closed_at=closed_at, state_reason=state_reason,
        comments=tuple(comments),
    )


def moderate(*issues: snapshot.Question) -> model.Moderation:
    return model.moderate(snapshot.Snapshot("o/r", "https://api.github.com", None, tuple(issues)), POLICY,
                          "Consultation")


def test_only_consultations_opened_by_staff_are_published():
    m = moderate(
        issue(1),
        issue(2, author=CUSTOMER),
        issue(3, author=snapshot.Author("support-bot-human", "NONE")),  # staff by login
        issue(4, labels=("question",)),  # not a consultation at all
        issue(5, labels=("consultation", "spam")),
    )
    assert [c.number for c in m.published] == [1, 3]
    assert [(s.number, s.reason) for s in m.skipped] == [(2, "not-staff"), (5, "excluded-label")]


def test_a_customers_option_and_outcome_are_advice_and_the_latest_staff_outcome_wins():
    item = moderate(issue(comments=[
        comment(STAFF, "Option: Bundles of 500\n\nFor £10.", up=8),
        comment(CUSTOMER, "Option: free texts for all", up=50),
        comment(CUSTOMER, "Outcome: we decided on free texts\n\nChanged the proposal: yes"),
        comment(STAFF, "**Option:** Pay as you go", up=3),
        comment(STAFF, "Outcome: first draft\nChanged the proposal: no", when="2026-12-01T10:00:00Z"),
        comment(STAFF, "Outcome: Bundles it is.\n\nChanged the proposal: **yes**\n\nWhy: you asked.",
                when="2026-12-02T10:00:00Z"),
    ])).published[0]
    assert [(o.title, o.support) for o in item.options] == [("Bundles of 500", 8), ("Pay as you go", 3)]
    assert item.options[0].details == "For £10."
    assert [a.comment.body.split("\n")[0] for a in item.advice] == [
        "Option: free texts for all", "Outcome: we decided on free texts"]
    assert item.outcome is not None and item.outcome.summary == "Bundles it is."
    assert item.outcome.changed is True and item.outcome.details == "Why: you asked."
    assert item.outcome.decided_on == date(2026, 12, 2)


def test_hidden_logins_and_bots_leave_the_advice():
    m = moderate(issue(comments=[comment(snapshot.Author("troll"), "rude"),
                                 comment(snapshot.Author("ci[bot]"), "beep"), comment(CUSTOMER, "kind")]))
    assert [a.comment.body for a in m.published[0].advice] == ["kind"]
    assert [why for _, _, why in m.hidden] == ["hidden-login", "bot"]


@pytest.mark.parametrize(("written", "expected"), [
    ("2027-01-15", date(2027, 1, 15)),
    ("Friday 2027-01-15, end of day", date(2027, 1, 15)),
    ("2027-02-30", None),  # no such day
    ("2027-13-01", None),
    ("mid January", None),
    ("_No response_", None),
])
def test_the_closing_date_is_read_from_the_form(written, expected):
    item = moderate(issue(text=body(closes=written))).published[0]
    assert item.closes == expected
    if expected is None:
        # Published as open with no deadline, and the text found is kept for the report.
        assert item.state(date(2030, 1, 1)) == model.OPEN
        assert item.bad_closing_date == ("" if written == "_No response_" else written)


def test_a_body_without_the_form_is_all_proposal_and_has_no_closing_date():
    item = moderate(issue(text="We plan to change the invoice layout.")).published[0]
    assert item.fields["proposal"] == "We plan to change the invoice layout."
    assert item.closes is None and item.fields["use"] == ""


def test_the_state_says_open_until_with_days_left_then_owed_then_decided():
    open_item = moderate(issue()).published[0]
    assert state_text(open_item, date(2027, 1, 3)) == "open until 2027-01-15 (12 days left)"
    assert state_text(open_item, date(2027, 1, 15)) == "open until 2027-01-15 (closes today)"
    assert state_text(open_item, date(2027, 1, 16)) == "closed, decision owed"
    assert open_item.days_owed(date(2027, 1, 25)) == 10
    decided = moderate(issue(comments=[comment(STAFF, "Outcome: done", when="2027-01-20T09:00:00Z")])).published[0]
    assert state_text(decided, date(2027, 1, 3)) == "decided on 2027-01-20"
    assert decided.days_to_outcome() == 5


def test_an_issue_closed_before_its_date_owes_a_decision_from_the_day_it_closed():
    item = moderate(issue(state="closed", closed_at="2026-12-01T12:00:00Z")).published[0]
    assert item.state(date(2026, 12, 5)) == model.OWED
    assert item.days_owed(date(2026, 12, 5)) == 4


def test_closed_as_not_planned_is_not_published():
    m = moderate(issue(state="closed", closed_at="2026-12-01T12:00:00Z", state_reason="not_planned"))
    assert not m.published and m.skipped[0].reason == "closed"


def test_the_index_orders_open_by_closing_date_owed_longest_first_decided_newest_first():
    m = moderate(
        issue(1, text=body(closes="2027-03-01")),
        issue(2, text=body(closes="2027-01-20")),
        issue(3, text=body(closes="soon")),
        issue(4, text=body(closes="2026-11-01")),
        issue(5, text=body(closes="2026-10-01")),
        issue(6, comments=[comment(STAFF, "Outcome: a", when="2026-09-01T00:00:00Z")]),
        issue(7, comments=[comment(STAFF, "Outcome: b", when="2026-10-01T00:00:00Z")]),
    )
    groups = model.ordered(m, date(2026, 12, 1))
    assert [c.number for c in groups[model.OPEN]] == [2, 1, 3]
    assert [c.number for c in groups[model.OWED]] == [5, 4]
    assert [c.number for c in groups[model.DECIDED]] == [7, 6]


def test_each_figure_counts_what_it_says_over_the_window():
    now = datetime(2026, 12, 1, tzinfo=timezone.utc)
    other = snapshot.Author("ben", "NONE")
    m = moderate(
        # Held in the window, decided 4 days after closing, changed the proposal.
        issue(1, text=body(closes="2026-10-10"), created="2026-10-01T09:00:00Z", comments=[
            comment(CUSTOMER, "advice 1", when="2026-10-02T09:00:00Z"),
            comment(other, "advice 2", when="2026-10-03T09:00:00Z"),
            comment(STAFF, "a staff reply is not advice", when="2026-10-03T10:00:00Z"),
            comment(STAFF, "Outcome: changed\nChanged the proposal: yes", when="2026-10-14T09:00:00Z"),
        ]),
        # Held in the window, decided 10 days after closing, went ahead unchanged.
        issue(2, text=body(closes="2026-11-01"), created="2026-10-20T09:00:00Z", comments=[
            comment(CUSTOMER, "advice 3", when="2026-10-21T09:00:00Z"),
            comment(STAFF, "Outcome: as planned\nChanged the proposal: no", when="2026-11-11T09:00:00Z"),
        ]),
        # Held in the window, still open: no outcome.
        issue(3, text=body(closes="2027-01-01"), created="2026-11-20T09:00:00Z"),
        # Opened and decided long before the window: counts in none of the figures.
        issue(4, text=body(closes="2025-01-10"), created="2025-01-01T09:00:00Z", comments=[
            comment(CUSTOMER, "old advice", when="2025-01-02T09:00:00Z"),
            comment(STAFF, "Outcome: old", when="2025-01-12T09:00:00Z"),
        ]),
    )
    f = model.figures(m, now, 365)
    assert (f.held, f.advice, f.customers, f.with_outcome) == (3, 3, 2, 2)
    assert (f.outcomes, f.median_days_to_outcome, f.changed, f.said_changed) == (2, 7, 1, 2)
    assert f.start == date(2025, 12, 1)


def test_a_content_report_labelled_a_consultation_is_not_published():
    m = moderate(issue(1), issue(2, labels=("consultation", "content-report")))
    assert [c.number for c in m.published] == [1]
    assert [(s.number, s.reason, s.detail) for s in m.skipped] == [(2, "excluded-label", "content-report")]


def test_a_strangers_fresh_advice_waits_its_hold_and_a_trusted_authors_does_not():
    now = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
    stranger = comment(snapshot.Author("newcomer", "NONE", 41), "Sell them yearly.", when="2026-11-20T11:00:00Z")
    known = comment(snapshot.Author("maria", "NONE", 42), "Monthly, please.", when="2026-11-20T11:30:00Z")
    snap = snapshot.Snapshot("o/r", "https://api.github.com", None, (issue(1, comments=[stranger, known]),))

    m = model.moderate(snap, POLICY, "consultation", now=now, trusted=frozenset({42}))

    (item,) = m.published
    assert [a.comment.id for a in item.advice] == [known.id]
    assert item.held == 1 and (1, stranger.id, "held") in m.hidden
    (later,) = model.moderate(snap, POLICY, "consultation", now=now.replace(day=21), trusted=frozenset()).published
    assert [a.comment.id for a in later.advice] == [stranger.id, known.id] and later.held == 0
