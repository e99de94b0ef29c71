"""Sync records the issues GitHub closed as duplicates of a question: a full sync, then incremental ones."""

from __future__ import annotations

from test_sync_cli import fake, hub, openbook_sync, snapshot_of  # noqa: F401 - the fixtures and helpers

from openbook.questions import sync


def _paths(fake) -> list[str]:
    return [r.path.rsplit("/repos/acme/hub", 1)[1] for r in fake.log]


def test_a_full_sync_records_closed_duplicates_with_who_marked_them(hub, fake, capsys):
    question = fake.add_issue("How do I export?", reactions={"+1": 3})
    duplicate = fake.add_issue("Export my data?", reactions={"+1": 2})
    fake.close_as_duplicate(duplicate, question)
    # A marking of an issue that is still open, and one naming an issue that is no question, count for nothing.
    still_open = fake.add_issue("Export again?", labels=["bug"])
    fake.add_comment(still_open, "Duplicate of #1")
    elsewhere = fake.add_issue("A bug", labels=["bug"])
    other = fake.add_issue("Same bug", labels=["bug"])
    fake.close_as_duplicate(other, elsewhere)
    # The question changes last, so the closed duplicate is in no listing a full sync reads.
    fake.add_comment(question, "Settings, Data, Export.")
    fake.reset_log()

    code, out, err = openbook_sync(hub, capsys=capsys)

    assert code == 0, err
    found = snapshot_of(hub).duplicates
    assert [(d.number, d.of, d.marked_by.login, d.marked_by.association, d.reactions["+1"]) for d in found] == [
        (duplicate, question, "staff", "MEMBER", 2)]
    # Four listings, then one request for each marked issue naming a question that no listing showed.
    assert _paths(fake) == ["/issues", "/issues", "/issues/comments", "/issues/comments",
                            f"/issues/{duplicate}", f"/issues/{still_open}"]


def test_an_incremental_sync_adds_new_duplicates_and_drops_reopened_ones(hub, fake, capsys):
    question = fake.add_issue("How do I export?")
    first = fake.add_issue("Export?")
    fake.close_as_duplicate(first, question)
    openbook_sync(hub, capsys=capsys)
    assert [d.number for d in snapshot_of(hub).duplicates] == [first]

    second = fake.add_issue("Export please?")
    fake.close_as_duplicate(second, question)
    fake.update_issue(first, state="open")
    fake.reset_log()
    code, _, err = openbook_sync(hub, capsys=capsys)

    assert code == 0, err
    assert [(d.number, d.of) for d in snapshot_of(hub).duplicates] == [(second, question)]
    # The state=all listing shows both issues, and the marking is among the changed comments: no extra request.
    assert _paths(fake) == ["/issues", "/issues", "/issues/comments", "/issues/comments"]


def test_a_duplicate_whose_marking_is_older_than_the_last_sync_is_found_from_its_comments(hub, fake, capsys):
    question = fake.add_issue("How do I export?")
    late = fake.add_issue("Export?")
    fake.add_comment(late, "Duplicate of #1")
    openbook_sync(hub, capsys=capsys)
    fake.update_issue(late, state="closed", state_reason="duplicate")
    fake.issues[late]["state_reason"] = "duplicate"
    fake.reset_log()

    code, _, err = openbook_sync(hub, capsys=capsys)

    assert code == 0, err
    assert [(d.number, d.of) for d in snapshot_of(hub).duplicates] == [(late, question)]
    assert f"/issues/{late}/comments" in _paths(fake)


def test_the_marking_line_is_github_s_and_the_latest_one_wins():
    comments = [
        {"id": 1, "issue_url": "https://api/repos/o/r/issues/7", "body": "Duplicate of #3",
         "created_at": "2026-01-01T00:00:00Z", "user": {"login": "a"}, "author_association": "MEMBER"},
        {"id": 2, "issue_url": "https://api/repos/o/r/issues/7", "body": "Thanks!\nduplicate of #4\n",
         "created_at": "2026-01-02T00:00:00Z", "user": {"login": "b"}, "author_association": "OWNER"},
        {"id": 3, "issue_url": "https://api/repos/o/r/issues/8", "body": "This is not a duplicate of #3",
         "created_at": "2026-01-03T00:00:00Z", "user": {"login": "c"}, "author_association": "NONE"},
    ]
    found = sync.duplicate_markings(comments)
    assert {number: (of, author.login) for number, (of, author, _) in found.items()} == {7: (4, "b")}
