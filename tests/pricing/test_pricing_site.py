"""The built pricing page, price history page and price feed of the demo hub, and a browser on them."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path

import pytest

from conftest import HubBrowser, build_hub, read_page
from openbook.site import build as sitebuild

REPO = "https://github.com/larkspur-hq/openbook-hub"
ATOM = "{http://www.w3.org/2005/Atom}"
NOV_22 = str(int(datetime(2026, 11, 22, 10, tzinfo=timezone.utc).timestamp()))


@pytest.fixture(scope="module")
def site(tmp_path_factory, fixture_hub) -> Path:
    """The demo hub built as on 2026-11-22, with the repository's own git history."""
    folder = tmp_path_factory.mktemp("pricing") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", NOV_22)
        build_hub(fixture_hub / "mkdocs.yml", folder)
    return folder


def text_of(html: str) -> str:
    """The page's article as a reader sees it: tags dropped, spaces collapsed."""
    article = html[html.index("md-content__inner"):html.index("</article>")]
    return " ".join(re.sub(r"<[^>]+>", " ", article).split())


def test_the_pricing_page_shows_each_plans_current_price_and_since_when(site):
    text = text_of(read_page(site, "pricing/"))
    assert "Prices on 2026-11-22, per plan" in text
    assert "Plan Who it is for GBP a month GBP a year EUR a month EUR a year" in text
    assert "Starter Sole traders and one-chair businesses Everything one practitioner" in text
    assert "£12 since 2021-03-01 £108 since 2025-09-01 €14 since 2021-03-01 €126 since 2025-09-01" in text
    assert "working together. £29 since 2024-04-01 £290 since 2024-04-01" in text


def test_the_pricing_page_compares_features_plan_by_plan(site):
    text = text_of(read_page(site, "pricing/"))
    assert "Feature Starter Team Business" in text
    assert "Staff calendars 1 10 Unlimited" in text
    assert "SMS reminders Text messages to your clients" in text and "50 a month 500 a month 2,000 a month" in text
    assert "Single sign-on (SAML) — Not included — Not included ✓ Included" in text


def test_the_pricing_page_announces_the_upcoming_change_with_its_reason_and_notice(site):
    text = text_of(read_page(site, "pricing/"))
    assert ("Upcoming price changes From 2027-01-01 , Team costs £32 a month instead of £29 and £320 a year "
            "instead of £290 (€37 a month instead of €34 and €370 a year instead of €340).") in text
    assert "Why: Text message costs rose again in 2026" in text
    assert "days before it takes effect" in text


def test_the_hand_written_text_around_the_tables_stays(site):
    html = read_page(site, "pricing/")
    text = text_of(html)
    assert "Larkspur has three plans." in text
    assert "How we change prices" in text and "Registered charities and community groups get 50% off" in text
    # The generated tables replaced every marker.
    assert "openbook:pricing" not in html


def test_the_pricing_page_edits_the_data_and_links_to_its_text(site):
    html = read_page(site, "pricing/")
    edit = re.search(r'<a href="([^"]+)" title="Edit this page"', html)
    assert edit and edit.group(1) == f"{REPO}/edit/main/data/pricing.yml"
    assert f'href="{REPO}/edit/main/docs/pricing.md">edit the page\'s text</a>' in html


def test_the_pricing_pages_announce_the_feed_to_feed_readers(site):
    for path, href in (("pricing/", "feed.xml"), ("pricing/history/", "../feed.xml")):
        head = read_page(site, path).split("</head>")[0]
        assert (f'<link rel="alternate feed" type="application/atom+xml" title="Larkspur price changes" href="{href}">'
                in head), path


def test_the_price_history_lists_every_change_with_publication_effect_and_notice(site):
    html = read_page(site, "pricing/history/")
    text = text_of(html)
    assert text.index("From 2027-01-01: Team and Business (upcoming)") < text.index("From 2025-09-01: Starter") \
        < text.index("From 2024-04-01: Team")
    assert "Team, monthly, GBP: £29 → £32 (increase)" in text
    assert "Starter, yearly, EUR: €140 → €126 (decrease)" in text
    assert "Announced: 2024-02-12, before this history was kept in git" in text
    assert "Notice: 49 days." in text
    upcoming = re.search(r"Published: (\d{4}-\d\d-\d\d) by .+? in commit ([0-9a-f]{7}) \. Notice: (\d+) days\.", text)
    assert upcoming, "the upcoming change shows no publishing commit"
    sha = re.search(rf'href="{REPO}/commit/([0-9a-f]{{40}})"', html).group(1)
    assert sha.startswith(upcoming.group(2))


def test_the_price_history_has_every_price_of_every_plan(site):
    text = text_of(read_page(site, "pricing/history/"))
    assert ("Team: every price since 2021-03-01 From Until GBP a month GBP a year EUR a month EUR a year Why "
            "2027-01-01 (upcoming) — £32 £320 €37 €370 Why it changed on 2027-01-01") in text
    assert "2024-04-01 (current) 2026-12-31 £29 £290 €34 €340 Why it changed on 2024-04-01" in text
    assert "2021-03-01 2024-03-31 £25 £250 €29 €290 Launch price" in text


def test_the_price_history_page_edits_the_data_file_and_is_in_the_nav(site):
    html = read_page(site, "pricing/history/")
    edit = re.search(r'<a href="([^"]+)" title="Edit this page"', html)
    assert edit and edit.group(1) == f"{REPO}/edit/main/data/pricing.yml"
    home = read_page(site, "")
    assert re.search(r'href="pricing/history/"[^>]*>\s*<span class="md-ellipsis">\s*Price history', home)
    assert re.search(r'href="pricing/"[^>]*>\s*<span class="md-ellipsis">\s*Plans and prices', home)


def test_the_feed_is_atom_with_one_entry_per_change(site):
    root = ET.parse(site / "pricing" / "feed.xml").getroot()
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}title").text == "Larkspur price changes"
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == [
        "From 2027-01-01: Team and Business", "From 2025-09-01: Starter", "From 2024-04-01: Team"]
    first = entries[0]
    assert first.find(f"{ATOM}link").get("href") == \
        "https://larkspur-hq.github.io/openbook-hub/pricing/history/#change-2027-team-business"
    assert "Team costs £32 a month instead of £29" in first.find(f"{ATOM}summary").text
    assert entries[1].find(f"{ATOM}published").text == "2025-08-04T00:00:00Z"


def test_bad_pricing_data_stops_the_build_with_file_line_and_key(copy_hub):
    path = copy_hub / "data" / "pricing.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("currencies: [GBP, EUR]", "currencies: [GBP, EUX]"),
                    encoding="utf-8")
    result = sitebuild.build(copy_hub / "mkdocs.yml", copy_hub / "site")
    # MkDocs logs a PluginError's message as the one error line, then aborts.
    assert result.error and result.warnings == [
        "data/pricing.yml:10: currencies[1]: found 'EUX', expected an ISO 4217 currency code such as GBP, EUR or USD"]


def test_outside_git_every_change_counts_as_published_today_and_the_page_says_so(copy_hub, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", NOV_22)
    build_hub(copy_hub / "mkdocs.yml", copy_hub / "site")
    text = text_of(read_page(copy_hub / "site", "pricing/history/"))
    assert "has no git history of data/pricing.yml" in text
    assert "Published: not yet; this change is not committed" in text


def test_a_pricing_page_without_markers_is_a_warning(copy_hub):
    page = copy_hub / "docs" / "pricing.md"
    page.write_text(re.sub(r"<!-- openbook:pricing-\w+ -->", "", page.read_text(encoding="utf-8")), encoding="utf-8")
    result = sitebuild.build(copy_hub / "mkdocs.yml", copy_hub / "site")
    assert any("none of the pricing markers" in w for w in result.warnings), result.warnings


@pytest.mark.browser
def test_a_reader_sees_the_price_table_and_the_upcoming_notice(chromium, serve, site):
    hub = HubBrowser(chromium, serve(site))
    try:
        page, visit = hub.open("pricing/")
        assert page.get_by_role("columnheader", name="GBP a month").first.is_visible()
        assert page.get_by_role("rowheader", name=re.compile("^Team")).first.is_visible()
        notice = page.locator(".openbook-pricing-upcoming")
        assert notice.is_visible() and "From 2027-01-01" in notice.inner_text()
        visit.assert_clean()
        assert hub.axe(page) == []
        page, visit = hub.open("pricing/history/")
        assert page.get_by_role("heading", name="Team").first.is_visible()
        visit.assert_clean()
        assert hub.axe(page) == []
    finally:
        hub.close()


def test_a_correction_is_shown_in_public_on_the_price_history_page(copy_hub, monkeypatch):
    path = copy_hub / "data" / "pricing.yml"
    text = path.read_text(encoding="utf-8").replace("GBP: {monthly: 29, yearly: 290}", "GBP: {monthly: 29, yearly: 280}")
    path.write_text(text + """
corrections:
  - corrected: 2026-12-03
    what: changes.2024-team-sms.prices.team.GBP.yearly
    published: 290
    correct: 280
    reason: >-
      The announcement had the yearly price wrong.
      Team yearly customers were always charged £280.
""", encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(datetime(2026, 12, 4, tzinfo=timezone.utc).timestamp())))

    build_hub(copy_hub / "mkdocs.yml", copy_hub / "site")

    text = text_of(read_page(copy_hub / "site", "pricing/history/"))
    assert ("Corrections &para; What this page once said wrongly, and what is right. The record is not rewritten: each fix "
            "is listed here. Corrected on 2026-12-03: the Team yearly price from 2024-04-01 was listed as £290; it "
            "was £280. Why: The announcement had the yearly price wrong. Team yearly customers were always charged "
            "£280.") in text
    # The prices themselves are the corrected ones.
    assert "Team, yearly, GBP: £250 → £280 (increase)" in text
    # Feed readers hear of it too.
    root = ET.parse(copy_hub / "site" / "pricing" / "feed.xml").getroot()
    [entry] = [e for e in root.findall(f"{ATOM}entry") if e.findtext(f"{ATOM}id").endswith("#correction-0")]
    assert entry.findtext(f"{ATOM}title") == "Correction of 2026-12-03"
    assert entry.findtext(f"{ATOM}summary").startswith(
        "Corrected on 2026-12-03: the Team yearly price from 2024-04-01 was listed as £290; it was £280. Why: ")


def test_without_corrections_the_history_page_has_no_corrections_section(site):
    assert "Corrected on" not in text_of(read_page(site, "pricing/history/"))


def test_a_corrections_reason_is_shown_as_text_never_as_markup(copy_hub, monkeypatch):
    path = copy_hub / "data" / "pricing.yml"
    text = path.read_text(encoding="utf-8").replace("GBP: {monthly: 29, yearly: 290}", "GBP: {monthly: 29, yearly: 280}")
    path.write_text(text + """
corrections:
  - corrected: 2026-12-03
    what: changes.2024-team-sms.prices.team.GBP.yearly
    published: 290
    correct: 280
    reason: "<img src=x onerror=alert(1)> **bold** [link](https://evil.example/)"
""", encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", NOV_22)

    build_hub(copy_hub / "mkdocs.yml", copy_hub / "site")

    html = read_page(copy_hub / "site", "pricing/history/")
    assert "&lt;img src=x onerror=alert(1)&gt; **bold** [link](https://evil.example/)" in html
    assert "<img src=x" not in html and 'href="https://evil.example/' not in html
    assert "alert(1)" in (copy_hub / "site" / "pricing" / "feed.xml").read_text() and \
        "<img" not in (copy_hub / "site" / "pricing" / "feed.xml").read_text()
