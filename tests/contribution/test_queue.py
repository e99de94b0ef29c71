"""`openbook queue`: the staff triage list, read through PyGithub from the fake GitHub server."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from fakegithub import FakeGitHub
from fakegithub_pulls import FakePulls
from openbook import cli
from openbook.contribution import queue

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def fake(monkeypatch):
    server = FakeGitHub().start()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(NOW.timestamp())))
    monkeypatch.setenv("GITHUB_TOKEN", "t0ken")
    monkeypatch.delenv("GH_TOKEN", raising=False)
    monkeypatch.delenv("GITHUB_API_URL", raising=False)
    server.token = "t0ken"
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def in_the_fixture_hub(fixture_hub, monkeypatch):
    """Every queue command runs in the fixture hub's folder, as staff run it in theirs."""
    monkeypatch.chdir(fixture_hub)


@pytest.fixture
def pulls(fake) -> FakePulls:
    return FakePulls(fake)


def run_queue(fake: FakeGitHub, capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(["queue", "-f", "mkdocs.yml", "--repo", "acme/hub", "--api-url", fake.url, *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_queue_lists_open_pull_requests_oldest_waiting_first_with_what_staff_need(fake, pulls, capsys):
    pulls.add(12, title="Raise Business prices", author="pricing-lead", association="MEMBER",
              created=NOW - timedelta(days=1), files=("data/pricing.yml",), runs=(("completed", "success"),),
              labels=("pricing",))
    pulls.add(7, title="Fix refunds wording", author="newcomer", association="FIRST_TIME_CONTRIBUTOR",
              created=NOW - timedelta(days=9, hours=3), files=("docs/practices/refunds.md", "docs/index.md"),
              runs=(("completed", "success"), ("completed", "failure")))
    pulls.add(9, title="Add a hook", author="regular", association="CONTRIBUTOR",
              created=NOW - timedelta(days=4), files=("hooks/extra.py", "docs/index.md"),
              runs=(("in_progress", None),), statuses=("success",))
    pulls.add(3, title="WIP: new FAQ", author="drafter", association="NONE", draft=True,
              created=NOW - timedelta(days=30), files=("docs/faq.md",))

    code, out, _ = run_queue(fake, capsys, "--format", "json")

    report = json.loads(out)
    assert code == cli.EXIT_OK
    assert [(p["number"], p["author"], p["first_contribution"], p["touches"], p["checks"], p["age"], p["labels"])
            for p in report["pull_requests"]] == [
        (7, "newcomer", True, ["practices", "content"], "failing", "9d 3h", []),
        (9, "regular", False, ["code", "content"], "pending", "4d 0h", []),
        (12, "pricing-lead", False, ["pricing"], "passing", "1d 0h", ["pricing"]),
        (3, "drafter", True, ["content"], "none", "30d 0h", []),
    ]
    assert report["open"] == 4 and report["pull_requests"][-1]["draft"] is True


def test_the_text_queue_is_readable_and_marks_first_contributions_and_staff(fake, pulls, capsys):
    pulls.add(7, title="Fix refunds wording", author="newcomer", created=NOW - timedelta(hours=5, minutes=30),
              files=("docs/practices/refunds.md",), labels=("practices", "good first review"))
    pulls.add(8, title="Bump constraints", author="maintainer", association="OWNER",
              created=NOW - timedelta(minutes=20), files=("constraints.txt",), statuses=("failure",))

    code, out, _ = run_queue(fake, capsys)

    assert code == cli.EXIT_OK
    assert out.splitlines() == [
        "2 open pull requests, oldest waiting first:",
        "",
        "#7  5h 30m  newcomer (first contribution)  touches: practices  checks: none  labels: practices, good first review",
        "    Fix refunds wording",
        "    https://github.com/acme/hub/pull/7",
        "#8  20m  maintainer (staff)  touches: code  checks: failing",
        "    Bump constraints",
        "    https://github.com/acme/hub/pull/8",
    ]


def test_titles_cannot_send_escape_sequences_to_the_staff_terminal(fake, pulls, capsys):
    pulls.add(1, title="Nice\x1b]0;pwned\x07 title\x1b[2J", author="x", created=NOW - timedelta(days=1))

    _, out, _ = run_queue(fake, capsys)

    assert "\x1b" not in out and "\x07" not in out
    assert "    Nice]0;pwned title[2J" in out


def test_json_output_carries_no_raw_control_or_bidi_characters(fake, pulls, capsys):
    title = "Fix \u009b2J prices \u202eevil\u202c"
    pulls.add(1, title=title, author="x", created=NOW - timedelta(days=1))

    _, out, _ = run_queue(fake, capsys, "--format", "json")

    assert out.isascii()
    assert json.loads(out)["pull_requests"][0]["title"] == title


def test_the_queue_costs_two_list_requests_and_three_per_pull_request(fake, pulls, capsys):
    for number in range(1, 6):
        pulls.add(number, created=NOW - timedelta(days=number), runs=(("completed", "success"),))
    # 130 files and 120 check runs take a second page each.
    pulls.add(6, created=NOW - timedelta(days=6), files=tuple(f"docs/p{i}.md" for i in range(130)),
              runs=tuple(("completed", "success") for _ in range(120)))
    fake.reset_log()

    code, _, _ = run_queue(fake, capsys, "--format", "json")

    paths = [r.path.rsplit("/", 1)[-1] for r in fake.log]
    assert code == cli.EXIT_OK
    assert paths.count("pulls") == 1
    assert paths.count("files") == 6 + 1
    assert paths.count("status") == 6
    assert paths.count("check-runs") == 6 + 1
    assert paths.count("issues") == 1  # the open content reports
    assert len(fake.log) == 2 + 3 * 6 + 2
    assert all(r.headers.get("authorization") == "token t0ken" for r in fake.log)


def test_no_open_pull_requests_is_said_plainly(fake, pulls, capsys):
    pulls.add(1, created=NOW - timedelta(days=1), state="closed")

    code, out, _ = run_queue(fake, capsys)

    assert (code, out.strip()) == (cli.EXIT_OK, "No open pull requests.")


def test_a_rejected_token_is_one_clear_line_and_exit_1(fake, pulls, capsys, monkeypatch):
    monkeypatch.setenv("GITHUB_TOKEN", "wrong")

    code, out, err = run_queue(fake, capsys)

    assert code == cli.EXIT_FAILED and out == ""
    assert err.strip() == "openbook queue: GitHub rejected the token (401 Bad credentials); check GITHUB_TOKEN or GH_TOKEN"


def test_an_unknown_repository_names_the_repo_and_the_api_url(fake, pulls, capsys):
    code = cli.main(["queue", "-f", "mkdocs.yml", "--repo", "acme/nope", "--api-url", fake.url])

    err = capsys.readouterr().err
    assert code == cli.EXIT_FAILED
    # The first request is for the open content reports.
    assert f"not found at {fake.url}: GET /repos/acme/nope/issues (404)" in err
    assert "check the repository name (--repo, or repo_url in mkdocs.yml)" in err


def test_the_api_url_comes_from_github_api_url_as_for_sync(fake, pulls, capsys, monkeypatch):
    pulls.add(1, created=NOW - timedelta(days=1))
    monkeypatch.setenv("GITHUB_API_URL", fake.url)

    code = cli.main(["queue", "-f", "mkdocs.yml", "--repo", "acme/hub", "--format", "json"])

    assert code == cli.EXIT_OK
    assert json.loads(capsys.readouterr().out)["open"] == 1


def test_a_bad_repo_name_is_a_usage_error(fake, capsys):
    code = cli.main(["queue", "-f", "mkdocs.yml", "--repo", "not a repo", "--api-url", fake.url])

    assert code == cli.EXIT_USAGE
    assert "OWNER/NAME" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("status_state", "count", "runs", "expected"),
    [
        ("pending", 0, [], "none"),
        ("pending", 0, [("completed", "success"), ("completed", "skipped")], "passing"),
        ("success", 2, [("queued", None)], "pending"),
        ("failure", 1, [("completed", "success")], "failing"),
        (None, 0, [("completed", "timed_out")], "failing"),
    ],
)
def test_checks_are_summed_up_in_one_word(status_state, count, runs, expected):
    assert queue.checks_state(status_state, count, runs) == expected


@pytest.mark.parametrize(
    ("association", "first"),
    [("FIRST_TIME_CONTRIBUTOR", True), ("FIRST_TIMER", True), ("NONE", True), ("CONTRIBUTOR", False),
     ("MEMBER", False), ("OWNER", False), ("COLLABORATOR", False)],
)
def test_first_contribution_follows_author_association(association, first):
    pull = queue.Pull(1, "t", "u", "a", association, False, NOW, NOW, (), (), "none")

    assert pull.first_contribution is first


def test_a_passing_server_error_is_retried_as_sync_retries_it(fake, pulls, capsys):
    pulls.add(5, title="Typo", author="reader", association="NONE", created=NOW - timedelta(days=2),
              files=("docs/index.md",))
    fake.fail("/status", status=502, times=1)

    code, out, err = run_queue(fake, capsys, "--format", "json")

    assert code == cli.EXIT_OK, err
    assert [p["number"] for p in json.loads(out)["pull_requests"]] == [5]
    assert [r.status for r in fake.requests("/status")] == [502, 200]


@pytest.mark.parametrize(
    "listed",
    [
        [{"number": 1, "title": "no head, no dates"}],
        [{"number": 1, "head": {"sha": "ab"}, "created_at": None, "labels": [{"name": "x"}]}],
        {"message": "an object, not a list"},
    ],
)
def test_pull_requests_of_an_unexpected_shape_are_one_clear_line_not_a_traceback(fake, pulls, capsys, listed):
    fake.fail("/pulls", status=200, body=listed, times=None)
    fake.fail(lambda r: r.path.endswith(("/files", "/check-runs")), status=200, body=[], times=None)
    fake.fail("/status", status=200, body={}, times=None)

    code, out, err = run_queue(fake, capsys)

    assert code == cli.EXIT_FAILED and out == ""
    [line] = err.splitlines()
    assert line.startswith("openbook queue: GitHub sent ") and "unexpected shape" in line


def test_on_a_terminal_a_progress_bar_counts_the_pull_requests(fake, pulls, capsys, monkeypatch):
    for number in (1, 2, 3):
        pulls.add(number, created=NOW - timedelta(days=number))
    monkeypatch.setenv("TTY_COMPATIBLE", "1")  # rich's own switch: stderr counts as a terminal

    code, out, err = run_queue(fake, capsys, "--format", "json")

    assert code == cli.EXIT_OK and json.loads(out)["open"] == 3
    assert "pull requests" in err and "3/3" in err


def test_without_a_token_it_says_once_as_sync_does_that_requests_are_limited(fake, pulls, capsys, monkeypatch):
    monkeypatch.delenv("GITHUB_TOKEN")
    fake.token = None
    pulls.add(1, created=NOW - timedelta(days=1))

    code, out, err = run_queue(fake, capsys)

    assert code == cli.EXIT_OK and out.startswith("1 open pull request,")
    assert err.splitlines() == [
        "openbook queue: note: no GITHUB_TOKEN or GH_TOKEN is set: unauthenticated requests are limited "
        "to 60 an hour and see public repositories only"
    ]


def test_open_content_reports_are_listed_first_and_marked_whatever_their_labels(fake, pulls, capsys):
    pulls.add(7, title="Fix refunds wording", author="newcomer", created=NOW - timedelta(days=9),
              files=("docs/practices/refunds.md",))
    fake.add_issue("Content report: https://hub.example/questions/12/", "### Page address\n\n…",
                   labels=("content-report",), login="reporter")
    fake.add_issue("Content report: https://hub.example/questions/3/\x1b[2J", "…",
                   labels=("content-report", "question", "approved"), login="other-reporter")
    fake.add_issue("A question", labels=("question",))
    fake.add_issue("Closed report", labels=("content-report",), state="closed")
    fake.add_issue("A pull request labelled so", labels=("content-report",), pull_request=True)

    code, out, _ = run_queue(fake, capsys)

    assert code == cli.EXIT_OK
    lines = out.splitlines()
    assert lines[0] == ("2 open content reports (notices of illegal or rule-breaking content on the hub), "
                        "oldest first: decide these first")
    marked = [line for line in lines if "CONTENT REPORT" in line]
    assert [line.split()[0] for line in marked] == ["#1", "#2"]
    assert marked[0].endswith("reporter") and "\x1b" not in out
    assert lines.index("1 open pull request, oldest waiting first:") > out.splitlines().index(marked[-1])
    assert "A question" not in out and "Closed report" not in out and "labelled so" not in out

    code, out, _ = run_queue(fake, capsys, "--format", "json")
    report = json.loads(out)
    assert report["open_content_reports"] == 2
    assert [(r["number"], r["author"]) for r in report["content_reports"]] == [(1, "reporter"), (2, "other-reporter")]
    assert [p["number"] for p in report["pull_requests"]] == [7]


def test_with_reports_and_no_pull_requests_both_are_said(fake, pulls, capsys):
    fake.add_issue("Content report: https://hub.example/questions/12/", labels=("content-report",))

    _, out, _ = run_queue(fake, capsys)

    assert "#1  CONTENT REPORT" in out and out.rstrip().endswith("No open pull requests.")
