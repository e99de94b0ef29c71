"""Page history and practices reviews in a real browser: visible, linked, accessible."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

REPO = "https://github.com/larkspur-hq/openbook-hub"


def test_a_practices_page_shows_its_review_and_its_history_block(hub_browser):
    page, visit = hub_browser.open("practices/refunds/")
    review = page.locator(".openbook-review")
    assert review.is_visible()
    assert re.search(r"Reviewed on \d{1,2} \w+ \d{4} by Finance team \(Jonas Berg\)", review.inner_text())

    block = page.locator(".openbook-history")
    block.scroll_into_view_if_needed()
    assert block.is_visible()
    assert re.search(r"Last updated \d{1,2} \w+ \d{4}", block.inner_text())
    assert re.search(r"\(\d+ changes?\)", block.inner_text())
    history = block.get_by_role("link", name="History")
    assert history.get_attribute("href") == f"{REPO}/commits/main/docs/practices/refunds.md"
    visit.assert_clean()


@pytest.mark.parametrize("path", ["practices/refunds/", "practices/", "changes/", "contributors/"])
def test_history_and_practices_pages_have_no_serious_accessibility_violation(hub_browser, path):
    page, visit = hub_browser.open(path)
    assert hub_browser.axe(page) == []
    visit.assert_clean()
