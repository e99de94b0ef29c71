"""In a hub `openbook new` writes: the content-report form, "Report this content" on question pages,
the "Ask a question" page, and the set-up steps that name the approval and report labels."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from selectolax.lexbor import LexborHTMLParser

from conftest import build_hub, commit_all, read_page
from openbook import cli
from openbook.questions import snapshot

REPO = "https://github.com/acme-tools/open-book"
SITE = "https://acme-tools.github.io/open-book/"


@pytest.fixture
def acme(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795348800")  # 2026-11-22
    target = tmp_path / "acme"
    assert cli.main(["new", str(target), "--company", "Acme Tools Ltd", "--repo", "acme-tools/open-book",
                     "--support-email", "help@acme.example"]) == cli.EXIT_OK
    return target


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query, keep_blank_values=True)


def _issue(number: int, title: str, labels: tuple[str, ...]) -> snapshot.Question:
    when = "2026-11-20T10:00:00Z"
    staff = snapshot.Author("acme-lead", "MEMBER")
    answer = snapshot.Comment(1000 + number, staff, "Yes: see our pricing page.", when, when,
                              f"{REPO}/issues/{number}#issuecomment-{1000 + number}")
    return snapshot.Question(number, title, "The question's text.", "open", labels, False,
                             snapshot.Author("a-customer"), when, when, f"{REPO}/issues/{number}",
                             comments=(answer,))


def test_a_new_hub_has_the_content_report_form_and_names_the_labels_in_its_set_up_steps(acme):
    form = yaml.safe_load((acme / ".github/ISSUE_TEMPLATE/content-report.yml").read_text(encoding="utf-8"))
    fields = {item["id"]: item for item in form["body"] if "id" in item}
    assert form["labels"] == ["content-report"]
    assert fields["page"]["validations"]["required"] and fields["reason"]["validations"]["required"]
    assert not fields["name"]["validations"]["required"] and not fields["email"]["validations"]["required"]
    assert fields["good-faith"]["attributes"]["options"][0]["required"] is True
    notice = form["body"][0]["attributes"]["value"]
    assert "Acme Tools Ltd" in notice and "help@acme.example" in notice
    assert fields["page"]["attributes"]["placeholder"] == f"{SITE}questions/..."

    readme = (acme / "README.md").read_text(encoding="utf-8")
    steps = readme[readme.index("## Before publishing"):readme.index("## Upgrading")]
    assert "`approved`" in steps and "`content-report`" in steps and "only staff add it" in steps


def test_a_new_hubs_question_pages_link_report_this_content_and_its_ask_links_go_to_the_ask_page(acme, tmp_path):
    path = acme / "data" / "questions.json"
    empty = snapshot.from_dict(json.loads(path.read_text(encoding="utf-8")))
    path.write_text(snapshot.dumps(replace(empty, synced_at="2026-11-21T00:00:00Z", questions=(
        _issue(1, "Can I pay by invoice?", ("question", "approved")),
        _issue(2, f"Content report: {SITE}questions/1/", ("content-report", "question", "approved")),
    ))), encoding="utf-8")
    commit_all(acme, "A new Open Book with two issues")
    site = tmp_path / "site"

    build_hub(acme / "mkdocs.yml", site)

    html = read_page(site, "questions/1/")
    tree = LexborHTMLParser(html)
    [report] = [a.attributes["href"] for a in tree.css("a") if a.text(strip=True) == "Report this content"]
    assert report.startswith(f"{REPO}/issues/new?")
    assert query(report)["template"] == ["content-report.yml"]
    assert query(report)["page"] == [tree.css_first('link[rel="canonical"]').attributes["href"]] == [f"{SITE}questions/1/"]
    # The report itself is never published.
    assert not (site / "questions" / "2").exists()

    home = LexborHTMLParser(read_page(site, ""))
    assert [a.attributes["href"] for a in home.css('a[data-openbook-action="ask"]')] == ["questions/ask/"]
    ask = LexborHTMLParser(read_page(site, "questions/ask/"))
    assert ask.css_first("a.openbook-ask__go").attributes["href"] == f"{REPO}/issues/new?template=question.yml"
