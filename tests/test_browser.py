"""The fixture hub in a real browser: it renders, actions are right, nothing leaks.

Search has its own tests (tests/search/), and accessibility too (tests/test_accessibility.py).
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

REPO = "https://github.com/larkspur-hq/openbook-hub"


def test_home_page_renders_with_no_errors_and_no_foreign_requests(hub_browser):
    page, visit = hub_browser.open("")
    assert page.title().startswith("Larkspur Open Book")
    assert page.locator("h1").first.is_visible()
    visit.assert_clean()


def test_edit_action_opens_the_page_source_on_github(hub_browser):
    page, visit = hub_browser.open("practices/support/")
    edit = page.locator("a.md-content__button[rel=edit]")
    assert edit.get_attribute("href") == f"{REPO}/edit/main/docs/practices/support.md"
    visit.assert_clean()
