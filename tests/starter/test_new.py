"""`openbook new`: a company's hub that builds strictly and checks clean at once, naming only that company."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from selectolax.lexbor import LexborHTMLParser

from conftest import ROOT, build_hub, commit_all
from openbook import cli, settings


def new(tmp_path: Path, *extra: str, company: str = "Acme Tools Ltd", repo: str = "acme-tools/open-book") -> Path:
    target = tmp_path / "acme"
    assert cli.main(["new", str(target), "--company", company, "--repo", repo, *extra]) == cli.EXIT_OK
    return target


@pytest.fixture
def acme(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795348800")  # 2026-11-22
    return new(tmp_path, "--support-email", "help@acme.example", "--staff-team", "@acme-tools/web")


def test_a_new_hub_builds_strictly_and_checks_clean_straight_away(acme, tmp_path, capsys):
    commit_all(acme, "A new Open Book")

    build_hub(acme / "mkdocs.yml", tmp_path / "site")
    assert cli.main(["check", "-f", str(acme / "mkdocs.yml")]) == cli.EXIT_OK
    assert "no problems found" in capsys.readouterr().out

    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "Acme Tools Ltd Open Book" in home
    assert (tmp_path / "site" / "pricing" / "history" / "index.html").is_file()
    assert (tmp_path / "site" / "questions" / "index.html").is_file()


def test_a_new_hubs_navigation_leads_to_the_faq_and_consultations_and_search_is_pagefinds_alone(acme, tmp_path):
    commit_all(acme, "A new Open Book")
    site = tmp_path / "site"
    build_hub(acme / "mkdocs.yml", site)

    tree = LexborHTMLParser((site / "index.html").read_text(encoding="utf-8"))
    tabs = {link.text(strip=True): link.attributes.get("href") for link in tree.css("nav.md-tabs a.md-tabs__link")}
    assert tabs.get("FAQ") == "faq/" and tabs.get("Consultations") == "consultations/", tabs
    assert "No consultation is open right now." in tree.css_first(".openbook-consultations-open").text()
    faq = LexborHTMLParser((site / "faq" / "index.html").read_text(encoding="utf-8"))
    assert "No FAQ entries are written yet." in faq.css_first("article").text()
    assert (site / "consultations" / "index.html").is_file() and (site / "consultations" / "feed.xml").is_file()
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert not (site / "search").exists(), "Material's lunr index is built beside Pagefind's"


def test_a_new_hub_tells_its_staff_how_to_write_the_first_faq_entry_and_open_a_consultation(acme):
    faq_index = (acme / "docs" / "faq" / "index.md").read_text(encoding="utf-8")
    assert "openbook faq new NUMBER" in faq_index and "<!-- openbook:faq-index -->" in faq_index
    readme = (acme / "README.md").read_text(encoding="utf-8")
    assert "openbook faq new NUMBER" in readme and "**Consultation (staff)**" in readme
    form = yaml.safe_load((acme / ".github" / "ISSUE_TEMPLATE" / "consultation.yml").read_text(encoding="utf-8"))
    # The form's label is the one the hub publishes consultations by, and it speaks to the company's staff.
    assert form["labels"] == [settings.of(settings.load(acme / "mkdocs.yml")).consultations.label]
    assert "Acme Tools Ltd staff" in form["description"]
    assert "**For Acme Tools Ltd staff.**" in form["body"][0]["attributes"]["value"]


def test_a_new_hub_holds_only_config_hooks_content_data_and_github_files(acme):
    top = sorted(path.name for path in acme.iterdir())
    assert top == [".github", ".gitignore", "README.md", "data", "docs", "hooks", "mkdocs.yml", "requirements.txt"]
    assert [path.name for path in (acme / "hooks").iterdir()] == ["engine.py"]
    assert "from openbook.hooks import *" in (acme / "hooks" / "engine.py").read_text()
    assert (acme / "requirements.txt").read_text().splitlines()[-1].startswith("openbook==")
    for name in ("ISSUE_TEMPLATE/question.yml", "ISSUE_TEMPLATE/page-problem.yml", "ISSUE_TEMPLATE/feedback.yml",
                 "ISSUE_TEMPLATE/consultation.yml", "ISSUE_TEMPLATE/config.yml", "pull_request_template.md", "CODEOWNERS",
                 "workflows/deploy.yml", "workflows/pull-request.yml", "workflows/pr-comment.yml"):
        assert (acme / ".github" / name).is_file(), name
    assert "@acme-tools/web" in (acme / ".github" / "CODEOWNERS").read_text()
    assert "help@acme.example" in (acme / ".github" / "ISSUE_TEMPLATE" / "question.yml").read_text()
    assert '"questions": []' in (acme / "data" / "questions.json").read_text()


def test_nothing_in_a_new_hub_names_the_demo_company(acme):
    for path in acme.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8").lower()
            assert "larkspur" not in text, f"{path.relative_to(acme)} names the demo company"


def test_the_new_hubs_workflows_are_the_demos_installing_the_pinned_openbook(acme):
    for demo in sorted((ROOT / ".github" / "workflows").glob("*.yml")):
        starter = (acme / ".github" / "workflows" / demo.name).read_text(encoding="utf-8")
        expected = demo.read_text(encoding="utf-8").replace("-c constraints.txt -e .", "-r requirements.txt")
        assert starter == expected, (
            f"src/openbook/starter/templates/hub/github/workflows/{demo.name} differs from the demo's; copy the "
            "demo's workflow there, replacing `-c constraints.txt -e .` with `-r requirements.txt`")


def test_a_company_name_with_quotes_and_colons_stays_one_yaml_value(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795348800")
    hub = new(tmp_path, company='Acme "Tools": #1 & Co')
    commit_all(hub)
    build_hub(hub / "mkdocs.yml", tmp_path / "site")
    from openbook import settings

    assert settings.of(settings.load(hub / "mkdocs.yml")).company == 'Acme "Tools": #1 & Co'


def test_new_refuses_a_folder_that_exists_and_leaves_it_as_it_was(tmp_path, capsys):
    target = tmp_path / "hub"
    target.mkdir()
    (target / "notes.txt").write_text("mine")

    code = cli.main(["new", str(target), "--company", "Acme", "--repo", "acme/hub"])

    assert code == cli.EXIT_USAGE
    assert "already exists and is not empty: openbook new never overwrites" in capsys.readouterr().err
    assert [path.name for path in target.iterdir()] == ["notes.txt"]


@pytest.mark.parametrize(("args", "message"), [
    (["--repo", "not a repo"], "--repo: 'not a repo' is not OWNER/NAME"),
    (["--repo", "acme/hub", "--support-email", "nobody"], "--support-email: 'nobody' is not an e-mail address"),
    (["--repo", "acme/hub", "--currency", "XYZ"], "--currency: 'XYZ' is not an ISO 4217 currency code"),
    (["--repo", "acme/hub", "--staff-team", "@acme/web team"], "--staff-team: '@acme/web team' is not a GitHub team"),
    (["--repo", "acme/hub", "--site-url", "acme.example"], "--site-url: 'acme.example' is not an http(s):// address"),
    (["--repo", "acme/hub", "--github-url", "https://git.acme.example"], "--site-url: GitHub Enterprise Server"),
])
def test_new_says_which_option_is_wrong(tmp_path, capsys, args, message):
    assert cli.main(["new", str(tmp_path / "hub"), "--company", "Acme", *args]) == cli.EXIT_USAGE, args
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "hub").exists()


def test_a_github_enterprise_hub_names_its_host_and_api_url(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795348800")
    hub = new(tmp_path, "--github-url", "https://git.acme.example", "--site-url", "https://open.acme.example/")
    text = (hub / "mkdocs.yml").read_text()
    assert 'repo_url: "https://git.acme.example/acme-tools/open-book"' in text
    assert 'site_url: "https://open.acme.example/"' in text


def test_a_company_name_on_two_lines_is_refused(tmp_path, capsys):
    assert cli.main(["new", str(tmp_path / "hub"), "--company", "Acme\nTools", "--repo", "acme/hub"]) == cli.EXIT_USAGE
    assert "give the name on one line" in capsys.readouterr().err
