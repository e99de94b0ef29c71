"""The notices page and its feed, built from a hub with history, judged in the built HTML and XML."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin

import pytest
from selectolax.lexbor import LexborHTMLParser

from conftest import build_hub, read_page
from openbook import cli
from noticeshub import notices_hub  # noqa: F401 - a fixture

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def built(notices_hub, tmp_path, capsys) -> tuple[Path, list[dict]]:
    """The hub built, and the notices `openbook notices` lists for it."""
    code = cli.main(["notices", "-f", str(notices_hub.config_file), "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    site = tmp_path / "site"
    build_hub(notices_hub.config_file, site)
    return site, json.loads(out)["notices"]


def feed_links(html: str) -> list[str]:
    tree = LexborHTMLParser(html)
    return [node.attributes["href"] for node in tree.css('head link[type="application/atom+xml"]')
            if "alternate" in (node.attributes.get("rel") or "").split()]


def test_the_notices_page_lists_every_notice_newest_first_as_the_command_does(built):
    site, expected = built
    tree = LexborHTMLParser(read_page(site, "notices/"))
    sections = tree.css("section.openbook-notice")
    assert [s.attributes["id"] for s in sections] == [n["id"] for n in expected]
    first = sections[0]
    assert first.css_first("h3").text() == "Refunds and cancellations: changes from 15 January 2027"
    meta = first.css_first(".openbook-notice__meta")
    assert "Practice change" in meta.text()
    assert [t.attributes["datetime"] for t in meta.css("time")] == ["2026-11-20", "2027-01-15"]
    # The web addresses in its words are links that show where they go.
    compare = "https://larkspur-hq.github.io/openbook-hub/practices/refunds/versions/2/changes/"
    assert [(a.attributes["href"], a.text()) for a in first.css("p:not(:last-child) a")] == [(compare, compare)]
    link = first.css("a")[-1].attributes["href"]
    assert urljoin("https://h.example/notices/", link) == "https://h.example/practices/refunds/"
    price = tree.css_first("#price-2027-team-business")
    assert urljoin("https://h.example/notices/", price.css("a")[-1].attributes["href"]) == \
        "https://h.example/pricing/history/#change-2027-team-business"


def test_the_notices_page_says_how_to_subscribe_by_email_and_by_feed(built):
    site, _ = built
    tree = LexborHTMLParser(read_page(site, "notices/"))
    steps = tree.css_first("#subscribe + p + ol").text()
    assert "Watch" in steps and "Custom" in steps and "Releases" in steps
    assert "https://github.com/larkspur-hq/openbook-hub" in [a.attributes["href"] for a in tree.css("article a")]
    feed = [a for a in tree.css("article a") if a.attributes.get("type") == "application/atom+xml"]
    assert [a.attributes["href"] for a in feed] == ["feed.xml"]
    # The nav leads to it.
    home = LexborHTMLParser(read_page(site, ""))
    assert any(a.attributes.get("href") == "notices/" for a in home.css("nav a"))


def test_the_notices_feed_parses_and_carries_every_notice(built):
    site, expected = built
    root = ET.parse(site / "notices" / "feed.xml").getroot()
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [n["title"] for n in expected]
    assert [e.findtext(f"{ATOM}id") for e in entries] == [
        f"https://larkspur-hq.github.io/openbook-hub/notices/#{n['id']}" for n in expected]
    first = entries[0]
    assert first.findtext(f"{ATOM}published") == "2026-11-20T00:00:00Z"
    assert first.find(f"{ATOM}link").attrib["href"] == "https://larkspur-hq.github.io/openbook-hub/practices/refunds/"
    assert "effective 15 January 2027" in first.findtext(f"{ATOM}summary")


@pytest.mark.parametrize("path", ["notices/", "pricing/", "pricing/history/", "consultations/",
                                  "practices/refunds/"])
def test_each_topic_page_links_its_own_feed_in_its_head(built, path):
    site, _ = built
    links = feed_links(read_page(site, path))
    own = {"notices/": "notices/feed.xml", "pricing/": "pricing/feed.xml", "pricing/history/": "pricing/feed.xml",
           "consultations/": "consultations/feed.xml", "practices/refunds/": "practices/refunds/versions/feed.xml"}
    resolved = [urljoin(f"https://h.example/{path}", href) for href in links]
    assert f"https://h.example/{own[path]}" in resolved, links
    # Every feed linked is in the site.
    for url in resolved:
        assert (site / url.removeprefix("https://h.example/")).is_file(), url


def test_hostile_consultation_text_is_shown_as_written(notices_hub, tmp_path):
    path = notices_hub.root / "data" / "questions.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    issue = next(q for q in data["questions"] if q["number"] == 34)
    issue["title"] = "Prices <img src=x onerror=alert(1)> & <script>alert(2)</script>"
    issue["body"] = "### What we are considering and why\n\nSee https://x.example/\"onmouseover=\"alert(3) now."
    path.write_text(json.dumps(data), encoding="utf-8")
    site = tmp_path / "site"
    build_hub(notices_hub.config_file, site)
    section = LexborHTMLParser(read_page(site, "notices/")).css_first("#consultation-34-opened")
    assert section.css("img") == [] and section.css("script") == []
    assert all(set(a.attributes) <= {"href", "rel"} for a in section.css("a"))
    assert "Prices <img src=x onerror=alert(1)> & <script>alert(2)</script>" in section.css_first("h3").text()
    root = ET.parse(site / "notices" / "feed.xml").getroot()
    titles = [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")]
    assert "Consultation opened: Prices <img src=x onerror=alert(1)> & <script>alert(2)</script>" in titles


def test_a_practice_page_with_versions_has_its_own_feed_of_versions(built):
    site, _ = built
    root = ET.parse(site / "practices" / "refunds" / "versions" / "feed.xml").getroot()
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "Refunds and cancellations: version 2, applies from 15 January 2027",
        "Refunds and cancellations: version 1",
    ]
    assert entries[0].find(f"{ATOM}link").attrib["href"] == \
        "https://larkspur-hq.github.io/openbook-hub/practices/refunds/versions/2/changes/"
    assert entries[0].findtext(f"{ATOM}published") == "2026-11-20T10:00:00Z"
    assert "the version before it stays in force until then" in entries[0].findtext(f"{ATOM}summary")
    assert (site / "practices" / "refunds" / "versions" / "2" / "changes" / "index.html").is_file()


def test_a_new_hub_announces_its_first_price_change_on_its_notices_page_and_feed(tmp_path, monkeypatch, capsys):
    """A hub written by `openbook new`: its first price change is a notice, listed, shown and fed."""
    from gitrepo import GitRepo

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795348800")  # 2026-11-22
    acme = tmp_path / "acme"
    assert cli.main(["new", str(acme), "--company", "Acme", "--repo", "acme/hub", "--currency", "EUR"]) == cli.EXIT_OK
    repo = GitRepo(acme)
    repo.commit("A new Open Book", "2026-11-01T09:00:00Z")
    pricing = repo.read("data/pricing.yml").replace("changes: []", (
        "changes:\n"
        "  - id: 2027-standard\n"
        "    effective: 2027-02-01\n"
        "    reason: Our hosting costs rose.\n"
        "    prices:\n"
        "      standard:\n"
        "        EUR: {monthly: 12, yearly: 120}\n"))
    repo.commit("Announce the 2027 price", "2026-11-20T09:00:00Z", write={"data/pricing.yml": pricing})
    capsys.readouterr()
    code = cli.main(["notices", "-f", str(acme / "mkdocs.yml"), "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    [notice] = json.loads(out)["notices"]
    assert notice["id"] == "price-2027-standard"
    assert notice["dates"] == {"published": "2026-11-20", "effective": "2027-02-01"}
    assert "Standard costs €12 a month instead of €10" in notice["body"]

    site = tmp_path / "site"
    build_hub(acme / "mkdocs.yml", site)
    tree = LexborHTMLParser(read_page(site, "notices/"))
    assert [s.attributes["id"] for s in tree.css("section.openbook-notice")] == ["price-2027-standard"]
    assert "Releases" in tree.css_first("#subscribe + p + ol").text()
    assert "notices/feed.xml" in [urljoin("https://h.example/notices/", h).removeprefix("https://h.example/")
                                  for h in feed_links(read_page(site, "notices/"))]
    entries = ET.parse(site / "notices" / "feed.xml").getroot().findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Price change from 1 February 2027: Standard"]
    home = LexborHTMLParser(read_page(site, ""))
    assert any(a.attributes.get("href") == "notices/" for a in home.css("nav a"))


def test_a_hub_can_turn_the_notices_page_off(notices_hub, tmp_path):
    config = notices_hub.read("mkdocs.yml").replace("      - Notices: notices/index.md\n", "")
    notices_hub.write("mkdocs.yml", config.replace("  openbook:\n", "  openbook:\n    notices:\n      enabled: false\n", 1))
    site = tmp_path / "site"
    build_hub(notices_hub.config_file, site)
    assert not (site / "notices").exists()
    assert (site / "pricing" / "feed.xml").is_file()
