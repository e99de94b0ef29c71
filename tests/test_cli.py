"""The `openbook` command: help, version, and plain errors."""

from __future__ import annotations

import io
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


def test_a_config_mkdocs_rejects_is_a_usage_error_in_one_line_per_problem(tmp_path, capsys):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: Hub\ntheme:\n  name: material\n  custom_dir: nowhere\n", encoding="utf-8")

    code = cli.main(["settings", "-f", str(config)])

    err = capsys.readouterr().err
    assert code == cli.EXIT_USAGE
    # MkDocs' own words, once, after the file and line of the key they are about.
    assert err.splitlines() == [
        f"openbook settings: {config}:2: theme: "
        f"The path set in custom_dir ('{tmp_path / 'nowhere'}') does not exist."
    ]


class _ClosedPipe(io.StringIO):
    """stdout of `openbook ... | head -1` once head has exited."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self) -> None:
        raise BrokenPipeError(32, "Broken pipe")


def test_output_cut_short_by_a_closed_pipe_ends_quietly(monkeypatch, capsys, fixture_hub):
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())

    code = cli.main(["settings", "-f", str(fixture_hub / "mkdocs.yml")])

    assert code == cli.EXIT_BROKEN_PIPE
    assert capsys.readouterr().err == ""


def test_a_closed_pipe_leaves_no_traceback_from_the_console_script(fixture_hub):
    config = fixture_hub / "mkdocs.yml"
    process = subprocess.Popen([str(OPENBOOK), "settings", "-f", str(config)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # The reader is gone before openbook writes a byte.
    process.stdout.close()
    _, err = process.communicate(timeout=30)

    assert process.returncode == cli.EXIT_BROKEN_PIPE
    assert "Traceback" not in err and "Exception ignored" not in err
