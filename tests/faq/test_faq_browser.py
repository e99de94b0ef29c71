"""The FAQ in Chromium: the index and an entry are accessible, run nothing foreign, and link where they say."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["faq/", "faq/google-sync-stopped/", "questions/12/"])
def test_faq_pages_are_accessible_and_call_no_other_host(hub_browser, path):
    page, visit = hub_browser.open(path)
    visit.assert_clean()
    assert hub_browser.axe(page) == []


def test_a_reader_goes_from_the_index_to_the_answer_and_on_to_its_conversation(hub_browser):
    page, visit = hub_browser.open("faq/")
    page.get_by_role("link", name="Google Calendar sync stopped. How do I get it working again?").click()
    page.wait_for_load_state("load")
    assert page.get_by_role("heading", level=1).inner_text() == "Google Calendar sync stopped. How do I get it working again?"
    assert page.get_by_role("link", name="Asked 42 times").is_visible()
    page.get_by_role("link", name="Google Calendar sync stopped after I changed my Google password").click()
    page.wait_for_load_state("load")
    assert page.get_by_text("There is a curated answer to this question in the FAQ").is_visible()
    visit.assert_clean()
