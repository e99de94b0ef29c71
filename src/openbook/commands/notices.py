"""`openbook notices`: every notice the hub gave, newest first; `--publish` makes each a GitHub Release (exit 0/1/2)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from openbook import cli, clock, github_client, settings
from openbook.notices import model, publish, render, sources

if TYPE_CHECKING:
    import argparse

HELP = (
    "list the hub's notices (price and practice changes announced ahead, consultations opened and decided), "
    "newest first; --publish creates a GitHub Release for each notice that has none "
    "(exit 0 done, 1 failed, 2 usage or config error)"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    cli.add_config_argument(parser)
    parser.add_argument("--format", choices=["text", "json"], default="text", help="output: text for people, or json")
    parser.add_argument(
        "--publish", action="store_true",
        help="create one GitHub Release (tag notice-ID) for each notice without one, with the API URL and token "
             "`openbook sync` uses (GITHUB_TOKEN or GH_TOKEN); never edits or deletes a release",
    )


def _say(message: str) -> None:
    print(f"openbook notices: {message}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    config = settings.load(args.config_file)
    hub = sources.open_hub(config, clock.today())
    try:
        if hub.log is not None and hub.log.shallow:
            _say("warning: the git history is shallow, so publication dates may be too late; fetch the whole "
                 "history (actions/checkout: fetch-depth: 0)")
        notices = sources.collect(hub)
        target = hub.log.tip if hub.log is not None else None
    except (sources.SourceError, model.DuplicateNotice) as exc:
        _say(f"{exc}. No notice was listed or published.")
        return cli.EXIT_FAILED
    finally:
        sources.close_hub(hub)
    if not args.publish:
        print(render.as_json(notices) if args.format == "json" else render.text(notices), end="")
        return cli.EXIT_OK
    return _publish(config, notices, target or settings.of(config).branch)


def _publish(config, notices: list[model.Notice], target: str) -> int:
    if not config.site_url:
        _say("site_url is not set in mkdocs.yml, and each release links to its notice's page on the site; "
             "set site_url. Nothing was published.")
        return cli.EXIT_USAGE
    try:
        client, repo = github_client.connect_to_repo(config)
    except github_client.ConfigError as exc:
        _say(f"{exc}. Nothing was published.")
        return cli.EXIT_USAGE
    try:
        if not client.authenticated:
            _say("no GITHUB_TOKEN or GH_TOKEN is set, and creating a release needs a token that may write the "
                 "repository's contents. Nothing was published.")
            return cli.EXIT_USAGE
        result = publish.publish(client, repo, notices, target,
                                 on_created=lambda n: print(f"created release {n.tag}: {n.title}"))
    except publish.PublishError as exc:
        _say(str(exc))
        return cli.EXIT_FAILED
    except github_client.GitHubError as exc:
        _say(f"{exc}. Nothing was published; run `openbook notices --publish` again.")
        return cli.EXIT_FAILED
    finally:
        client.close()
    made = len(result.created)
    print(f"published {made} notice{'s' if made != 1 else ''} as GitHub Releases; "
          f"{result.existing + len(result.raced)} already had one ({len(notices)} notices in all)")
    return cli.EXIT_OK
