"""The pure side of question sync: GitHub payloads in, snapshot questions out."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from openbook.questions import snapshot, sync
from openbook.questions.snapshot import Snapshot

from fakegithub import FakeGitHub

RULE = sync.Filter(publish_labels=("question",), exclude_labels=("private", "spam"))


@pytest.fixture
def fake() -> FakeGitHub:
    # Only the payload shapes are used here; no server is started.
    fake = FakeGitHub()
    fake.url = "https://api.github.com"
    return fake


def _snapshot(questions: dict) -> Snapshot:
    return Snapshot(repo="acme/hub", api_url="https://api.github.com", synced_at=None, questions=tuple(questions.values()))


def test_only_open_labelled_issues_that_are_not_pull_requests_are_published(fake):
    published = fake.add_issue("Published")
    fake.add_issue("A bug", labels=["bug"])
    fake.add_issue("A labelled pull request", pull_request=True)
    fake.add_issue("Closed question", state="closed")
    fake.add_issue("Private question", labels=["question", "private"])
    fake.add_issue("Spam, capitalised", labels=["Question", "SPAM"])
    also = fake.add_issue("Case does not matter", labels=["Question"])

    questions = sync.merge(None, sync.Changes(issues=list(fake.issues.values()), full=True), RULE)

    assert sorted(questions) == [published, also]


def test_a_question_that_closed_or_lost_its_label_leaves_the_snapshot(fake):
    closed, unlabelled, excluded, kept = (fake.add_issue(f"Q{i}") for i in range(4))
    previous = _snapshot(sync.merge(None, sync.Changes(issues=list(fake.issues.values()), full=True), RULE))
    fake.update_issue(closed, state="closed")
    fake.update_issue(unlabelled, labels=["bug"])
    fake.update_issue(excluded, labels=["question", "spam"])
    changed = [fake.issues[n] for n in (closed, unlabelled, excluded)]

    questions = sync.merge(previous, sync.Changes(issues=changed), RULE)

    assert sorted(questions) == [kept]


def test_a_locked_question_is_kept_with_all_its_comments(fake):
    number = fake.add_issue("Locked", locked=True)
    fake.add_comment(number, "first")
    fake.add_comment(number, "second")

    questions = sync.merge(
        None, sync.Changes(issues=[fake.issues[number]], comments=list(fake.comments.values()), full=True), RULE
    )

    assert questions[number].locked is True
    assert [c.body for c in questions[number].comments] == ["first", "second"]


def test_comments_land_only_on_published_questions(fake):
    question = fake.add_issue("Q")
    bug = fake.add_issue("Bug", labels=["bug"])
    fake.add_comment(question, "on the question")
    fake.add_comment(bug, "on the bug")

    questions = sync.merge(
        None, sync.Changes(issues=list(fake.issues.values()), comments=list(fake.comments.values()), full=True), RULE
    )

    assert [c.body for c in questions[question].comments] == ["on the question"]
    assert bug not in questions


def test_an_edited_comment_replaces_the_old_one_and_an_older_copy_never_wins(fake):
    number = fake.add_issue("Q")
    comment = fake.add_comment(number, "first draft")
    old = dict(fake.comments[comment])
    previous = _snapshot(
        sync.merge(None, sync.Changes(issues=[fake.issues[number]], comments=[old], full=True), RULE)
    )
    fake.edit_comment(comment, "final answer")
    new = dict(fake.comments[comment])

    # The same comment seen twice in one sync (pages shifted): the newer version wins.
    questions = sync.merge(previous, sync.Changes(comments=[new, old]), RULE)

    assert [c.body for c in questions[number].comments] == ["final answer"]


def test_only_what_the_pages_need_is_kept_and_no_email(fake):
    number = fake.add_issue("Q", body="Body", reactions={"+1": 3, "heart": 1}, association="CONTRIBUTOR")
    fake.add_comment(number, "Answer", login="larkspur-support", association="MEMBER", reactions={"rocket": 2})

    questions = sync.merge(
        None, sync.Changes(issues=[fake.issues[number]], comments=list(fake.comments.values()), full=True), RULE
    )
    text = snapshot.dumps(_snapshot(questions))

    assert "@example.com" not in text and "avatar" not in text and "node_id" not in text
    question = questions[number]
    # GitHub's user id is kept: trust in an author survives a renamed login.
    assert question.author == snapshot.Author("customer", "CONTRIBUTOR", fake.issues[number]["user"]["id"])
    assert question.reactions["+1"] == 3 and question.reactions["heart"] == 1 and question.reactions["eyes"] == 0
    assert question.comments[0].author == snapshot.Author("larkspur-support", "MEMBER",
                                                          fake.user("larkspur-support")["id"])
    assert question.comments[0].reactions["rocket"] == 2
    assert question.html_url == f"https://github.com/acme/hub/issues/{number}"


def test_deleted_users_null_bodies_unicode_and_huge_bodies_survive(fake):
    huge = "🦆 <script>alert(1)</script> " * 40_000
    number = fake.add_issue("Ünïcode ❓ <img src=x onerror=alert(1)>", body=None, login=None)
    fake.add_comment(number, None, login=None)
    fake.add_comment(number, huge, login="ghost")
    fake.add_comment(number, "\u202eright-to-left\u0000 and a NUL")

    questions = sync.merge(
        None, sync.Changes(issues=[fake.issues[number]], comments=list(fake.comments.values()), full=True), RULE
    )
    text = snapshot.dumps(_snapshot(questions))
    again = snapshot.from_dict(json.loads(text))

    question = again.questions[0]
    assert question.title == "Ünïcode ❓ <img src=x onerror=alert(1)>"
    assert question.body == "" and question.author.login == "ghost"
    assert [c.author.login for c in question.comments] == ["ghost", "ghost", "staff"]
    assert question.comments[0].body == "" and question.comments[1].body == huge
    assert question.comments[2].body == "\u202eright-to-left\u0000 and a NUL"


def test_the_same_questions_always_serialize_to_the_same_bytes(fake):
    for i in range(5):
        number = fake.add_issue(f"Q{i}", labels=["question", f"area-{i}"])
        fake.add_comment(number, f"c{i}")
    issues, comments = list(fake.issues.values()), list(fake.comments.values())

    forward = sync.merge(None, sync.Changes(issues=issues, comments=comments, full=True), RULE)
    backward = sync.merge(None, sync.Changes(issues=issues[::-1], comments=comments[::-1], full=True), RULE)

    assert snapshot.dumps(_snapshot(forward)) == snapshot.dumps(_snapshot(dict(reversed(backward.items()))))


def test_a_question_whose_comment_count_differs_from_the_comments_held_needs_its_own_listing(fake):
    newly_published = fake.add_issue("Was a bug", labels=["bug"])
    fake.add_comment(newly_published, "old comment, outside the since window")
    steady = fake.add_issue("Steady")
    fake.add_comment(steady, "held")
    previous = _snapshot(
        sync.merge(None, sync.Changes(issues=list(fake.issues.values()), comments=list(fake.comments.values()), full=True), RULE)
    )
    fake.update_issue(newly_published, labels=["question"])
    changed = [fake.issues[newly_published], fake.issues[steady]]

    questions = sync.merge(previous, sync.Changes(issues=changed), RULE)

    assert sync.comment_gaps(questions, changed) == [newly_published]


def test_a_full_sync_reason_is_given_when_the_snapshot_cannot_be_continued():
    cursor = {"issues": {"since": "2026-01-01T00:00:00Z"}, "comments": {"since": "2026-01-01T00:00:00Z"},
              "full_at": "2026-01-01T00:00:00Z"}
    good = Snapshot("acme/hub", "https://api.github.com", None, cursor={**cursor, "filter": RULE.as_cursor()})
    hour_later = datetime(2026, 1, 1, 1, tzinfo=timezone.utc)

    assert sync.full_sync_reason(good, "acme/hub", "https://api.github.com", RULE, now=hour_later) is None
    day_later = datetime(2026, 1, 2, tzinfo=timezone.utc)
    assert "older than 24 hours" in sync.full_sync_reason(good, "acme/hub", "https://api.github.com", RULE,
                                                          now=day_later)
    assert sync.full_sync_reason(good, "acme/hub", "https://api.github.com", RULE, now=day_later,
                                 full_sync_hours=48) is None
    never_full = Snapshot("acme/hub", "https://api.github.com", None, cursor={**cursor, "full_at": None,
                                                                             "filter": RULE.as_cursor()})
    assert "no full sync yet" in sync.full_sync_reason(never_full, "acme/hub", "https://api.github.com", RULE,
                                                       now=hour_later)
    assert "no snapshot" in sync.full_sync_reason(None, "acme/hub", "https://api.github.com", RULE)
    assert "acme/hub" in sync.full_sync_reason(good, "acme/other", "https://api.github.com", RULE)
    other_labels = sync.Filter(("faq",), ())
    assert "labels changed" in sync.full_sync_reason(good, "acme/hub", "https://api.github.com", other_labels)
    no_cursor = Snapshot("acme/hub", "https://api.github.com", None, cursor={"filter": RULE.as_cursor()})
    assert "cursor" in sync.full_sync_reason(no_cursor, "acme/hub", "https://api.github.com", RULE)


def test_consultations_are_kept_open_or_closed_but_never_pull_requests_or_excluded(fake):
    rule = sync.Filter(("question",), ("spam",), ("consultation",))
    asked = fake.add_issue("Open consultation", labels=["consultation"])
    decided = fake.add_issue("Decided consultation", labels=["Consultation"], state="closed")
    by_customer = fake.add_issue("A customer's, the build decides", labels=["consultation"], association="NONE")
    fake.add_issue("Spam", labels=["consultation", "spam"])
    fake.add_issue("A labelled pull request", labels=["consultation"], pull_request=True)
    fake.add_issue("Closed question", state="closed")

    questions = sync.merge(None, sync.Changes(issues=list(fake.issues.values()), full=True), rule)

    assert sorted(questions) == [asked, decided, by_customer]
    assert rule.as_cursor()["consultation_labels"] == ["consultation"]
    # Without consultations the cursor is as it always was, so a hub's file does not change.
    assert "consultation_labels" not in RULE.as_cursor()
