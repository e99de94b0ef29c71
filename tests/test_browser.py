"""The demo hub in a real browser: it renders, search works, actions are right, nothing leaks."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

REPO = "https://github.com/larkspur-hq/openbook-hub"


def test_home_page_renders_with_no_errors_and_no_foreign_requests(hub_browser):
    page, visit = hub_browser.open("")
    assert page.title().startswith("Larkspur Open Book")
    assert page.locator("h1").first.is_visible()
    visit.assert_clean()


def test_search_finds_a_practices_page(hub_browser):
    page, visit = hub_browser.open("")
    # "/" is Material's keyboard shortcut to the search box, as a reader would use it.
    page.keyboard.press("/")
    page.keyboard.type("refund")
    page.locator(".md-search-result__link").first.wait_for(state="attached", timeout=10_000)
    hrefs = page.locator(".md-search-result__link").evaluate_all("links => links.map(a => a.href)")
    assert any("/practices/refunds/" in href for href in hrefs), hrefs
    visit.assert_clean()


def test_edit_action_opens_the_page_source_on_github(hub_browser):
    page, visit = hub_browser.open("practices/support/")
    edit = page.locator("a.md-content__button[rel=edit]")
    assert edit.get_attribute("href") == f"{REPO}/edit/main/docs/practices/support.md"
    visit.assert_clean()


@pytest.mark.parametrize("path", ["", "practices/data-privacy/"])
def test_accessibility_scan_finds_no_serious_or_critical_violation(hub_browser, path):
    page, visit = hub_browser.open(path)
    assert hub_browser.axe(page) == []
    visit.assert_clean()
