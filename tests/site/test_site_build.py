"""The demo hub builds strictly, with every page, right edit links and nothing from other hosts."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import FIXTURE, read_page

REPO = "https://github.com/larkspur-hq/openbook-hub"
PRACTICES = ["support", "data-privacy", "refunds", "security", "customer-input"]


_LOADED_RELS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "preconnect", "dns-prefetch", "manifest"}


class _Links(HTMLParser):
    """Collect the URLs a browser would load by itself: <link>, <script>, <img>, <iframe>, <source>, <use>."""

    def __init__(self) -> None:
        super().__init__()
        self.loaded: list[tuple[str, str]] = []
        self.anchors: list[dict[str, str]] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "a":
            self.anchors.append(values)
        if tag == "link" and not _LOADED_RELS & set((values.get("rel") or "").lower().split()):
            # rel=canonical, alternate, ... name a URL; the browser does not fetch it.
            return
        for attr in ("src", "href", "srcset", "poster", "data"):
            if attr in values and tag in {"link", "script", "img", "iframe", "source", "video", "audio", "object", "use"}:
                self.loaded.append((tag, values[attr] or ""))


def parse(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


def all_html(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_home_practices_and_contributing_pages_are_built(fixture_site):
    home = read_page(fixture_site, "")
    assert "Larkspur Open Book" in home
    for name in PRACTICES:
        assert "<h1" in read_page(fixture_site, f"practices/{name}/")
    assert "How to propose a change" in read_page(fixture_site, "contributing/")


def test_edit_action_points_at_the_page_source_on_github(fixture_site):
    page = parse(read_page(fixture_site, "practices/security/"))
    edit = [a["href"] for a in page.anchors if a.get("rel") == "edit"]
    assert edit == [f"{REPO}/edit/main/docs/practices/security.md"]


def test_view_source_action_points_at_the_page_source_on_github(fixture_site):
    page = parse(read_page(fixture_site, "practices/refunds/"))
    hrefs = [a.get("href", "") for a in page.anchors]
    assert f"{REPO}/blob/main/docs/practices/refunds.md" in hrefs


@pytest.mark.parametrize("tag", ["link", "script", "img", "iframe", "source", "use"])
def test_no_page_loads_anything_from_another_host(fixture_site, tag):
    offenders = []
    for file in all_html(fixture_site):
        for found_tag, url in parse(file.read_text(encoding="utf-8")).loaded:
            if found_tag == tag and urlsplit(url).netloc:
                offenders.append(f"{file.relative_to(fixture_site)}: <{tag}> {url}")
    assert not offenders, "pages load from other hosts:\n" + "\n".join(offenders)


def test_no_google_fonts_and_no_repository_facts_call(fixture_site):
    home = read_page(fixture_site, "")
    assert "fonts.googleapis.com" not in home
    assert "fonts.gstatic.com" not in home
    # Material fetches stars and forks from api.github.com for a source widget
    # marked data-md-component="source"; the override keeps it a plain link.
    assert 'data-md-component="source"' not in home
    assert f'href="{REPO}"' in home


def test_search_index_lists_the_practices(fixture_site):
    import pagefindindex

    indexed = pagefindindex.records(fixture_site)
    for name in PRACTICES:
        assert f"/practices/{name}/" in indexed


def test_tags_page_lists_the_practices_tags(fixture_site):
    tags = read_page(fixture_site, "tags/")
    for tag in ("security", "privacy", "billing"):
        assert tag in tags


def test_the_repository_and_the_docs_name_no_placeholder_text():
    for file in (FIXTURE / "docs").rglob("*.md"):
        text = file.read_text(encoding="utf-8").lower()
        for placeholder in ("lorem ipsum", "coming soon", "todo", "tbd"):
            assert placeholder not in text, f"{file.relative_to(FIXTURE)} contains {placeholder!r}"


def test_mkdocs_build_strict_prints_only_progress(tmp_path, fixture_hub):
    """What a maintainer sees from the documented build: no warnings, no banner to ignore."""
    import os
    import subprocess
    import sys

    mkdocs = Path(sys.executable).parent / "mkdocs"
    result = subprocess.run(
        [str(mkdocs), "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=fixture_hub,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    noise = [line for line in result.stderr.splitlines() if line.strip() and not line.startswith("INFO")]
    assert noise == [], "the build printed more than progress:\n" + result.stderr
