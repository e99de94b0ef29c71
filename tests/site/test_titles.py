"""Titles are text: a hostile title reads literally everywhere it lands, and nothing in the built site runs it.

A maintainer commits hostile titles straight to the fixture hub (a practice, an
FAQ entry, a plain page, the pricing page, and a page titled by its first
heading); the built site is scanned file by file with real parsers, and opened
in Chromium. The same titles in a pull request fail `openbook check --base main`
with a finding on the line of the title's key.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

import htmlsafety
import pagefindindex
from conftest import FIXTURE_NOW, build_hub, copy_hub_sources
from gitrepo import GitRepo
from openbook import cli
from openbook.site import titles

SITE_NAME = "Larkspur Open Book"
HOSTILE = 'Fees & <refunds> <img src=x onerror=alert(2)> <a href="javascript:alert(8)">click</a>'
# The same words written as Markdown in a first heading: what a reader sees is HOSTILE.
HEADING = 'Fees &amp; &lt;refunds&gt; &lt;img src=x onerror=alert(2)&gt; &lt;a href="javascript:alert(8)"&gt;click&lt;/a&gt;'


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# Each page kind, its URL, the file and the front matter line that titles it, and the heading the test removes
# so that the theme prints the title as the page's heading.
PAGES = {
    "practice": ("practices/refunds/", "docs/practices/refunds.md", "title: Refunds and cancellations",
                 "# Refunds and cancellations\n"),
    "faq entry": ("faq/switch-plans/", "docs/faq/switch-plans.md",
                  "question: Can I switch plans in the middle of a billing month?", None),
    "plain page": ("contributing/", "docs/contributing.md", "title: How to propose a change",
                   "# How to propose a change\n"),
    "pricing page": ("pricing/", "docs/pricing.md", "title: Pricing", "# Pricing\n"),
}
HEADING_PAGE = ("heading/", "docs/heading.md")


def retitle(hub: GitRepo, title: str) -> None:
    """Give every page kind the title `title`, and list them in the nav by their own titles."""
    for _url, path, line, heading in PAGES.values():
        key = line.split(":", 1)[0]
        hub.replace(path, line, f"{key}: {_quoted(title)}")
        if heading:
            hub.replace(path, heading, "")
    hub.write(HEADING_PAGE[1], f"# {HEADING}\n\nA page titled by its first heading.\n\n## Fees &amp; more\n\nText.\n")
    hub.replace("mkdocs.yml", "Refunds and cancellations: practices/refunds.md", "practices/refunds.md")
    hub.replace("mkdocs.yml", "How to propose a change: contributing.md", "contributing.md")
    hub.replace("mkdocs.yml", "Plans and prices: pricing.md", "pricing.md")
    # A top-level page: its title is a tab.
    hub.replace("mkdocs.yml", "  - Tags: tags.md\n", "  - Tags: tags.md\n  - heading.md\n")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    """The fixture hub after a maintainer's direct commit of hostile titles, built (with versions of each page)."""
    hub = GitRepo.hub(copy_hub_sources(tmp_path_factory.mktemp("titles") / "hub"))
    retitle(hub, HOSTILE)
    hub.commit("Retitle the pages")
    site = hub.root.parent / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", FIXTURE_NOW)
        build_hub(hub.config_file, site)
    return site


def _html(site: Path, url: str) -> LexborHTMLParser:
    return LexborHTMLParser((site / url / "index.html").read_text(encoding="utf-8"))


def _text(node) -> str:
    return " ".join(node.text(deep=True).split())


def _root_free(script: str) -> str:
    """Material's inline scripts name the site root relative to the page ("../.."): the same script at any depth."""
    script = script.replace('"/openbook-hub/"', '"ROOT"').replace('"/openbook-hub/', '"')  # 404.html
    script = re.sub(r'"(?:\.\./)+', '"', script)
    return re.sub(r'"(?:\.\.|\.)"', '"ROOT"', script)


def _root_free_src(src: str) -> str:
    return re.sub(r"^(?:\.\./)+|^\./|^/openbook-hub/", "", src)


def test_a_title_from_a_heading_is_the_words_the_heading_shows():
    assert titles.of_source(f"# {HEADING}\n\nText.\n", "x.md") == HOSTILE
    assert titles.of_source("---\nquestion: 'A <b> & c'\n---\n# Other\n", "faq/x.md") == "A <b> & c"
    assert titles.of_source("Text only.\n", "practices/data-privacy.md") == "Data privacy"
    assert titles.escape(HOSTILE) == titles.escape(titles.escape(HOSTILE)), "escaping twice must change nothing"
    # From the rendered heading: its words, not its permalink, footnote mark or the inside of a tag.
    rendered = ('<h1 id="x"><span title="a>b">Fees</span> &amp; <code>&lt;refunds&gt;</code>'
                '<sup id="fnref:1"><a href="#fn:1">1</a></sup><a class="headerlink" href="#x">¶</a></h1><p>Text</p>')
    assert titles.first_heading_text(rendered) == "Fees & <refunds>"
    assert titles.first_heading_text("<p>Intro</p><h1>Later</h1>") is None


def test_no_built_file_holds_executable_content(hostile_site):
    baseline = htmlsafety.scan((hostile_site / "practices/support/index.html").read_text(encoding="utf-8"))
    allowed = {_root_free(script) for script in baseline.scripts}
    scanned = {".html": 0, ".xml": 0, ".json": 0}
    for file in sorted(hostile_site.rglob("*")):
        where = file.relative_to(hostile_site).as_posix()
        if file.suffix == ".html":
            text = file.read_text(encoding="utf-8")
            found = htmlsafety.scan(text)
            assert not found.handlers, f"{where}: event handlers {found.handlers}"
            assert not found.bad_urls, f"{where}: javascript:/data: URLs {found.bad_urls}"
            assert not found.forbidden, f"{where}: {found.forbidden}"
            # Script files: only the theme's (Material's and the engine's), shipped in assets/ or pagefind/.
            for src in found.script_srcs:
                assert "://" not in src and not src.startswith("//"), f"{where}: script from another host {src}"
                path = _root_free_src(src).split("?")[0]
                assert path.startswith(("assets/javascripts/", "pagefind/")) and (hostile_site / path).is_file(), \
                    f"{where}: a script that is not the theme's: {src}"
            extra = [s for s in found.scripts if _root_free(s) not in allowed]
            assert not extra, f"{where}: inline scripts the theme does not have: {extra}"
            for data in found.json_ld:
                assert "<" not in data, f"{where}: '<' in JSON-LD"
                json.loads(data)
            # Escaped once: a reader never sees an entity.
            assert "&amp;lt;" not in text and "&amp;amp;" not in text, f"{where}: escaped twice"
        elif file.suffix == ".xml":
            tree = ElementTree.parse(file)
            for element in tree.iter():
                if element.get("type") in ("html", "xhtml") and element.text:
                    found = htmlsafety.scan(element.text)
                    assert not (found.handlers or found.bad_urls or found.scripts), f"{where}: {found}"
        elif file.suffix == ".json":
            strings: list[str] = []

            def walk(value):
                if isinstance(value, str):
                    strings.append(value)
                elif isinstance(value, dict):
                    for item in value.values():
                        walk(item)
                elif isinstance(value, list):
                    for item in value:
                        walk(item)

            walk(json.loads(file.read_text(encoding="utf-8")))
            for value in strings:
                found = htmlsafety.scan(value)
                assert not (found.handlers or found.bad_urls or found.scripts), f"{where}: {value[:120]}"
        else:
            continue
        scanned[file.suffix] += 1
    assert scanned[".html"] > 50 and scanned[".xml"] >= 3 and scanned[".json"] >= 1, scanned


@pytest.mark.parametrize("kind", [*PAGES, "heading page"])
def test_each_page_shows_its_title_literally_in_heading_tab_title_and_nav(hostile_site, kind):
    url = PAGES[kind][0] if kind in PAGES else HEADING_PAGE[0]
    page = _html(hostile_site, url)
    assert _text(page.css_first("title")) == f"{HOSTILE} - {SITE_NAME}"
    # (A heading from Markdown ends with its permalink, ¶.)
    assert [_text(h).removesuffix("¶") for h in page.css("article h1")] == [HOSTILE]
    assert _text(page.css_first(".md-header__topic:last-child .md-ellipsis")) == HOSTILE
    if kind != "faq entry":  # FAQ entries are reached from the FAQ index, not the sidebar.
        home = _html(hostile_site, "")
        links = [_text(a) for a in home.css("nav.md-nav--primary a.md-nav__link")
                 if a.attributes.get("href") == url]
        assert links == [HOSTILE], links
    # Every link and button named after the page reads the title, never an entity.
    for node in page.css("[aria-label], [title]"):
        for name in ("aria-label", "title"):
            assert "&lt;" not in (node.attributes.get(name) or ""), f"{kind}: {node.html[:200]}"


def test_the_heading_page_is_a_tab_and_its_sections_read_literally(hostile_site):
    page = _html(hostile_site, "contributing/")
    tabs = [_text(a) for a in page.css(".md-tabs__link")]
    assert HOSTILE in tabs, tabs
    toc = [_text(a) for a in _html(hostile_site, "heading/").css("nav.md-nav--secondary a")]
    assert "Fees & more" in toc, toc


@pytest.mark.parametrize("kind", ["practice", "faq entry", "pricing page"])
def test_versions_and_comparison_pages_read_the_title_literally(hostile_site, kind):
    url = PAGES[kind][0]
    index = _html(hostile_site, url + "versions/")
    assert _text(index.css_first("title")) == f"{HOSTILE}: every version - {SITE_NAME}"
    assert _text(index.css_first("article h1")) == f"{HOSTILE}: every version"
    comparison = _html(hostile_site, url + "versions/2/changes/")
    assert _text(comparison.css_first("title")) == f"{HOSTILE}: what changed in version 2 - {SITE_NAME}"
    assert _text(comparison.css_first("article h1")).startswith(HOSTILE)
    version = _html(hostile_site, url + "versions/2/")
    assert _text(version.css_first("title")) == f"{HOSTILE} (version 2) - {SITE_NAME}"


def test_what_changed_its_feed_the_faq_index_its_json_ld_and_search_read_the_title_literally(hostile_site):
    changes = [_text(a) for a in _html(hostile_site, "changes/").css("article a")]
    assert HOSTILE in changes, changes
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.parse(hostile_site / "changes" / "feed.xml")
    entry_titles = [e.findtext(f"{atom}title") for e in feed.iter(f"{atom}entry")]
    assert any(t.startswith(HOSTILE) for t in entry_titles), entry_titles
    faq = _html(hostile_site, "faq/")
    assert HOSTILE in [_text(a) for a in faq.css("article a")]
    ld = [json.loads(s.text()) for s in faq.css('script[type="application/ld+json"]')]
    assert HOSTILE in [q["name"] for data in ld for q in data.get("mainEntity", [])]
    records = pagefindindex.records(hostile_site)
    for kind, (url, *_rest) in PAGES.items():
        assert records[f"/{url}"]["meta"]["title"] == HOSTILE, kind


def test_a_pull_request_with_titles_holding_markup_fails_the_gate_on_each_title_line(copy_hub, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXTURE_NOW)
    hub = GitRepo.hub(copy_hub)
    hub.branch("proposal")
    retitle(hub, HOSTILE)
    hub.commit("Proposal: new titles")

    code = cli.main(["check", "-f", str(hub.config_file), "--base", "main", "--format", "json"])
    findings = json.loads(capsys.readouterr().out)["findings"]

    assert code == cli.EXIT_FAILED
    titled = sorted((f["file"], f["line"], f["level"]) for f in findings if f["rule"] == "content.title-markup")
    assert titled == sorted((path, 2, "error") for _url, path, _line, _heading in PAGES.values())
    message = next(f["message"] for f in findings if f["file"] == "docs/practices/refunds.md"
                   and f["rule"] == "content.title-markup")
    assert message.startswith("title: the title holds markup (<refunds>), which the page shows as text")
    # The built pages are clean: nothing runs, so the gate's verdict on the HTML has nothing to say.
    assert not [f for f in findings if f["rule"].startswith("html.")], findings


def test_a_plain_title_with_an_ampersand_passes_the_gate(copy_hub, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXTURE_NOW)
    hub = GitRepo.hub(copy_hub)
    hub.branch("proposal")
    hub.replace("docs/contributing.md", "title: How to propose a change", "title: Fees & refunds, 1 < 2")
    hub.commit("Proposal: a plain title")

    code = cli.main(["check", "-f", str(hub.config_file), "--base", "main", "--format", "json"])
    findings = json.loads(capsys.readouterr().out)["findings"]

    assert code == cli.EXIT_OK, findings
    assert not [f for f in findings if f["rule"] in ("content.title-markup", "content.front-matter")]


@pytest.mark.browser
def test_chromium_runs_nothing_and_reads_each_title_literally(hostile_site, chromium, serve):
    from conftest import HubBrowser

    browser = HubBrowser(chromium, serve(hostile_site))
    try:
        urls = [url for url, *_ in PAGES.values()] + [HEADING_PAGE[0], "faq/", "changes/",
                                                        "practices/refunds/versions/",
                                                        "practices/refunds/versions/2/changes/",
                                                        "faq/switch-plans/versions/2/"]
        for url in urls:
            page, visit = browser.open(url)
            page.wait_for_timeout(50)
            assert not visit.dialogs, f"{url}: {visit.dialogs}"
            assert not visit.page_errors, f"{url}: {visit.page_errors}"
            assert not visit.foreign_requests, f"{url}: {visit.foreign_requests}"
            assert page.evaluate("document.querySelectorAll('img[onerror], a[href^=\"javascript:\"]').length") == 0
            if url in [u for u, *_ in PAGES.values()] or url == HEADING_PAGE[0]:
                assert page.title() == f"{HOSTILE} - {SITE_NAME}"
                assert page.inner_text("article h1").strip().removesuffix("¶") == HOSTILE
                if url != "faq/switch-plans/":
                    nav = page.locator("nav.md-nav--primary a.md-nav__link", has_text="Fees &").first
                    assert " ".join(nav.text_content().split()) == HOSTILE
    finally:
        browser.close()


def test_a_hub_made_by_openbook_new_shows_hostile_titles_as_text(tmp_path, monkeypatch):
    from conftest import commit_all

    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXTURE_NOW)
    hub = tmp_path / "acme"
    assert cli.main(["new", str(hub), "--company", "Acme", "--repo", "acme/hub"]) == cli.EXIT_OK
    commit_all(hub, "A new Open Book")
    for path, line in (("docs/practices/support.md", "title: Support and response times"),
                       ("docs/pricing.md", "title: Pricing"), ("docs/contributing.md", None)):
        page = hub / path
        text = page.read_text(encoding="utf-8")
        title_line = line or next(x for x in text.splitlines() if x.startswith("title:"))
        page.write_text(text.replace(title_line, f"title: {_quoted(HOSTILE)}", 1), encoding="utf-8")
    commit_all(hub, "Retitle", when="2026-11-10T09:00:00Z")
    build_hub(hub / "mkdocs.yml", tmp_path / "site")

    for file in (tmp_path / "site").rglob("*.html"):
        found = htmlsafety.scan(file.read_text(encoding="utf-8"))
        assert not (found.handlers or found.bad_urls), f"{file}: {found.handlers} {found.bad_urls}"
    for url in ("practices/support/", "pricing/", "contributing/", "practices/support/versions/"):
        title = _text(_html(tmp_path / "site", url).css_first("title"))
        assert title.startswith(HOSTILE) and title.endswith(" - Acme Open Book"), (url, title)
