"""`openbook sync` end to end against the fake GitHub: request budgets, exit codes, and a snapshot that survives."""

from __future__ import annotations

import json
import math
import os
import re
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from fakegithub import FakeGitHub
from openbook import cli
from openbook.questions import snapshot

PUBLISH = ("question",)


@pytest.fixture
def fake():
    fake = FakeGitHub().start()
    yield fake
    fake.stop()


@pytest.fixture
def hub(tmp_path, monkeypatch, fake) -> Path:
    """A minimal hub for acme/hub; sync never waits (max_wait 0) so the tests stay fast."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Hub\n")
    (tmp_path / "mkdocs.yml").write_text(
        textwrap.dedent(
            """\
            site_name: Test hub
            repo_url: https://github.com/acme/hub
            extra:
              openbook:
                questions:
                  publish_labels: [question]
                  exclude_labels: [private, spam]
                sync:
                  max_wait: 0
                  timeout: 1
                  retries: 1
            """
        )
    )
    for name in ("GITHUB_TOKEN", "GH_TOKEN", "GITHUB_API_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GITHUB_API_URL", fake.url)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767600000")
    return tmp_path


def openbook_sync(hub: Path, *args: str, capsys) -> tuple[int, str, str]:
    code = cli.main(["sync", "-f", str(hub / "mkdocs.yml"), *args])
    out, err = capsys.readouterr()
    return code, out, err


def snapshot_of(hub: Path) -> snapshot.Snapshot:
    return snapshot.load(hub / "data" / "questions.json")


def seed(fake: FakeGitHub, issues: int = 12, comments_each: int = 2) -> None:
    """Questions, bugs, a labelled pull request and a closed question, each with comments."""
    for i in range(issues):
        labels = ["question"] if i % 4 else ["bug"]
        number = fake.add_issue(f"Question {i}", labels=labels, pull_request=i == 5, state="closed" if i == 7 else "open")
        for j in range(comments_each):
            fake.add_comment(number, f"comment {j} on {i}")


def test_a_first_sync_is_full_and_stays_within_the_request_budget(hub, fake, capsys, monkeypatch):
    monkeypatch.chdir(hub)
    seed(fake, issues=250, comments_each=3)
    listed = sum(1 for i in fake.issues.values() if i["state"] == "open" and i["labels"][0]["name"] == "question")
    comments = len(fake.comments)

    code, out, err = openbook_sync(hub, capsys=capsys)

    assert code == 0, err
    # One more listing for consultations (closed ones too): one page while there are fewer than 100.
    budget = math.ceil(listed / 100) + math.ceil(comments / 100) + 2 + 1
    assert len(fake.log) == budget
    assert len(fake.log) <= math.ceil(len(fake.issues) / 100) + math.ceil(comments / 100) + 2 + 1
    published = [n for n, i in fake.issues.items() if i["state"] == "open" and "pull_request" not in i and i["labels"][0]["name"] == "question"]
    assert [q.number for q in snapshot_of(hub).questions] == sorted(published)
    assert out.strip() == (
        f"synced {len(published)} questions and {len(published) * 3} comments in {budget} requests "
        f"(0 not modified), full sync: {len(published)} added, 0 updated, 0 removed; wrote data/questions.json; "
        # The customer who asked and the staff member who answered: their next replies need no hold.
        "2 newly published authors recorded in data/questions-published.json"
    )
    assert "full sync, because there is no snapshot yet" in err


def test_on_a_terminal_a_progress_bar_shows_the_pages_of_each_listing(hub, fake, capsys, monkeypatch):
    seed(fake, issues=150, comments_each=1)
    monkeypatch.setenv("TTY_COMPATIBLE", "1")  # rich's own switch: stderr counts as a terminal

    code, out, err = openbook_sync(hub, capsys=capsys)

    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", err)
    assert code == 0
    assert "issues" in shown and "2/2 pages" in shown and "comments" in shown
    # The bar is drawn on stderr only; stdout keeps the one-line summary.
    assert out.startswith("synced 110 questions and 110 comments") and "\x1b" not in out


def test_the_snapshot_records_when_and_from_where_it_was_synced(hub, fake, capsys):
    seed(fake, issues=3)
    openbook_sync(hub, capsys=capsys)

    data = json.loads((hub / "data" / "questions.json").read_text())
    assert data["format"] == "openbook-questions" and data["version"] == 1
    assert data["source"] == {"api_url": fake.url, "repo": "acme/hub"}
    assert data["synced_at"] == "2026-01-05T08:00:00Z"


def test_an_unchanged_repository_costs_two_304s_and_leaves_the_file_byte_identical(hub, fake, capsys):
    seed(fake)
    openbook_sync(hub, capsys=capsys)
    path = hub / "data" / "questions.json"
    before, mtime = path.read_bytes(), path.stat().st_mtime_ns
    fake.reset_log()

    code, out, _ = openbook_sync(hub, capsys=capsys)

    assert code == 0
    assert [r.status for r in fake.log] == [304, 304]
    assert path.read_bytes() == before and path.stat().st_mtime_ns == mtime
    assert "in 2 requests (2 not modified)" in out and "unchanged" in out


def test_a_full_sync_of_an_unchanged_repository_writes_the_same_bytes(hub, fake, capsys):
    seed(fake)
    openbook_sync(hub, capsys=capsys)
    before = (hub / "data" / "questions.json").read_bytes()

    code, _, _ = openbook_sync(hub, "--full", capsys=capsys)

    assert code == 0 and (hub / "data" / "questions.json").read_bytes() == before


def test_an_incremental_sync_fetches_only_what_changed(hub, fake, capsys):
    seed(fake)
    openbook_sync(hub, capsys=capsys)
    questions = [q.number for q in snapshot_of(hub).questions]
    closed, unlabelled, commented, edited = questions[:4]
    fake.update_issue(closed, state="closed")
    fake.update_issue(unlabelled, labels=["bug"])
    fake.add_comment(commented, "a new answer", login="larkspur-support")
    first_comment = next(c for c in fake.comments.values() if c["issue_url"].endswith(f"/issues/{edited}"))
    fake.edit_comment(first_comment["id"], "edited")
    # A bug with old comments becomes a question: its comments are older than `since`.
    fake.update_issue(9, labels=["question", "calendar-sync"])
    fake.reset_log()

    code, out, err = openbook_sync(hub, capsys=capsys)

    assert code == 0, err
    after = {q.number: q for q in snapshot_of(hub).questions}
    assert closed not in after and unlabelled not in after
    assert after[commented].comments[-1].body == "a new answer"
    assert any(c.body == "edited" for c in after[edited].comments)
    assert [c.body for c in after[9].comments] == ["comment 0 on 8", "comment 1 on 8"]
    # Issues and comments changed (2 each: changes, then the next ETag), plus #9's own comments.
    assert [r.path.rsplit("/repos/acme/hub", 1)[1] for r in fake.log] == [
        "/issues",
        "/issues",
        "/issues/comments",
        "/issues/comments",
        "/issues/9/comments",
    ]
    assert "1 added, 2 updated, 2 removed" in out
    fake.reset_log()
    openbook_sync(hub, capsys=capsys)
    assert [r.status for r in fake.log] == [304, 304]


def test_changed_publish_labels_force_a_full_sync(hub, fake, capsys):
    seed(fake)
    openbook_sync(hub, capsys=capsys)
    config = hub / "mkdocs.yml"
    config.write_text(config.read_text().replace("publish_labels: [question]", "publish_labels: [question, bug]"))

    code, _, err = openbook_sync(hub, capsys=capsys)

    assert code == 0 and "full sync, because the publish or exclude labels changed" in err
    assert 1 in {q.number for q in snapshot_of(hub).questions}  # issue 1 is a bug


def test_without_a_token_it_says_once_that_requests_are_limited(hub, fake, capsys):
    seed(fake, issues=2)
    _, _, err = openbook_sync(hub, capsys=capsys)
    assert err.count("unauthenticated requests are limited to 60 an hour") == 1


def test_the_token_is_used_but_never_printed_or_stored(hub, fake, capsys, monkeypatch):
    secret = "ghp_TOKEN_that_must_not_leak_1234567890"
    fake.token = secret
    seed(fake, issues=2)
    monkeypatch.setenv("GH_TOKEN", secret)

    code, out, err = openbook_sync(hub, capsys=capsys)

    assert code == 0 and "60 an hour" not in err
    assert all(r.headers.get("authorization", "").endswith(secret) for r in fake.log)
    fake.token = "another"
    code, out2, err2 = openbook_sync(hub, "--full", capsys=capsys)
    assert code == 1 and "GitHub rejected the token" in err2
    for text in (out, err, out2, err2, (hub / "data" / "questions.json").read_text()):
        assert secret not in text


FAULTS = {
    "refused connection": None,
    "timeout": dict(match="/issues", kind="timeout", delay=1.5, times=None),
    "5xx": dict(match="/issues", status=502, times=None),
    "403 rate limit": "rate-403",
    "429 rate limit": "rate-429",
    "401 bad token": dict(match="/issues", status=401, body={"message": "Bad credentials"}),
    "malformed JSON": dict(match="/issues/comments", kind="malformed"),
    "JSON of another shape": dict(match="/issues", status=200, body=[{"title": "no number, no dates"}]),
    "dropped connection": dict(match="/issues", kind="reset", times=None),
}


@pytest.mark.parametrize("fault", FAULTS)
def test_every_fault_exits_1_with_one_clear_line_and_keeps_the_previous_snapshot(hub, fake, capsys, monkeypatch, fault):
    seed(fake)
    openbook_sync(hub, capsys=capsys)
    path = hub / "data" / "questions.json"
    before = path.read_bytes()
    # Something changed, so a successful sync would rewrite the file.
    fake.add_comment(2, "unseen")
    setup = FAULTS[fault]
    if setup is None:
        # GitHub's address stops answering: the connection is refused.
        fake.stop()
    elif setup == "rate-403":
        fake.rate_limited(reset_in=1800, times=None)
    elif setup == "rate-429":
        fake.rate_limited(reset_in=1800, status=429, retry_after=120, times=None)
    else:
        fake.fail(setup.pop("match"), **setup)

    code, out, err = openbook_sync(hub, capsys=capsys)

    assert code == 1
    assert path.read_bytes() == before
    lines = [line for line in err.splitlines() if "60 an hour" not in line]
    assert len(lines) == 1 and lines[0].startswith("openbook sync: "), err
    assert lines[0].endswith("The previous snapshot is kept.")
    assert "Traceback" not in err and out == ""


def test_a_failure_on_page_3_of_5_keeps_the_previous_snapshot_and_cursor(hub, fake, capsys):
    seed(fake, issues=8, comments_each=1)
    openbook_sync(hub, capsys=capsys)
    path = hub / "data" / "questions.json"
    before = path.read_bytes()
    for i in range(450):
        fake.add_issue(f"More {i}")
    fake.fail(lambda r: r.path.endswith("/issues") and r.page == 3, status=500, times=None)

    code, _, err = openbook_sync(hub, "--full", capsys=capsys)

    assert code == 1 and "(page 3)" in err
    assert sorted({r.page for r in fake.requests("/issues")}) == [1, 2, 3]
    assert path.read_bytes() == before
    # The next sync, with GitHub well again, picks up everything from the kept cursor.
    fake.faults.clear()
    assert openbook_sync(hub, capsys=capsys)[0] == 0
    assert len(snapshot_of(hub).questions) > 450


def test_an_unknown_repository_exits_1(hub, fake, capsys):
    code, _, err = openbook_sync(hub, "--repo", "acme/nope", capsys=capsys)
    assert code == 1 and "404" in err and not (hub / "data" / "questions.json").exists()
    # There was no snapshot to keep.
    assert err.rstrip().endswith("Nothing was written.") and "kept" not in err


def test_a_snapshot_that_cannot_be_written_exits_1_and_keeps_the_old_one(hub, fake, capsys, monkeypatch):
    seed(fake)
    openbook_sync(hub, capsys=capsys)
    path = hub / "data" / "questions.json"
    before = path.read_bytes()
    fake.add_comment(2, "unseen")

    def refuse(source, target):
        raise PermissionError(13, "Permission denied", str(target))

    monkeypatch.setattr(os, "replace", refuse)  # a read-only data/ folder
    code, out, err = openbook_sync(hub, capsys=capsys)

    assert code == 1 and out == ""
    assert err.splitlines()[-1] == (
        f"openbook sync: cannot write {path}: Permission denied; make the folder writable "
        "or pass --output. The previous snapshot is kept."
    )
    assert path.read_bytes() == before
    # No temp file left behind (the ledger is the first sync's record of the authors it published).
    assert sorted(p.name for p in path.parent.iterdir()) == ["questions-published.json", "questions.json"]


@pytest.mark.parametrize(
    ("args", "config_change", "message"),
    [
        (["--repo", "not-a-repo"], None, "is not of the form OWNER/NAME"),
        (["--api-url", "ftp://example"], None, "is not an http(s) URL"),
        ([], ("repo_url: https://github.com/acme/hub\n", ""), "no repository: set repo_url"),
        ([], ("max_wait: 0", "max_wait: soon"), "extra.openbook.sync.max_wait: expected int"),
    ],
)
def test_usage_and_config_errors_exit_2(hub, fake, capsys, args, config_change, message):
    if config_change:
        config = hub / "mkdocs.yml"
        config.write_text(config.read_text().replace(*config_change))

    code, _, err = openbook_sync(hub, *args, capsys=capsys)

    assert code == 2 and message in err and "Traceback" not in err
    assert fake.log == []


def test_a_corrupt_snapshot_stops_an_incremental_sync_and_full_replaces_it(hub, fake, capsys):
    seed(fake, issues=3)
    path = hub / "data" / "questions.json"
    path.parent.mkdir()
    path.write_text('{"format": "openbook-questions", "version": 1, "questions": [')

    code, _, err = openbook_sync(hub, capsys=capsys)
    assert code == 1 and "not valid JSON" in err and "--full" in err and fake.log == []

    assert openbook_sync(hub, "--full", capsys=capsys)[0] == 0
    assert len(snapshot_of(hub).questions) == 2


def test_output_flag_writes_elsewhere(hub, fake, capsys, tmp_path):
    seed(fake, issues=3)
    target = tmp_path / "elsewhere" / "q.json"
    assert openbook_sync(hub, "--output", str(target), capsys=capsys)[0] == 0
    assert snapshot.load(target).repo == "acme/hub"


def _environment(hub: Path, fake: FakeGitHub) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_TOKEN", "GH_TOKEN")}
    env["GITHUB_API_URL"] = fake.url
    return env


def signalled_mid_sync(hub: Path, fake: FakeGitHub, capsys, signum: int) -> tuple[subprocess.Popen, str, str, bytes]:
    """Sync once, then start `openbook sync --full` in a process and send it `signum` while it waits for page 2.

    Returns the process (finished), its stdout and stderr, and the snapshot's bytes before.
    """
    seed(fake, issues=8)
    openbook_sync(hub, capsys=capsys)
    before = (hub / "data" / "questions.json").read_bytes()
    for i in range(300):
        fake.add_issue(f"More {i}")
    reached, release = threading.Event(), threading.Event()

    def hold(request):
        # Hold the second page of issues until the sync has had the signal.
        if request.page == 2:
            reached.set()
            release.wait(10)

    fake.on_request = hold
    process = subprocess.Popen(
        [sys.executable, "-m", "openbook.cli", "sync", "-f", str(hub / "mkdocs.yml"), "--full"],
        env=_environment(hub, fake),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert reached.wait(20), "the sync never reached page 2"
        process.send_signal(signum)
        out, err = process.communicate(timeout=10)
    finally:
        release.set()
        process.kill()
    return process, out, err, before


def test_kill_9_in_the_middle_of_a_sync_leaves_the_old_snapshot(hub, fake, capsys):
    process, _, _, before = signalled_mid_sync(hub, fake, capsys, signal.SIGKILL)

    assert process.returncode == -signal.SIGKILL
    assert (hub / "data" / "questions.json").read_bytes() == before


def test_ctrl_c_in_the_middle_of_a_sync_says_so_in_one_line_and_keeps_the_old_snapshot(hub, fake, capsys):
    process, out, err, before = signalled_mid_sync(hub, fake, capsys, signal.SIGINT)

    assert process.returncode == cli.EXIT_INTERRUPTED
    assert err.splitlines()[-1] == "openbook sync: interrupted; nothing was written"
    assert "Traceback" not in err and out == ""
    assert (hub / "data" / "questions.json").read_bytes() == before


KILLED_WHILE_WRITING = """
import os, sys, time
from pathlib import Path
from openbook.questions import snapshot

def stall(fd):
    # The new bytes are in the temp file; the rename has not happened yet.
    print("written", flush=True)
    time.sleep(60)

os.fsync = stall
snapshot.write_atomic(Path(sys.argv[1]), "new content " * 100000)
"""


def test_kill_9_while_writing_the_snapshot_leaves_the_old_one_intact(tmp_path):
    path = tmp_path / "questions.json"
    path.write_text('{"old": true}\n')
    process = subprocess.Popen(
        [sys.executable, "-c", KILLED_WHILE_WRITING, str(path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout.readline().strip() == "written"
        temp = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
        assert temp and temp[0].stat().st_size == len("new content ") * 100000
        process.send_signal(signal.SIGKILL)
        process.wait(10)
    finally:
        process.kill()
        process.stdout.close()

    assert path.read_text() == '{"old": true}\n'
    # A later write still succeeds; the orphaned temp file is hidden and ignored by git.
    assert snapshot.write_atomic(path, "next\n") and path.read_text() == "next\n"


def test_a_deleted_question_and_a_deleted_comment_leave_once_the_last_full_sync_is_a_day_old(hub, fake, capsys,
                                                                                             monkeypatch):
    seed(fake, issues=4)
    openbook_sync(hub, capsys=capsys)
    held = {q.number: q for q in snapshot_of(hub).questions}
    deleted_issue, with_deleted_comment = sorted(held)[:2]
    deleted_comment = held[with_deleted_comment].comments[0].id
    fake.delete_issue(deleted_issue)
    # GitHub's `since` shows neither: the issue is gone from every listing, the comment's issue is untouched.
    fake.delete_comment(deleted_comment, touch_issue=False)

    # An hour later an incremental sync cannot see the deletions.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(1767600000 + 3600))
    code, _, err = openbook_sync(hub, capsys=capsys)
    assert code == 0 and "full sync" not in err
    still = {q.number: q for q in snapshot_of(hub).questions}
    assert deleted_issue in still and deleted_comment in {c.id for c in still[with_deleted_comment].comments}

    # A day after the last full sync, sync runs one by itself, and both leave.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(1767600000 + 24 * 3600))
    code, out, err = openbook_sync(hub, capsys=capsys)

    assert code == 0, err
    assert "full sync, because the last full sync, at 2026-01-05T08:00:00Z, is older than 24 hours" in err
    after = {q.number: q for q in snapshot_of(hub).questions}
    assert deleted_issue not in after
    assert deleted_comment not in {c.id for c in after[with_deleted_comment].comments}
    assert "1 removed" in out and ", full sync" in out
    assert snapshot_of(hub).cursor["full_at"] == "2026-01-06T08:00:00Z"


def test_the_full_sync_interval_is_a_setting(hub, fake, capsys, monkeypatch):
    config = hub / "mkdocs.yml"
    config.write_text(config.read_text().replace("  sync:\n", "  sync:\n      full_sync_hours: 2\n"))
    seed(fake, issues=2)
    openbook_sync(hub, capsys=capsys)
    fake.delete_issue(sorted(fake.issues)[-1])

    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(1767600000 + 2 * 3600))
    code, _, err = openbook_sync(hub, capsys=capsys)

    assert code == 0 and "is older than 2 hours (extra.openbook.sync.full_sync_hours)" in err
    assert {q.number for q in snapshot_of(hub).questions} == {n for n, i in fake.issues.items()
                                                             if "question" in str(i["labels"]) and i["state"] == "open"
                                                             and "pull_request" not in i}


def test_the_snapshot_keeps_the_permissions_it_had(hub, fake, capsys):
    seed(fake, issues=2)
    openbook_sync(hub, capsys=capsys)
    path = hub / "data" / "questions.json"
    # Not the temp file's 0600: a new snapshot is as readable as any file the user makes.
    assert path.stat().st_mode & 0o777 == 0o666 & ~current_umask()
    path.chmod(0o640)
    fake.add_issue("Another question")

    openbook_sync(hub, capsys=capsys)

    assert "Another question" in path.read_text() and path.stat().st_mode & 0o777 == 0o640


def current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_consultations_closed_ones_included_are_synced_in_the_same_snapshot_with_one_more_listing(hub, fake, capsys):
    seed(fake, issues=8, comments_each=1)
    decided = fake.add_issue("Price change 2027", "### Closing date\n\n2026-09-20", labels=["consultation"],
                             state="closed")
    fake.add_comment(decided, "Outcome: we listened")
    asked = fake.add_issue("SMS bundles", "### Closing date\n\n2027-01-15", labels=["consultation"])
    spam = fake.add_issue("Buy now", labels=["consultation", "spam"])

    code, _, err = openbook_sync(hub, capsys=capsys)

    assert code == 0, err
    listings = [(r.path, r.query.get("labels"), r.query.get("state")) for r in fake.log if r.path.endswith("/issues")]
    assert ("/repos/acme/hub/issues", "consultation", "all") in listings
    held = {q.number: q for q in snapshot_of(hub).questions}
    assert decided in held and asked in held and spam not in held
    assert [c.body for c in held[decided].comments] == ["Outcome: we listened"]
    cursor = json.loads((hub / "data" / "questions.json").read_text())["cursor"]
    assert cursor["filter"]["consultation_labels"] == ["consultation"]

    # An incremental sync sees a consultation close in its one `since` listing: it stays, closed.
    fake.update_issue(asked, state="closed")
    before = len(fake.log)
    code, _, err = openbook_sync(hub, capsys=capsys)
    assert code == 0, err
    assert len(fake.log) - before <= 4  # the two conditional listings, and a new ETag for the issues
    assert {q.number: q.state for q in snapshot_of(hub).questions}[asked] == "closed"
