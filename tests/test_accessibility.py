"""Every page type in a real browser at phone, tablet and desktop widths, light and dark: axe finds nothing serious.

The widths are 375, 768 and 1,280 px; the colour scheme is the reader's
(prefers-color-scheme), which Material's palette follows. Layout checks hold
whatever fonts the machine has: a wide table becomes a focusable region only
when it overflows, so the same assertions pass with narrow or wide fonts.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

WIDTHS = (375, 768, 1280)
SCHEMES = {"light": "default", "dark": "slate"}
PAGES = {
    "home": "",
    "practices index": "practices/",
    "practice": "practices/support/",
    "pricing": "pricing/",
    "price history": "pricing/history/",
    "questions index": "questions/",
    "questions by activity": "questions/recent/",
    "questions owed": "questions/owed/",
    "ask a question": "questions/ask/",
    "question": "questions/12/",
    "what changed": "changes/",
    "notices": "notices/",
    "contributors": "contributors/",
    "tags": "tags/",
    "hand-written page": "contributing/",
}
# Letters far wider than any installed font's, to show a layout holds without the machine's fonts.
WIDE_LETTERS = "* { letter-spacing: 0.3em !important; word-spacing: 0.5em !important; }"


def _variants():
    for width in WIDTHS:
        for scheme in SCHEMES:
            yield width, scheme


def _open(hub_browser, path: str, width: int, scheme: str):
    page, visit = hub_browser.open(path, viewport={"width": width, "height": 900}, color_scheme=scheme)
    assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEMES[scheme]
    return page, visit


@pytest.mark.parametrize(("width", "scheme"), list(_variants()), ids=[f"{w}px-{s}" for w, s in _variants()])
def test_every_page_type_has_no_serious_violation_at_any_width_in_either_scheme(hub_browser, width, scheme):
    found = {}
    page, visit = _open(hub_browser, "", width, scheme)
    for name, path in PAGES.items():
        page.goto(hub_browser.base_url + path, wait_until="load")
        violations = hub_browser.axe(page)
        if violations:
            found[name] = violations
        # Nothing makes the whole page scroll sideways: wide content scrolls in its own region.
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            found.setdefault(name, []).append(f"the page is {overflow}px wider than the screen")
    assert found == {}, f"at {width}px, {scheme}: {found}"
    visit.assert_clean()


@pytest.mark.parametrize("width", WIDTHS)
def test_open_search_results_have_no_serious_violation(hub_browser, width):
    for scheme in SCHEMES:
        page, visit = _open(hub_browser, "practices/", width, scheme)
        page.keyboard.press("/")
        page.keyboard.type("refund")
        page.locator(".md-search-result__item").first.wait_for()
        assert hub_browser.axe(page) == [], f"{width}px {scheme}"
        visit.assert_clean()
        page.context.close()


def test_a_wide_table_scrolls_in_a_focusable_region_named_by_its_caption(hub_browser):
    page, visit = _open(hub_browser, "pricing/", 375, "light")
    region = page.get_by_role("region", name="Prices on 2026-11-22, per plan")
    region.focus()
    assert page.evaluate("document.activeElement.matches('.md-typeset__scrollwrap')")
    page.keyboard.press("ArrowRight")
    # The browser scrolls smoothly: wait for it, rather than read the position at once.
    page.wait_for_function("document.activeElement.scrollLeft > 0", timeout=5_000)
    visit.assert_clean()


def test_tables_stay_reachable_with_letters_wider_than_any_font(hub_browser):
    for width in (768, 1280):
        page, visit = _open(hub_browser, "pricing/", width, "light")
        page.add_style_tag(content=WIDE_LETTERS)
        # Material's own reflow, and ours on resize, run again with the new letters.
        page.set_viewport_size({"width": width - 1, "height": 900})
        page.wait_for_timeout(100)
        assert hub_browser.axe(page) == [], f"{width}px with wide letters"
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"pricing at {width}px with wide letters is {overflow}px wider than the screen"
        visit.assert_clean()


def test_outline_buttons_read_at_4_5_to_1_in_the_dark_scheme(hub_browser):
    page, visit = _open(hub_browser, "questions/12/", 1280, "dark")
    button = page.get_by_role("link", name="All questions")
    ratio = button.evaluate("""el => {
        const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
        const lum = c => { const [r, g, b] = rgb(c).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                           return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
        let bg = el, colour = 'rgba(0, 0, 0, 0)';
        while (bg && /rgba\\(0, 0, 0, 0\\)|transparent/.test(colour)) { colour = getComputedStyle(bg).backgroundColor; bg = bg.parentElement; }
        const [a, b] = [lum(getComputedStyle(el).color), lum(colour)].sort((x, y) => y - x);
        return (a + 0.05) / (b + 0.05);
    }""")
    assert ratio >= 4.5, f"'All questions' reads at {ratio:.2f}:1 on the dark background"
    visit.assert_clean()
