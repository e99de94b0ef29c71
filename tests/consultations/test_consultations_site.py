"""The consultation pages of the fixture hub (tests/hub), as of FIXTURE_NOW (2026-11-22)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import FIXTURE_NOW, build_hub, read_page
from openbook.site import build as sitebuild

ATOM = "{http://www.w3.org/2005/Atom}"


class _Article(HTMLParser):
    """The article's text, and its links as (href, text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.text: list[str] = []
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._link_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.depth += 1
        if self.depth and tag in ("br", "li", "p", "h2", "dt", "dd"):
            self.text.append(" ")
        if self.depth and tag == "a":
            self._href = dict(attrs).get("href")
            self._link_text = []

    def handle_endtag(self, tag):
        if tag == "article":
            self.depth -= 1
        if self.depth and tag == "a" and self._href is not None:
            self.links.append((self._href, " ".join("".join(self._link_text).split())))
            self._href = None

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)
            if self._href is not None:
                self._link_text.append(data)


def article(site: Path, path: str) -> tuple[str, list[tuple[str, str]]]:
    parser = _Article()
    parser.feed(read_page(site, path))
    return " ".join("".join(parser.text).split()), parser.links


def resolve(page: str, href: str) -> str:
    """The site path a relative link on `page` points at."""
    from posixpath import normpath

    target, _, anchor = href.partition("#")
    return normpath(page + target) + "/" + (f"#{anchor}" if anchor else "")


def test_the_index_lists_open_then_decisions_owed_then_decided(fixture_site):
    text, links = article(fixture_site, "consultations/")
    open_at, owed_at, decided_at = text.index("Open for advice"), text.index("Decisions owed"), text.index("Decided")
    assert open_at < owed_at < decided_at
    assert "SMS reminder bundles: how should extra text messages be sold? Open until 2027-01-15 (54 days left)" in text
    assert "Opening hours of the support chat at weekends Open, with no closing date given" in text
    owed = text[owed_at:decided_at]
    assert "Retiring the version 1 booking widget Closed, decision owed for 20 days" in owed
    decided = text[decided_at:]
    assert decided.index("The 2027 price change") < decided.index("Replacing phone support")
    assert "Decided on 2026-09-28 · your advice changed the proposal" in decided
    assert "Decided on 2026-07-15 · the proposal went ahead unchanged" in decided
    assert {href for href, _ in links} >= {"25/", "34/", "49/", "61/", "62/"}


def test_the_figures_say_what_they_count(fixture_site):
    text, _ = article(fixture_site, "consultations/")
    assert "The last 365 days (since 2025-11-22)" in text
    assert "Consultations held (opened in that time): 5" in text
    assert "customers' comments posted in that time, on any consultation): 12 comments from 7 customers" in text
    assert "Consultations held in that time with a published outcome: 2 of 5" in text
    assert "(outcomes published in that time): 11 days (2 outcomes)" in text
    assert "Outcomes published in that time that changed the proposal: 1 of 2" in text


def test_a_consultation_a_customer_opened_is_not_published_and_is_reported(fixture_site):
    assert not (fixture_site / "consultations" / "60").exists()
    report = json.loads((fixture_site / "consultations" / "report.json").read_text())
    assert report["skipped"] == [{"number": 60, "reason": "not-staff", "detail": "lena-studio"}]
    assert report["published"] == [25, 34, 49, 61, 62]


def test_an_impossible_closing_date_is_open_with_no_deadline_and_reported(fixture_site):
    text, _ = article(fixture_site, "consultations/61/")
    assert "Open, with no closing date given" in text
    assert "gives no closing date we can read (it says “2026-02-30”)" in text
    report = json.loads((fixture_site / "consultations" / "report.json").read_text())
    assert report["no_closing_date"] == [{"number": 61, "found": "2026-02-30"}]


def test_a_customers_option_and_outcome_are_shown_as_advice_only(fixture_site):
    text, _ = article(fixture_site, "consultations/61/")
    options = text[text.index("The options"):text.index("comments, from")]
    assert "Saturdays, 9:00 to 13:00: 3 supporters (100%)" in options
    assert "Sundays too" not in options
    assert "What we decided" not in text
    advice = text[text.index("comments, from"):]
    assert "Option: Sundays too" in advice and "Outcome: Decided, chat opens every weekend." in advice


def test_the_tally_gives_each_option_its_support(fixture_site):
    text, _ = article(fixture_site, "consultations/49/")
    assert "15 in all" in text
    assert "Bundles of 500 texts for £10, valid for 12 months: 8 supporters (53%)" in text
    assert "Pay as you go, 2.5p a text, billed monthly: 5 supporters (33%)" in text
    assert "instead of 1,000: 2 supporters (13%)" in text
    # Staff are told apart from customers, as on Q&A pages.
    assert "Reply from Larkspur staff priya-larkspur (Larkspur staff)" in text


def test_a_reference_to_another_consultation_links_to_its_page(fixture_site):
    _, links = article(fixture_site, "consultations/49/")
    assert ("../34/", "#34") in links


def test_a_decided_consultation_shows_the_outcome_and_what_it_led_to(fixture_site):
    text, links = article(fixture_site, "consultations/34/")
    assert "Decided on 2026-09-28" in text
    assert "What we decided From 1 January 2027 Team and Business prices rise" in text
    assert "Your advice changed the proposal." in text
    assert "Changed the proposal: yes" not in text  # the field is data, said in the page's own words
    led = [(resolve("consultations/34/", href), label) for href, label in links if "change-" in href]
    assert led == [("pricing/history/#change-2027-team-business", "Price change from 2027-01-01")]
    text25, links25 = article(fixture_site, "consultations/25/")
    assert "We did not change the proposal." in text25
    assert ("practices/support/", "Support and response times") in [
        (resolve("consultations/25/", href), label) for href, label in links25]


@pytest.mark.parametrize(("page", "number"), [("pricing/history/", 34), ("pricing/", 34), ("practices/support/", 25)])
def test_pricing_and_practices_say_we_asked_customers_first_with_a_link(fixture_site, page, number):
    text, links = article(fixture_site, page)
    assert f"We asked customers first: consultation #{number}" in text
    (href,) = [href for href, label in links if label == f"consultation #{number}"]
    assert resolve(page, href) == f"consultations/{number}/"
    assert (fixture_site / "consultations" / str(number) / "index.html").is_file()


def test_the_home_page_lists_the_open_consultations(fixture_site):
    text, links = article(fixture_site, "")
    assert "We are asking your advice" in text
    assert "SMS reminder bundles: how should extra text messages be sold?: open until 2027-01-15 (54 days left)" in text
    assert ("consultations/49/", "SMS reminder bundles: how should extra text messages be sold?") in links
    assert "Retiring the version 1 booking widget" not in text


def test_the_feed_has_each_new_consultation_and_each_outcome_newest_first(fixture_site):
    feed = ET.parse(fixture_site / "consultations" / "feed.xml").getroot()
    entries = [(e.findtext(f"{ATOM}title"), e.findtext(f"{ATOM}updated")) for e in feed.iter(f"{ATOM}entry")]
    assert len(entries) == 5 + 2
    assert entries[0] == ("We ask your advice: SMS reminder bundles: how should extra text messages be sold?",
                          "2026-11-16T09:00:00Z")
    assert ("What we decided: The 2027 price change: what should change, and when?", "2026-09-28T10:00:00Z") in entries
    assert [u for _, u in entries] == sorted((u for _, u in entries), reverse=True)
    html = read_page(fixture_site, "consultations/")
    assert re.search(r'<link rel="alternate feed" type="application/atom\+xml" title="Larkspur consultations" '
                     r'href="feed.xml">', html)


def test_a_consultation_page_edits_at_its_issue_and_the_index_has_no_edit_action(fixture_site):
    html = read_page(fixture_site, "consultations/49/")
    assert 'href="https://github.com/larkspur-hq/openbook-hub/issues/49" title="Edit this page"' in html
    assert "Edit this page" not in read_page(fixture_site, "consultations/")


def test_a_price_change_naming_an_unpublished_consultation_keeps_a_working_link_that_says_so(
        copy_hub, tmp_path, monkeypatch):
    pricing = copy_hub / "data" / "pricing.yml"
    pricing.write_text(pricing.read_text().replace("consultation: 34", "consultation: 60"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXTURE_NOW)
    site = tmp_path / "site"
    build_hub(copy_hub / "mkdocs.yml", site)
    text, links = article(site, "consultations/60/")
    assert "Consultation #60 is named by Price change from 2027-01-01, but it is not published on this hub" in text
    assert ("https://github.com/larkspur-hq/openbook-hub/issues/60", "GitHub as issue #60") in links
    assert '<meta name="robots" content="noindex">' in read_page(site, "consultations/60/")
    assert "A customer" not in text and "lena-studio" not in text  # nothing of the customer's issue is shown
    report = json.loads((site / "consultations" / "report.json").read_text())
    assert report["named_but_unpublished"] == [60]


def test_a_practice_with_a_malformed_consultations_list_stops_the_build(copy_hub, tmp_path):
    page = copy_hub / "docs" / "practices" / "support.md"
    page.write_text(page.read_text().replace("consultations: [25]", "consultations: [twenty-five]"))
    result = sitebuild.build(copy_hub / "mkdocs.yml", tmp_path / "site", strict=True)
    assert not result.ok
    assert any("practices/support.md:8: consultations: expected a list of consultation numbers such as [123], "
               "found ['twenty-five']" in line for line in result.warnings), result.warnings
