"""The GitHub Actions workflows: zizmor finds nothing, the hardening rules hold, and the comment step is safe.

The comment step's own shell and Python run here, with a stand-in `gh` on PATH,
so a hostile review artifact is tested against the real script, not a copy.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
ZIZMOR = Path(sys.executable).parent / "zizmor"


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    # YAML 1.1 reads a bare `on` key as the boolean True.
    on = workflow.get("on", workflow.get(True))
    return {name: None for name in on} if isinstance(on, list) else dict(on)


def steps(workflow: dict):
    for job_name, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield job_name, step


def test_the_three_workflows_exist():
    assert [p.name for p in WORKFLOWS] == ["deploy.yml", "pr-comment.yml", "pull-request.yml"]


def test_zizmor_finds_nothing_in_github_folder():
    zizmor = str(ZIZMOR) if ZIZMOR.exists() else shutil.which("zizmor")
    assert zizmor, "zizmor is not installed (it is in the test extra: pip install -e .[test])"
    env = {k: v for k, v in os.environ.items() if k not in ("GH_TOKEN", "GITHUB_TOKEN", "ZIZMOR_GITHUB_TOKEN")}
    result = subprocess.run(
        [zizmor, "--offline", "--persona", "pedantic", "--no-progress", str(GITHUB)],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )
    assert result.returncode == 0, f"zizmor --offline --persona pedantic .github/ reported:\n{result.stdout}\n{result.stderr}"
    assert "No findings to report" in result.stdout


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_workflow_uses_pull_request_target(path):
    assert "pull_request_target" not in triggers(load(path))
    assert "pull_request_target" not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_permissions_are_empty_at_the_top_and_granted_per_job(path):
    workflow = load(path)
    assert workflow["permissions"] == {}
    for name, job in workflow["jobs"].items():
        assert isinstance(job.get("permissions"), dict) and job["permissions"], f"job {name} has no permissions block"
        assert "write-all" not in str(job["permissions"]) and "read-all" not in str(job["permissions"])


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_full_commit_sha_with_its_version_in_a_comment(path):
    uses_lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if re.match(r"\s*(- )?uses:", line)]
    assert uses_lines
    for line in uses_lines:
        assert re.fullmatch(r"(- )?uses: [\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*", line), line


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_expression_is_expanded_inside_a_run_script(path):
    for job, step in steps(load(path)):
        script = step.get("run", "")
        # Untrusted values reach scripts only through env:, never as ${{ }} text.
        assert "${{" not in script, f"{path.name} job {job}: ${{{{ }}}} inside run: {script[:80]}"
        assert not re.search(r"github\.(event|head_ref)", script)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_checkouts_keep_no_credentials_and_runs_are_grouped(path):
    workflow = load(path)
    for _, step in steps(workflow):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False
    assert "group" in workflow["concurrency"]


def test_pull_request_workflow_checks_with_the_bases_engine_and_previews_without_deciding():
    text = (GITHUB / "workflows/pull-request.yml").read_text(encoding="utf-8")
    workflow = load(GITHUB / "workflows/pull-request.yml")
    assert list(triggers(workflow)) == ["pull_request"]
    assert "${{ secrets." not in text and "github.token" not in text
    check, preview = workflow["jobs"]["check"], workflow["jobs"]["preview"]
    for job in (check, preview):
        assert job["permissions"] == {"contents": "read"}
    # The check job installs openbook from the base commit, never from the pull request.
    checkouts = [s for s in check["steps"] if s.get("uses", "").startswith("actions/checkout@")]
    engine = next(s for s in checkouts if s["with"]["path"] == "engine")
    assert engine["with"]["ref"] == "${{ github.event.pull_request.base.sha }}"
    install = next(s for s in check["steps"] if "pip install" in s.get("run", ""))
    assert install["working-directory"] == "engine"
    scripts = "\n".join(step.get("run", "") for step in check["steps"])
    assert '../engine/.venv/bin/openbook check --base "origin/$BASE_REF" --format github' in scripts
    assert '../engine/.venv/bin/openbook review --base "origin/$BASE_REF"' in scripts and '>> "$GITHUB_STEP_SUMMARY"' in scripts
    assert "mkdocs build" not in scripts
    # The preview runs the pull request's code: a build and an upload, and nothing that decides.
    preview_scripts = "\n".join(step.get("run", "") for step in preview["steps"])
    assert "mkdocs build --strict" in preview_scripts and "openbook" not in preview_scripts.replace("openbook from", "")
    uploads = {step["with"]["name"]: step["with"]["path"] for job in (check, preview) for step in job["steps"]
               if step.get("uses", "").startswith("actions/upload-artifact@")}
    assert uploads == {"review": "review/", "site": "site/"}


def test_comment_workflow_judges_with_the_default_branchs_engine_and_never_runs_the_prs_code():
    workflow = load(GITHUB / "workflows/pr-comment.yml")
    assert triggers(workflow) == {"workflow_run": {"workflows": ["Pull request"], "types": ["completed"]}}
    [job] = workflow["jobs"].values()
    assert job["permissions"] == {"actions": "read", "contents": "read", "pull-requests": "write", "statuses": "write"}
    steps_ = job["steps"]
    checkouts = {s["with"]["path"]: s["with"] for s in steps_ if s.get("uses", "").startswith("actions/checkout@")}
    # The engine is this (the default) branch; the pull request is checked out as data only.
    assert "ref" not in checkouts["engine"]
    assert checkouts["hub"]["ref"] == "${{ github.event.workflow_run.head_sha }}"
    install = next(s for s in steps_ if "pip install" in s.get("run", ""))
    assert install["working-directory"] == "engine"
    judge = next(s for s in steps_ if "openbook check" in s.get("run", ""))
    assert "GH_TOKEN" not in judge.get("env", {}) and "../engine/.venv/bin/openbook review" in judge["run"]
    # Nothing from the pull request's run is used but its number: the review is made here.
    post = next(s for s in steps_ if s.get("name") == "Post or update the review comment")
    assert '"$RUNNER_TEMP/review.md"' in post["run"] and "review_dir" not in post["run"]
    assert 'context="openbook gate"' in post["run"]


def test_deploy_workflow_syncs_builds_strictly_and_deploys_even_when_sync_fails():
    workflow = load(GITHUB / "workflows/deploy.yml")
    assert set(triggers(workflow)) == {"push", "schedule", "issues", "issue_comment", "workflow_dispatch"}
    build = workflow["jobs"]["build"]
    by_name = {step.get("name", step.get("uses", "")): step for step in build["steps"]}
    checkout = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    sync = by_name["Sync questions from GitHub issues"]
    assert sync["continue-on-error"] is True and sync["env"]["GITHUB_TOKEN"] == "${{ github.token }}"
    # GitHub's report of a deletion or a transfer reconciles in full at once; nothing else does.
    assert set(sync["env"]) == {"GITHUB_TOKEN", "RECONCILE"}
    assert "deleted" in sync["env"]["RECONCILE"] and "transferred" in sync["env"]["RECONCILE"]
    assert sync["run"] == ".venv/bin/openbook sync ${RECONCILE:+--full}"
    assert {"deleted", "transferred"} <= set(triggers(workflow)["issues"]["types"])
    assert "deleted" in triggers(workflow)["issue_comment"]["types"]
    warn = by_name["Say that the deploy uses the last snapshot"]
    assert warn["if"] == "steps.sync.outcome != 'success'" and "GITHUB_STEP_SUMMARY" in warn["run"]
    assert "mkdocs build --strict" in by_name["Build the site (strict)"]["run"]
    used = " ".join(s.get("uses", "") for s in build["steps"] + workflow["jobs"]["deploy"]["steps"])
    for action in ("actions/cache/restore@", "actions/cache/save@", "actions/configure-pages@",
                   "actions/upload-pages-artifact@", "actions/deploy-pages@"):
        assert action in used
    # Comments on pull requests (the review comment itself) must not trigger deploys.
    assert "github.event.issue.pull_request == null" in build["if"]


def test_workflows_install_openbook_as_the_manual_says():
    readme = (ROOT / "manual" / "docs" / "deploying.md").read_text(encoding="utf-8")
    command = ".venv/bin/python -m pip install --disable-pip-version-check -c constraints.txt -e ."
    assert command in readme
    for name in ("deploy.yml", "pull-request.yml"):
        assert command in (GITHUB / "workflows" / name).read_text(encoding="utf-8")


# --- the comment step, run for real with a stand-in gh --------------------------------------

FAKE_GH = r'''#!/usr/bin/env python3
import json, os, sys
args = sys.argv[1:]
with open(os.environ["FAKE_GH_LOG"], "a") as log:
    log.write(json.dumps(args) + "\n")
if "--method" in args:
    method = args[args.index("--method") + 1]
    if "--input" in args:
        with open(args[args.index("--input") + 1]) as body:
            payload = json.load(body)
    else:
        payload = {"body": dict(args[i + 1].split("=", 1) for i, a in enumerate(args) if a == "-f")}
    with open(os.environ["FAKE_GH_LOG"], "a") as log:
        log.write(json.dumps({"method": method, "path": args[args.index("--method") + 2], "body": payload["body"]}) + "\n")
elif any(arg.endswith("/comments?per_page=100") for arg in args):
    if os.environ.get("FAKE_COMMENT_ID"):
        print(os.environ["FAKE_COMMENT_ID"])
else:
    print(os.environ["FAKE_PR_HEAD"] + " main")
'''

HEAD = "a" * 40


def comment_script() -> str:
    """The comment job's steps that talk to GitHub, as one script: find the pull request, then post.

    The judge step between them runs openbook; here its output, review.md and
    check-exit, is written by the test. Step outputs reach the post step through
    its env, as GitHub passes them.
    """
    workflow = load(GITHUB / "workflows/pr-comment.yml")
    [job] = workflow["jobs"].values()
    by_name = {step.get("name"): step for step in job["steps"]}
    find, post = by_name["Find the pull request"]["run"], by_name["Post or update the review comment"]["run"]
    return (f"GITHUB_OUTPUT=\"$RUNNER_TEMP/outputs\"; : > \"$GITHUB_OUTPUT\"\n( {find}\n) || exit $?\n"
            "NUMBER=\"$(sed -n 's/^number=//p' \"$GITHUB_OUTPUT\")\"\n"
            "[ -n \"$NUMBER\" ] || exit 0\nexport NUMBER\n" + post)


@pytest.fixture
def comment_step(tmp_path):
    if shutil.which("bash") is None or shutil.which("python3") is None:
        pytest.skip("the comment step needs bash and python3")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    gh = bin_dir / "gh"
    gh.write_text(FAKE_GH)
    gh.chmod(gh.stat().st_mode | stat.S_IEXEC)
    artifact = tmp_path / "runner" / "review"
    artifact.mkdir(parents=True)
    log = tmp_path / "gh.log"

    def run(review: str, number: str, *, pr_head: str = HEAD, existing: str = "", check_exit: str = "0") -> tuple[int, str, list]:
        # The judge step's output; the artifact holds only the number.
        (artifact.parent / "review.md").write_text(review, encoding="utf-8")
        (artifact.parent / "check-exit").write_text(check_exit + "\n", encoding="utf-8")
        (artifact / "pr-number").write_text(number, encoding="utf-8")
        log.write_text("")
        env = {
            "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
            "RUNNER_TEMP": str(tmp_path / "runner"),
            "GH_TOKEN": "t", "REPO": "acme/hub", "HEAD_SHA": HEAD,
            "RUN_URL": "https://github.com/acme/hub/actions/runs/1",
            "FAKE_GH_LOG": str(log), "FAKE_PR_HEAD": pr_head, "FAKE_COMMENT_ID": existing,
        }
        result = subprocess.run(["bash", "-c", comment_script()], env=env, capture_output=True, text=True,
                                timeout=60, check=False)
        calls = [json.loads(line) for line in log.read_text().splitlines()]
        return result.returncode, result.stdout + result.stderr, calls

    return run


def test_the_comment_step_posts_a_neutralised_review_once(comment_step):
    hostile = "## openbook review\n\n<img src=x onerror=alert(1)> @octocat ![p](https://t.example/p.png)\n" + "x" * 70_000

    code, output, calls = comment_step(hostile, "7\n")

    posts = [c for c in calls if isinstance(c, dict) and "/statuses/" not in c["path"]]
    assert code == 0, output
    assert ["api", "repos/acme/hub/pulls/7", "--jq", ".head.sha + \" \" + .base.ref"] in calls
    assert [(p["method"], p["path"]) for p in posts] == [("POST", "repos/acme/hub/issues/7/comments")]
    body = posts[0]["body"]
    assert body.startswith("<!-- openbook-review -->\n## openbook review")
    assert "<img" not in body and "&lt;img" in body
    assert "@octocat" not in body and "![" not in body
    assert len(body) < 61_000


def test_the_comment_step_updates_its_earlier_comment(comment_step):
    code, output, calls = comment_step("## openbook review\n", "7", existing="555")

    assert code == 0, output
    assert [(c["method"], c["path"]) for c in calls if isinstance(c, dict)] == [
        ("PATCH", "repos/acme/hub/issues/comments/555"), ("POST", f"repos/acme/hub/statuses/{HEAD}")]


@pytest.mark.parametrize(("check_exit", "state"), [("0", "success"), ("1", "failure"), ("", "failure")])
def test_the_gate_status_is_the_comment_jobs_own_check_result(comment_step, check_exit, state):
    code, output, calls = comment_step("## openbook review\n", "7", check_exit=check_exit)

    [status] = [c for c in calls if isinstance(c, dict) and "/statuses/" in c["path"]]
    assert code == 0, output
    assert status["body"]["state"] == state and status["body"]["context"] == "openbook gate"


@pytest.mark.parametrize("number", ["7; rm -rf ~", "$(id)", "-1", "", "12345678901"])
def test_the_comment_step_refuses_a_pr_number_that_is_not_a_number(comment_step, number):
    code, output, calls = comment_step("## openbook review\n", number)

    assert code == 1
    assert "no valid pull request number" in output
    assert calls == []


def test_the_comment_step_does_not_comment_on_a_pr_whose_head_is_another_commit(comment_step):
    # A forged artifact naming someone else's pull request: its head is not this run's commit.
    code, output, calls = comment_step("## openbook review\n", "8", pr_head="b" * 40)

    assert code == 0
    assert "not at this run's commit" in output
    assert not [c for c in calls if isinstance(c, dict)]


# --- which events deploy: the triggers and the job's condition, read from the YAML --------------

STAFF = ("OWNER", "MEMBER", "COLLABORATOR")
DEPLOY_WORKFLOWS = [GITHUB / "workflows" / "deploy.yml",
                    ROOT / "src/openbook/starter/templates/hub/github/workflows/deploy.yml"]

# The parts of GitHub's expression language the deploy condition uses.
_TOKEN = re.compile(r"\s*(?:(?P<string>'(?:[^']|'')*')|(?P<op>\|\||&&|==|!=|[(),!])|(?P<name>[A-Za-z_][\w.-]*))")


def evaluate(expression: str, event_name: str, event: dict) -> bool:
    """Evaluate a GitHub Actions `if:` as GitHub would for this event (the subset the workflows use).

    It is translated token by token into Python; an unknown function or
    operator fails the test rather than guessing.
    """
    out, at = [], 0
    while at < len(expression.rstrip()):
        match = _TOKEN.match(expression, at)
        assert match, f"cannot read the condition at: {expression[at:at + 40]!r}"
        at = match.end()
        if match["string"] is not None:
            out.append(repr(match["string"][1:-1].replace("''", "'")))
        elif match["op"]:
            out.append({"||": " or ", "&&": " and ", "!": " not "}.get(match["op"], match["op"]))
        elif match["name"] in ("contains", "fromJSON"):
            out.append(match["name"])
        elif match["name"] == "null":
            out.append("None")
        else:
            assert match["name"].startswith("github."), match["name"]
            out.append(f"lookup({match['name']!r})")

    def lookup(path: str):
        value = {"event_name": event_name, "event": event}
        for part in path.split(".")[1:]:
            value = value.get(part) if isinstance(value, dict) else None
        return value

    def contains(haystack, needle):
        return needle in haystack if haystack is not None else False

    return bool(eval("".join(out), {"__builtins__": {}},  # noqa: S307 (our own workflow, translated above)
                     {"lookup": lookup, "contains": contains, "fromJSON": json.loads}))


def deploys(workflow: dict, event_name: str, action: str | None = None, **event) -> bool:
    """Whether GitHub would run the deploy for this event: a trigger matches and the build job's `if:` holds."""
    on = triggers(workflow)
    if event_name not in on:
        return False
    spec = on[event_name]
    types = spec.get("types") if isinstance(spec, dict) else None
    if action is not None and types is not None and action not in types:
        return False
    condition = workflow["jobs"]["build"].get("if", "true")
    return evaluate(condition, event_name, {"action": action, **event})


def issue_event(action: str, *, sender: str, author: str, association: str = "NONE") -> dict:
    return {"action": action, "sender": {"login": sender},
            "issue": {"number": 7, "user": {"login": author}, "author_association": association}}


def comment_event(action: str, *, author: str, association: str, sender: str | None = None,
                  pull_request: bool = False) -> dict:
    issue = {"number": 7, "user": {"login": "someone"}, "author_association": "NONE"}
    if pull_request:
        issue["pull_request"] = {"url": "https://api.github.com/repos/acme/hub/pulls/7"}
    return {"action": action, "sender": {"login": sender or author}, "issue": issue,
            "comment": {"id": 9, "user": {"login": author}, "author_association": association}}


@pytest.mark.parametrize("path", DEPLOY_WORKFLOWS, ids=["demo", "openbook-new"])
def test_deploys_follow_pushes_the_schedule_and_the_issue_events_that_change_what_is_published(path):
    workflow = load(path)
    on = triggers(workflow)
    assert set(on) == {"push", "schedule", "issues", "issue_comment", "workflow_dispatch"}
    assert on["push"] == {"branches": ["main"]} and on["schedule"]
    assert set(on["issues"]["types"]) == {"labeled", "unlabeled", "closed", "reopened", "locked", "unlocked",
                                          "transferred", "deleted"}
    # Anyone can open or edit an issue: those events start no deploy at all.
    assert not {"opened", "edited"} & set(on["issues"]["types"])
    assert set(on["issue_comment"]["types"]) == {"created", "edited", "deleted"}
    condition = workflow["jobs"]["build"]["if"]
    assert "github.event.comment.author_association" in condition
    assert '["OWNER", "MEMBER", "COLLABORATOR"]' in condition
    # Bursts coalesce: one deploy at a time, the newest pending one kept.
    assert workflow["concurrency"] == {"group": "deploy-pages", "cancel-in-progress": False}
    for event_name in ("push", "schedule", "workflow_dispatch"):
        assert deploys(workflow, event_name)


@pytest.mark.parametrize("path", DEPLOY_WORKFLOWS, ids=["demo", "openbook-new"])
def test_a_stranger_opening_issues_through_a_form_starts_no_deploy(path):
    workflow = load(path)
    # A form's labels arrive as `labeled` events whose sender is the submitter.
    for action in ("opened", "labeled", "edited", "closed", "reopened"):
        assert not deploys(workflow, "issues", **issue_event(action, sender="stranger", author="stranger")), action


@pytest.mark.parametrize("path", DEPLOY_WORKFLOWS, ids=["demo", "openbook-new"])
def test_staff_labelling_closing_or_moving_an_issue_deploys(path):
    workflow = load(path)
    for action in ("labeled", "unlabeled", "closed", "reopened", "locked", "transferred", "deleted"):
        assert deploys(workflow, "issues", **issue_event(action, sender="maintainer", author="stranger")), action
    # Staff's own issue, labelled by its form: staff wrote it.
    assert deploys(workflow, "issues", **issue_event("labeled", sender="lead", author="lead", association="MEMBER"))


@pytest.mark.parametrize("path", DEPLOY_WORKFLOWS, ids=["demo", "openbook-new"])
def test_comments_deploy_when_staff_write_them_and_never_for_others(path):
    workflow = load(path)
    for association in STAFF:
        for action in ("created", "edited"):
            assert deploys(workflow, "issue_comment", **comment_event(action, author="lead", association=association))
    for association in ("NONE", "CONTRIBUTOR", "FIRST_TIME_CONTRIBUTOR", "FIRST_TIMER", "MANNEQUIN"):
        for action in ("created", "edited"):
            event = comment_event(action, author="stranger", association=association)
            assert not deploys(workflow, "issue_comment", **event), (association, action)
    # Staff comments on pull requests (the review comment among them) change no question.
    assert not deploys(workflow, "issue_comment",
                       **comment_event("created", author="lead", association="MEMBER", pull_request=True))
    # A deleted comment leaves at once, whoever wrote it.
    assert deploys(workflow, "issue_comment",
                   **comment_event("deleted", author="stranger", association="NONE", sender="lead"))
