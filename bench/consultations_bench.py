"""Benchmark: the whole demo hub with 200 and 1,000 consultations, against the same pages as plain Markdown.

For each size it copies the demo hub (config, docs, data, hooks: every feature on)
into a temp folder twice, with the same synthetic consultations (three options, six comments,
an outcome on every other one):
- "openbook": the consultations in the snapshot, built by the consultations hook;
- "plain": consultations turned off, and the same pages (consultation, options, advice,
  outcome, the index) written as static Markdown files that Material builds as it is.
Each build runs in a fresh Python process, the two alternate, and the best of --repeat counts.
It prints, measured in this one run:

    our build / plain build            (at most 1.10)
    our time at 1,000 / at 200         (at most 5.5: linear is 5.0)

Reproduce: .venv/bin/python bench/consultations_bench.py              (about 3 minutes on 2 cores)
           .venv/bin/python bench/consultations_bench.py --sizes 50 250 --repeat 1   (quick look)
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import timing  # bench/timing.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from openbook.questions import snapshot  # noqa: E402 - after the path is set

ISSUES = "https://github.com/larkspur-hq/openbook-hub/issues"
FIRST = 10_000


def _time(i: int, hours: float = 0) -> str:
    return f"2026-{1 + i % 10:02d}-{1 + i % 27:02d}T{9 + int(hours) % 12:02d}:00:00Z"


def _comment(cid: int, number: int, login: str, association: str, body: str, hours: float, up: int = 0):
    return snapshot.Comment(cid, snapshot.Author(login, association), body, _time(number, hours),
                            _time(number, hours), f"{ISSUES}/{number}#issuecomment-{cid}", {"+1": up})


def consultations(n: int) -> list[snapshot.Question]:
    made = []
    for i in range(n):
        number = FIRST + i
        cid = number * 10
        body = (
            f"### What we are considering and why\n\nWe are considering change {i}: **why** it matters, "
            f"what it costs, and a list:\n\n- one\n- two\n\n### The options\n\nA; B; C\n\n"
            f"### Closing date\n\n2026-{1 + i % 10:02d}-28\n\n### Who decides\n\nThe product team.\n\n"
            f"### What we will do with the advice\n\nPublish the outcome here."
        )
        comments = [
            *(_comment(cid + k, number, "priya-larkspur", "MEMBER", f"Option: Option {k} for change {i}\n\nDetails.",
                       0.5, up=3 + k) for k in range(3)),
            *(_comment(cid + 3 + k, number, f"customer-{(i + k) % 40}", "NONE",
                       f"My advice on change {i}: option {k % 3}, because `reasons` and [a link](https://example.com).",
                       2 + k) for k in range(6)),
        ]
        if i % 2:
            comments.append(_comment(cid + 9, number, "priya-larkspur", "MEMBER",
                                     f"Outcome: We chose option 1 for change {i}.\n\nChanged the proposal: yes\n\n"
                                     "**Why:** you said so.", 11))
        made.append(snapshot.Question(
            number=number, title=f"Consultation {i}: should we change thing {i}?", body=body,
            state="closed" if i % 2 else "open", labels=("consultation",), locked=False,
            author=snapshot.Author("priya-larkspur", "MEMBER"), created_at=_time(number), updated_at=_time(number, 11),
            html_url=f"{ISSUES}/{number}", closed_at=_time(number, 11) if i % 2 else None, comments=tuple(comments),
        ))
    return made


def _plain_page(q: snapshot.Question) -> str:
    options = [c for c in q.comments if c.body.startswith("Option:")]
    advice = [c for c in q.comments if not c.body.startswith(("Option:", "Outcome:"))]
    outcome = [c for c in q.comments if c.body.startswith("Outcome:")]
    parts = [f"# {q.title}\n", q.body.replace("### ", "## "), "\n## The options\n"]
    parts += [f"1. **{c.body.splitlines()[0][8:]}**: {c.reactions['+1']} supporters\n" for c in options]
    if outcome:
        parts.append(f'\n!!! success "What we decided"\n\n    {outcome[0].body.splitlines()[0]}\n')
    parts.append(f"\n## {len(advice)} comments\n")
    parts += [f"\n**{c.author.login}** · {c.created_at[:10]}\n\n{c.body}\n\n---\n" for c in advice]
    return "\n".join(parts)


def _copy_demo(target: Path) -> Path:
    target.mkdir(parents=True)
    for name in ("mkdocs.yml", "docs", "data", "hooks"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, target / name)
    return target


def write_hubs(folder: Path, n: int) -> tuple[Path, Path]:
    made = consultations(n)
    ours = _copy_demo(folder / f"ours-{n}")
    path = ours / "data" / "questions.json"
    snap = snapshot.load(path)
    path.write_text(snapshot.dumps(replace(snap, questions=(*snap.questions, *made))), encoding="utf-8")

    plain = _copy_demo(folder / f"plain-{n}")
    config = plain / "mkdocs.yml"
    text = config.read_text()
    config.write_text(text.replace("  openbook:\n", "  openbook:\n    consultations:\n      enabled: false\n", 1))
    pages = plain / "docs" / "consultations"
    pages.mkdir()
    for q in made:
        (pages / f"{q.number}.md").write_text(_plain_page(q), encoding="utf-8")
    # The demo's own consultations and links stay: their pages are written plainly too.
    for q in snap.questions:
        if "consultation" in q.labels:
            (pages / f"{q.number}.md").write_text(_plain_page(q), encoding="utf-8")
    index = ["# Consultations\n"] + [f"- [{q.title}]({q.number}.md)" for q in [*snap.questions, *made]
                                     if "consultation" in q.labels]
    (pages / "index.md").write_text("\n".join(index) + "\n", encoding="utf-8")
    return ours, plain


def timed(config_file: Path) -> float:
    """Seconds of one build, in a fresh process so that no cache of a previous build helps."""
    return timing.build_only_in_child(__file__, config_file, epoch=1795348800)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=[200, 1000], metavar=("SMALL", "LARGE"))
    parser.add_argument("--repeat", type=int, default=3, help="builds per hub; the fastest counts (default 3)")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        timing.build_only(args.one)
        return 0
    small, large = args.sizes
    rows = {}
    with tempfile.TemporaryDirectory(prefix="openbook-bench-") as tmp:
        for n in (small, large):
            ours, plain = write_hubs(Path(tmp), n)
            best = timing.best_of(args.repeat, {"ours": lambda: timed(ours / "mkdocs.yml"),
                                                "plain": lambda: timed(plain / "mkdocs.yml")})
            ours_s, plain_s = best["ours"].wall, best["plain"].wall
            rows[n] = (ours_s, plain_s)
    print(f"Consultations benchmark (the whole demo hub), best of {args.repeat} build(s) each, one run")
    print(f"{'consultations':>14} {'openbook s':>11} {'plain s':>9} {'ours/plain':>11}")
    for n, (ours_s, plain_s) in rows.items():
        print(f"{n:>14} {ours_s:>11.2f} {plain_s:>9.2f} {ours_s / plain_s:>11.2f}")
    ratios = [
        (f"our build / plain Material, at {small}", rows[small][0] / rows[small][1], 1.10),
        (f"our build / plain Material, at {large}", rows[large][0] / rows[large][1], 1.10),
        (f"time at {large} / time at {small}", rows[large][0] / rows[small][0], 1.1 * large / small),
    ]
    failed = timing.print_limits(ratios)
    print(f"\nReproduce: python bench/consultations_bench.py --sizes {small} {large} --repeat {args.repeat}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
