"""Search in a real browser: free until the reader types, then quick, keyboard-driven and highlighted."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def _pagefind_requests(page) -> list[str]:
    return page.evaluate("performance.getEntriesByType('resource').map(r => r.name).filter(n => n.includes('/pagefind/'))")


def test_a_reader_who_does_not_search_downloads_nothing_for_search(hub_browser):
    page, visit = hub_browser.open("questions/12/")
    page.locator(".md-search__input").focus()
    page.wait_for_timeout(300)
    assert _pagefind_requests(page) == []
    visit.assert_clean()


def test_typing_finds_pages_with_the_words_highlighted_fetching_only_what_the_query_needs(hub_browser):
    page, visit = hub_browser.open("")
    # "/" is Material's keyboard shortcut to the search box, as a reader would use it.
    page.keyboard.press("/")
    page.keyboard.type("refund")
    page.locator(".md-search-result__item").first.wait_for()
    hrefs = page.locator(".md-search-result__link").evaluate_all("links => links.map(a => a.href)")
    assert any(href.endswith("/practices/refunds/") for href in hrefs), hrefs
    assert page.locator(".md-search-result__item mark").first.inner_text().lower().startswith("refund")
    assert "matching" in page.locator(".md-search-result__meta").inner_text()
    fetched = _pagefind_requests(page)
    assert len([url for url in fetched if "/fragment/" in url]) <= 10, fetched
    assert not [url for url in fetched if "-ui." in url], "no ready-made interface is loaded"
    visit.assert_clean()


def test_the_keyboard_moves_through_results_and_escape_closes_search(hub_browser):
    page, visit = hub_browser.open("practices/")
    page.keyboard.press("s")
    assert page.evaluate("document.activeElement.matches('.md-search__input')")
    page.keyboard.type("security")
    page.locator(".md-search-result__item").first.wait_for()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.matches('.md-search-result__link')")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.matches('.md-search__input')")
    page.keyboard.press("Escape")
    assert not page.locator("#__search").is_checked()
    # Enter opens the first result.
    page.keyboard.press("/")
    page.keyboard.press("Enter")
    page.wait_for_url("**/practices/security/")
    visit.assert_clean()


def test_on_a_phone_the_magnifier_opens_search_full_screen(hub_browser):
    page, visit = hub_browser.open("pricing/", viewport={"width": 375, "height": 740}, color_scheme="dark")
    assert not page.locator("#__search").is_checked()
    page.locator("label.md-header__button[for='__search']").click()
    assert page.evaluate("document.activeElement.matches('.md-search__input')")
    page.keyboard.type("deposit")
    first = page.locator(".md-search-result__item").first
    first.wait_for()
    box = first.bounding_box()
    assert box is not None and box["width"] > 300, box
    visit.assert_clean()


def test_a_query_that_matches_nothing_says_so(hub_browser):
    page, visit = hub_browser.open("")
    page.keyboard.press("/")
    page.keyboard.type("xylophonic")
    page.wait_for_function("document.querySelector('.md-search-result__meta').textContent.includes('No matching')")
    assert page.locator(".md-search-result__item").count() == 0
    visit.assert_clean()
