"""The deploy workflow's notices job, in the demo and in a hub `openbook new` writes: read from the YAML."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from openbook import cli

ROOT = Path(__file__).resolve().parents[2]


def new_hub_workflow(tmp_path: Path) -> Path:
    target = tmp_path / "hub"
    assert cli.main(["new", str(target), "--company", "Acme", "--repo", "acme/hub"]) == cli.EXIT_OK
    return target / ".github" / "workflows" / "deploy.yml"


@pytest.fixture(params=["demo", "new hub"])
def workflow(request, tmp_path) -> tuple[dict, str]:
    path = ROOT / ".github" / "workflows" / "deploy.yml" if request.param == "demo" else new_hub_workflow(tmp_path)
    return yaml.safe_load(path.read_text(encoding="utf-8")), request.param


def test_the_notices_job_may_write_contents_and_nothing_else(workflow):
    data, _ = workflow
    job = data["jobs"]["notices"]
    assert job["permissions"] == {"contents": "write"}
    # No other job may write contents: only this one holds that power.
    others = {name: j["permissions"] for name, j in data["jobs"].items() if name != "notices"}
    assert all(p.get("contents") != "write" for p in others.values()), others


def test_it_runs_after_a_successful_deploy_and_only_for_the_default_branch(workflow):
    data, _ = workflow
    job = data["jobs"]["notices"]
    assert job["needs"] == "deploy"
    condition = job["if"]
    # No status function in the condition: GitHub adds success(), so a failed deploy publishes nothing.
    assert not any(word in condition for word in ("always()", "failure()", "cancelled()", "success()"))
    assert "github.ref == format('refs/heads/{0}', github.event.repository.default_branch)" in condition
    # A scheduled run's event carries no repository, but always runs on the default branch.
    assert condition == ("github.event_name == 'schedule' || "
                         "github.ref == format('refs/heads/{0}', github.event.repository.default_branch)")


def test_it_runs_the_default_branchs_engine_with_the_token_only_in_env(workflow):
    data, which = workflow
    steps = data["jobs"]["notices"]["steps"]
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    # The commit this run built from the default branch (the job's condition): never a pull request's code.
    assert checkout["with"] == {"ref": "${{ github.sha }}", "fetch-depth": 0, "persist-credentials": False}
    install = next(s for s in steps if "pip install" in s.get("run", ""))
    build_install = next(s for s in data["jobs"]["build"]["steps"] if "pip install" in s.get("run", ""))
    assert install["run"] == build_install["run"], "installs openbook as the build job does"
    publish = next(s for s in steps if "openbook notices" in s.get("run", ""))
    assert publish["run"] == ".venv/bin/openbook notices --publish"
    assert publish["env"] == {"GITHUB_TOKEN": "${{ github.token }}"}
    for step in steps:
        assert "${{" not in step.get("run", "")
        if "uses" in step:
            ref = step["uses"].split("@", 1)[1]
            assert len(ref) == 40 and all(c in "0123456789abcdef" for c in ref), step["uses"]
    # The snapshot the build synced: the consultations the site shows.
    restore = next(s for s in steps if s.get("uses", "").startswith("actions/cache/restore@"))
    assert "data/questions.json" in restore["with"]["path"]
