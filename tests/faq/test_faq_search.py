"""FAQ entries in the header's search box: an entry is listed above the conversations it distills.

Pagefind alone ranks a question above its entry when the reader types the
question's words (they are the question page's title). The search box orders
them as the FAQ promises, wherever Pagefind ranks the entry.
"""

from __future__ import annotations

import json

import pytest
import yaml
from conftest import FIXTURE, FIXTURE_NOW, HubBrowser, build_hub

pytestmark = pytest.mark.browser


def _front_matter(path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n", 2)[1])


def _entries_and_sources() -> list[tuple[str, int, str]]:
    """(entry URL, source number, source title) for each source of each fixture entry found in the snapshot."""
    titles = {q["number"]: q["title"]
              for q in json.loads((FIXTURE / "data" / "questions.json").read_text(encoding="utf-8"))["questions"]}
    return [(f"/faq/{page.stem}/", number, titles[number])
            for page in sorted((FIXTURE / "docs" / "faq").glob("*.md")) if page.name != "index.md"
            for number in _front_matter(page)["sources"] if number in titles]


def _search(page, term: str) -> list[str]:
    """Type `term` into the search box and return the listed results' paths, top first."""
    page.keyboard.press("/")
    # One input event, so one search: the list read below is the whole term's, not a prefix's.
    page.locator(".md-search__input").fill(term)
    page.locator(".md-search-result__item").first.wait_for()
    return _listed(page)


def _listed(page) -> list[str]:
    return page.locator(".md-search-result__link").evaluate_all("links => links.map(a => new URL(a.href).pathname)")


def _pagefind_order(page, term: str) -> list[str]:
    """Pagefind's own ranking of `term`, through its JavaScript API, without the search box."""
    return page.evaluate(
        """async (term) => {
            const pagefind = await import(new URL("pagefind/pagefind.js", location.href).href);
            await pagefind.options({ baseUrl: "/" });
            const found = await pagefind.search(term);
            return Promise.all(found.results.map(async r => (await r.data()).url));
        }""", term)


CASES = _entries_and_sources()


def test_every_fixture_entry_has_a_source_to_search_for():
    assert len(CASES) >= 5 and len({entry for entry, _, _ in CASES}) == 4, CASES


@pytest.mark.parametrize(("entry", "number", "title"), CASES, ids=[f"{e.split('/')[2]}-{n}" for e, n, _ in CASES])
def test_typing_a_source_questions_title_lists_its_faq_entry_above_it(hub_browser, entry, number, title):
    page, visit = hub_browser.open("")
    listed = _search(page, title)
    question = f"/questions/{number}/"
    assert entry in listed and question in listed, f"searching {title!r} listed {listed}"
    assert listed.index(entry) < listed.index(question), f"searching {title!r} listed {listed}"
    assert len(listed) == len(set(listed)), f"a result is listed twice: {listed}"
    visit.assert_clean()


def test_an_entry_pagefind_ranks_beyond_the_first_results_is_still_listed_above_its_source(
        copy_hub, tmp_path, monkeypatch, chromium, serve):
    # The calendars entry now says "Larkspur" only in the title of its source #5,
    # which it lists, and weighs those words a tenth: Pagefind ranks it far below
    # #5, whose title opens with "Larkspur".
    calendars = copy_hub / "docs" / "faq" / "calendars.md"
    calendars.write_text(calendars.read_text(encoding="utf-8").replace(
        "question: Which calendars does Larkspur sync with?\n", "question: Which calendars can I sync?\n").replace(
        "last_reviewed: 2026-07-01\n", "last_reviewed: 2026-07-01\nsearch:\n  boost: 0.1\n"), encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXTURE_NOW)
    site = tmp_path / "site"
    build_hub(copy_hub / "mkdocs.yml", site)
    browser = HubBrowser(chromium, serve(site))
    try:
        page, visit = browser.open("")
        ranked = _pagefind_order(page, "Larkspur")
        # What the case is about: more than a page of results, the entry beyond the first page.
        assert len(ranked) > 20 and ranked.index("/faq/calendars/") >= 10, ranked
        assert ranked.index("/questions/5/") < 10, ranked
        listed = _search(page, "Larkspur")
        assert listed.index("/faq/calendars/") == listed.index("/questions/5/") - 1, listed
        # "Show more" lists the rest in Pagefind's order, the entry not a second time.
        more = page.locator(".md-search-result__more")
        while more.is_visible():
            count = page.locator(".md-search-result__item").count()
            more.click()
            page.wait_for_function(f"document.querySelectorAll('.md-search-result__item').length > {count}")
        listed = _listed(page)
        assert sorted(listed) == sorted(ranked), "every result is listed once"
        # Only entries move: every other page keeps Pagefind's order.
        entries = {entry for entry, _, _ in CASES}
        assert [url for url in listed if url not in entries] == [url for url in ranked if url not in entries]
        for entry, number, _ in CASES:
            if entry in listed and f"/questions/{number}/" in listed:
                assert listed.index(entry) < listed.index(f"/questions/{number}/"), (entry, number, listed)
        visit.assert_clean()
    finally:
        browser.close()


def test_the_keyboard_reaches_an_entry_listed_above_its_source(hub_browser):
    page, visit = hub_browser.open("")
    listed = _search(page, "Can I switch from Starter to Team in the middle of a billing month?")
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("new URL(document.activeElement.href).pathname")
    assert focused == listed[0] == "/faq/switch-plans/", listed
    page.keyboard.press("ArrowDown")
    assert page.evaluate("new URL(document.activeElement.href).pathname") == listed[1] == "/questions/3/"
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    page.wait_for_url("**/faq/switch-plans/")
    visit.assert_clean()
