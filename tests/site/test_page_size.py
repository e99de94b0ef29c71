"""Question pages stay small: what every page repeats is cut, and what a reader needs is still there.

A hub's size is mostly its question pages (25,000 of them must fit GitHub
Pages' 1 GB with the search index). What a page repeats around its article,
the chrome, was 30 KB before openbook compacted it: indentation from the
templates and Material's icons copied into every page.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from selectolax.lexbor import LexborHTMLParser

from conftest import build_hub, commit_all, read_page
from openbook import cli
from openbook.site import compact, icons

# Question #3 of the fixture hub: a question with replies, like most.
QUESTION = "questions/3/"
# What a question page repeats around its article and its JSON-LD (which hold the question's own words).
CHROME_LIMIT = 21_000
PAGE_LIMIT = 26_000


def _tree(site: Path, path: str) -> LexborHTMLParser:
    return LexborHTMLParser(read_page(site, path))


def _shared_icons(site: Path, path: str) -> list[str]:
    """The icons of a built page, checked to be `<use>` of an icon in the site's sprite; their ids."""
    tree = _tree(site, path)
    inline = [node.html[:80] for node in tree.css("svg path") if not node.parent.css_matches("symbol")]
    assert not inline, f"{path or 'home'} still inlines icons: {inline[:3]}"
    sprite = LexborHTMLParser((site / icons.SPRITE).read_text(encoding="utf-8"))
    symbols = {node.attributes["id"] for node in sprite.css("symbol")}
    base = f"https://hub.example/{path}"
    found = []
    for use in tree.css("svg > use"):
        target = urlsplit(urljoin(base, use.attributes["href"]))
        assert target.netloc == "hub.example", f"an icon is loaded from {target.netloc}"
        assert target.path == "/" + icons.SPRITE, f"an icon points at {target.path}, not the sprite"
        assert target.fragment in symbols, f"the sprite has no icon #{target.fragment}"
        found.append(target.fragment)
    return found


def test_a_question_page_stays_under_its_size_bound(fixture_site):
    html = read_page(fixture_site, QUESTION)
    size = len(html.encode())
    tree = LexborHTMLParser(html)
    own = sum(len(node.html.encode()) for node in tree.css('.openbook-article, script[type="application/ld+json"]'))
    chrome = size - own
    assert chrome <= CHROME_LIMIT, (
        f"{QUESTION} repeats {chrome:,} bytes around its article (limit {CHROME_LIMIT:,}): a template or "
        "partial added to every page; at 25,000 questions each 1,000 bytes is 25 MB. See README, Performance.")
    assert size <= PAGE_LIMIT, f"{QUESTION} is {size:,} bytes (limit {PAGE_LIMIT:,}); its article is {own:,}"


def test_question_pages_carry_no_template_indentation(fixture_site):
    tree = _tree(fixture_site, QUESTION)
    indented = [node.text_content for node in tree.root.traverse(include_text=True)
                if node.tag == "-text" and re.search(r"\n[ \t]", node.text_content or "")
                and not node.parent.css_matches("pre, pre *, textarea, script, style")]
    assert not indented, f"{QUESTION} still has template indentation: {indented[:3]!r}"


def test_the_chromes_icons_come_from_one_sprite_on_the_hubs_own_host(fixture_site):
    uses = _shared_icons(fixture_site, QUESTION)
    assert len(uses) >= 10, f"{QUESTION}: expected the chrome's icons as <use> of the sprite, found {len(uses)}"


def test_a_new_hubs_pages_are_compact_and_share_their_icons(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795348800")
    hub = tmp_path / "acme"
    assert cli.main(["new", str(hub), "--company", "Acme Tools Ltd", "--repo", "acme-tools/open-book"]) == cli.EXIT_OK
    commit_all(hub, "A new Open Book")
    site = tmp_path / "site"
    build_hub(hub / "mkdocs.yml", site)
    for path in ("", "pricing/"):
        assert len(_shared_icons(site, path)) >= 10, f"{path or 'home'}: the chrome's icons are not shared"
        assert "\n  " not in read_page(site, path).split("<body", 1)[1].split("<script", 1)[0], (
            f"{path or 'home'}: template indentation left in the page")


@pytest.mark.parametrize("path", [QUESTION, "practices/security/", ""])
def test_what_readers_need_is_still_on_the_page(fixture_site, path):
    tree = _tree(fixture_site, path)
    skip = tree.css_first("a.md-skip")
    assert skip is not None and skip.attributes["href"].startswith("#"), f"{path or 'home'}: no skip link"
    assert tree.css_first(f'[id="{skip.attributes["href"][1:]}"]') is not None, (
        f"{path or 'home'}: the skip link leads to {skip.attributes['href']}, which is not on the page")
    assert tree.css_first('link[rel="icon"]') is not None, f"{path or 'home'}: no favicon link"
    assert tree.css_first("#openbook-search-query") is not None, f"{path or 'home'}: no search box"
    assert tree.css_first("aside.openbook-actions a[data-openbook-action=ask]") is not None, (
        f"{path or 'home'}: no page actions")
    if path:
        edit = tree.css_first('a[rel="edit"]')
        assert edit is not None and edit.attributes["href"].startswith("https://github.com/"), f"{path}: no Edit"
        assert edit.attributes.get("title"), f"{path}: the Edit button has no name"
        assert tree.css_first(".openbook-history") is not None, f"{path}: no history block"


def test_compacting_keeps_text_where_white_space_matters():
    page = ('<div>\n    <p>one\n     two</p>\n  <!-- keep\n   this -->\n<pre>  a\n    b</pre>\n'
            '<textarea>\n  x</textarea><script>\n  if (a < b) {}\n</script>'
            '<a title="x > y\n   z">link</a>  <b>c</b>\n</div>')
    assert compact.compact(page) == (
        '<div>\n<p>one\ntwo</p>\n<!-- keep\n   this -->\n<pre>  a\n    b</pre>\n'
        '<textarea>\n  x</textarea><script>\n  if (a < b) {}\n</script>'
        '<a title="x > y\n   z">link</a>  <b>c</b>\n</div>')


def test_icons_in_the_article_and_unusual_svgs_stay_inline():
    icon = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M3 6h18v2H3z"/></svg>'
    scripted = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path onclick="x()" d="M1z"/></svg>'
    page = f'<nav>{icon}{scripted}</nav><div class="openbook-article" data-pagefind-body>{icon}</div><!--end-->{icon}'
    sprite = icons.Sprite()
    shared = icons.share(page, sprite, "../sprite.svg", article=('<div class="openbook-article"', "<!--end-->"))
    name = next(iter(sprite.symbols))
    use = f'<svg viewBox="0 0 24 24"><use href="../sprite.svg#{name}"></use></svg>'
    assert shared == (f'<nav>{use}{scripted}</nav><div class="openbook-article" data-pagefind-body>{icon}</div>'
                      f"<!--end-->{use}")
    assert sprite.svg().count("<symbol") == 1


def test_a_dirty_rebuild_keeps_the_icons_of_the_pages_it_did_not_rebuild(tmp_path):
    menu = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M3 6h18v2H3z"/></svg>'
    close = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M19 6.41 17.59 5z"/></svg>'
    first = icons.Sprite()
    icons.share(menu + close, first, "sprite.svg")
    first.write(tmp_path)
    # `mkdocs serve --dirty` rebuilds one page, which has the menu icon only.
    again = icons.Sprite()
    icons.share(menu, again, "sprite.svg")
    again.write(tmp_path)
    written = LexborHTMLParser((tmp_path / icons.SPRITE).read_text(encoding="utf-8"))
    assert {node.attributes["id"] for node in written.css("symbol")} == set(first.symbols)


@pytest.mark.browser
def test_the_shared_icons_are_drawn_in_a_browser(hub_browser):
    page, visit = hub_browser.open(QUESTION)
    # The Edit and View buttons and the history block: each icon drawn from the sprite has a size.
    sizes = page.evaluate("""[...document.querySelectorAll(
        '.md-content__button svg, .openbook-history svg, .md-header__source svg')].map(
        (svg) => [svg.closest('[title], a')?.getAttribute('title') || svg.closest('a, span').className,
                  Math.round(svg.querySelector('use').getBBox().width)])""")
    assert len(sizes) >= 4, sizes
    assert all(width > 0 for _, width in sizes), f"icons the browser did not draw: {sizes}"
    visit.assert_clean()
