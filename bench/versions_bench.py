"""Versions' cost: the demo hub plus 5 practices with 30 versions each, built with versions on and off, in one run.

Reproduce from the repository root:

    .venv/bin/python bench/versions_bench.py                  # 5 practices x 30 versions, 5 rounds
    .venv/bin/python bench/versions_bench.py --practices 10 --versions 50 --rounds 3

It copies the demo hub (every openbook feature on) into a temp folder, adds N
practices (out of the nav), and commits each of them V times at fixed dates
(every commit changes one sentence). Then it runs `mkdocs build --strict` as a
subprocess, alternating the two variants round by round:

- versions off: `extra.openbook.history.versions: []` (page history, "What changed" and the rest stay on);
- versions on:  the default globs, so every practice and the pricing page get a
  versions page, every version as it read and every comparison. Measured twice:
  a first build with no cache (`.cache/openbook/versions.json` removed), and a
  rebuild, which finds the versions it rendered last time in that cache, as
  `mkdocs serve`, a developer's second build and the deploy workflow (which
  restores the cache) do.

The gate is the ratio of the best wall times, rebuild / off: at most 1.15. The
first build's ratio is printed beside it.
The best of several rounds, because neighbours on a shared machine only add time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import timing  # bench/timing.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 1.15
EPOCH = 1767225600  # 2026-01-01T00:00:00Z; commit i is i hours later.

SENTENCES = [
    "We reply to every email within one working day.",
    "Refunds are paid to the card you paid with.",
    "You can export your data at any time, in CSV.",
    "We review this page at least twice a year.",
]


def practice(i: int, revision: int) -> str:
    body = "\n\n".join(
        f"## Section {s}\n\n" + " ".join(SENTENCES[(s + k) % len(SENTENCES)] for k in range(6))
        for s in range(8)
    )
    return (f"---\ntitle: Benchmark practice {i}\nowner: Bench team\nlast_reviewed: 2026-01-01\n---\n\n"
            f"# Benchmark practice {i}\n\nRevision {revision}: this sentence changes with every version.\n\n{body}\n")


def make_hub(folder: Path, practices: int, versions: int) -> None:
    for name in ("mkdocs.yml", "docs", "data", "hooks"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, folder / name)
    config = folder / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nnot_in_nav: |\n  /practices/bench-*\n",
                      encoding="utf-8")
    (folder / "off.yml").write_text("INHERIT: mkdocs.yml\nextra:\n  openbook:\n    history:\n      versions: []\n",
                                    encoding="utf-8")
    (folder / "on.yml").write_text("INHERIT: mkdocs.yml\n", encoding="utf-8")
    (folder / ".gitignore").write_text("/site-*/\n/off.yml\n/on.yml\n", encoding="utf-8")
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull,
           "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
           "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.com"}

    def commit(message: str, n: int) -> None:
        stamp = {"GIT_AUTHOR_DATE": f"{EPOCH + n * 3600} +0000", "GIT_COMMITTER_DATE": f"{EPOCH + n * 3600} +0000"}
        subprocess.run(["git", "add", "-A"], cwd=folder, check=True, env=env)
        subprocess.run(["git", "commit", "-q", "-m", message], cwd=folder, check=True, env={**env, **stamp})

    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=folder, check=True, env=env)
    commit("Start the hub", 0)
    n = 1
    for revision in range(1, versions + 1):
        for i in range(practices):
            (folder / "docs" / "practices" / f"bench-{i}.md").write_text(practice(i, revision), encoding="utf-8")
        commit(f"Practices: revision {revision}", n)
        n += 1


def build(folder: Path, variant: str) -> timing.Timing:
    """One `mkdocs build`: its wall time, and the CPU time of it and its children (git), which a busy machine
    distorts less. "cold" is "on" with no cache from an earlier build."""
    if variant == "cold":
        shutil.rmtree(folder / ".cache", ignore_errors=True)
        return timing.mkdocs_build("on.yml", "site-on", cwd=folder, epoch=EPOCH + 1000 * 3600)
    return timing.mkdocs_build(f"{variant}.yml", f"site-{variant}", cwd=folder, epoch=EPOCH + 1000 * 3600)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--practices", type=int, default=5)
    parser.add_argument("--versions", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="openbook-versions-bench-") as tmp:
        folder = Path(tmp)
        make_hub(folder, args.practices, args.versions)
        timings = timing.best_of(args.rounds, {v: (lambda v=v: build(folder, v)) for v in ("off", "cold", "on")},
                                 warm_up=True)
        site = folder / "site-on" / "practices"
        old = sum(1 for _ in site.glob("bench-*/versions/*/index.html"))
        compared = sum(1 for _ in site.glob("bench-*/versions/*/changes/index.html"))
    best = {v: t.wall for v, t in timings.items()}
    cpu_best = {v: t.cpu for v, t in timings.items()}
    ratio = best["on"] / best["off"]
    print(f"versions_bench: demo hub + {args.practices} practices x {args.versions} versions, {args.rounds} rounds, "
          "`mkdocs build --strict` as a subprocess, best of the rounds")
    print()
    print("| build | wall time | ratio to versions off | CPU time | ratio to versions off |")
    print("|---|---:|---:|---:|---:|")
    for variant, label in (("off", "versions off"), ("cold", "versions on, first build (empty cache)"),
                           ("on", "versions on, a rebuild (cache of the last build)")):
        print(f"| {label} | {best[variant]:.2f} s | {best[variant] / best['off']:.2f} | "
              f"{cpu_best[variant]:.2f} s | {cpu_best[variant] / cpu_best['off']:.2f} |")
    print()
    print(f"version pages: {old}, comparisons: {compared} (for the benchmark's practices)")
    verdict = "ok" if ratio <= LIMIT else "TOO SLOW"
    print(f"cost of versions (wall time): {ratio:.2f}x (limit {LIMIT:.2f}x): {verdict}")
    return 0 if ratio <= LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())
