"""`openbook check` lists every error before any warning, whichever checker found it."""

from __future__ import annotations

from openbook import cli


def test_errors_come_before_warnings_in_the_report(copy_hub, monkeypatch, capsys):
    # On this day the refunds practice is overdue (a warning from an early checker) ...
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795348800")  # 2026-11-22
    # ... and a broken link is an error from the build, the last checker.
    page = copy_hub / "docs" / "contributing.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nSee [the missing page](missing.md).\n", encoding="utf-8")

    assert cli.main(["check", "-f", str(copy_hub / "mkdocs.yml"), "--format", "text"]) == cli.EXIT_FAILED

    lines = [line for line in capsys.readouterr().out.splitlines() if ": error: " in line or ": warning: " in line]
    levels = ["error" if ": error: " in line else "warning" for line in lines]
    assert "error" in levels and "warning" in levels, lines
    assert levels == sorted(levels), lines  # "error" < "warning"
