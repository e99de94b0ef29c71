"""Benchmark: the Q&A pages at 1,000 and 5,000 questions, against plain Material.

For each size it writes two hubs in a temp folder from the same synthetic questions:
- "openbook": a snapshot (data/questions.json) built by the questions hook;
- "plain": the same pages as static Markdown files (question, answers, indexes),
  built by Material alone, with the same theme, extensions and nav.
Each build runs in a fresh Python process, timed around MkDocs' build() with
time.perf_counter; the best of --repeat runs counts. It prints the three ratios
the Q&A issue sets, all measured in this one run:

    our build / plain build            (at most 1.10)
    our time at 5,000 / at 1,000       (at most 5.5: linear is 5.0)
    one question page's HTML at 5,000 / at 1,000   (at most 1.05)

Reproduce: .venv/bin/python bench/questions_bench.py            (about 4 minutes on 2 cores)
           .venv/bin/python bench/questions_bench.py --sizes 200 1000 --repeat 1   (quick look)
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import timing  # bench/timing.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from openbook.questions import snapshot  # noqa: E402 - after the path is set

REPO = "larkspur-hq/openbook-hub"
ISSUES = f"https://github.com/{REPO}/issues"
CATEGORIES = {
    "billing": "Billing and plans",
    "calendar-sync": "Calendar sync",
    "notifications": "Reminders and notifications",
    "data": "Data and privacy",
    "integrations": "Integrations",
}
TOPICS = ["deposits", "Outlook sync", "SMS reminders", "data export", "the booking API", "invoices", "resources"]

COMMON_CONFIG = """\
site_name: Bench hub
site_url: https://bench.example/
repo_url: https://github.com/larkspur-hq/openbook-hub
edit_uri: edit/main/docs/
theme:
  name: material
  font: false
plugins:
  - search
markdown_extensions:
  - admonition
  - attr_list
  - tables
  - toc:
      permalink: true
  - pymdownx.superfences
nav:
  - Home: index.md
  - Questions:
      - questions/index.md
      - By recent activity: questions/recent.md
      - What we still owe you: questions/owed.md
"""

OURS_CONFIG = COMMON_CONFIG + f"""\
hooks:
  - {ROOT / "src" / "openbook" / "hooks" / "settings.py"}
  - {ROOT / "src" / "openbook" / "hooks" / "generated.py"}
  - {ROOT / "src" / "openbook" / "hooks" / "questions.py"}
extra:
  openbook:
    company: Larkspur
    questions:
      categories: {json.dumps(CATEGORIES)}
      staff_logins: [larkspur-support]
"""


def _time(i: int, hours: float = 0) -> str:
    base = 1_767_225_600 + i * 4_000  # 2026-01-01, a question every ~67 minutes
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(base + hours * 3600))


def _reactions(up: int) -> dict[str, int]:
    counts = dict.fromkeys(snapshot.REACTIONS, 0)
    counts["+1"] = up
    return counts


def _body(i: int) -> str:
    topic = TOPICS[i % len(TOPICS)]
    text = (
        f"We set up {topic} last week for our second location and it mostly works. When a client books "
        f"from the widget, the booking shows up, but the reminder goes out at the wrong time for about one "
        f"in ten bookings. Is this a setting on our side? We are on the Team plan.\n\n"
        f"- location: shop {i % 17}\n- staff: {i % 5 + 2}\n- related: #{max(1, i - 1)}\n"
    )
    if i % 3 == 0:
        text += "\n```json\n{\"service\": \"cut-45\", \"location\": " + str(i % 17) + "}\n```\n"
    if i % 4 == 0:
        text += "\n| plan | seats |\n|---|---|\n| Team | 5 |\n| Business | 20 |\n"
    if i % 5 == 0:
        # What issue forms and real issues hold: template comments, a task list with a
        # 2-space nested list, a pasted log in <details>.
        text = (
            "<!-- Describe what happened and what you expected. -->\n" + text +
            "\n- [x] checked the time zone\n- [ ] asked support\n  - by email\n  - by phone\n\n"
            "<details><summary>Log</summary>\n\n```\nqueued booking=b_" + str(i) + "\nsent channel=sms\n```\n\n</details>\n"
        )
    return text


def questions(n: int) -> list[snapshot.Question]:
    result = []
    cid = 1_000_000
    labels = list(CATEGORIES)
    for i in range(1, n + 1):
        comments = []
        for k, (login, assoc) in enumerate([("customer-a", "NONE"), ("priya-larkspur", "MEMBER"), ("customer-b", "NONE")][: 1 + i % 3]):
            cid += 1
            comments.append(snapshot.Comment(
                id=cid, author=snapshot.Author(login, assoc),
                body=f"Thanks for the details. Under **Settings → {TOPICS[(i + k) % len(TOPICS)]}** you can check the "
                     f"time zone of each location; see #{i} and https://help.larkspur.example/{i}."
                     + ("\n\n> [!NOTE]\n> Reminders already sent cannot be recalled. :+1: @customer-a" if k == 1 else ""),
                created_at=_time(i, 2 + k), updated_at=_time(i, 2 + k),
                html_url=f"{ISSUES}/{i}#issuecomment-{cid}", reactions=_reactions(k),
            ))
        result.append(snapshot.Question(
            number=i, title=f"Reminders for {TOPICS[i % len(TOPICS)]} arrive late at location {i % 17} ({i})",
            # Approved by staff, so every question is published, as the plain hub's pages are.
            body=_body(i), state="open", labels=("question", "approved", labels[i % len(labels)]), locked=False,
            author=snapshot.Author(f"salon-{i % 97}"), created_at=_time(i), updated_at=comments[-1].updated_at,
            html_url=f"{ISSUES}/{i}", reactions=_reactions(i % 23), comments=tuple(comments),
        ))
    return result


def _plain_question(q: snapshot.Question) -> str:
    """The same question as a hand-written Markdown page, as Material alone would build it."""
    parts = [f"---\ntitle: {json.dumps(q.title)}\n---\n\n# {q.title}\n",
             f"Asked by [{q.author.login}](https://github.com/{q.author.login}) on {q.created_at[:10]} · 👍 "
             f"{q.reactions['+1']} votes\n", q.body, f"\n## {len(q.comments)} answers\n"]
    for c in q.comments:
        parts.append(f"\n**[{c.author.login}](https://github.com/{c.author.login})** · {c.created_at[:10]}\n\n{c.body}\n")
    parts.append(f"\n[Continue the conversation on GitHub]({q.html_url})\n")
    return "\n".join(parts)


def _plain_index(qs: list[snapshot.Question], title: str, prefix: str) -> str:
    lines = [f"# {title}\n"]
    for label, heading in CATEGORIES.items():
        lines.append(f"\n## {heading}\n")
        lines += [f"- [{q.title}]({prefix}{q.number}.md)" for q in qs if label in q.labels]
    return "\n".join(lines) + "\n"


def write_hubs(folder: Path, n: int) -> tuple[Path, Path]:
    qs = questions(n)
    ours = folder / f"ours-{n}"
    (ours / "docs").mkdir(parents=True)
    (ours / "data").mkdir()
    (ours / "mkdocs.yml").write_text(OURS_CONFIG)
    (ours / "docs" / "index.md").write_text("# Bench hub\n\nSee the [questions](questions/index.md).\n")
    snap = snapshot.Snapshot(repo=REPO, api_url="https://api.github.com", synced_at=_time(n, 24), questions=tuple(qs))
    (ours / "data" / "questions.json").write_text(snapshot.dumps(snap))
    # The ledger as a previous build left it, so that no timed build writes it.
    (ours / "data" / "questions-published.json").write_text(json.dumps(
        {"format": "openbook-questions-published", "version": 1, "numbers": [q.number for q in qs]}, indent=1) + "\n")

    plain = folder / f"plain-{n}"
    (plain / "docs" / "questions").mkdir(parents=True)
    (plain / "mkdocs.yml").write_text(COMMON_CONFIG)
    (plain / "docs" / "index.md").write_text("# Bench hub\n\nSee the [questions](questions/index.md).\n")
    for q in qs:
        (plain / "docs" / "questions" / f"{q.number}.md").write_text(_plain_question(q))
    (plain / "docs" / "questions" / "index.md").write_text(_plain_index(qs, "Questions", ""))
    (plain / "docs" / "questions" / "recent.md").write_text(_plain_index(qs, "Questions by recent activity", ""))
    (plain / "docs" / "questions" / "owed.md").write_text(_plain_index(qs[:10], "What we still owe you", ""))
    return ours, plain


def timed(config_file: Path) -> float:
    """Seconds of one build, in a fresh process so that no cache of a previous build helps."""
    return timing.build_only_in_child(__file__, config_file, epoch=1795000000)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=[1000, 5000], metavar=("SMALL", "LARGE"))
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
            rows[n] = {
                "ours": ours_s,
                "plain": plain_s,
                # Question #1 is the same question at both sizes.
                "page": (ours / "site" / "questions" / "1" / "index.html").stat().st_size,
                "plain_page": (plain / "site" / "questions" / "1" / "index.html").stat().st_size,
            }
    print(f"Q&A pages benchmark, best of {args.repeat} build(s) each, one run")
    print(f"{'questions':>10} {'openbook s':>11} {'plain s':>9} {'ours/plain':>11} {'page bytes':>11}")
    for n, row in rows.items():
        print(f"{n:>10} {row['ours']:>11.2f} {row['plain']:>9.2f} {row['ours'] / row['plain']:>11.2f} {row['page']:>11}")
    ratios = [
        (f"our build / plain Material, at {small}", rows[small]["ours"] / rows[small]["plain"], 1.10),
        (f"our build / plain Material, at {large}", rows[large]["ours"] / rows[large]["plain"], 1.10),
        (f"time at {large} / time at {small}", rows[large]["ours"] / rows[small]["ours"], 1.1 * large / small),
        (f"one question page's HTML at {large} / at {small}", rows[large]["page"] / rows[small]["page"], 1.05),
    ]
    failed = timing.print_limits(ratios)
    print(f"\nReproduce: {Path(sys.executable).name} bench/questions_bench.py --sizes {small} {large} --repeat {args.repeat}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
