"""Judge every content change in the demo's own history with today's gate: none may be a false alarm.

Reproduce from the repository root:

    .venv/bin/python scripts/check_demo_history.py

For each first-parent commit on `main` that changed docs/ or data/, it
commits, in a temporary repository, today's engine (mkdocs.yml, hooks/,
overrides/) with the content of the commit's parent as the base, and the same
engine with the commit's content as the head, then runs the gate
(`openbook check --base`, through `check.run_change`) on the pair. Old hooks
would not run on today's engine, so the content is what is judged, as a pull
request's is. It prints each commit's errors and exits 1 if any commit has one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENGINE = ("mkdocs.yml", "hooks")
CONTENT = ("docs", "data")


def run(*args: str, cwd: Path, when: str = "2026-11-01T10:00:00Z", **kwargs) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull,
           "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    return subprocess.run(["git", "-c", "user.name=History", "-c", "user.email=h@example.com", *args], cwd=cwd,
                          env=env, check=True, capture_output=True, text=True, **kwargs).stdout


def put_content(repo: Path, commit: str, hub: Path) -> None:
    for name in CONTENT:
        shutil.rmtree(hub / name, ignore_errors=True)
    present = [name for name in CONTENT if subprocess.run(["git", "cat-file", "-e", f"{commit}:{name}"], cwd=repo,
                                                          capture_output=True, check=False).returncode == 0]
    if not present:
        return
    archive = subprocess.run(["git", "archive", commit, "--", *present], cwd=repo, check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", str(hub)], input=archive.stdout, check=True)


def main() -> int:
    from openbook.contribution import changeset, check

    commits = run("log", "--first-parent", "--reverse", "--format=%H %s", "main", "--", *CONTENT, cwd=ROOT)
    failures = skipped = snapshot_edits = 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="openbook-history-") as folder:
        hub = Path(folder) / "hub"
        hub.mkdir()
        for name in ENGINE:
            source = ROOT / name
            if not source.exists():
                continue
            (shutil.copytree if source.is_dir() else shutil.copy2)(source, hub / name)
        run("init", "-q", "-b", "main", cwd=hub)
        lines = [line for line in commits.splitlines() if line]
        for line in lines:
            sha, subject = line.split(" ", 1)
            parents = run("rev-list", "--parents", "-n", "1", sha, cwd=ROOT).split()[1:]
            if not parents:
                continue
            # Dated as they were, and judged on the day the change was made: notice counts from then.
            parent_date = run("show", "-s", "--format=%cI", parents[0], cwd=ROOT).strip()
            date = run("show", "-s", "--format=%cI", sha, cwd=ROOT).strip()
            if any(subprocess.run(["git", "cat-file", "-e", f"{parents[0]}:{name}"], cwd=ROOT, capture_output=True,
                                  check=False).returncode for name in CONTENT):
                print(f"{sha[:8]} skipped: the hub's first content (its parent has no docs/ or data/ yet)")
                continue
            put_content(ROOT, parents[0], hub)
            run("add", "-A", cwd=hub)
            run("commit", "-q", "--allow-empty", "-m", f"base of {sha[:8]}", cwd=hub, when=parent_date)
            base = run("rev-parse", "HEAD", cwd=hub).strip()
            put_content(ROOT, sha, hub)
            run("add", "-A", cwd=hub)
            run("commit", "-q", "--allow-empty", "-m", subject, cwd=hub, when=date)
            head = run("rev-parse", "HEAD", cwd=hub).strip()
            epoch = run("show", "-s", "--format=%ct", sha, cwd=ROOT).strip()
            os.environ["SOURCE_DATE_EPOCH"] = epoch
            try:
                findings = check.run_change(hub / "mkdocs.yml", base=base, head=head)
            except changeset.ChangeError as exc:
                print(f"{sha[:8]} skipped: {exc}"[:300])
                skipped += 1
                continue
            errors = [f for f in findings if f.level == "error"]
            # The demo's maintainers regenerate the question snapshot in commits; in a pull request that is
            # an error by rule (sync writes it), so it is counted apart, not as a false alarm.
            maintainer = [f for f in errors if f.rule == "contribution.sync-data"]
            alarms = [f for f in errors if f not in maintainer]
            note = f" (+{len(maintainer)} maintainer-only: edits the synced snapshot)" if maintainer else ""
            print(f"{sha[:8]} {len(alarms)} error(s){note}  {subject[:70]}")
            for finding in alarms:
                print(f"    {finding.text()}")
            failures += bool(alarms)
            snapshot_edits += bool(maintainer)
    print(f"{len(lines)} commits changed content; judged in {time.perf_counter() - started:.0f} s: "
          f"{failures} with errors, {snapshot_edits} that edit the synced snapshot (maintainers' commits), "
          f"{skipped} whose base does not build with today's engine")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
