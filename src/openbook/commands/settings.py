"""`openbook settings`: validate `extra.openbook` and print the effective settings."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from openbook import cli, settings

if TYPE_CHECKING:
    import argparse

HELP = "validate extra.openbook in mkdocs.yml and print the effective settings, defaults included"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    cli.add_config_argument(parser)


def _plain(value):
    if isinstance(value, dict) or hasattr(value, "items"):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def run(args: argparse.Namespace) -> int:
    config = settings.load(args.config_file)
    print(json.dumps(_plain(settings.of(config)), indent=2, sort_keys=True))
    return cli.EXIT_OK
