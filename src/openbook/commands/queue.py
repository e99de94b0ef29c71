"""`openbook queue`: the staff triage list: open content reports first, then open pull requests, oldest
waiting first (exit 0, 1 failed, 2 usage).

It reads GitHub through `openbook.github_client`, as sync does: the same API
URL and token rules, bounded retries, rate-limit waits and one-line errors.

Requests: one per 100 open content reports, one per 100 open pull requests for
the list, then for each pull request one per 100 changed files, one for the
commit statuses and one per 100 check runs of its head commit; about 2 + 3N for
N open pull requests.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from contextlib import ExitStack
from datetime import datetime
from typing import TYPE_CHECKING

from openbook import cli, clock, github_client, settings
from openbook.contribution import queue, scan as contribution
from openbook.questions import rules

if TYPE_CHECKING:
    import argparse

HELP = ("list open content reports, then open pull requests, for staff triage, oldest waiting first: "
        "author, what they touch, age, checks, labels")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    cli.add_config_argument(parser)
    cli.add_github_arguments(parser)
    parser.add_argument("--format", choices=["text", "json"], default="text", help="output: text for people, or json")


def _say(message: str) -> None:
    print(f"openbook queue: {message}", file=sys.stderr)


def _time(value: object) -> datetime:
    # A missing time (None) fails here, as a payload of an unexpected shape.
    return datetime.fromisoformat(str(value).replace("Z", "+00:00"))


def fetch_reports(client: github_client.GitHubClient, repo: str) -> list[queue.Report]:
    """Every open issue with the content-report label (the form applies it), whatever other labels it has."""
    base = client.repo_url(repo)
    listed = client.list_all(f"{base}/issues", {"state": "open", "labels": rules.CONTENT_REPORT,
                                                "sort": "created", "direction": "asc"}).items
    reports = []
    for issue in listed:
        with github_client.expecting("an issue"):
            # The issues listing includes pull requests.
            if issue.get("pull_request"):
                continue
            reports.append(queue.Report(
                number=int(issue["number"]),
                title=issue.get("title") or "",
                url=issue.get("html_url") or "",
                author=(issue.get("user") or {}).get("login") or "ghost",
                created_at=_time(issue["created_at"]),
            ))
    return reports


def fetch(
    client: github_client.GitHubClient,
    repo: str,
    on_start: Callable[[int], None] | None = None,
    on_pull: Callable[[], None] | None = None,
) -> list[queue.Pull]:
    """Every open pull request with its files and checks, through the same client and retries as sync."""
    base = client.repo_url(repo)
    listed = client.list_all(f"{base}/pulls", {"state": "open", "sort": "created", "direction": "asc"}).items
    if on_start:
        on_start(len(listed))
    pulls = []
    for pr in listed:
        with github_client.expecting("a pull request"):
            files = client.list_all(f"{base}/pulls/{pr['number']}/files", {}).items
            sha = pr["head"]["sha"]
            combined = client.get_object(f"{base}/commits/{sha}/status")
            runs = client.list_all(f"{base}/commits/{sha}/check-runs", {}, items_key="check_runs").items
            pulls.append(queue.Pull(
                number=int(pr["number"]),
                title=pr.get("title") or "",
                url=pr.get("html_url") or "",
                author=(pr.get("user") or {}).get("login") or "ghost",
                association=pr.get("author_association") or "NONE",
                draft=bool(pr.get("draft")),
                created_at=_time(pr["created_at"]),
                updated_at=_time(pr.get("updated_at") or pr["created_at"]),
                labels=tuple(label["name"] for label in pr.get("labels") or ()),
                files=tuple(f["filename"] for f in files),
                checks=queue.checks_state(
                    combined.get("state"), int(combined.get("total_count") or 0),
                    [(r.get("status"), r.get("conclusion")) for r in runs],
                ),
            ))
        if on_pull:
            on_pull()
    return pulls


def run(args: argparse.Namespace) -> int:
    config = settings.load(args.config_file)
    try:
        client, repo = github_client.connect_to_repo(config, repo=args.repo, api_url=args.api_url)
    except github_client.ConfigError as exc:
        _say(str(exc))
        return cli.EXIT_USAGE
    layout = contribution.layout_for(config)
    if not client.authenticated:
        _say(f"note: {github_client.UNAUTHENTICATED_NOTE}")
    try:
        with ExitStack() as stack:
            start, step = _progress(stack)
            reports = fetch_reports(client, repo)
            pulls = fetch(client, repo, start, step)
    except github_client.GitHubError as exc:
        _say(str(exc))
        return cli.EXIT_FAILED
    finally:
        client.close()
    now = clock.now()
    if args.format == "json":
        # ASCII only: titles and logins come from anyone, and JSON leaves C1
        # controls and bidi overrides raw, which a terminal would obey.
        print(json.dumps(queue.as_json(pulls, now, layout, reports), indent=2, ensure_ascii=True))
    else:
        print(queue.as_text(pulls, now, layout, reports))
    return cli.EXIT_OK


def _progress(
    stack: ExitStack,
) -> tuple[Callable[[int], None], Callable[[], None]] | tuple[None, None]:
    """Progress on a terminal: pull requests read out of those listed."""
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn

    progress = cli.progress_bar(stack, TextColumn("pull requests"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    if progress is None:
        return None, None
    task = progress.add_task("pull requests", total=None)

    def start(total: int) -> None:
        progress.update(task, total=total)

    def step() -> None:
        progress.advance(task)

    return start, step
