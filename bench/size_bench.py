"""Benchmark: how big the published site is, the whole demo hub with N synthetic questions.

It writes the demo hub with a snapshot of N questions (bench/site_bench.py's
writer: the hub as CI builds it, every feature on), builds it once with
`mkdocs build`, and prints from that one build:

    the size of question #1's page, and the mean of the question pages
    what a question page is made of, by part (bytes and share)
    the whole site folder, the question pages, Pagefind's index, the rest
    the number of questions that would fill GitHub Pages' 1 GB at that rate

Sizes are bytes on disk as GitHub Pages publishes them (uncompressed).

Reproduce: .venv/bin/python bench/size_bench.py --questions 15000   (about 4 minutes on 2 cores)
           .venv/bin/python bench/size_bench.py --questions 1000    (the breakdown in the README)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from site_bench import timed_build, write_ours  # noqa: E402 - after the path is set

# GitHub Pages' limit for a published site.
PAGES_LIMIT = 1_000_000_000
# The parts of a question page, in page order, by CSS selector. Overlaps are listed under their container.
PARTS = (
    ("head (meta, links, inline script)", "head"),
    ("  of it, JSON-LD", 'head script[type="application/ld+json"]'),
    ("header (logo, title, palette, search box, repository)", "header.md-header"),
    ("  of it, the search box", "header .md-search"),
    ("tabs", "nav.md-tabs"),
    ("navigation sidebar", ".md-sidebar--primary"),
    ("table of contents sidebar", ".md-sidebar--secondary"),
    ("Edit and View buttons", "article > a.md-content__button"),
    ("the article (question and answers)", ".openbook-article"),
    ("page history block", ".openbook-history"),
    ("page actions (ask, report, helpful)", ".openbook-actions"),
    ("footer", "footer.md-footer"),
    ("scripts at the end of the body", "body > script"),
)


def folder_size(folder: Path) -> int:
    return sum(file.stat().st_size for file in folder.rglob("*") if file.is_file())


def breakdown(html: str) -> list[tuple[str, int]]:
    """Bytes of each part of a built page, then the inline SVG and the line breaks left between tags."""
    tree = LexborHTMLParser(html)
    rows = [(name, sum(len(node.html.encode()) for node in tree.css(selector))) for name, selector in PARTS]
    rows.append(("inline SVG (every part)", sum(len(node.html.encode()) for node in tree.css("svg"))))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=int, default=15000, help="synthetic questions (default 15000)")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it, rather than a temp folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="openbook-size-bench-") as tmp:
        folder = args.keep or Path(tmp)
        hub = write_ours(folder, args.questions)
        seconds = timed_build(hub)
        site = hub / "site"
        questions = [page for page in (site / "questions").glob("*/index.html") if page.parent.name.isdigit()]
        question_bytes = sum(page.stat().st_size for page in questions)
        first = (site / "questions" / "1" / "index.html").read_text(encoding="utf-8")
        whole = folder_size(site)
        search = folder_size(site / "pagefind")
        size = len(first.encode())

    print(f"The demo hub with {args.questions:,} synthetic questions, one `mkdocs build` ({seconds:.0f} CPU s)")
    print(f"\nquestion #1: {size:,} bytes; the {len(questions):,} question pages: mean "
          f"{question_bytes / max(1, len(questions)):,.0f} bytes")
    print(f"\n{'part of question #1':<56} {'bytes':>7} {'share':>6}")
    for name, part in breakdown(first):
        print(f"{name:<56} {part:>7,} {100 * part / size:>5.1f}%")
    print(f"\n{'the site folder':<56} {'MB':>9}")
    for name, part in (("whole site", whole), ("question pages", question_bytes), ("Pagefind's index", search),
                       ("everything else", whole - question_bytes - search)):
        print(f"{name:<56} {part / 1e6:>9.1f}")
    per_question = whole / args.questions
    print(f"\nat {per_question / 1000:.1f} KB per question, GitHub Pages' 1 GB holds about "
          f"{int(PAGES_LIMIT / per_question):,} questions")
    print(f"\nReproduce: {Path(sys.executable).name} bench/size_bench.py --questions {args.questions}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
