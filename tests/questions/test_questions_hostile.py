"""Hostile input in every field of the snapshot: the built hub contains nothing that runs or tracks.

The corpus is tests/hostile/questions.json (written by tests/hostile/make_snapshot.py):
script tags, event handlers, javascript:/data: URLs, SVG, iframes, forms, attribute
lists, snippet includes, Jinja, `</script>` for the JSON-LD, and HTML in titles,
labels and logins. The hub is a copy of the demo hub with that snapshot.
"""

from __future__ import annotations

import json
import re
import sys
import shutil
from urllib.parse import urlsplit
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import FIXTURE, FIXTURE_NOW, HubBrowser, build_hub, copy_hub_sources, read_page
from htmlsafety import assert_inert, scan
import pagefindindex
from selectolax.lexbor import LexborHTMLParser

from openbook import urls
from openbook.questions.site import LEDGER_FORMAT

# Each of these builds hubs; `python3 dev.py test --quick` leaves them out.
pytestmark = pytest.mark.slow

HOSTILE = Path(__file__).resolve().parents[1] / "hostile" / "questions.json"
sys.path.insert(0, str(HOSTILE.parent))
from make_snapshot import SLOW  # noqa: E402


def _hub(target: Path, *, allow_images: bool = False) -> Path:
    copy_hub_sources(target)
    shutil.copy2(HOSTILE, target / "data" / "questions.json")
    # One number that was published once and is gone: its tombstone is a generated page too.
    (target / "data" / "questions-published.json").write_text(
        json.dumps({"format": LEDGER_FORMAT, "version": 1, "numbers": [50]})
    )
    if allow_images:
        config = target / "mkdocs.yml"
        text = config.read_text()
        config.write_text(text.replace("    questions:\n", "    questions:\n      allow_external_images: true\n", 1))
    return target


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    hub = _hub(tmp_path_factory.mktemp("hostile-hub"))
    site = hub / "site"
    build_hub(hub / "mkdocs.yml", site)
    return site


def generated_pages(site: Path) -> list[str]:
    pages = sorted(p.parent.relative_to(site).as_posix() + "/" for p in (site / "questions").rglob("index.html"))
    assert len(pages) == 29 + 4 + 1, pages  # questions, the three indexes and the Ask page, one tombstone
    return pages


def baseline(site: Path, page: str):
    """A hand-written page at the same depth: what Material itself puts in a page."""
    depth = page.count("/")
    return scan(read_page(site, "contributing/" if depth == 1 else "practices/support/"))


def test_no_generated_page_contains_executable_or_tracking_content(hostile_site):
    for page in generated_pages(hostile_site):
        allowed = baseline(hostile_site, page)
        if page == "questions/ask/":
            # The Ask page loads the engine's own search script, and nothing from a customer.
            allowed.script_srcs.append("../../assets/javascripts/openbook-ask.js")
        assert_inert(read_page(hostile_site, page), allowed, page)


def test_hostile_titles_are_escaped_in_title_heading_and_meta(hostile_site):
    html = read_page(hostile_site, "questions/102/")
    assert "<title>Q102 &lt;img src=x onerror=alert(&#x27;img&#x27;)&gt; - Larkspur Open Book</title>" in html
    assert "<h1>Q102 &lt;img src=x onerror=alert(&#39;img&#39;)&gt;</h1>" in html
    description = re.search(r'<meta name="description" content="([^"]*)">', html).group(1)
    assert "<" not in description


def test_labels_and_logins_with_html_are_plain_text(hostile_site):
    html = read_page(hostile_site, "questions/200/")
    assert '<span class="md-tag">&lt;b onmouseover=alert(&#39;label&#39;)&gt;x&lt;/b&gt;</span>' in html
    page = read_page(hostile_site, "questions/101/")
    assert "Asked by &lt;img src=x onerror=alert(&#39;login101&#39;)&gt; on" in page


def test_json_ld_survives_a_script_end_tag_in_the_text(hostile_site):
    html = read_page(hostile_site, "questions/117/")
    (raw,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(raw)
    assert "</script><script>alert('jsonld')</script>" in data["mainEntity"]["text"]


def test_snippet_includes_do_not_leak_local_files(hostile_site):
    mkdocs_yml = (FIXTURE / "mkdocs.yml").read_text()
    for page in generated_pages(hostile_site):
        html = read_page(hostile_site, page)
        assert "root:x:0:0" not in html, page
        assert "site_url:" not in html and "markdown_extensions:" not in html, page
    assert "site_url:" in mkdocs_yml  # the marker the assertions look for is real


def test_jinja_in_customer_text_is_shown_not_run(hostile_site):
    html = read_page(hostile_site, "questions/116/")
    assert "{{ config }} {{ config.extra }} {% for x in range(3) %}JINJA{{ x }}{% endfor %}" in html
    assert "JINJA0" not in html


class _Heading(HTMLParser):
    """The text of a page's first <h1>, as a reader sees it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth, self.text, self.done = 0, "", False

    def handle_starttag(self, tag, attrs):
        if tag == "h1" and not self.done:
            self.depth = 1
        elif self.depth:
            self.depth += 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1
            self.done = self.done or self.depth == 0

    def handle_data(self, data):
        if self.depth:
            self.text += data


def test_every_hostile_question_is_searchable_by_its_title_as_shown(hostile_site):
    # The index holds text; the search box sets it as text (tests/test_security_audit.py).
    indexed = {url: r for url, r in pagefindindex.records(hostile_site).items() if url.startswith("/questions/")}
    built = {f"/questions/{page.parent.name}/" for page in (hostile_site / "questions").glob("*/index.html")
             if page.parent.name.isdigit() and 'content="noindex"' not in page.read_text()}
    assert len(built) > 20 and set(indexed) == built
    for url, record in indexed.items():
        heading = _Heading()
        heading.feed(read_page(hostile_site, url.strip("/") + "/"))
        assert record["meta"]["title"] == " ".join(heading.text.split()), url


def test_the_report_is_inert_json(hostile_site):
    text = (hostile_site / "questions" / "report.json").read_text()
    assert "<" not in text
    assert json.loads(text)["tombstones"] == [50]


def test_code_tables_links_still_render_and_foreign_images_become_links(hostile_site):
    html = read_page(hostile_site, "questions/101/")
    assert "<pre><code class=\"language-python\">print(&#x27;&lt;b&gt;not bold&lt;/b&gt;&#x27;)" in html or (
        "<pre><code class=\"language-python\">print('&lt;b&gt;not bold&lt;/b&gt;')" in html
    )
    assert "<td>Starter</td>" in html
    assert '<a href="https://www.larkspur.example/help" rel="nofollow ugc noopener noreferrer">link</a>' in html
    assert '<a href="https://images.larkspur.example/diagram.png" rel="nofollow ugc noopener noreferrer">Image: diagram' in html
    other = read_page(hostile_site, "questions/102/")
    assert '<a href="../101/" rel="nofollow ugc noopener noreferrer">#101</a>' in other
    assert '<a href="https://github.com/larkspur-hq/openbook-hub/issues/999" rel="nofollow ugc noopener noreferrer">#999</a>' in other


# tests/hostile/make_snapshot.py spells an image from each of these hosts as only a browser's URL
# parser reads it (" //h", a tab, a newline, "&#32;//h", "///h", "/\\h", "\\\\h", "https:h", "HTTPS:h",
# and Markdown's "![](///h)"), in question 110 and its comments.
SPELLED_HOSTS = [f"evil-{name}.example" for name in (
    "space", "tab", "newline", "entity", "slashes", "backslash", "backslashes", "scheme", "upper", "md")]


def test_an_image_from_another_host_is_a_link_in_every_spelling_a_browser_reads_as_that_host(hostile_site):
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(read_page(hostile_site, "questions/110/"))
    site = urls.Site.of("https://larkspur-hq.github.io/openbook-hub/")
    sources = [img.attributes.get("src") or "" for img in tree.css("img")]
    assert [src for src in sources if urls.foreign_host(src, "questions/110/", site)] == []
    links = {a.attributes.get("href"): a.text() for a in tree.css("article a")}
    for host in SPELLED_HOSTS:
        assert f"https://{host}/p.png" in links, f"no link to the image on {host}: {sorted(links)}"
        assert links[f"https://{host}/p.png"].startswith("Image: ") and f"({host})" in links[f"https://{host}/p.png"]


def test_web_images_render_when_allowed_and_scripts_still_do_not(tmp_path):
    hub = _hub(tmp_path / "hub", allow_images=True)
    build_hub(hub / "mkdocs.yml", hub / "site")
    html = read_page(hub / "site", "questions/110/")
    assert '<img src="https://images.larkspur.example/diagram.png" alt="diagram">' in html
    assert '<img src="https://tracker.example/pixel.gif?reader=1" alt="tracking pixel">' in html
    found = scan(html)
    assert not found.handlers and not found.bad_urls


def test_hostile_issue_urls_fall_back_to_the_repository(hostile_site):
    html = read_page(hostile_site, "questions/102/")
    assert 'href="https://github.com/larkspur-hq/openbook-hub/issues/102" title="Edit this page"' in html
    assert "comment url" not in html and "issue url" not in html


@pytest.mark.browser
def test_every_generated_hostile_page_runs_no_script_and_calls_no_other_host(hostile_site, chromium, serve):
    # One tab visits every page (a fresh tab per page would take a second each): any
    # dialog, uncaught error or request to another host is recorded, as HubBrowser does.
    base = serve(hostile_site)
    context = chromium.new_context()
    seen: dict[str, list[str]] = {"dialogs": [], "errors": [], "foreign": []}

    def on_request(route):
        url = route.request.url
        if urlsplit(url).hostname == "127.0.0.1" or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            seen["foreign"].append(url)
            route.abort()

    def on_dialog(dialog):
        seen["dialogs"].append(dialog.message)
        dialog.dismiss()

    context.route("**/*", on_request)
    page = context.new_page()
    page.on("dialog", on_dialog)
    page.on("pageerror", lambda exc: seen["errors"].append(str(exc)))
    page.on("console", lambda msg: msg.type == "error" and seen["errors"].append(msg.text))
    try:
        for path in generated_pages(hostile_site):
            page.goto(base + path, wait_until="load")
            # Let Material's own script finish: handlers of injected markup would fire by now.
            page.wait_for_load_state("domcontentloaded")
            page.wait_for_timeout(30)
            where = {key: value for key, value in seen.items() if value}
            assert not where, f"{path}: {where}"
            # Code, tables and links are there to read.
            assert page.locator("article h1").count() == 1, path
    finally:
        context.close()
    # The page with every payload at once, through the shared fixture's own recorder too.
    hub = HubBrowser(chromium, base)
    try:
        _, visit = hub.open("questions/200/")
        visit.assert_clean()
    finally:
        hub.close()


def test_long_texts_that_made_redaction_backtrack_are_shown_with_their_addresses_removed(hostile_site):
    html = read_page(hostile_site, "questions/201/")
    for index, text in enumerate(SLOW):
        assert f"Long text {index}: write to [email address removed]." in html, index
        assert f"ana{index}@example.com" not in html
        # The text itself is shown (a run of it, as a reader reads it: `\\.` is an escaped dot).
        assert escape(text.replace("\\.", ".")[:40].lstrip("@ "), quote=False) in html, index
    assert "ana@example.com" not in html


def test_customer_text_cannot_set_search_attributes(hostile_site):
    html = read_page(hostile_site, "questions/127/")
    assert "pagefind" in html  # the text is shown
    tree = LexborHTMLParser(html)
    article = tree.css_first(".openbook-article")
    # The article's own mark and the answered badge (the Ask page's `openbook_kind`) are openbook's.
    inner = [n for n in list(article.traverse(include_text=False))[1:] if "openbook-state" not in (n.attributes.get("class") or "")]
    assert [(n.tag, name) for n in inner for name in n.attributes if name.lower().startswith("data-pagefind")] == []
    record = pagefindindex.records(hostile_site)["/questions/127/"]
    assert set(record["filters"]) <= {"openbook_kind"} and record["meta"]["title"].startswith("Q127 "), record


def test_five_64_kb_comments_that_made_redaction_backtrack_build_and_are_shown(copy_hub, tmp_path, monkeypatch):
    # The issue's case: five strangers' replies of `a-a-a-…@b.b.!`, 64 KB each, on one question.
    # Redaction was quadratic in them (52 s instead of 1.5 s for the build); each address is still removed.
    path = copy_hub / "data" / "questions.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    question = next(q for q in data["questions"] if q["number"] == 8)
    reply = question["comments"][0]  # a stranger's reply, published
    for index in range(5):
        question["comments"].append({
            **reply, "id": 2481000100 + index,
            "html_url": reply["html_url"].replace(str(reply["id"]), str(2481000100 + index)),
            "body": f"Long reply {index}: write to ana{index}@example.com. " + "a-" * 32768 + "@b.b.!",
        })
    path.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXTURE_NOW)

    build_hub(copy_hub / "mkdocs.yml", tmp_path / "site")

    html = read_page(tmp_path / "site", "questions/8/")
    for index in range(5):
        assert f"Long reply {index}: write to [email address removed]." in html
        assert f"ana{index}@example.com" not in html
    assert html.count("a-" * 32768 + "@b.b.!") == 5
