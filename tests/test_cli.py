"""The `openbook` command: help, version, and plain errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from openbook import __version__, cli

OPENBOOK = Path(sys.executable).parent / "openbook"


def test_version_is_printed(capsys):
    with pytest.raises(SystemExit) as exited:
        cli.main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == f"openbook {__version__}"


def test_help_lists_the_subcommands(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    assert "usage: openbook" in out
    for name in ("check", "settings"):
        assert name in out


def test_no_subcommand_prints_help_and_exits_2(capsys):
    assert cli.main([]) == cli.EXIT_USAGE
    assert "usage: openbook" in capsys.readouterr().out


def test_an_unknown_subcommand_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exited:
        cli.main(["publish-everything"])
    assert exited.value.code == 2
    assert "invalid choice: 'publish-everything'" in capsys.readouterr().err


def test_the_console_script_is_installed():
    result = subprocess.run([str(OPENBOOK), "--version"], capture_output=True, text=True, check=False)
    assert result.returncode == 0
    assert result.stdout.startswith("openbook ")
