"""Request counts and wall time of `openbook sync` against the fake GitHub: full, incremental, unchanged.

Reproduce from the repository root:

    .venv/bin/python bench/sync_bench.py                 # 10,000 issues, 50,000 comments
    .venv/bin/python bench/sync_bench.py --issues 1000 --comments 5000

The fake GitHub (tests/fakegithub.py) runs in this process on 127.0.0.1, so
wall times include serving the JSON; compare the rows with each other (the
ratio column), not with GitHub. Request counts do not depend on the machine.
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fakegithub import FakeGitHub  # noqa: E402

from openbook import github_client  # noqa: E402
from openbook.questions import sync  # noqa: E402
from openbook.questions import snapshot

RULE = sync.Filter(publish_labels=("question",), exclude_labels=("private", "spam"))


def one_sync(fake: FakeGitHub, path: Path, *, full: bool) -> dict[str, object]:
    client = github_client.GitHubClient(fake.url, None, timeout=30, retries=0, max_wait=0)
    previous = snapshot.load(path) if path.exists() else None
    fake.reset_log()
    started = time.perf_counter()
    result = sync.run(client, "acme/hub", previous, RULE, full=full)
    fetched = time.perf_counter()
    # As `openbook sync` does: unchanged content is not serialized again.
    written = result.changed and snapshot.write_atomic(path, snapshot.dumps(result.snapshot))
    seconds = time.perf_counter() - started
    client.close()
    return {
        "requests": client.stats.requests,
        "not_modified": client.stats.not_modified,
        "server_requests": len(fake.log),
        "seconds": seconds,
        "writing": seconds - (fetched - started),
        "questions": len(result.snapshot.questions),
        "comments": result.comments,
        "written": written,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=10_000)
    parser.add_argument("--comments", type=int, default=50_000)
    args = parser.parse_args()

    fake = FakeGitHub().start()
    # Every 10th item is a pull request and every 5th is a bug: both are listed, neither is published.
    for index in range(args.issues):
        labels = ["bug"] if index % 5 == 4 else ["question"]
        fake.add_issue(f"Question {index}", f"Body {index} " * 30, labels=labels, pull_request=index % 10 == 3)
    numbers = sorted(fake.issues)
    for index in range(args.comments):
        fake.add_comment(numbers[index % len(numbers)], f"Comment {index} " * 15)
    listed = sum(1 for i in fake.issues.values() if i["labels"][0]["name"] == "question")

    rows = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "questions.json"
        full = one_sync(fake, path, full=True)
        budget = math.ceil(args.issues / 100) + math.ceil(args.comments / 100) + 2
        rows.append(("full", full, budget))

        # 1% of the issues change: a third closed, a third relabelled, a third get two comments.
        changed = numbers[:: max(1, len(numbers) // (len(numbers) // 100 or 1))][: max(1, args.issues // 100)]
        new_comments = 0
        for step, number in enumerate(changed):
            if step % 3 == 0:
                fake.update_issue(number, state="closed")
            elif step % 3 == 1:
                fake.update_issue(number, labels=["question", "billing"])
            else:
                fake.add_comment(number, "A new answer")
                fake.add_comment(number, "A follow-up")
                new_comments += 2
        incremental = one_sync(fake, path, full=False)
        rows.append((f"incremental ({len(changed)} issues, {new_comments} comments changed)", incremental, None))

        unchanged = one_sync(fake, path, full=False)
        rows.append(("unchanged", unchanged, 2))
        size = path.stat().st_size
    fake.stop()

    print(f"openbook sync against the fake GitHub: {args.issues:,} issues ({listed:,} labelled question), {args.comments:,} comments")
    print(f"snapshot: {full['questions']:,} questions, {full['comments']:,} comments, {size / 1e6:.1f} MB")
    print()
    print("| sync | requests | budget | 304s | wall time | of which writing the snapshot | time vs full |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    base = float(full["seconds"])
    for name, row, limit in rows:
        assert row["requests"] == row["server_requests"], "client and server disagree on the request count"
        print(
            f"| {name} | {row['requests']:,} | {'-' if limit is None else format(limit, ',')} | {row['not_modified']} | "
            f"{row['seconds']:.2f} s | {row['writing']:.2f} s | {float(row['seconds']) / base:.3f} |"
        )
    plain = sum(1 for i in fake.issues.values() if "pull_request" not in i)
    naive = math.ceil(args.issues / 30) + plain + int(full["questions"])
    print()
    print(
        f"For scale (counted, not run): PyGithub's defaults (30 a page), reading `issue.pull_request` on each "
        f"plain issue (one lazy completion each) and one comments request per question would take "
        f"{naive:,} requests for the full sync, {naive / int(full['requests']):.0f}x as many."
    )


if __name__ == "__main__":
    main()
