"""The subprocessors page as readers get it: its list, upcoming change, objection link, history, versions and feed.

Built from the fixture hub (committed on 2026-11-01, read on 2026-11-22), from a
temporary repository with two versions, with hostile names and reasons, and
from a hub written by `openbook new`. Judged on the built HTML with a parser.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import yaml
from selectolax.lexbor import LexborHTMLParser

from conftest import FIXTURE_NOW, build_hub, commit_all
from gitrepo import GitRepo
from htmlsafety import scan
from openbook import cli, settings
from openbook.questions import sync

ATOM = "{http://www.w3.org/2005/Atom}"


def page(site: Path, path: str = "subprocessors/index.html") -> LexborHTMLParser:
    return LexborHTMLParser((site / path).read_text(encoding="utf-8"))


def text(node) -> str:
    return " ".join(node.text(separator=" ").split())


def test_the_page_lists_the_subprocessors_in_use_today_with_country_names_and_safeguards(fixture_site):
    tree = page(fixture_site)
    rows = [[text(cell) for cell in row.css("th, td")] for row in tree.css(".openbook-subprocessors-list tbody tr")]
    assert rows == [
        ["Rackhouse", "hosting and backups", "everything customers keep in the service", "United Kingdom",
         "None needed (processed in the UK or the EEA)", "1 March 2021"],
        ["Postbox", "reminder e-mails", "clients' names and e-mail addresses", "United States",
         "EU-US Data Privacy Framework (with its UK extension)", "1 March 2021"],
        ["Tracewell", "error tracking", "error details", "Germany", "None needed (processed in the UK or the EEA)",
         "1 June 2024"],
    ]
    links = {a.text(): a.attributes["href"] for a in tree.css(".openbook-subprocessors-list tbody a")}
    assert links["Postbox"] == "https://postbox.example/dpa"


def test_the_upcoming_change_is_told_in_words_with_its_objection_deadline_and_a_prefilled_objection_form(fixture_site):
    tree = page(fixture_site)
    box = tree.css_first(".openbook-subprocessors-upcoming")
    said = text(box)
    assert ("From 15 January 2027: Acme Mail replaces Postbox for reminder e-mails; object by 14 January 2027."
            in said)
    assert "Why: Acme Mail keeps your clients' addresses in the EU." in said
    assert "Announced on 1 November 2026, 75 days before it takes effect." in said
    [link] = box.css("a.openbook-objection")
    url = urlsplit(link.attributes["href"])
    assert (url.scheme, url.netloc, url.path) == ("https", "github.com", "/larkspur-hq/openbook-hub/issues/new")
    assert parse_qs(url.query) == {"template": ["subprocessor-objection.yml"], "change": ["acme-mail-replaces-postbox"]}


def test_the_history_shows_every_change_with_its_publication_effective_date_notice_and_reason(fixture_site):
    tree = page(fixture_site)
    changes = {section.attributes["id"]: text(section) for section in tree.css("section.openbook-subprocessor-change")}
    assert list(changes) == ["change-acme-mail-replaces-postbox", "change-tracewell-replaces-oldlog"]
    upcoming = changes["change-acme-mail-replaces-postbox"]
    assert upcoming.startswith("From 15 January 2027: Acme Mail replaces Postbox for reminder e-mails (upcoming)")
    assert "Effective: 15 January 2027. Published: 1 November 2026 in commit" in upcoming
    assert "Notice: 75 days." in upcoming
    past = changes["change-tracewell-replaces-oldlog"]
    assert "Announced: 20 April 2024, before this record was kept in git." in past
    assert "Notice: 42 days." in past
    assert "Why: Tracewell keeps error reports in Germany." in past
    assert "Oldlog, for error tracking: 1 March 2021 to 31 May 2024." in text(tree.css_first(".openbook-subprocessors-former"))


def test_edit_opens_the_register_and_the_page_announces_its_feed(fixture_site):
    tree = page(fixture_site)
    edit = tree.css_first("a.md-content__button[rel=edit]")
    assert edit.attributes["href"] == "https://github.com/larkspur-hq/openbook-hub/edit/main/data/subprocessors.yml"
    feeds = [link.attributes for link in tree.css('head link[type="application/atom+xml"]')
             if "subprocessor" in (link.attributes.get("title") or "")]
    assert [(f["rel"], f["href"]) for f in feeds] == [("alternate feed", "feed.xml")]
    nav = [a.text(strip=True) for a in page(fixture_site, "index.html").css("nav.md-nav a")]
    assert "Subprocessors" in nav


def test_the_feed_has_one_entry_per_change_newest_publication_first(fixture_site):
    feed = ET.parse(fixture_site / "subprocessors" / "feed.xml").getroot()
    assert feed.findtext(f"{ATOM}title") == "Larkspur subprocessor changes"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "From 15 January 2027: Acme Mail replaces Postbox for reminder e-mails",
        "From 1 June 2024: Tracewell replaces Oldlog for error tracking",
    ]
    first = entries[0]
    assert first.findtext(f"{ATOM}published") == "2026-11-01T00:00:00Z"
    assert first.find(f"{ATOM}link").attrib["href"].endswith("/subprocessors/#change-acme-mail-replaces-postbox")
    assert "Object by 14 January 2027." in first.findtext(f"{ATOM}summary")


def test_an_earlier_version_of_the_page_shows_the_register_as_it_read_then(copy_hub, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXTURE_NOW)
    register = copy_hub / "data" / "subprocessors.yml"
    full = register.read_text(encoding="utf-8")
    start = full.index("  - id: acme-mail-replaces-postbox")
    repo = GitRepo(copy_hub)
    # Version 1 (October): no change announced yet.
    register.write_text(full[:start], encoding="utf-8")
    repo.commit("The register", "2026-10-01T10:00:00+00:00")
    # Version 2 (November): the replacement is announced, and the page says a word more.
    register.write_text(full, encoding="utf-8")
    page_source = copy_hub / "docs" / "subprocessors.md"
    page_source.write_text(page_source.read_text(encoding="utf-8") + "\nWe tell you ahead.\n", encoding="utf-8")
    repo.commit("Announce Acme Mail", "2026-11-10T10:00:00+00:00")
    site = tmp_path / "site"
    build_hub(copy_hub / "mkdocs.yml", site)

    first = page(site, "subprocessors/versions/1/index.html")
    assert "No changes are planned." in text(first.css_first(".openbook-subprocessors-upcoming"))
    assert first.css("section.openbook-subprocessor-change#change-acme-mail-replaces-postbox") == []
    second = page(site, "subprocessors/versions/2/index.html")
    assert ("From 15 January 2027: Acme Mail replaces Postbox for reminder e-mails; object by 14 January 2027."
            in text(second.css_first(".openbook-subprocessors-upcoming")))
    # The page now counts the notice from the commit that announced it.
    assert "Announced on 10 November 2026, 66 days before it takes effect." in text(
        page(site).css_first(".openbook-subprocessors-upcoming"))


HOSTILE_NAME = '<img src=x onerror=alert(1)>Evil & Co {: onclick="x" } [a](javascript:alert(2))'
HOSTILE_REASON = "</p><script>alert(3)</script> <a href=\"javascript:alert(4)\">click</a> **bold** &amp; ]]>"


def test_hostile_names_and_reasons_are_text_everywhere(copy_hub, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXTURE_NOW)
    register = copy_hub / "data" / "subprocessors.yml"
    data = yaml.safe_load(register.read_text(encoding="utf-8"))
    for entry in data["subprocessors"]:
        entry["name"] = HOSTILE_NAME
        entry["purpose"] = HOSTILE_REASON
        entry["data"] = HOSTILE_REASON
        entry["since"] = str(entry["since"])
    for change in data["changes"]:
        change["reason"] = HOSTILE_REASON
        for key in ("effective", "announced"):
            if key in change:
                change[key] = str(change[key])
    register.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    commit_all(copy_hub)
    site = tmp_path / "site"
    build_hub(copy_hub / "mkdocs.yml", site)

    html = (site / "subprocessors" / "index.html").read_text(encoding="utf-8")
    found, baseline = scan(html), scan((site / "contributing" / "index.html").read_text(encoding="utf-8"))
    assert found.handlers == [] and found.bad_urls == [] and found.forbidden == []
    assert [s for s in found.scripts if s not in baseline.scripts] == []
    assert found.images == baseline.images
    tree = LexborHTMLParser(html)
    names = [text(row.css_first("th")) for row in tree.css(".openbook-subprocessors-list tbody tr")]
    assert names and all(name == " ".join(HOSTILE_NAME.split()) for name in names)
    assert " ".join(HOSTILE_REASON.split()) in text(tree.css_first("section.openbook-subprocessor-change"))
    feed = ET.parse(site / "subprocessors" / "feed.xml").getroot()
    for entry in feed.findall(f"{ATOM}entry"):
        assert HOSTILE_NAME in entry.findtext(f"{ATOM}title")
        # A feed reader renders a text summary as text; the string itself carries the markup, never elements.
        assert entry.find(f"{ATOM}summary").attrib["type"] == "text"


def test_a_new_hub_has_an_empty_register_that_builds_strictly_checks_clean_and_keeps_objections_private(
        tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXTURE_NOW)
    acme = tmp_path / "acme"
    assert cli.main(["new", str(acme), "--company", "Acme Tools Ltd", "--repo", "acme-tools/open-book"]) == cli.EXIT_OK
    GitRepo(acme).commit("A new Open Book", "2026-11-01T09:00:00Z")
    capsys.readouterr()
    assert cli.main(["check", "-f", str(acme / "mkdocs.yml")]) == cli.EXIT_OK, capsys.readouterr().out
    site = tmp_path / "site"
    build_hub(acme / "mkdocs.yml", site)

    tree = page(site)
    assert text(tree.css_first(".openbook-subprocessors-list")).startswith("We use no subprocessors on 22 November 2026")
    assert text(tree.css_first(".openbook-subprocessors-upcoming")).startswith("No changes are planned.")
    assert ET.parse(site / "subprocessors" / "feed.xml").getroot().findall(f"{ATOM}entry") == []
    assert (acme / "data" / "subprocessors.yml").read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=./subprocessors.schema.json\n")
    assert (acme / "data" / "subprocessors.schema.json").is_file()

    # The objection form applies only its own label, which sync and the build never publish.
    form = yaml.safe_load((acme / ".github" / "ISSUE_TEMPLATE" / "subprocessor-objection.yml").read_text(encoding="utf-8"))
    assert form["labels"] == ["subprocessor-objection"]
    assert "change" in [field.get("id") for field in form["body"]]
    questions = settings.of(settings.load(acme / "mkdocs.yml")).questions
    assert not set(form["labels"]) & set(questions.publish_labels)
    rule = sync.Filter(publish_labels=tuple(questions.publish_labels), exclude_labels=tuple(questions.exclude_labels))
    # Even if staff later add the question label by mistake, the objection stays out.
    objection = {"state": "open", "labels": [{"name": "question"}, {"name": "subprocessor-objection"}]}
    assert rule.publishes(objection) is False
