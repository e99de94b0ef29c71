"""The consultation pages in Chromium: accessible at a phone's and a desktop's width, in both colour schemes, and private."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["consultations/", "consultations/49/", "consultations/34/"])
@pytest.mark.parametrize(("width", "scheme"), [(375, "light"), (1280, "dark")])
def test_consultation_pages_are_accessible_and_call_no_other_host(hub_browser, path, width, scheme):
    page, visit = hub_browser.open(path)
    page.set_viewport_size({"width": width, "height": 900})
    page.emulate_media(color_scheme=scheme)
    visit.assert_clean()
    assert hub_browser.axe(page) == []
    # Nothing is wider than the screen: a long option title or a table scrolls inside the article.
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{path} is {overflow}px wider than a {width}px screen"


def test_a_reader_reaches_a_consultation_from_the_home_page(hub_browser):
    page, visit = hub_browser.open("")
    page.get_by_role("link", name="SMS reminder bundles: how should extra text messages be sold?").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/consultations/49/")
    assert page.locator("article h1").inner_text() == "SMS reminder bundles: how should extra text messages be sold?"
    assert "Open until 2027-01-15 (54 days left)" in page.locator(".openbook-state").inner_text()
    visit.assert_clean()
