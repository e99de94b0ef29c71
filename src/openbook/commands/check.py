"""`openbook check`: validate what a contribution can touch (exit 0 clean, 1 problems, 2 usage)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from openbook import cli, findings, settings
from openbook.contribution import changeset, check

if TYPE_CHECKING:
    import argparse

HELP = "validate the hub's content and data as a contribution changes it (exit 0 clean, 1 problems, 2 usage)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    cli.add_config_argument(parser)
    parser.add_argument("--base", metavar="REF", help="git ref the change is compared against (e.g. origin/main)")
    parser.add_argument(
        "--format",
        choices=["text", "json", "github"],
        default=None,
        help="output: text for people, json, or github annotations (the default inside GitHub Actions)",
    )


def run(args: argparse.Namespace) -> int:
    try:
        if args.base:
            # The change's mkdocs.yml is never loaded (that would import its hooks): the gate builds
            # the base's. An unknown ref is a usage error; say so before the slow builds.
            root = Path(args.config_file).resolve().parent
            changeset.resolve(changeset.open_repo(root), args.base)
            found = check.run_change(args.config_file, base=args.base)
        else:
            found = check.run(settings.load(args.config_file))
    except changeset.ChangeError as exc:
        print(f"openbook check: {exc}", file=sys.stderr)
        return cli.EXIT_USAGE
    # Errors first: they are what must be fixed; warnings follow, each group in report order.
    found = sorted(found, key=lambda finding: finding.level != "error")
    output = findings.render(found, args.format or findings.default_format())
    if output:
        print(output, file=sys.stdout)
    return cli.EXIT_FAILED if any(f.level == "error" for f in found) else cli.EXIT_OK
