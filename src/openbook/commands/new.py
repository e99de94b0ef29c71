"""`openbook new DIR`: write a new company's hub that builds and checks clean straight away."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from openbook import cli, clock
from openbook.starter import hub

if TYPE_CHECKING:
    import argparse

HELP = "write a new hub for a company: config, one-line hooks, starter pages, data, issue forms and workflows"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("directory", metavar="DIR", help="the folder to create; it must not exist yet (or be empty)")
    parser.add_argument("--company", required=True, metavar="NAME", help="the company's name, as readers know it")
    parser.add_argument("--repo", required=True, metavar="OWNER/NAME", help="the hub's GitHub repository")
    parser.add_argument("--site-url", metavar="URL", help="where the site is published (default: GitHub Pages, https://OWNER.github.io/NAME/)")
    parser.add_argument("--support-email", metavar="ADDRESS", help="where customers write about their own account (default: support@OWNER.example)")
    parser.add_argument("--staff-team", metavar="@OWNER/TEAM", help="the GitHub team that reviews every change (default: @OWNER/hub-maintainers)")
    parser.add_argument("--github-url", default="https://github.com", metavar="URL",
                        help="the GitHub host, for GitHub Enterprise Server (default: https://github.com)")
    parser.add_argument("--api-url", default="", metavar="URL",
                        help="GitHub's API URL, written as extra.openbook.sync.api_url (default: derived from repo_url)")
    parser.add_argument("--currency", default="USD", metavar="CODE", help="the currency of the example plan (default: USD)")
    parser.add_argument("--requirement", metavar="SPEC",
                        help="the openbook pin in requirements.txt (default: openbook==THIS VERSION)")


def run(args: argparse.Namespace) -> int:
    try:
        identity = hub.identity_for(
            args.company, args.repo, site_url=args.site_url, support_email=args.support_email,
            staff_team=args.staff_team, github_url=args.github_url, api_url=args.api_url,
            currency=args.currency, requirement=args.requirement)
        target = Path(args.directory)
        written = hub.write(target, identity, clock.today())
    except hub.NewHubError as exc:
        print(f"openbook new: {exc}", file=sys.stderr)
        return cli.EXIT_USAGE
    print(f"wrote a hub for {identity.company} in {target}/ ({len(written)} files). Next:")
    print(f"  cd {target} && git init -b main && git add -A && git commit -m 'A new Open Book'")
    print("  python3 -m venv .venv && .venv/bin/python -m pip install -r requirements.txt")
    print("  .venv/bin/mkdocs serve     # then edit docs/ and data/pricing.yml; README.md says what else")
    return cli.EXIT_OK
