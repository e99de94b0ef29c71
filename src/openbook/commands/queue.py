"""`openbook queue`: the staff triage list of open pull requests, oldest waiting first (exit 0, 1 failed, 2 usage).

Requests: one per 100 open pull requests for the list, then for each pull
request one per 100 changed files, one for the commit statuses and one per 100
check runs of its head commit; about 1 + 3N for N open pull requests.
"""

from __future__ import annotations

import json
import sys
from contextlib import ExitStack
from typing import TYPE_CHECKING

from openbook import cli, clock, contribution, github_client, queue, settings

if TYPE_CHECKING:
    import argparse

HELP = "list open pull requests for staff triage, oldest waiting first: author, what they touch, age, checks, labels"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    cli.add_config_argument(parser)
    parser.add_argument("--repo", metavar="OWNER/NAME", help="the repository (default: from repo_url in mkdocs.yml)")
    parser.add_argument(
        "--api-url",
        metavar="URL",
        help="GitHub's API URL (default: extra.openbook.sync.api_url, then $GITHUB_API_URL, then https://api.github.com)",
    )
    parser.add_argument("--format", choices=["text", "json"], default="text", help="output: text for people, or json")


def _say(message: str) -> None:
    print(f"openbook queue: {message}", file=sys.stderr)


def _error_line(exc: Exception, api_url: str, repo: str, authenticated: bool) -> str:
    """One line for a failed request, worded as `openbook sync` words them."""
    import requests
    from github import GithubException, RateLimitExceededException

    if isinstance(exc, RateLimitExceededException):
        reset = (exc.headers or {}).get("x-ratelimit-reset")
        when = ""
        if reset and str(reset).isdigit():
            from datetime import datetime, timezone

            when = " until " + datetime.fromtimestamp(int(reset), tz=timezone.utc).strftime("%H:%M UTC")
        hint = "" if authenticated else "; set GITHUB_TOKEN for a higher limit"
        return f"GitHub's rate limit stopped the queue{when}; run it again then{hint}"
    if isinstance(exc, GithubException):
        if exc.status == 401:
            if authenticated:
                return "GitHub rejected the token (401 Bad credentials); check GITHUB_TOKEN or GH_TOKEN"
            return "GitHub requires authentication (401); set GITHUB_TOKEN or GH_TOKEN"
        if exc.status == 403:
            return f"GitHub refused to list {repo}'s pull requests (403); the token needs read access to pull requests and checks"
        if exc.status == 404:
            private = "" if authenticated else ", or it is private and needs GITHUB_TOKEN"
            return f"{repo} not found at {api_url} (404); check --repo or repo_url in mkdocs.yml, and the API URL{private}"
        return f"GitHub answered {exc.status} for {repo}; try again later"
    if isinstance(exc, requests.exceptions.Timeout):
        return f"GitHub at {api_url} did not answer in time; try again later, or raise extra.openbook.sync.timeout"
    return f"cannot connect to {api_url}; check the network, and the API URL (--api-url, GITHUB_API_URL)"


def fetch(client: github_client.GitHubClient, repo: str, on_start=None, on_pull=None) -> list[queue.Pull]:
    """Every open pull request with its files and checks, through PyGithub.

    Only attributes that the list payloads carry are read: PyGithub completes
    an object with one more request for any other (or for raw_data).
    """
    # The client is lazy (Github(lazy=True)): this costs no request.
    gh_repo = client.github.get_repo(repo)
    listed = list(gh_repo.get_pulls(state="open", sort="created", direction="asc"))
    if on_start:
        on_start(len(listed))
    pulls = []
    for pr in listed:
        files = tuple(f.filename for f in pr.get_files())
        commit = gh_repo.get_commit(pr.head.sha)
        combined = commit.get_combined_status()
        runs = [(run.status, run.conclusion) for run in commit.get_check_runs()]
        pulls.append(queue.Pull(
            number=pr.number,
            title=pr.title or "",
            url=pr.html_url or "",
            author=pr.user.login if pr.user else "ghost",
            association=pr.author_association or "NONE",
            draft=bool(pr.draft),
            created_at=pr.created_at,
            updated_at=pr.updated_at or pr.created_at,
            labels=tuple(label.name for label in pr.labels),
            files=files,
            checks=queue.checks_state(combined.state, combined.total_count, runs),
        ))
        if on_pull:
            on_pull()
    return pulls


def run(args: argparse.Namespace) -> int:
    import requests
    from github import GithubException

    config = settings.load(args.config_file)
    options = settings.of(config)
    repo = args.repo or github_client.repo_from_url(config.repo_url)
    if not repo:
        _say("no repository: set repo_url in mkdocs.yml or pass --repo OWNER/NAME")
        return cli.EXIT_USAGE
    try:
        github_client.check_repo_name(repo)
        client = github_client.connect(options.sync, api_url=args.api_url)
    except github_client.ConfigError as exc:
        _say(str(exc))
        return cli.EXIT_USAGE
    layout = contribution.layout_for(config)
    if not client.authenticated:
        _say(github_client.UNAUTHENTICATED_NOTE)
    try:
        with ExitStack() as stack:
            start, step = _progress(stack)
            pulls = fetch(client, repo, start, step)
    except (GithubException, requests.exceptions.RequestException) as exc:
        _say(_error_line(exc, client.api_url, repo, client.authenticated))
        return cli.EXIT_FAILED
    finally:
        client.close()
    now = clock.now()
    if args.format == "json":
        print(json.dumps(queue.as_json(pulls, now, layout), indent=2, ensure_ascii=False))
    else:
        print(queue.as_text(pulls, now, layout))
    return cli.EXIT_OK


def _progress(stack: ExitStack):
    """A transient rich progress bar on stderr when it is a terminal; no-ops otherwise."""
    from rich.console import Console

    console = Console(stderr=True)
    if not console.is_terminal:
        return None, None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    progress = stack.enter_context(Progress(
        TextColumn("pull requests"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=console, transient=True,
    ))
    task = progress.add_task("pull requests", total=None)

    def start(total: int) -> None:
        progress.update(task, total=total)

    def step() -> None:
        progress.advance(task)

    return start, step
