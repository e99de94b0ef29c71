"""`openbook check` warns a hub on Material for MkDocs ahead of Material's end of life (5 May 2027)."""

from __future__ import annotations

import calendar
from datetime import datetime, timezone

import pytest

from openbook import cli
from openbook.site import longevity


def _epoch(day: str) -> str:
    return str(calendar.timegm(datetime.fromisoformat(day).replace(tzinfo=timezone.utc).timetuple()))


def _check(hub, monkeypatch, capsys, day: str) -> list[str]:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch(day))
    cli.main(["check", "-f", str(hub / "mkdocs.yml"), "--format", "text"])
    return [line for line in capsys.readouterr().out.splitlines() if "[engine.material-end-of-life]" in line]


@pytest.mark.skipif(longevity.material_version() is None, reason="Material for MkDocs is not installed")
def test_no_warning_more_than_90_days_before_the_end_of_life(copy_hub, monkeypatch, capsys):
    assert _check(copy_hub, monkeypatch, capsys, "2027-02-03T12:00:00") == []


@pytest.mark.skipif(longevity.material_version() is None, reason="Material for MkDocs is not installed")
def test_90_days_before_the_end_of_life_check_says_when_and_what_to_do(copy_hub, monkeypatch, capsys):
    (line,) = _check(copy_hub, monkeypatch, capsys, "2027-02-04T12:00:00")
    # On the theme's line of mkdocs.yml, so the annotation lands where the switch is made.
    theme_line = next(n for n, text in enumerate((copy_hub / "mkdocs.yml").read_text().splitlines(), 1)
                      if text.strip() == "name: material")
    assert line.startswith(f"mkdocs.yml:{theme_line}: warning: Material for MkDocs ")
    assert "reaches its end of life on 5 May 2027, in 90 days" in line
    assert "mkdocs-materialx" in line and "theme.name to materialx" in line and "properdocs build" in line


@pytest.mark.skipif(longevity.material_version() is None, reason="Material for MkDocs is not installed")
def test_after_the_end_of_life_the_warning_says_it_has_passed(copy_hub, monkeypatch, capsys):
    (line,) = _check(copy_hub, monkeypatch, capsys, "2027-06-01T12:00:00")
    assert "reached its end of life on 5 May 2027: no security fixes come after it" in line


def test_a_hub_on_another_theme_gets_no_warning(copy_hub, monkeypatch, capsys):
    # MaterialX installs a `material` package of its own; the hub that names it is already past the problem.
    config = copy_hub / "mkdocs.yml"
    config.write_text(config.read_text().replace("  name: material\n", "  name: mkdocs\n"))
    assert _check(copy_hub, monkeypatch, capsys, "2027-06-01T12:00:00") == []
