"""The contribution gate's cost on the demo hub: `openbook check --base main` against one `mkdocs build --strict`.

Reproduce from the repository root:

    .venv/bin/python bench/check_bench.py              # 3 rounds
    .venv/bin/python bench/check_bench.py --rounds 5

It copies the demo hub (docs/, data/, mkdocs.yml, hooks/) into a
fresh git repository, commits it as `main`, then commits a customer's edit on
a branch (a typo fix and a new page with a table and an image). Each round
runs, as subprocesses, `mkdocs build --strict` (what the preview job does)
and `openbook check --base main` (what the gate does: two builds, the base's
and the head's, and the HTML scan), and prints the best wall and CPU time of
each and their ratio. Best of several rounds, because neighbours on a shared
machine only ever add time.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LIMIT_SECONDS = 10.0
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


def git(hub: Path, *args: str) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull,
           "GIT_AUTHOR_DATE": "2026-11-01T10:00:00Z", "GIT_COMMITTER_DATE": "2026-11-01T10:00:00Z"}
    subprocess.run(["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.com", *args],
                   cwd=hub, env=env, check=True, capture_output=True)


def make_hub(folder: Path) -> Path:
    hub = folder / "hub"
    hub.mkdir()
    for name in ("mkdocs.yml", "docs", "data", "hooks"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, hub / name)
    git(hub, "init", "-q", "-b", "main")
    git(hub, "add", "-A")
    git(hub, "commit", "-qm", "The demo hub")
    git(hub, "checkout", "-q", "-b", "proposal")
    page = hub / "docs" / "contributing.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Every page", "Every single page", 1), encoding="utf-8")
    (hub / "docs" / "assets" / "lab.png").write_bytes(PNG)
    (hub / "docs" / "practices" / "accessibility.md").write_text(
        "---\ntitle: Accessibility\nowner: Web team\nlast_reviewed: 2026-11-01\n---\n\n# Accessibility\n\n"
        "| Check | How often |\n|---|---|\n| Screen reader | Monthly |\n\n![Lab](../assets/lab.png)\n",
        encoding="utf-8")
    git(hub, "add", "-A")
    git(hub, "commit", "-qm", "A customer's edit")
    return hub


def timed(command: list[str], cwd: Path) -> tuple[float, float, int]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, result.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="openbook-check-bench-") as folder:
        hub = make_hub(Path(folder))
        build = [str(BIN / "mkdocs"), "build", "--strict", "-q", "--site-dir", str(Path(folder) / "site")]
        check = [str(BIN / "openbook"), "check", "--base", "main", "--format", "text"]
        best = {"build": (1e9, 1e9), "check": (1e9, 1e9)}
        for _ in range(args.rounds):
            for name, command in (("build", build), ("check", check)):
                wall, cpu, code = timed(command, hub)
                if code != 0:
                    print(f"{name} failed with exit {code}: {' '.join(command)}", file=sys.stderr)
                    return 1
                best[name] = (min(best[name][0], wall), min(best[name][1], cpu))
    (build_wall, build_cpu), (check_wall, check_cpu) = best["build"], best["check"]
    print(f"mkdocs build --strict (one build):     {build_wall:5.2f} s wall, {build_cpu:5.2f} s CPU  1.00")
    print(f"openbook check --base main (two builds): {check_wall:5.2f} s wall, {check_cpu:5.2f} s CPU  "
          f"{check_wall / build_wall:.2f}")
    ok = check_wall < LIMIT_SECONDS
    print(f"check under {LIMIT_SECONDS:.0f} s: {'yes' if ok else 'NO'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
