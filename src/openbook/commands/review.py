"""`openbook review`: a Markdown summary of a change for the reviewer, read from git alone (offline)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from openbook import cli, clock
from openbook.contribution import changeset, check, review, scan as contribution

if TYPE_CHECKING:
    import argparse

HELP = "summarise a change (pages, prices, practices, settings, risky content, code) as Markdown for a PR comment"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    cli.add_config_argument(parser)
    parser.add_argument("--base", metavar="REF", required=True, help="git ref the change is compared against (e.g. origin/main)")
    parser.add_argument("--head", metavar="REF", default="HEAD", help="git ref of the change (default: HEAD)")


def collect(config_file: str, base: str, head: str) -> review.Review:
    """Read the change from git and summarise it; raises changeset.ChangeError for unusable refs."""
    config_path = Path(config_file).resolve()
    root = config_path.parent
    repo = changeset.open_repo(root)
    prefix = changeset.hub_prefix(root)
    start = changeset.merge_base(repo, base, head)
    head_sha = changeset.resolve(repo, head)
    config_repo_path = prefix + config_path.name
    # The config is read from git, not from disk: a review sees the change as committed.
    config_texts = [changeset.read_at(root, ref, config_repo_path) for ref in (start, head_sha)]
    if config_texts == [None, None]:
        # Without it the layout (docs folder, pricing file, notice rule) would be guessed.
        raise changeset.ChangeError(
            f"{config_file} is in the repository neither at {base!r} nor at {head!r}; "
            "pass the hub's mkdocs.yml with --config-file"
        )
    config_before, config_after = map(review.read_config, config_texts)
    # Where things live is the base's word, as the gate's builds are the base's.
    layout = contribution.Layout.from_raw(config_before or config_after, config_path.name)
    files = [
        review.FileText(
            path=change.path,
            status=change.status,
            old_path=change.old_path,
            before=None if change.status == "added" else changeset.read_at(root, start, change.old_repo_path or change.repo_path),
            after=None if change.status == "deleted" else changeset.read_at(root, head_sha, change.repo_path),
        )
        for change in changeset.changed_files(root, base, head)
    ]
    # The same judge as `openbook check --base`, on the committed head: the review tells the same story.
    findings = check.run_change(config_path, base=base, head=head_sha)
    return review.summarise(
        files, base=base, head=head, layout=layout, config_before=config_before, config_after=config_after,
        today=clock.today(), commits=changeset.subjects(root, base, head), findings=findings,
        editorial=changeset.declared_editorial(root, base, head),
    )


def run(args: argparse.Namespace) -> int:
    try:
        summary = collect(args.config_file, args.base, args.head)
    except changeset.ChangeError as exc:
        print(f"openbook review: {exc}", file=sys.stderr)
        return cli.EXIT_USAGE
    sys.stdout.write(review.render(summary))
    return cli.EXIT_OK
