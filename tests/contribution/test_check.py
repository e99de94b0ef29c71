"""`openbook check` as a whole: each problem said once, in text, JSON or GitHub annotations."""

from __future__ import annotations

import json

from conftest import FIXTURE_NOW
from openbook import cli
from openbook.findings import Finding, render


def test_broken_pricing_data_is_reported_once_not_again_by_the_build(copy_hub, capsys, monkeypatch):
    pricing = copy_hub / "data" / "pricing.yml"
    text = pricing.read_text(encoding="utf-8")
    assert "GBP: {monthly: 12," in text
    pricing.write_text(text.replace("GBP: {monthly: 12,", "GBP: {monthly: -12,", 1), encoding="utf-8")
    monkeypatch.chdir(copy_hub)
    assert cli.main(["check", "--format", "json"]) == cli.EXIT_FAILED
    report = json.loads(capsys.readouterr().out)
    errors = [f for f in report["findings"] if f["level"] == "error"]
    assert [(f["rule"], f["file"], f["line"]) for f in errors] == [("pricing.data", "data/pricing.yml", 20)]
    assert "found -12, expected a price above zero" in errors[0]["message"]


def test_a_title_that_is_not_text_is_reported_once_on_its_line_not_as_a_traceback(copy_hub, capsys, monkeypatch):
    # Every template reads a title as text: a list once stopped the build with an AttributeError.
    (copy_hub / "docs" / "proposal.md").write_text("---\ntitle: [one, two]\n---\n\n# A proposal\n", encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXTURE_NOW)
    monkeypatch.chdir(copy_hub)
    assert cli.main(["check", "--format", "json"]) == cli.EXIT_FAILED
    errors = [f for f in json.loads(capsys.readouterr().out)["findings"] if f["level"] == "error"]
    assert [(f["rule"], f["file"], f["line"], f["message"]) for f in errors] == [
        ("content.front-matter", "docs/proposal.md", 2, "title: expected text, found list")]


def test_a_broken_link_fails_the_check_with_mkdocs_own_words(copy_hub, capsys, monkeypatch):
    page = copy_hub / "docs" / "contributing.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nSee [the old page](old-page.md).\n", encoding="utf-8")
    monkeypatch.chdir(copy_hub)
    assert cli.main(["check", "--format", "text"]) == cli.EXIT_FAILED
    out = capsys.readouterr().out
    assert "contains a link 'old-page.md', but the target is not found" in out
    assert "[build.warning]" in out


def test_annotations_escape_what_github_would_read_as_syntax():
    finding = Finding("error", "pricing.notice", "data/pricing.yml", "50% rise:\nonly 3 days' notice", line=7)
    assert render([finding], "github") == (
        "::error file=data/pricing.yml,line=7,title=pricing.notice::50%25 rise:%0Aonly 3 days' notice"
    )


def test_text_output_ends_with_a_count():
    findings = [Finding("warning", "practices.overdue", "docs/practices/refunds.md", "review overdue", line=5)]
    assert render(findings, "text").splitlines() == [
        "docs/practices/refunds.md:5: warning: review overdue [practices.overdue]",
        "openbook check: 0 error(s), 1 warning(s)",
    ]


def test_a_broken_link_is_reported_on_the_page_and_line_that_has_it(copy_hub, capsys, monkeypatch):
    page = copy_hub / "docs" / "contributing.md"
    lines = page.read_text(encoding="utf-8").count("\n")
    page.write_text(page.read_text(encoding="utf-8") + "\nSee [the old page](old-page.md).\n", encoding="utf-8")
    config = copy_hub / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - Home: index.md", "  - Home: index.md\n  - Gone: gone.md", 1),
                      encoding="utf-8")
    nav_line = config.read_text(encoding="utf-8").splitlines().index("  - Gone: gone.md") + 1
    monkeypatch.chdir(copy_hub)

    assert cli.main(["check", "--format", "json"]) == cli.EXIT_FAILED

    findings = json.loads(capsys.readouterr().out)["findings"]
    located = {(f["file"], f["line"]) for f in findings if f["rule"] == "build.warning"}
    # In GitHub, each annotation then sits on the line to fix.
    assert located == {("docs/contributing.md", lines + 2), ("mkdocs.yml", nav_line)}
