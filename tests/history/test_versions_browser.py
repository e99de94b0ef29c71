"""Versions in a real browser: the versions page and a comparison are accessible and announce their changes."""

from __future__ import annotations

import pytest
from conftest import FIXTURE_NOW, HubBrowser, build_hub
from gitrepo import GitRepo

pytestmark = pytest.mark.browser

REFUNDS = "docs/practices/refunds.md"


@pytest.fixture(scope="module")
def versions_site(tmp_path_factory):
    from conftest import copy_hub_sources

    folder = tmp_path_factory.mktemp("versions-browser")
    hub = copy_hub_sources(folder / "hub")
    repo = GitRepo(hub)
    repo.commit("Start the hub", "2026-01-10T09:00:00")
    repo.replace(REFUNDS, "There are no cancellation fees on any plan.", "There are no cancellation fees, ever.")
    repo.commit("Refunds: no fees, ever", "2026-03-04T10:00:00")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", FIXTURE_NOW)
        build_hub(hub / "mkdocs.yml", folder / "site")
    return folder / "site"


@pytest.fixture
def browser(chromium, serve, versions_site):
    hub = HubBrowser(chromium, serve(versions_site))
    yield hub
    hub.close()


@pytest.mark.parametrize("path", ["practices/refunds/versions/", "practices/refunds/versions/2/changes/",
                                  "practices/refunds/versions/1/"])
def test_versions_pages_have_no_serious_accessibility_violation(browser, path):
    page, visit = browser.open(path)
    assert browser.axe(page) == []
    visit.assert_clean()


def test_a_comparison_says_removed_and_added_to_a_screen_reader_and_strikes_through_for_the_eye(browser):
    page, visit = browser.open("practices/refunds/versions/2/changes/")
    removed = page.locator(".openbook-comparison del").first
    added = page.locator(".openbook-comparison ins").first
    # What the accessibility tree reads out, not only what the page shows.
    assert removed.inner_text().startswith("removed:") or "removed:" in removed.text_content()
    assert "added:" in added.text_content()
    assert "line-through" in removed.evaluate("e => getComputedStyle(e).textDecorationLine")
    assert "underline" in added.evaluate("e => getComputedStyle(e).textDecorationLine")
    visit.assert_clean()
