#!/usr/bin/env python3
"""Requests and time of `openbook queue` for growing numbers of open pull requests.

Serves N open pull requests (3 files, 2 check runs, 1 commit status each)
from the fake GitHub in this process, fetches the queue through openbook.github_client as
the command does, and prints a table of exact request counts and time ratios
measured in one run. Reproduce: `.venv/bin/python bench/queue_bench.py`.
"""

from __future__ import annotations

import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fakegithub import FakeGitHub  # noqa: E402
from fakegithub_pulls import FakePulls  # noqa: E402

from openbook import github_client  # noqa: E402
from openbook.commands.queue import fetch  # noqa: E402
from openbook.settings import SyncSettings  # noqa: E402

SIZES = (10, 50, 250)
NOW = datetime(2026, 11, 21, tzinfo=timezone.utc)


def measure(size: int) -> tuple[int, float]:
    fake = FakeGitHub().start()
    try:
        pulls = FakePulls(fake)
        for number in range(1, size + 1):
            pulls.add(number, created=NOW - timedelta(hours=number), files=("docs/a.md", "docs/b.md", "hooks/c.py"),
                      runs=(("completed", "success"), ("completed", "failure")), statuses=("success",))
        sync = SyncSettings()
        sync.load_dict({})
        client = github_client.connect(sync, api_url=fake.url, env={})
        fake.reset_log()
        start = time.perf_counter()
        queue = fetch(client, "acme/hub")
        elapsed = time.perf_counter() - start
        client.close()
        assert len(queue) == size
        return len(fake.log), elapsed
    finally:
        fake.stop()


def main() -> int:
    rows = [(size, *measure(size)) for size in SIZES]
    base_time = rows[0][2] / rows[0][0]
    print("open PRs | requests | ceil(N/100) + 3N | time per PR vs 10 PRs")
    print("-------- | -------- | ---------------- | ---------------------")
    for size, requests, elapsed in rows:
        print(f"{size:>8} | {requests:>8} | {-(-size // 100) + 3 * size:>16} | {elapsed / size / base_time:>20.2f}x")
    print("\nOne list request per 100 open PRs, then per PR: files, commit status, check runs.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
