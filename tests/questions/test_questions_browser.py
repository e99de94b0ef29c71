"""The demo hub's Q&A pages in Chromium: clean, accessible, and private."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["questions/12/", "questions/"])
def test_question_pages_are_accessible_and_call_no_other_host(hub_browser, path):
    page, visit = hub_browser.open(path)
    visit.assert_clean()
    assert hub_browser.axe(page) == []


def test_the_accepted_answer_is_the_first_answer_a_reader_sees(hub_browser):
    page, visit = hub_browser.open("questions/12/")
    first = page.locator("section.openbook-answer").first
    assert first.locator(".admonition-title").inner_text().startswith("Accepted answer")
    assert "nail-bar-leeds" in first.inner_text()
    visit.assert_clean()
