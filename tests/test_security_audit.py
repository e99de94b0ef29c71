"""A fully hostile hub: every place where text from a pull request or GitHub reaches HTML, XML, JSON or a terminal.

The hub is a copy of the demo hub in a git repository with hostile input
everywhere a contributor or an issue author can put text: the question snapshot
(tests/hostile/questions.json), pricing text (plan names, features, reasons), a
practice's owner, tags, front matter that Material prints into attributes, a
file name, and git author names and commit subjects. The build must contain
nothing that runs, redirects or calls another host, and what is dropped is said
in a warning, so `mkdocs build --strict` and `openbook check` fail.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from conftest import copy_hub_sources, read_page
from htmlsafety import markup_in, scan
import pagefindindex

from openbook import urls
from openbook.contribution import review, scan as contribution
from openbook.site import build as sitebuild
from openbook.findings import Finding

HOSTILE_SNAPSHOT = Path(__file__).parent / "hostile" / "questions.json"
XSS = "<img src=x onerror=alert('{}')>"
FILE_NAME_PAGE = "zebra <img src=x onerror=alert('file')>.md"
# Where a redirect planted in a page's <head> would send the reader (refused by the browser test).
ELSEWHERE = "http://198.51.100.7/phish"


def _git(root: Path, *args: str, env: dict[str, str] | None = None) -> None:
    subprocess.run(
        ["git", *args], cwd=root, check=True, capture_output=True,
        env={**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull, **(env or {})},
    )


def _commit(root: Path, subject: str, author: str, email: str, when: str) -> None:
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", subject, env={
        "GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": email, "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_NAME": "Staff", "GIT_COMMITTER_EMAIL": "staff@example.com", "GIT_COMMITTER_DATE": when,
    })


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def make_hostile_hub(target: Path) -> Path:
    copy_hub_sources(target)
    shutil.copy2(HOSTILE_SNAPSHOT, target / "data" / "questions.json")
    _git(target, "init", "-q", "-b", "main")
    _commit(target, "The demo hub", "Staff", "staff@example.com", "2026-01-05T10:00:00+00:00")

    # Pricing text: HTML, attribute lists, links, Jinja, and terminal/XML control characters.
    pricing = target / "data" / "pricing.yml"
    _edit(pricing, "name: Starter", f'name: "Starter {XSS.format("plan")} {{onclick=alert(1)}} [x](javascript:alert(2)) {{{{ config }}}}"')
    _edit(pricing, "name: Team\n", 'name: "Team \\e[31mred\\e]8;;https://evil.example\\a \\x0b"\n')
    _edit(pricing, "name: Online booking page", f'name: "Online booking page {XSS.format("feature")}"')
    _edit(pricing, "      Text message costs rose again", f"      {XSS.format('reason')} <script>alert(3)</script> {{{{ config.extra }}}}\n      Text message costs rose again")
    # A practice's owner and tags, from a customer's pull request.
    support = target / "docs" / "practices" / "support.md"
    _edit(support, "owner: Support team (Priya Natarajan)", f'owner: "Support {XSS.format("owner")} {{onclick=alert(4)}}"')
    _edit(support, "  - support\n", '  - support\n  - "&lt;img src=x onerror=alert(5)&gt;"\n  - \'x" onmouseover="alert(6)\'\n')
    _commit(target, f"Prices {XSS.format('subject')} {{onclick=alert(7)}} [x](javascript:alert(8)) \x1b[31m",
            "Eve \"q' & {onclick=alert(9)} [x](javascript:alert(10)) &lt;img src=x onerror=alert(11)&gt;",
            "javascript:alert(12)@example.com", "2026-11-01T10:00:00+00:00")

    # Front matter Material prints into attributes without escaping, and engine-only keys.
    contributing = target / "docs" / "contributing.md"
    text = contributing.read_text(encoding="utf-8")
    text = re.sub(r"^description: .*$", f"description: '0;url={ELSEWHERE}\" http-equiv=\"refresh'", text, count=1, flags=re.M)
    text = text.replace("---\n", "---\n"
                        "openbook_edit_url: \"javascript:alert('edit')\"\n"
                        "status: 'new\" onmouseover=\"alert(13)\" style=\"position:fixed;inset:0'\n"
                        f"author: '0;url={ELSEWHERE}\" http-equiv=\"refresh'\n", 1)
    contributing.write_text(text, encoding="utf-8")
    # A page whose title comes from its file name.
    (target / "docs" / FILE_NAME_PAGE).write_text("A page without a heading.\n", encoding="utf-8")
    _commit(target, "Contributing <b>bold</b>", "Mallory <img src=x onerror=alert(14)>", "m@example.com",
            "2026-11-02T10:00:00+00:00")
    return target


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    hub = make_hostile_hub(tmp_path_factory.mktemp("audit") / "hub")
    site = hub / "site"
    result = sitebuild.build(hub / "mkdocs.yml", site, strict=False)
    assert result.error is None, result.error
    return site, result.warnings


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# --- the built pages -------------------------------------------------------------------------


def test_no_page_of_the_hostile_hub_has_handlers_script_urls_redirects_or_foreign_images(hostile):
    site, _ = hostile
    problems = []
    for file in _pages(site):
        found = scan(file.read_text(encoding="utf-8"))
        where = file.relative_to(site).as_posix()
        problems += [f"{where}: {item}" for item in found.handlers + found.bad_urls + found.forbidden]
        problems += [f"{where}: foreign image {src}" for src in found.images
                     if urls.foreign_host(src, "", urls.Site.of(None)) or src == "x"]
    assert not problems, "\n".join(problems[:20])


def test_a_status_that_is_not_one_word_is_dropped_from_every_navigation_with_a_warning(hostile):
    site, warnings = hostile
    assert "onmouseover" not in read_page(site, "questions/")
    assert any("docs/contributing.md" in w and "status" in w for w in warnings), warnings


def test_description_and_author_cannot_add_attributes_to_the_head(hostile):
    site, _ = hostile
    html = read_page(site, "contributing/")
    head = html[: html.index("</head>")]
    assert "meta refresh" not in scan(head).forbidden
    assert 'content="0;url=http://198.51.100.7/phish&quot; http-equiv=&quot;refresh">' in head  # the author
    description = re.search(r'<meta name="description" content="([^"]*)">', head).group(1)
    assert description == f"0;url={ELSEWHERE}&quot; http-equiv=&quot;refresh"


def test_an_engine_key_in_a_hand_written_page_is_ignored_with_a_warning(hostile):
    site, warnings = hostile
    html = read_page(site, "contributing/")
    assert "javascript:" not in html
    assert 'href="https://github.com/larkspur-hq/openbook-hub/edit/main/docs/contributing.md"' in html
    assert any("docs/contributing.md" in w and "openbook_edit_url" in w for w in warnings), warnings


def test_a_title_taken_from_a_file_name_is_text_in_the_title_nav_and_search(hostile):
    site, _ = hostile
    html = read_page(site, FILE_NAME_PAGE[:-3] + "/")
    assert "<title>Zebra &lt;img src=x onerror=alert(&#x27;file&#x27;)&gt; - Larkspur Open Book</title>" in html
    # The index holds the page's text as text; the search box sets it as text (the browser test below).
    titles = [record["meta"]["title"] for url, record in pagefindindex.records(site).items() if "zebra" in url]
    assert titles == ["Zebra <img src=x onerror=alert('file')>"]


def test_every_feed_is_well_formed_xml_whatever_the_names_and_subjects_hold(hostile):
    site, _ = hostile
    versions = [p.relative_to(site).as_posix() for p in site.rglob("versions/feed.xml")]
    assert versions
    for feed in ("pricing/feed.xml", "changes/feed.xml", "notices/feed.xml", *versions):
        text = (site / feed).read_text(encoding="utf-8")
        ElementTree.fromstring(text.encode("utf-8"))  # raises on a control character
        assert "<img" not in text and "<script" not in text, feed
    pricing = (site / "pricing" / "feed.xml").read_text(encoding="utf-8")
    assert "Team [31mred]8;;https://evil.example" in pricing


def test_pricing_text_owner_and_authors_are_shown_as_text(hostile):
    site, _ = hostile
    prices = read_page(site, "pricing/")
    assert "Starter &lt;img src=x onerror=alert(&#39;plan&#39;)&gt; {onclick=alert(1)}" in prices
    history = read_page(site, "pricing/history/")
    assert "&lt;script&gt;alert(3)&lt;/script&gt; {{ config.extra }}" in history
    support = read_page(site, "practices/support/")
    assert "by Support &lt;img src=x onerror=alert(&#39;owner&#39;)&gt; {onclick=alert(4)}" in support
    changes = read_page(site, "changes/")
    assert "Prices &lt;img src=x onerror=alert(&#39;subject&#39;)&gt;" in changes


def test_every_json_file_is_inert_when_opened_as_html(hostile):
    site, _ = hostile
    for file in site.rglob("*.json"):
        assert "<" not in file.read_text(encoding="utf-8"), file


# --- openbook check: risky Markdown ----------------------------------------------------------


@pytest.mark.parametrize("text", [
    "# Refunds {#refunds onclick=alert(1)}",
    "Paragraph\n{: .note onclick=alert(1) }",
    "[a](https://example.com){ #x onclick=alert(1) }",
    '*a*{: .x onmouseover="alert(1)" }',
])
def test_a_handler_after_an_id_or_class_in_an_attribute_list_is_an_error(text):
    assert "content.attr-list-handler" in [risk.rule for risk in contribution.scan_markdown(text)]


def test_a_bare_attribute_does_not_hide_the_javascript_url_after_it():
    risks = contribution.scan_markdown('<a download href="javascript:alert(1)">x</a>')
    assert "content.unsafe-link" in [risk.rule for risk in risks]
    risks = contribution.scan_markdown("<img alt src=x onerror=alert(1)>")
    assert "content.event-handler" in [risk.rule for risk in risks]


# --- terminals and pull request comments -----------------------------------------------------


def test_check_text_output_carries_no_terminal_control_sequences():
    finding = Finding("error", "content.front-matter", "docs/\x1b]0;pwned\x07x\x1b[2J.md", "bad\x1b[31m value\x9b1m")
    text = finding.text()
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", text), repr(text)
    assert text.startswith("docs/]0;pwnedx[2J.md: error: bad[31m value1m")


def test_review_text_cannot_start_github_math():
    # GitHub renders $...$ as LaTeX: a title could draw large fake text in the bot's comment.
    assert "$" not in review.md(r"Refunds $\huge\color{green}\text{No risky content}$")


# --- in a browser ----------------------------------------------------------------------------


@pytest.mark.browser
def test_the_hostile_hub_runs_no_script_and_calls_no_other_host_even_in_search_results(hostile, chromium, serve):
    from conftest import HubBrowser

    site, _ = hostile
    hub = HubBrowser(chromium, serve(site))
    try:
        page, visit = hub.open("contributing/")
        for path in ("practices/support/", "pricing/", "pricing/history/", "changes/", "contributors/",
                     "tags/", "questions/200/", FILE_NAME_PAGE[:-3] + "/"):
            page.goto(hub.base_url + path, wait_until="load")
        # Search results show page titles and excerpts of their text: "zebra" finds the page
        # named by its file, "onerror" (in every payload) the questions, the pricing text and
        # the authors. Only Pagefind's <mark> may become markup in the results.
        page.goto(hub.base_url + "contributing/", wait_until="load")
        search = page.locator("input.md-search__input")
        for query in ("zebra", "onerror"):
            search.click()
            search.press("Control+a")
            search.press_sequentially(query, delay=20)
            # Results update as each letter arrives: wait for the ones this query must find,
            # not merely for any (the previous query's may still be showing).
            if query == "zebra":
                page.wait_for_function("[...document.querySelectorAll('.md-search-result__item h2')]"
                                       ".some(h => h.textContent.includes('Zebra <img src=x'))")
            else:
                page.wait_for_function("document.querySelectorAll('.md-search-result__item').length >= 10")
            made = page.locator(".md-search-result__list *").evaluate_all("els => [...new Set(els.map(e => e.tagName))]")
            assert set(made) <= {"LI", "A", "ARTICLE", "H2", "P", "MARK"}, made
            page.keyboard.press("Escape")
        page.wait_for_timeout(100)
        visit.assert_clean()
    finally:
        hub.close()
