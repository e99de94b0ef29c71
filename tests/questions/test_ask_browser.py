"""The "Ask a question" page in Chromium: it searches the hub as the reader types, and asks with the typed title.

The fixture hub is built and served on 127.0.0.1 (tests/conftest.py); every
page is refused any other host. Without JavaScript the page is a plain link to
the question form.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest


pytestmark = pytest.mark.browser

ASK = "questions/ask/"
FORM = "https://github.com/larkspur-hq/openbook-hub/issues/new"
# Answered by staff, and distilled by the FAQ entry faq/switch-plans.
ANSWERED = ("Can I switch from Starter to Team in the middle of a billing month?", "/questions/3/", "/faq/switch-plans/")
# Only what this test names: FAQ entries, then answered questions, then the rest.
RANK = {"faq": 0, "answered": 1, None: 2}


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query, keep_blank_values=True)


def type_title(page, title: str) -> list[dict]:
    """Type a title as a reader does and return the listed matches: path and what kind of page each is."""
    page.get_by_label("Your question, in a few words").press_sequentially(title, delay=5)
    page.get_by_role("status").filter(has_text="listed below").wait_for()
    return page.locator(".openbook-ask__result").evaluate_all("""items => items.map(li => ({
        path: new URL(li.querySelector("a").href).pathname,
        kind: li.querySelector(".openbook-ask__kind")?.className.match(/--(\\w+)/)[1] ?? null,
    }))""")


def test_typing_an_answered_questions_title_lists_it_before_the_button_which_carries_the_title(hub_browser):
    title, question, entry = ANSWERED
    page, visit = hub_browser.open(ASK)

    listed = type_title(page, title)

    paths = [item["path"] for item in listed]
    assert question in paths and entry in paths, listed
    # The FAQ entry, then the answered question, then anything else.
    assert [RANK[item["kind"]] for item in listed] == sorted(RANK[item["kind"]] for item in listed), listed
    assert paths.index(entry) < paths.index(question)
    assert {"path": question, "kind": "answered"} in listed
    # The matches come before the button, in the page and for the keyboard.
    results, button = page.locator(".openbook-ask__results"), page.get_by_role("link", name="Ask your question on GitHub")
    assert results.evaluate("(list, button) => Boolean(list.compareDocumentPosition(button) & 4)", button.element_handle())
    href = button.get_attribute("href")
    assert href.startswith(FORM + "?")
    assert query(href) == {"template": ["question.yml"], "title": [title]}
    page.keyboard.press("Tab")
    assert page.evaluate("new URL(document.activeElement.href).pathname") == paths[0]
    visit.assert_clean()


def test_a_title_with_url_syntax_stays_one_parameter_of_the_form(hub_browser):
    page, visit = hub_browser.open(ASK)
    title = "Refunds & cancellations #2?template=evil.yml&labels=approved"
    page.get_by_label("Your question, in a few words").fill(title)

    href = page.get_by_role("link", name="Ask your question on GitHub").get_attribute("href")
    assert query(href) == {"template": ["question.yml"], "title": [title]}
    visit.assert_clean()


def test_without_javascript_the_page_is_a_plain_link_to_the_question_form(hub_browser, fixture_site):
    page, visit = hub_browser.open(ASK, java_script_enabled=False)

    assert not page.get_by_label("Your question, in a few words").is_visible()
    link = page.get_by_role("link", name="Ask your question on GitHub")
    assert link.is_visible() and link.get_attribute("href") == f"{FORM}?template=question.yml"
    visit.assert_clean()


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_ask_page_with_its_matches_has_no_serious_violation(hub_browser, width, scheme):
    page, visit = hub_browser.open(ASK, viewport={"width": width, "height": 900}, color_scheme=scheme)
    type_title(page, ANSWERED[0])

    assert hub_browser.axe(page) == [], f"{width}px {scheme}"
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    visit.assert_clean()
