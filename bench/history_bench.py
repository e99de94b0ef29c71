"""Page history's cost: a 1,000-page hub with 1,000 commits, built with and without it, in one run.

Reproduce from the repository root:

    .venv/bin/python bench/history_bench.py                       # 1,000 pages, 1,000 commits, 7 rounds
    .venv/bin/python bench/history_bench.py --pages 5000 --commits 5000 --rounds 3

It copies the demo hub (every openbook feature on: questions, pricing,
practices) into a temp folder, adds N pages under docs/pages/ (out of the nav),
commits the hub, then makes N-1 more commits changing 1 to 3 pages each (fixed
dates, 20 authors; every tenth also edits a practices page) with
`git fast-import`. Then it runs `mkdocs build --strict` as a subprocess,
alternating the two variants round by round:

- history off: `extra.openbook.history.enabled: false`;
- history on:  page history on every page, "What changed", its feed and contributors.

The gate is the ratio of the best wall times of the rounds, history on / history
off: at most 1.10 (DESIGN.md rule 4); the best of several rounds, because
neighbours on a shared machine only ever add time. The CPU time of each build
and its git child is printed beside it: it includes the git pass, which runs on
another core while MkDocs collects the files, so it shows the work a
single-core machine would wait for.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import timing  # bench/timing.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 1.10
# 2026-01-01T00:00:00Z; commit i is i hours later.
EPOCH = 1767225600


def _page(i: int, revision: int) -> str:
    return (
        f"# Page {i}\n\nRevision {revision} of a page in the benchmark hub.\n\n"
        + "Some words to render, as a real page has. " * 20
        + "\n"
    )


def fast_import_stream(pages: int, commits: int, practice: str, practice_text: str) -> bytes:
    """commits-1 commits on top of main, each changing 1-3 pages (every tenth, a practice too)."""
    out: list[bytes] = []

    def data(text: str) -> None:
        raw = text.encode()
        out.append(b"data %d\n" % len(raw) + raw + b"\n")

    for n in range(1, commits):
        author = n % 20
        stamp = EPOCH + n * 3600
        out.append(b"commit refs/heads/main\n")
        out.append(f"author Author {author} <author{author}@example.com> {stamp} +0000\n".encode())
        out.append(f"committer Author {author} <author{author}@example.com> {stamp} +0000\n".encode())
        touched = sorted({(n * 7919 + k * 104729) % pages for k in range(1 + n % 3)})
        data(f"Change {n}: pages {', '.join(map(str, touched))}")
        if n == 1:
            out.append(b"from refs/heads/main^0\n")
        for i in touched:
            out.append(f"M 100644 inline docs/pages/p{i:04d}.md\n".encode())
            data(_page(i, n))
        if n % 10 == 0:
            out.append(f"M 100644 inline {practice}\n".encode())
            data(practice_text + f"\nEdited in change {n}.\n")
    return b"".join(out)


def make_hub(folder: Path, pages: int, commits: int) -> None:
    env = {
        **os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull,
        "GIT_AUTHOR_NAME": "Author 0", "GIT_AUTHOR_EMAIL": "author0@example.com",
        "GIT_COMMITTER_NAME": "Author 0", "GIT_COMMITTER_EMAIL": "author0@example.com",
        "GIT_AUTHOR_DATE": f"{EPOCH} +0000", "GIT_COMMITTER_DATE": f"{EPOCH} +0000",
    }
    for name in ("mkdocs.yml", "docs", "data", "hooks"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name)
        else:
            shutil.copy2(source, folder / name)
    (folder / "docs" / "pages").mkdir()
    for i in range(pages):
        (folder / "docs" / "pages" / f"p{i:04d}.md").write_text(_page(i, 0), encoding="utf-8")
    config = folder / "mkdocs.yml"
    # Out of the nav, as rule 3 says: a sidebar of N pages makes the build quadratic.
    config.write_text(config.read_text(encoding="utf-8") + "\nnot_in_nav: |\n  /pages/**\n", encoding="utf-8")
    for name, on in (("off.yml", "false"), ("on.yml", "true")):
        (folder / name).write_text(
            f"INHERIT: mkdocs.yml\nextra:\n  openbook:\n    history:\n      enabled: {on}\n", encoding="utf-8"
        )
    (folder / ".gitignore").write_text("/site-*/\n/off.yml\n/on.yml\n", encoding="utf-8")
    practice = "docs/practices/support.md"
    practice_text = (folder / practice).read_text(encoding="utf-8")

    def git(*args: str, **kwargs) -> None:
        subprocess.run(["git", *args], cwd=folder, check=True, env=env, **kwargs)

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-q", "-m", "Start the hub")
    git("fast-import", "--quiet", input=fast_import_stream(pages, commits, practice, practice_text))
    git("checkout", "-q", "-f", "main")


def build(folder: Path, variant: str) -> timing.Timing:
    """One `mkdocs build`: its wall time and the CPU time of it and its children (git)."""
    return timing.mkdocs_build(f"{variant}.yml", f"site-{variant}", cwd=folder, epoch=EPOCH + 10_000 * 3600)


def git_pass(folder: Path) -> float:
    from openbook.history import gitlog as history

    started = time.perf_counter()
    found, _ = history.read(folder)
    elapsed = time.perf_counter() - started
    assert len(found.files) > 0
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="openbook-history-bench-") as tmp:
        folder = Path(tmp)
        make_hub(folder, args.pages, args.commits)
        best = timing.best_of(args.rounds, {v: (lambda v=v: build(folder, v)) for v in ("off", "on")},
                              warm_up=True)
        passes = [git_pass(folder) for _ in range(args.rounds)]
        site = folder / "site-on"
        with_block = sum("openbook-history" in p.read_text(encoding="utf-8")
                         for p in (site / "pages").glob("*/index.html"))

    wall_best = {v: t.wall for v, t in best.items()}
    cpu_best = {v: t.cpu for v, t in best.items()}
    ratio = wall_best["on"] / wall_best["off"]
    print(f"history_bench: {args.pages} pages, {args.commits} commits, {args.rounds} rounds, "
          "`mkdocs build --strict` as a subprocess, best of the rounds")
    print()
    print("| build | wall time, ratio to history off | CPU time, ratio to history off |")
    print("|---|---|---|")
    for variant, label in (("off", "history off"), ("on", "history on")):
        print(f"| {label} | {wall_best[variant] / wall_best['off']:.2f} | "
              f"{cpu_best[variant] / cpu_best['off']:.2f} |")
    print(f"| the one git pass alone, in-process | {min(passes) / wall_best['off']:.3f} | |")
    print()
    print(f"pages with a history block: {with_block} of {args.pages}")
    verdict = "ok" if ratio <= LIMIT else "TOO SLOW"
    print(f"overhead of page history (wall time): {ratio:.2f}x (limit {LIMIT:.2f}x): {verdict}")
    return 0 if ratio <= LIMIT and with_block == args.pages else 1


if __name__ == "__main__":
    sys.exit(main())
