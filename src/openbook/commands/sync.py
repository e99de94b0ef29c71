"""`openbook sync`: fetch the published questions and their comments into the snapshot (exit 0/1/2)."""

from __future__ import annotations

import sys
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

from openbook import cli, clock, github_client, settings
from openbook.questions import rules, snapshot, sync, trust

if TYPE_CHECKING:
    import argparse
    from datetime import datetime

    from mkdocs.config.defaults import MkDocsConfig

    from rich.progress import TaskID

    from openbook.github_client import PageCallback

HELP = (
    "fetch the published GitHub issues and their comments into the question snapshot "
    "(exit 0 synced, 1 failed and the previous snapshot kept, 2 usage or config error)"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    cli.add_config_argument(parser)
    cli.add_github_arguments(parser)
    parser.add_argument(
        "--output",
        metavar="PATH",
        help="the snapshot to update (default: extra.openbook.questions.snapshot, data/questions.json)",
    )
    parser.add_argument(
        "--full", action="store_true", help="fetch everything again instead of only what changed since the last sync"
    )


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _say(message: str) -> None:
    print(f"openbook sync: {message}", file=sys.stderr)


def _page_bar(stack: ExitStack) -> PageCallback | None:
    """Progress on a terminal: one row per listing, advanced page by page."""
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn

    progress = cli.progress_bar(
        stack, TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("pages"),
        TimeElapsedColumn(),
    )
    if progress is None:
        return None
    tasks: dict[str, TaskID] = {}

    def on_page(label: str, page: int, last: int | None) -> None:
        if label not in tasks:
            tasks[label] = progress.add_task(label, total=last)
        progress.update(tasks[label], completed=page, total=last or page)

    return on_page


def run(args: argparse.Namespace) -> int:
    config = settings.load(args.config_file)
    options = settings.of(config)
    output = Path(args.output) if args.output else settings.project_root(config) / options.questions.snapshot
    try:
        client, repo = github_client.connect_to_repo(config, repo=args.repo, api_url=args.api_url)
    except github_client.ConfigError as exc:
        _say(str(exc))
        return cli.EXIT_USAGE
    rule = sync.Filter(
        tuple(options.questions.publish_labels),
        tuple(options.questions.exclude_labels),
        (options.consultations.label,) if options.consultations.enabled else (),
    )

    previous = None
    if output.exists():
        try:
            previous = snapshot.load(output)
        except snapshot.SnapshotError as exc:
            if not args.full:
                # The message already says how to recover (sync --full, or git).
                _say(f"{exc}. Nothing was fetched, and the file is as it was.")
                return cli.EXIT_FAILED
    if not client.authenticated:
        _say(f"note: {github_client.UNAUTHENTICATED_NOTE}")
    hours = options.sync.full_sync_hours
    now = clock.now()
    reason = None if args.full else sync.full_sync_reason(previous, repo, client.api_url, rule, now=now,
                                                           full_sync_hours=hours)
    if reason:
        _say(f"full sync, because {reason}")

    kept = "The previous snapshot is kept." if output.exists() else "Nothing was written."
    try:
        with ExitStack() as stack:
            # The reason said above is the one acted on: the same "now" decides.
            result = sync.run(client, repo, previous, rule, full=bool(args.full or reason), on_page=_page_bar(stack),
                              now=lambda: now, full_sync_hours=hours)
    except github_client.GitHubError as exc:
        _say(f"{exc}. {kept}")
        return cli.EXIT_FAILED
    finally:
        client.close()

    try:
        # Unchanged content means an unchanged file: skip serializing it at all.
        written = result.changed and snapshot.write_atomic(output, snapshot.dumps(result.snapshot))
    except OSError as exc:
        _say(f"cannot write {output}: {exc.strerror or exc}; make the folder writable or pass --output. {kept}")
        return cli.EXIT_FAILED
    stats = client.stats
    shown = _shown(output)
    outcome = (
        f"{result.added:,} added, {result.updated:,} updated, {result.removed:,} removed; wrote {shown}"
        if written
        else f"{shown} unchanged"
    )
    trusted = _record_trust(config, result.snapshot, repo, now)
    print(
        f"synced {len(result.snapshot.questions):,} questions and {result.comments:,} comments "
        f"in {stats.requests:,} requests ({stats.not_modified:,} not modified)"
        f"{', full sync' if result.full else ''}: {outcome}{trusted}"
    )
    return cli.EXIT_OK


def _record_trust(config: MkDocsConfig, synced: snapshot.Snapshot, repo: str, now: datetime) -> str:
    """Add to the ledger everyone whose question or reply the rules publish now; say how many, or why not.

    Sync is the one writer of this record (see openbook.questions.trust): it runs once per
    deploy, before the build, and the build only reads what it wrote, so the build stays a
    pure function of the files and the clock.
    """
    options = settings.of(config)
    qs, cs = options.questions, options.consultations
    if not qs.ledger:
        return ""
    path = settings.project_root(config) / qs.ledger
    try:
        ledger = trust.read(path, qs.ledger)
    except trust.LedgerError as exc:
        _say(f"{exc}. The snapshot is written; no reply is published at once until the ledger is readable.")
        return ""
    if ledger.repo and not trust.same_repo(ledger.repo, repo):
        _say(f"{qs.ledger} is the ledger of {ledger.repo}, not of {repo}; it is left as it is "
             "(delete it, or set questions.ledger to another path)")
        return ""
    policy = rules.Policy.from_settings(qs, [cs.label] if cs.enabled else [])
    earned = trust.earned(synced, policy, now, ledger.trusted, cs.label if cs.enabled else None)
    added = len(earned - ledger.trusted)
    if not added:
        return ""
    try:
        snapshot.write_atomic(path, trust.text(ledger.numbers, ledger.repo or repo, earned))
    except OSError as exc:
        _say(f"cannot write {qs.ledger}: {exc.strerror or exc}; replies by the {added} newly published author(s) "
             "keep waiting their hold. Make the file writable")
        return ""
    return f"; {added:,} newly published {'author' if added == 1 else 'authors'} recorded in {qs.ledger}"
