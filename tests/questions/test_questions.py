"""The questions core: what is published and why not, who is staff, accepted answers, states, figures."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

from openbook.questions import rules as questions, snapshot
from openbook.questions.rules import Policy

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=timezone.utc)
POLICY = Policy(
    staff_logins=frozenset({"larkspur-support"}),
    hidden_logins=frozenset({"troll"}),
    categories=(("billing", "Billing"), ("data", "Data")),
)


def t(days_ago: float) -> str:
    return snapshot.format_time(NOW - timedelta(days=days_ago))


def person(login: str, association: str = "NONE") -> snapshot.Author:
    return snapshot.Author(login=login, association=association)


def comment(cid: int, login: str, body: str = "An answer.", association: str = "NONE", days_ago: float = 1):
    return snapshot.Comment(
        id=cid, author=person(login, association), body=body, created_at=t(days_ago), updated_at=t(days_ago),
        html_url=f"https://github.com/o/r/issues/1#issuecomment-{cid}",
    )


# Staff let these questions in with the approval label: the rules of what waits are tested below.
def question(number: int = 1, *, labels=("question", "approved"), comments=(), state="open", state_reason=None,
             locked=False, days_ago: float = 2, up: int = 0, author: str = "asker") -> snapshot.Question:
    return snapshot.Question(
        number=number, title=f"Question {number}", body="Body", state=state, state_reason=state_reason,
        labels=tuple(labels), locked=locked, author=person(author), created_at=t(days_ago),
        updated_at=t(days_ago), html_url=f"https://github.com/o/r/issues/{number}",
        reactions={"+1": up}, comments=tuple(comments),
    )


def moderate(*items: snapshot.Question, policy: Policy = POLICY) -> questions.Moderation:
    return questions.moderate(snapshot.Snapshot(repo="o/r", api_url="", synced_at=t(1), questions=items), policy,
                              now=NOW)


def only(*items: snapshot.Question, policy: Policy = POLICY) -> questions.Published:
    (published,) = moderate(*items, policy=policy).published
    return published


def test_only_questions_with_a_publish_label_and_no_excluded_label_are_published():
    result = moderate(
        question(1),
        question(2, labels=("bug",)),
        question(3, labels=("question", "spam")),
    )
    assert [p.number for p in result.published] == [1]
    assert result.skipped == (
        questions.Skipped(2, "not-labelled", "question"),
        questions.Skipped(3, "excluded-label", "spam"),
    )


def test_closed_questions_stay_published_unless_closed_as_not_planned_or_duplicate():
    result = moderate(
        question(1, state="closed", state_reason="completed"),
        question(2, state="closed", state_reason="not_planned"),
        question(3, state="closed", state_reason="duplicate"),
    )
    assert [(p.number, p.state) for p in result.published] == [(1, questions.CLOSED)]
    assert [(s.number, s.reason, s.detail) for s in result.skipped] == [(2, "closed", "not_planned"), (3, "closed", "duplicate")]


def test_locked_questions_follow_the_locked_policy():
    locked = question(1, locked=True)
    assert moderate(locked).published
    skipping = Policy(locked="skip")
    assert moderate(locked, policy=skipping).skipped == (questions.Skipped(1, "locked"),)


def test_staff_are_members_owners_collaborators_or_configured_logins():
    assert questions.is_staff(person("a", "MEMBER"), POLICY)
    assert questions.is_staff(person("a", "OWNER"), POLICY)
    assert questions.is_staff(person("a", "COLLABORATOR"), POLICY)
    assert questions.is_staff(person("Larkspur-Support", "CONTRIBUTOR"), POLICY)
    assert not questions.is_staff(person("a", "CONTRIBUTOR"), POLICY)
    assert not questions.is_staff(person("a", "NONE"), POLICY)


def test_a_staff_comment_answers_the_question_and_a_customer_comment_does_not():
    assert only(question(comments=[comment(1, "bob")])).state == questions.AWAITING
    assert only(question(comments=[comment(1, "bob"), comment(2, "priya", association="MEMBER")])).state == questions.ANSWERED
    assert only(question(comments=[comment(1, "larkspur-support", association="CONTRIBUTOR")])).state == questions.ANSWERED


def test_comments_from_bots_and_hidden_logins_are_hidden_and_reported():
    result = moderate(question(comments=[comment(1, "ci[bot]"), comment(2, "troll"), comment(3, "bob")]))
    assert [a.comment.id for a in result.published[0].answers] == [3]
    assert result.hidden == (questions.HiddenComment(1, 1, "bot"), questions.HiddenComment(1, 2, "hidden-login"))


def mark(cid: int, target: int, login: str = "priya", association: str = "MEMBER", extra: str = "", days_ago=0.5):
    body = f"Accepted answer: https://github.com/o/r/issues/1#issuecomment-{target}{extra}"
    return comment(cid, login, body, association, days_ago=days_ago)


def test_staff_accept_an_answer_with_a_comment_linking_to_it_and_it_comes_first():
    item = only(question(comments=[comment(10, "priya", association="MEMBER", days_ago=1.5), comment(11, "bob"), mark(12, 11)]))
    assert [(a.comment.id, a.accepted) for a in item.answers] == [(11, True), (10, False)]
    assert item.accepted is not None and item.accepted.comment.id == 11


def test_a_customer_cannot_accept_an_answer():
    item = only(question(comments=[comment(11, "bob", days_ago=3), mark(12, 11, login="bob", association="NONE",
                                                                        days_ago=2)]))
    assert item.accepted is None
    # The customer's comment is shown as it is, marking line and all.
    assert [a.comment.id for a in item.answers] == [11, 12]


def test_the_latest_staff_marking_wins():
    item = only(question(comments=[
        comment(10, "alice", days_ago=1.9), comment(11, "bob", days_ago=1.8),
        mark(12, 10, days_ago=1.5), mark(13, 11, login="larkspur-support", association="CONTRIBUTOR", days_ago=1.0),
    ]))
    assert item.accepted is not None and item.accepted.comment.id == 11


def test_a_marking_that_names_no_comment_of_the_question_accepts_nothing():
    item = only(question(comments=[comment(11, "bob"), mark(12, 999)]))
    # A bare marking is not an answer either: the question still waits for one.
    assert item.accepted is None and item.state == questions.AWAITING


def test_a_marking_only_comment_is_hidden_but_one_with_more_text_is_shown():
    bare = moderate(question(comments=[comment(11, "bob"), mark(12, 11)]))
    assert bare.hidden == (questions.HiddenComment(1, 12, "accepted-answer-marker"),)
    chatty = only(question(comments=[comment(11, "bob"), mark(12, 11, extra="\n\nThanks, Bob!")]))
    assert [a.comment.id for a in chatty.answers] == [11, 12]


def test_a_hidden_comment_cannot_be_the_accepted_answer():
    item = only(question(comments=[comment(11, "troll"), mark(12, 11)]))
    assert item.accepted is None


def test_references_are_found_in_order_once():
    assert questions.references("See #12, #3 and #12 again; not a#4 nor x/#5 nor &#6;") == [12, 3]


def test_figures_median_first_staff_answer_over_the_last_90_days():
    def asked(number, days_ago, answered_after_hours):
        answer_days_ago = days_ago - answered_after_hours / 24
        return question(number, days_ago=days_ago, comments=[
            comment(number * 10, "bob", days_ago=days_ago - 0.01),
            comment(number * 10 + 1, "priya", association="MEMBER", days_ago=answer_days_ago),
            comment(number * 10 + 2, "priya", association="MEMBER", days_ago=answer_days_ago - 1),
        ])

    result = moderate(
        asked(1, 10, 2), asked(2, 20, 4), asked(3, 30, 30),
        asked(4, 200, 1),  # answered long ago: outside the window
        question(5, days_ago=3), question(6, days_ago=4, state="closed"),
    )
    figures = questions.figures(result, t(1), NOW)
    assert figures.median_first_answer == timedelta(hours=4)
    assert figures.answered_in_window == 3
    assert figures.unanswered == 1
    assert figures.snapshot_age == timedelta(days=1)


def test_with_no_staff_answer_in_the_window_the_figures_know_when_the_latest_was():
    old = question(1, days_ago=200, comments=[comment(10, "priya", association="MEMBER", days_ago=199)])
    older = question(2, days_ago=300, comments=[comment(20, "priya", association="MEMBER", days_ago=299)])
    figures = questions.figures(moderate(old, older, question(3, days_ago=2)), t(1), NOW)
    assert figures.median_first_answer is None and figures.answered_in_window == 0
    assert figures.latest_first_answer == NOW - timedelta(days=199)
    assert (figures.window_start, figures.window_end) == (NOW - timedelta(days=90), NOW)
    assert figures.published == 3


def test_figures_without_answers_or_snapshot_time_say_so():
    figures = questions.figures(moderate(question()), None, NOW)
    assert figures.median_first_answer is None and figures.snapshot_age is None and figures.unanswered == 1


def test_durations_read_as_a_person_says_them():
    assert questions.duration(timedelta(minutes=45)) == "45 minutes"
    assert questions.duration(timedelta(hours=5, minutes=10)) == "5 hours"
    assert questions.duration(timedelta(days=3, hours=2)) == "3 days"


def test_index_groups_follow_the_configured_categories_then_the_rest():
    result = moderate(
        question(1, labels=("question", "approved", "data"), up=1),
        question(2, labels=("question", "approved", "billing"), up=5, days_ago=9),
        question(3, labels=("question", "approved", "billing", "data"), up=9, days_ago=5),
        question(4, labels=("question", "approved")),
    )
    groups = questions.grouped(result, POLICY, "votes")
    assert [(label, [p.number for p in items]) for label, _, items in groups] == [
        ("billing", [3, 2]), ("data", [1]), (None, [4]),
    ]
    recent = questions.grouped(result, POLICY, "recent")
    assert [p.number for p in recent[0][2]] == [3, 2]
    assert [p.number for _, _, items in questions.grouped(result, POLICY, "recent") for p in items] == [3, 2, 1, 4]


def test_recency_puts_the_latest_activity_first():
    result = moderate(question(1, days_ago=9, up=9), question(2, days_ago=1))
    assert [p.number for p in questions.ordered(result.published, "recent")] == [2, 1]
    assert [p.number for p in questions.ordered(result.published, "votes")] == [1, 2]


def test_the_owed_list_is_open_unanswered_questions_oldest_first():
    result = moderate(
        question(1, days_ago=2), question(2, days_ago=9),
        question(3, days_ago=5, comments=[comment(1, "priya", association="MEMBER")]),
        question(4, days_ago=20, state="closed"),
    )
    assert [p.number for p in questions.owed(result)] == [2, 1]


def test_the_ledger_only_grows_and_tombstones_are_what_left():
    assert questions.updated_ledger([3, 5], [5, 8]) == [3, 5, 8]
    assert questions.tombstones([3, 5, 8], [5, 8]) == [3]


def test_labels_compare_ignoring_case_as_github_does():
    result = moderate(question(1, labels=("Question", "Approved", "Billing")), question(2, labels=("question", "approved", "SPAM")))
    assert [(p.number, p.category) for p in result.published] == [(1, "billing")]
    assert result.skipped == (questions.Skipped(2, "excluded-label", "spam"),)


def test_the_median_counts_only_customers_waits_and_ignores_answers_dated_before_the_question():
    staff = {"login": "priya", "association": "MEMBER"}
    result = moderate(
        question(1, days_ago=10, comments=[comment(10, **staff, days_ago=10 - 2 / 24)]),
        # Staff asking (an FAQ they answer themselves) is nobody's wait.
        question(2, days_ago=10, author="larkspur-support", comments=[comment(20, **staff, days_ago=9.99)]),
        # A staff answer dated before the question (an imported or transferred issue) is no wait either.
        question(3, days_ago=10, comments=[comment(30, **staff, days_ago=11)]),
    )
    figures = questions.figures(result, t(1), NOW)
    assert figures.median_first_answer == timedelta(hours=2)
    assert figures.answered_in_window == 1


def test_a_content_report_is_never_published_whatever_other_labels_it_carries():
    staff_answer = comment(10, "priya", "Thanks, we are looking at it.", association="MEMBER")
    result = moderate(
        question(1),
        # The form's own label, then publish and approval labels someone added, a staff answer, a category.
        question(2, labels=("content-report",)),
        question(3, labels=("question", "Content-Report", "approved", "billing"), comments=(staff_answer,)),
        question(4, labels=("content-report", "question"), state="closed", state_reason="completed"),
        # Labelled a consultation too: neither feature publishes it.
        question(5, labels=("content-report", "consultation", "question")),
        policy=Policy(other_features=frozenset({"consultation"})),
    )
    assert [p.number for p in result.published] == [1]
    assert [(s.number, s.reason) for s in result.skipped] == [
        (2, "content-report"), (3, "content-report"), (4, "content-report"), (5, "content-report")]


# -- what waits for staff (DESIGN rule 10) -------------------------------------------------------------


def writer(cid: int, login: str, user_id: int | None, hours_ago: float, body: str = "A reply.") -> snapshot.Comment:
    when = snapshot.format_time(NOW - timedelta(hours=hours_ago))
    return snapshot.Comment(id=cid, author=snapshot.Author(login, "NONE", user_id), body=body, created_at=when,
                            updated_at=when, html_url=f"https://github.com/o/r/issues/1#issuecomment-{cid}")


def test_a_strangers_question_waits_until_staff_answer_it_or_label_it_approved():
    waiting = question(1, labels=("question",), days_ago=3)
    answered = question(2, labels=("question",), comments=[comment(20, "priya", association="MEMBER")])
    labelled = question(3, labels=("question", "APPROVED"))
    by_staff = question(4, labels=("question",), author="larkspur-support")
    result = moderate(waiting, answered, labelled, by_staff)
    assert [p.number for p in result.published] == [2, 3, 4]
    assert [(w.number, w.created_at, w.html_url) for w in result.waiting] == [
        (1, t(3), "https://github.com/o/r/issues/1")]
    # An excluded label still wins: spam is not waiting, it is skipped.
    assert moderate(question(5, labels=("question", "spam"))).waiting == ()


def test_a_form_label_or_a_bots_comment_is_no_approval():
    bot = snapshot.Comment(id=30, author=person("helper[bot]", "MEMBER"), body="Thanks!", created_at=t(1),
                           updated_at=t(1), html_url="https://github.com/o/r/issues/1#issuecomment-30")
    result = moderate(question(1, labels=("question", "billing"), comments=[bot]))
    assert result.published == () and [w.number for w in result.waiting] == [1]


def test_immediately_publishes_every_labelled_question_and_reply_at_once():
    policy = Policy(publish="immediately")
    item = only(question(1, labels=("question",), comments=[writer(10, "newcomer", 7, hours_ago=1)]), policy=policy)
    assert [a.comment.id for a in item.answers] == [10] and item.held == 0


def test_a_strangers_reply_waits_the_hold_unless_its_author_was_published_before():
    replies = [writer(10, "newcomer", 7, hours_ago=23.9), writer(11, "old-hand", 8, hours_ago=1),
               writer(12, "aged", 9, hours_ago=24), writer(13, "priya", None, hours_ago=0.1)]
    replies[3] = snapshot.Comment(13, snapshot.Author("priya", "MEMBER"), "Staff reply.", replies[3].created_at,
                                  replies[3].created_at, replies[3].html_url)
    items = snapshot.Snapshot("o/r", "", t(1), (question(1, comments=replies),))
    result = questions.moderate(items, POLICY, now=NOW, trusted=frozenset({8}))
    (item,) = result.published
    assert [a.comment.id for a in item.answers] == [11, 12, 13]
    assert item.held == 1
    assert [(h.comment, h.reason) for h in result.hidden] == [(10, "held")]
    # Trust follows the user id, not the login: a renamed author keeps it, a new owner of the old login does not.
    renamed = snapshot.Snapshot("o/r", "", t(1), (question(1, comments=[writer(10, "new-name", 8, hours_ago=1),
                                                                       writer(11, "old-hand", 99, hours_ago=1)]),))
    (item,) = questions.moderate(renamed, POLICY, now=NOW, trusted=frozenset({8})).published
    assert [a.comment.id for a in item.answers] == [10] and item.held == 1


def test_a_deleted_accounts_ghost_login_is_never_trusted():
    ghost = writer(10, "ghost", 10137, hours_ago=1)
    (item,) = questions.moderate(snapshot.Snapshot("o/r", "", t(1), (question(1, comments=[ghost]),)), POLICY,
                                 now=NOW, trusted=frozenset({10137})).published
    assert item.answers == () and item.held == 1


def test_an_answer_staff_accepted_is_published_within_its_hold():
    fresh = writer(11, "newcomer", 7, hours_ago=2)
    item = only(question(comments=[fresh, mark(12, 11, days_ago=0.01)]))
    assert item.accepted is not None and item.accepted.comment.id == 11 and item.held == 0


def test_the_authors_published_are_what_sync_records():
    replies = [writer(10, "newcomer", 7, hours_ago=2), writer(11, "aged", 9, hours_ago=30)]
    asker = snapshot.Author("asker", "NONE", 5)
    waiting = replace(question(2, labels=("question",)), author=snapshot.Author("stranger", "NONE", 6))
    published = replace(question(1, comments=replies), author=asker)
    result = questions.moderate(snapshot.Snapshot("o/r", "", t(1), (published, waiting)), POLICY, now=NOW)
    assert questions.authors_published(result) == {5, 9}


def test_the_figures_count_what_waits_for_review_and_for_how_long():
    result = moderate(question(1, labels=("question",), days_ago=3), question(2, labels=("question",), days_ago=1),
                      question(3))
    f = questions.figures(result, t(1), NOW)
    assert f.awaiting_review == 2
    assert f.longest_review_wait == timedelta(days=3)
    assert f.published == 1
