"""The demo hub's Q&A pages in Chromium: clean, accessible, and private."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


# 8 holds what real issues hold: a task list, a log in <details>, an alert, a mention.
@pytest.mark.parametrize("path", ["questions/12/", "questions/8/", "questions/"])
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


def test_an_alert_looks_like_an_admonition_and_a_task_list_has_no_bullets(hub_browser):
    page, visit = hub_browser.open("questions/8/")
    alert = page.locator(".openbook-alert")
    assert alert.get_attribute("role") == "note"
    assert alert.locator(".admonition-title").inner_text() == "Note"
    # Material's admonition look: a coloured border, not a quote's grey bar.
    assert alert.evaluate("e => getComputedStyle(e).borderLeftStyle") == "solid"
    item = page.locator("li.task-list-item").first
    assert item.evaluate("e => getComputedStyle(e).listStyleType") == "none"
    assert item.locator("input[type=checkbox]").is_disabled()
    visit.assert_clean()
