"""The manual's reference pages name every setting and every command-line option, and nothing else.

The references are written by hand (manual/docs/reference/), so they can
explain; this test keeps them true to the settings model and the argument
parser, in both directions.
"""

from __future__ import annotations

import argparse
import re

from mkdocs.config import config_options as c

from conftest import ROOT
from openbook import cli, settings

REFERENCE = ROOT / "manual" / "docs" / "reference"
_CELL_KEY = re.compile(r"^\|\s*`([^`]+)`\s*\|")
_HEADING = re.compile(r"^#{2,3} `openbook ([a-z ]+)`\s*$")
_OPTION = re.compile(r"`(-{1,2}[a-z][a-z-]*)")
_POSITIONAL = re.compile(r"^\|\s*`([A-Z][A-Z_]*)`\s*\|")


def _setting_keys(config_class: type, prefix: str = "") -> set[str]:
    keys = set()
    for name, option in config_class._schema:
        if isinstance(option, c.SubConfig):
            keys |= _setting_keys(option.config_class, f"{prefix}{name}.")
        else:
            keys.add(prefix + name)
    return keys


def _documented_settings() -> set[str]:
    text = (REFERENCE / "settings.md").read_text(encoding="utf-8")
    return {match[1] for line in text.splitlines() if (match := _CELL_KEY.match(line)) and not line.startswith("|---")}


def test_every_setting_is_in_the_settings_reference():
    missing = _setting_keys(settings.Settings) - _documented_settings()
    assert not missing, f"manual/docs/reference/settings.md has no row for: {', '.join(sorted(missing))}"


def test_the_settings_reference_names_no_setting_that_does_not_exist():
    unknown = _documented_settings() - _setting_keys(settings.Settings) - {"key"}
    assert not unknown, f"manual/docs/reference/settings.md names settings that do not exist: {', '.join(sorted(unknown))}"


def _commands(parser: argparse.ArgumentParser, prefix: str = "") -> dict[str, set[str]]:
    """Every subcommand ("faq new") with its options and positional arguments, help left out."""
    found: dict[str, set[str]] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                command = f"{prefix}{name}"
                found[command] = {
                    option for a in sub._actions if not isinstance(a, (argparse._HelpAction, argparse._SubParsersAction))
                    for option in (a.option_strings or [a.metavar or a.dest.upper()])
                }
                found.update(_commands(sub, command + " "))
    return found


def _documented_commands() -> dict[str, set[str]]:
    documented: dict[str, set[str]] = {}
    current = None
    for line in (REFERENCE / "cli.md").read_text(encoding="utf-8").splitlines():
        if match := _HEADING.match(line):
            current = match[1].strip()
            documented[current] = set()
        elif current and line.startswith("|") and not line.startswith("|---"):
            first_cell = line.split("|")[1]
            documented[current] |= set(_OPTION.findall(first_cell))
            if match := _POSITIONAL.match(line):
                documented[current].add(match[1])
    return documented


def test_every_command_and_option_is_in_the_command_line_reference():
    documented = _documented_commands()
    problems = []
    for command, options in _commands(cli.build_parser()).items():
        if command not in documented:
            problems.append(f"no section `openbook {command}`")
            continue
        # A command with subcommands of its own ("faq") documents its options under each of them.
        for option in sorted(options - documented[command]):
            problems.append(f"`openbook {command}` lacks {option}")
    assert not problems, "manual/docs/reference/cli.md: " + "; ".join(problems)


def test_the_command_line_reference_names_nothing_that_does_not_exist():
    actual = _commands(cli.build_parser())
    problems = []
    for command, options in _documented_commands().items():
        if command not in actual:
            problems.append(f"`openbook {command}` is not a command")
            continue
        for option in sorted(options - actual[command]):
            problems.append(f"`openbook {command}` has no option {option}")
    assert not problems, "manual/docs/reference/cli.md: " + "; ".join(problems)


def test_the_readme_fits_on_a_screen_and_points_to_the_manual():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 250, "README.md is over 250 lines: move the detail into manual/"
    assert "manual/" in readme and "python3 dev.py serve" in readme and "python3 dev.py test" in readme
