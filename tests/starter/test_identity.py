"""`openbook check` flags the demo company's name left in a hub that is not the demo."""

from __future__ import annotations

from conftest import commit_all
from openbook import cli

from starter.test_new import new


def test_check_flags_each_file_that_still_names_the_demo_company(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795348800")
    hub = new(tmp_path)
    (hub / "CONTRIBUTING.md").write_text("# Contributing\n\nWrite to us.\nAsk Larkspur support@larkspur.example\n")
    form = hub / ".github" / "ISSUE_TEMPLATE" / "question.yml"
    form.write_text(form.read_text().replace("Ask Acme Tools Ltd", "Ask Larkspur"))
    commit_all(hub)
    capsys.readouterr()

    assert cli.main(["check", "-f", str(hub / "mkdocs.yml"), "--format", "text"]) == cli.EXIT_FAILED

    out = capsys.readouterr().out
    assert "CONTRIBUTING.md:4: error: names the demo company Larkspur" in out
    assert ".github/ISSUE_TEMPLATE/question.yml:2: error: names the demo company Larkspur" in out
    assert "repo_url is https://github.com/acme-tools/open-book" in out


def test_the_demo_hub_itself_may_name_the_demo_company(copy_hub, monkeypatch, capsys):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795348800")
    commit_all(copy_hub)
    cli.main(["check", "-f", str(copy_hub / "mkdocs.yml"), "--format", "text"])
    assert "identity.demo" not in capsys.readouterr().out
