"""Pricing's cost: its share of a demo hub build, and how the git pass grows with the pricing file's history.

Reproduce: `.venv/bin/python bench/pricing_bench.py` from the repository root.
Prints ratios measured in this one run (medians of several repeats); absolute
times on a shared machine are noise.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from openbook import clock  # noqa: E402
from openbook.site import build as sitebuild  # noqa: E402
from openbook.pricing import history as pricing_history, model as pricing, render as pricing_render

REPEATS = 5


def median_time(fn) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def pricing_work() -> None:
    """What the pricing hook does in one build: load, one git pass, render both pages and the feed."""
    data = pricing.load(ROOT / "data" / "pricing.yml")
    history = pricing_history.read(ROOT, "data/pricing.yml")
    today = clock.today()
    pricing_render.price_table(data, today)
    pricing_render.feature_matrix(data, today)
    pricing_render.upcoming_notice(data, history.publications, today)
    pricing_render.history_page(data, history.publications, today, company="Larkspur", min_notice_days=30)
    pricing_render.feed(data, history.publications, today, company="Larkspur", feed_url="f", history_url="h",
                        id_base="urn:x")


def repo_with_commits(folder: Path, commits: int, every: int = 1) -> None:
    """A repository with `commits` commits of the pricing file, one day apart; every `every`-th adds a change."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "b@example.com",
           "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "b@example.com",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=folder, check=True, env=env)
    text = ("currencies: [GBP]\nplans:\n  - id: pro\n    name: Pro\n    description: d\n    audience: a\n"
            "    since: 2000-01-01\n    prices:\n      GBP: {monthly: 10, yearly: 100}\nchanges:\n")
    (folder / "data").mkdir()
    for i in range(commits):
        if i % every:
            # A commit that publishes nothing new: a comment edit.
            (folder / "data" / "pricing.yml").write_text(text + f"# edit {i}\n", encoding="utf-8")
            subprocess.run(["git", "add", "data/pricing.yml"], cwd=folder, check=True, env=env)
            subprocess.run(["git", "commit", "-q", "-m", f"e{i}"], cwd=folder, check=True, env=env)
            continue
        text += (f"  - id: c{i}\n    effective: {2001 + i // 300}-{1 + (i // 25) % 12:02d}-{1 + i % 25:02d}\n"
                 f"    reason: r\n    prices:\n      pro:\n        GBP: {{monthly: {11 + i}}}\n")
        (folder / "data" / "pricing.yml").write_text(text, encoding="utf-8")
        subprocess.run(["git", "add", "data/pricing.yml"], cwd=folder, check=True, env=env)
        subprocess.run(["git", "commit", "-q", "-m", f"c{i}"], cwd=folder, check=True,
                       env={**env, "GIT_AUTHOR_DATE": f"{1577836800 + i * 86400} +0000",
                            "GIT_COMMITTER_DATE": f"{1577836800 + i * 86400} +0000"})


def main() -> None:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build = median_time(lambda: sitebuild.build(ROOT / "mkdocs.yml", site, strict=False))
        work = median_time(pricing_work)
        reads = {}
        for commits, every in ((40, 1), (200, 1), (40, 10), (200, 10)):
            folder = Path(tmp) / f"repo-{commits}-{every}"
            folder.mkdir()
            repo_with_commits(folder, commits, every)
            assert len(pricing_history.read(folder, "data/pricing.yml").publications) == commits // every
            reads[commits, every] = median_time(lambda f=folder: pricing_history.read(f, "data/pricing.yml"))
    print("| measure | ratio |")
    print("|---|---|")
    print(f"| pricing work (load, git pass, render) / whole demo hub build | {work / build:.2f} |")
    print(f"| git pass, 200 commits each adding a change / 40 such commits (worst case) | "
          f"{reads[200, 1] / reads[40, 1]:.1f} |")
    print(f"| git pass, 200 commits with 20 changes / 40 commits with 4 | {reads[200, 10] / reads[40, 10]:.1f} |")
    print(f"\n(medians of {REPEATS}; `.venv/bin/python bench/pricing_bench.py`)")


if __name__ == "__main__":
    main()
