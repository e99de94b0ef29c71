"""Search attributes are openbook's: a page cannot rank itself above a question, through the build or the gate.

Pagefind reads `data-pagefind-*` anywhere in an article. A contributed page that
names question 8 in `data-pagefind-filter="openbook_distills:/questions/8/"` was
listed above that question and its staff answer, with no finding from the gate.
"""

from __future__ import annotations

import json

import pytest
from conftest import FIXTURE_NOW, HubBrowser, build_hub, read_page
from gitrepo import GitRepo
from selectolax.lexbor import LexborHTMLParser

import pagefindindex
from openbook import cli
from openbook.search import attributes

QUESTION_8 = "Reminder SMS arrive an hour late since the clocks changed"
# A page that claims to distill question 8, weighs itself ten times and retitles its result,
# through raw HTML, an attribute list and md_in_html; its words are question 8's, many times over.
HIJACK = f"""# Reminder SMS late

<div data-pagefind-filter="openbook_distills:/questions/8/" data-pagefind-weight="10"
     data-pagefind-meta="title:Official answer">
{(QUESTION_8 + ". ") * 20}
</div>

<span DATA-PAGEFIND-FILTER="openbook_distills:/questions/8/" data-pagefind-sort="date:2099">Reminder SMS</span>

Reminder SMS arrive an hour late since the clocks changed.
{{: data-pagefind-weight="10" data-pagefind-filter="openbook_distills:/questions/8/" }}

<div markdown="1" data-pagefind-ignore="all" data-pagefind-index-attrs="title" data-pagefind-default-meta="image:x">
The SMS job and the clocks: **an hour late**.
</div>
"""


def _search_attributes(html: str, *, inside: str = ".openbook-article") -> list[tuple[str, str]]:
    """(tag, attribute) of every `data-pagefind-*` attribute in the page's article but the article's own mark."""
    tree = LexborHTMLParser(html)
    article = tree.css_first(inside)
    assert article is not None, f"no {inside} in the page"
    inner = list(article.traverse(include_text=False))[1:]  # the first is the article itself
    return [(node.tag, name) for node in inner for name in node.attributes if name.lower().startswith("data-pagefind-")]


# --- the build ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["body", "ignore", "filter", "meta", "sort", "weight", "index-attrs", "default-meta",
                                  "FILTER", "anything-later"])
def test_every_search_attribute_in_page_content_is_removed(name):
    html = f'<p>Before</p><div data-pagefind-{name}="x:y" class="kept">Text <b>bold</b></div>'
    assert attributes.strip(html) == '<p>Before</p><div class="kept">Text <b>bold</b></div>'


def test_content_without_search_attributes_is_left_exactly_as_it_was():
    html = '<p>The attribute is called <code>data-pagefind-filter</code>.</p>\n<style>p{}</style><p a=1>x'
    assert attributes.strip(html) == html


def test_a_template_holding_a_search_attribute_is_removed_and_other_content_stays():
    html = '<p>a</p><template><div data-pagefind-filter="openbook_distills:/questions/8/">t</div></template><p>b</p>'
    assert attributes.strip(html) == "<p>a</p><p>b</p>"


@pytest.fixture(scope="module")
def hijacked_site(tmp_path_factory):
    from conftest import copy_hub_sources

    hub = copy_hub_sources(tmp_path_factory.mktemp("hijack") / "hub")
    (hub / "docs" / "hijack.md").write_text(HIJACK, encoding="utf-8")
    site = hub / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", FIXTURE_NOW)
        build_hub(hub / "mkdocs.yml", site)
    return site


def test_a_page_that_sets_search_attributes_is_built_without_them(hijacked_site):
    html = read_page(hijacked_site, "hijack/")
    assert _search_attributes(html) == []
    # The page is still there, as written: only the attributes are gone.
    assert html.count(QUESTION_8) >= 20 and "an hour late" in html


def test_the_search_index_has_none_of_the_pages_filters_weights_or_titles(hijacked_site):
    indexed = pagefindindex.records(hijacked_site)
    record = indexed["/hijack/"]
    assert record["filters"] == {}, record["filters"]
    assert record["meta"]["title"] == "Reminder SMS late", record["meta"]
    # Nothing else claims question 8, and the FAQ entry still claims its own source.
    # (Pages with only openbook's other filter, `openbook_kind`, claim nothing.)
    claimed = {url: r["filters"]["openbook_distills"] for url, r in indexed.items()
               if "openbook_distills" in r["filters"]}
    assert claimed["/faq/switch-plans/"] == ["/questions/3/"], claimed
    assert not any("/questions/8/" in sources for sources in claimed.values()), claimed


def test_openbooks_own_search_attributes_are_still_written(hijacked_site):
    entry = read_page(hijacked_site, "faq/switch-plans/")
    found = _search_attributes(entry)
    assert ("div", "data-pagefind-weight") in found, found
    assert ("li", "data-pagefind-filter") in found, found
    assert 'data-pagefind-filter="openbook_distills:/questions/3/"' in entry
    assert '<div class="openbook-article" data-pagefind-body' in read_page(hijacked_site, "hijack/")


@pytest.mark.browser
def test_searching_for_the_questions_words_lists_the_question_above_the_page_that_claimed_it(
        hijacked_site, chromium, serve):
    browser = HubBrowser(chromium, serve(hijacked_site))
    try:
        page, visit = browser.open("")
        page.keyboard.press("/")
        page.locator(".md-search__input").fill(QUESTION_8)
        page.locator(".md-search-result__item").first.wait_for()
        listed = page.locator(".md-search-result__link").evaluate_all(
            "links => links.map(a => new URL(a.href).pathname)")
        assert "/questions/8/" in listed and "/hijack/" in listed, listed
        assert listed.index("/questions/8/") < listed.index("/hijack/"), listed
        visit.assert_clean()
    finally:
        browser.close()


# --- the gate -------------------------------------------------------------------------------------


@pytest.fixture
def hub(copy_hub, monkeypatch) -> GitRepo:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXTURE_NOW)
    repo = GitRepo.hub(copy_hub)
    repo.branch("proposal")
    return repo


def _check(hub: GitRepo, capsys) -> tuple[int, list[dict]]:
    code = cli.main(["check", "-f", str(hub.config_file), "--base", "main", "--format", "json"])
    return code, json.loads(capsys.readouterr().out)["findings"]


def test_a_pull_request_whose_page_sets_a_search_attribute_fails_at_its_line(hub, capsys):
    hub.write("docs/hijack.md", HIJACK)
    hub.commit("Add a page about late reminders")

    code, findings = _check(hub, capsys)

    assert code == cli.EXIT_FAILED
    found = [f for f in findings if f["rule"] == "search.attribute"]
    assert {(f["file"], f["level"]) for f in found} == {("docs/hijack.md", "error")}
    # Each construct at the line that sets it: the raw <div>, the <span>, the attribute list, md_in_html.
    assert sorted({f["line"] for f in found}) == [3, 8, 11, 13], found
    assert all("only openbook's templates set search attributes" in f["message"] for f in found)
    assert any("data-pagefind-filter=" in f["message"] for f in found if f["line"] == 3)


def test_a_search_attribute_added_to_an_existing_page_fails_too(hub, capsys):
    hub.replace("docs/contributing.md", "\n\n", '\n\n<p data-pagefind-weight="10">Read me first.</p>\n\n', )
    hub.commit("A note on contributing")

    code, findings = _check(hub, capsys)

    assert code == cli.EXIT_FAILED
    assert [(f["file"], f["rule"]) for f in findings if f["level"] == "error"] == [
        ("docs/contributing.md", "search.attribute")]


def test_a_page_that_only_names_search_attributes_passes(hub, capsys):
    hub.write("docs/search-notes.md", "# Search notes\n\nopenbook sets `data-pagefind-filter` itself; "
                                      "a page never writes `<div data-pagefind-weight=\"10\">`.\n\n"
                                      "<div class=\"note\" data-role=\"x\">A plain note.</div>\n")
    hub.commit("Notes on search")

    code, findings = _check(hub, capsys)

    assert code == cli.EXIT_OK, findings
    assert not [f for f in findings if f["level"] == "error" or f["rule"] == "search.attribute"], findings


def test_in_a_new_hub_the_gate_fails_the_page_and_the_build_leaves_the_attributes_out(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXTURE_NOW)
    target = tmp_path / "acme"
    assert cli.main(["new", str(target), "--company", "Acme Tools Ltd", "--repo", "acme-tools/open-book"]) == cli.EXIT_OK
    capsys.readouterr()
    hub = GitRepo.hub(target)
    hub.branch("proposal")
    hub.write("docs/hijack.md", HIJACK)
    hub.commit("Add a page about late reminders")

    code, findings = _check(hub, capsys)

    assert code == cli.EXIT_FAILED
    assert {(f["file"], f["rule"]) for f in findings if f["level"] == "error"} == {("docs/hijack.md", "search.attribute")}
    build_hub(target / "mkdocs.yml", tmp_path / "site")
    html = read_page(tmp_path / "site", "hijack/")
    assert _search_attributes(html) == [] and html.count(QUESTION_8) >= 20
    assert pagefindindex.records(tmp_path / "site")["/hijack/"]["filters"] == {}


def test_a_pull_request_whose_page_boosts_itself_in_search_fails_at_its_line(hub, capsys):
    # `search: {boost: 10}` weighs every word of the page ten times a question's: the same
    # claim to rank above a staff answer that a data-pagefind-weight attribute makes.
    hub.write("docs/boosted.md", f"---\ntitle: Reminder SMS late\nsearch:\n  boost: 10\n---\n\n{QUESTION_8}\n")
    hub.commit("Add a page about late reminders")

    code, findings = _check(hub, capsys)

    assert code == cli.EXIT_FAILED
    [found] = [f for f in findings if f["rule"] == "search.boost"]
    assert (found["file"], found["level"], found["line"]) == ("docs/boosted.md", "error", 4)
    assert "search: {boost: 10} weighs every word of the page 10 times" in found["message"]


def test_a_maintainers_own_boost_passes_check_and_a_pull_request_that_lowers_a_page_passes_the_gate(hub, capsys):
    hub.write("docs/boosted.md", "---\ntitle: Summary\nsearch:\n  boost: 1\n---\n\nA summary.\n")
    hub.commit("Add a summary")

    code, findings = _check(hub, capsys)

    assert code == cli.EXIT_OK, findings
    hub.replace("docs/boosted.md", "boost: 1", "boost: 3")
    assert cli.main(["check", "-f", str(hub.config_file), "--format", "json"]) == cli.EXIT_OK
    assert not [f for f in json.loads(capsys.readouterr().out)["findings"] if f["rule"] == "search.boost"]
