"""Earlier versions and comparisons written after MkDocs' page loop, with a cache of what they are made from.

Temp repositories with commits at fixed dates (tests/gitrepo.py), built as of FIXTURE_NOW (2026-11-22).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURE_NOW, build_hub, read_page
from gitrepo import GitRepo
from selectolax.lexbor import LexborHTMLParser

from openbook.history import versions_pages

# Each of these builds hubs; `python3 dev.py test --quick` leaves them out.
pytestmark = pytest.mark.slow

REFUNDS = "docs/practices/refunds.md"
OLD = "There are no cancellation fees on any plan."


@pytest.fixture
def hub(copy_hub, monkeypatch) -> Path:
    """The fixture hub with three versions of the refunds page."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXTURE_NOW)
    repo = GitRepo(copy_hub)
    repo.commit("Start the hub", "2026-01-10T09:00:00")
    repo.replace(REFUNDS, OLD, "There are no cancellation fees on any plan, ever.")
    repo.commit("Refunds: no fees, ever", "2026-03-04T10:00:00")
    repo.replace(REFUNDS, "ever.", "ever. We refund within 5 working days.")
    repo.commit("Refunds: say how fast", "2026-09-01T10:00:00")
    return copy_hub


def _pages(site: Path) -> dict[str, bytes]:
    folder = site / "practices" / "refunds" / "versions"
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.html"))}


def _article(html: str) -> str:
    return " ".join(LexborHTMLParser(html).css_first("article").text().split())


def _tamper(hub: Path, old: str, new: str) -> None:
    cache = hub / versions_pages.CACHE
    data = json.loads(cache.read_text(encoding="utf-8"))
    changed = {k: v.replace(old, new) for k, v in data["entries"].items()}
    assert changed != data["entries"], "the cache holds no version with that text"
    cache.write_text(json.dumps({**data, "entries": changed}), encoding="utf-8")


def test_a_rebuild_takes_earlier_versions_from_the_cache_and_writes_the_same_pages(hub, tmp_path):
    build_hub(hub / "mkdocs.yml", tmp_path / "first")
    assert (hub / versions_pages.CACHE).is_file()
    build_hub(hub / "mkdocs.yml", tmp_path / "second")

    first, second = _pages(tmp_path / "first"), _pages(tmp_path / "second")
    assert set(first) == {"index.html", "1/index.html", "2/index.html", "2/changes/index.html", "3/index.html",
                          "3/changes/index.html"}
    assert first == second

    # The cache is what the second build read: an entry changed by hand shows up in the next build.
    _tamper(hub, OLD, "Text from the cache.")
    build_hub(hub / "mkdocs.yml", tmp_path / "third")
    assert "Text from the cache." in _article(read_page(tmp_path / "third", "practices/refunds/versions/1/"))


def test_a_change_to_the_markdown_settings_renders_every_version_again(hub, tmp_path):
    build_hub(hub / "mkdocs.yml", tmp_path / "first")
    old = LexborHTMLParser(read_page(tmp_path / "first", "practices/refunds/versions/1/"))
    assert old.css("article a.headerlink"), "the fixture hub's headings have permalinks"
    _tamper(hub, OLD, "Text from the cache.")
    config = hub / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "permalink: true" in text
    config.write_text(text.replace("permalink: true", "permalink: false"), encoding="utf-8")

    build_hub(config, tmp_path / "second")
    page = read_page(tmp_path / "second", "practices/refunds/versions/1/")
    assert OLD in _article(page) and "Text from the cache." not in page
    assert not LexborHTMLParser(page).css("article a.headerlink"), "rendered with the new settings"


@pytest.mark.parametrize("garbage", ["{not json", '{"format": 0, "entries": {"x": "y"}}', '["a list"]'])
def test_an_unreadable_or_outdated_cache_is_rebuilt_and_the_build_passes(hub, tmp_path, garbage):
    cache = hub / versions_pages.CACHE
    cache.parent.mkdir(parents=True)
    cache.write_text(garbage, encoding="utf-8")
    build_hub(hub / "mkdocs.yml", tmp_path / "site")
    assert OLD in _article(read_page(tmp_path / "site", "practices/refunds/versions/1/"))
    data = json.loads(cache.read_text(encoding="utf-8"))
    assert data["format"] == versions_pages.FORMAT and data["entries"]


def test_earlier_versions_are_whole_pages_of_the_site_marked_as_earlier_and_not_indexed(hub, tmp_path):
    build_hub(hub / "mkdocs.yml", tmp_path / "site")
    tree = LexborHTMLParser(read_page(tmp_path / "site", "practices/refunds/versions/2/"))
    assert tree.css_first("title").text().startswith("Refunds")
    assert "(version 2)" in tree.css_first("title").text()
    assert len(tree.css("article h1")) == 1, "one title heading: the theme adds none of its own"
    assert tree.css_first('meta[name="robots"]').attributes["content"] == "noindex"
    assert tree.css_first('link[rel="canonical"]').attributes["href"].endswith("/practices/refunds/")
    assert tree.css_first(".openbook-version-banner") is not None
    assert tree.css_first("[data-pagefind-body]") is None, "search finds the current page, not its old versions"
    # The site's own header and stylesheets, at the right depth.
    assert tree.css_first("header.md-header") is not None
    sheets = [link.attributes["href"] for link in tree.css('link[rel="stylesheet"]')]
    assert any(href.startswith("../../../../assets/stylesheets/main.") for href in sheets), sheets
    comparison = LexborHTMLParser(read_page(tmp_path / "site", "practices/refunds/versions/3/changes/"))
    assert len(comparison.css("article h1")) == 1
    assert "what changed in version 3" in comparison.css_first("title").text()
    assert comparison.css_first('meta[name="robots"]').attributes["content"] == "noindex"


def test_an_earlier_version_of_the_pricing_page_shows_the_prices_and_notices_published_by_then(copy_hub, tmp_path,
                                                                                                 monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXTURE_NOW)
    repo = GitRepo(copy_hub)
    data = repo.read("data/pricing.yml")
    later = data[data.index("  - id: 2027-team-business"):]
    repo.write("data/pricing.yml", data.replace(later, ""))
    repo.commit("Start the hub", "2026-01-10T09:00:00")
    repo.commit("Pricing: announce the 2027 change", "2026-05-01T10:00:00", write={"data/pricing.yml": data})
    repo.replace("docs/pricing.md", "Switching plan takes effect at once", "Switching plan takes effect right away")
    repo.commit("Pricing: plainer words", "2026-06-01T10:00:00")
    build_hub(copy_hub / "mkdocs.yml", tmp_path / "site")

    first = LexborHTMLParser(read_page(tmp_path / "site", "pricing/versions/1/")).css_first("article")
    second = LexborHTMLParser(read_page(tmp_path / "site", "pricing/versions/2/")).css_first("article")
    for version in (first, second):
        table = version.css_first("table")
        assert table is not None, "the price table is filled in, not left as a marker"
        # Team cost £29 a month from 2024-04-01: the price in force on both versions' first days.
        assert "29" in " ".join(table.text().split())
        assert "openbook:pricing" not in version.html
    assert "2027" not in " ".join(first.text().split()), "the 2027 change was not published on 2026-01-10"
    assert "2027" in " ".join(second.text().split()), "it had been by 2026-06-01"
