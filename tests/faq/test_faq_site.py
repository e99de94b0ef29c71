"""The FAQ on the built fixture hub: the index, an entry's page, the banner on its sources, the candidates."""

from __future__ import annotations

import json
import re

from conftest import FIXTURE_NOW, build_hub, read_page

from openbook import settings
from openbook.contribution import check
from openbook.findings import Finding


def _article(html: str) -> str:
    return re.search(r"<article.*?</article>", html, re.S).group(0)


def test_the_index_groups_entries_by_category_most_asked_first_and_says_how_it_counts(fixture_site):
    html = _article(read_page(fixture_site, "faq/"))
    assert "How “asked” is counted:</strong> each question it is based on counts once, each issue we closed as a " \
           "duplicate of one of them counts once, and so does each vote (👍) on any of these." in html
    headings = re.findall(r'<h2 id="faq-[^"]+">([^<]+)</h2>', html)
    assert headings == ["Billing and plans", "Calendar sync", "Data and privacy"]
    calendar = html.split('id="faq-calendar-sync"')[1].split("<h2")[0]
    # #12: itself, two duplicates, 33 + 4 + 2 👍 = 42; #5 and #43: 2 + 17 + 5 = 24.
    assert re.findall(r'<a href="([^"]+)">[^<]+</a><br>\s*<small>Asked (\d+) times', calendar) == [
        ("google-sync-stopped/", "42"), ("calendars/", "24")]
    assert "review overdue" in calendar.split("calendars/")[0]


def test_the_index_carries_faqpage_structured_data_with_each_answer(fixture_site):
    html = read_page(fixture_site, "faq/")
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1))
    assert data["@type"] == "FAQPage"
    first = data["mainEntity"][0]
    assert first["name"] == "Google Calendar sync stopped. How do I get it working again?"
    assert first["acceptedAnswer"]["text"].startswith("Disconnect and reconnect Google under Settings → Calendars.")


def test_an_entry_shows_how_often_it_was_asked_its_sources_credits_owner_and_review(fixture_site):
    html = _article(read_page(fixture_site, "faq/google-sync-stopped/"))
    assert '<h1 id="question">Google Calendar sync stopped. How do I get it working again?</h1>' in html
    assert '<a href="#asked">Asked 42 times</a>' in html
    assert "Review overdue" in html and "Owned by Integrations team (Tomasz Wiśniewski)" in html
    assert ('<a href="../../questions/12/">Google Calendar sync stopped after I changed my Google password</a>'
            in html)
    assert "2 issues closed as duplicates of it, and 39 votes on them" in html
    assert '<a href="https://github.com/larkspur-hq/openbook-hub/issues/53">#53</a>' in html
    assert ('asked by <a href="https://github.com/lena-studio">lena-studio</a>; answered by '
            '<a href="https://github.com/nail-bar-leeds">nail-bar-leeds</a>, '
            '<a href="https://github.com/priya-larkspur">priya-larkspur</a>. Thank you.') in html
    # The fixture hub is one commit by "Hub Staff": page history credits the entry's writer.
    assert "Written and improved by Hub Staff" in html
    assert 'data-pagefind-weight="10"' in html


def test_still_unclear_opens_the_question_form_referring_to_the_entry(fixture_site):
    html = _article(read_page(fixture_site, "faq/switch-plans/"))
    link = re.search(r'<a href="([^"]+)">Ask a question</a> on GitHub', html).group(1).replace("&amp;", "&")
    assert link.startswith("https://github.com/larkspur-hq/openbook-hub/issues/new?template=question.yml&")
    assert "page=https%3A%2F%2Flarkspur-hq.github.io%2Fopenbook-hub%2Ffaq%2Fswitch-plans%2F" in link
    assert "question=I%20read%20the%20FAQ%20entry%20%E2%80%9CCan%20I%20switch%20plans" in link


def test_a_source_question_points_to_its_curated_answer_and_others_do_not(fixture_site):
    html = _article(read_page(fixture_site, "questions/12/"))
    banner = html.split("</h1>", 1)[1].split("openbook-question__meta")[0]
    assert "There is a curated answer to this question in the FAQ" in banner
    assert '<a href="../../faq/google-sync-stopped/">' in banner
    assert "curated answer" not in read_page(fixture_site, "questions/11/")


def test_worth_writing_down_lists_answered_questions_asked_often_without_an_entry(fixture_site):
    html = _article(read_page(fixture_site, "questions/"))
    section = html.split('id="worth-writing-down"')[1]
    listed = re.findall(r'<a href="(\d+)/">', section)
    assert listed[:2] == ["11", "29"]
    # Sources of entries are covered; #18 is asked often but has no staff answer yet.
    assert not {"3", "5", "9", "12", "18", "43"} & set(listed)


def _distills(site, path: str) -> list[str]:
    """The pages an entry's searchable article says it distills, read as a browser reads the HTML."""
    from selectolax.lexbor import LexborHTMLParser

    html = LexborHTMLParser(read_page(site, path))
    articles = html.css(".openbook-article[data-pagefind-body]")
    assert len(articles) == 1, f"{path}: expected one searchable article, found {len(articles)}"
    # Pagefind reads only the article (openbook.search.site): a filter elsewhere would be lost.
    assert len(html.css("[data-pagefind-filter]")) == len(articles[0].css("[data-pagefind-filter]")), path
    filters = [node.attributes["data-pagefind-filter"] for node in articles[0].css("[data-pagefind-filter]")]
    # The other filter, openbook_kind, says what the page is for "Ask a question".
    return [value for value in filters if value.startswith("openbook_distills:")]


def test_each_source_in_an_entry_names_its_question_page_for_search(fixture_site):
    import pagefindindex

    from openbook.search import site as search_site

    assert search_site.DISTILLS == "openbook_distills", "openbook-search.js reads this name"
    assert _distills(fixture_site, "faq/calendars/") == ["openbook_distills:/questions/5/",
                                                          "openbook_distills:/questions/43/"]
    assert _distills(fixture_site, "faq/google-sync-stopped/") == ["openbook_distills:/questions/12/"]
    assert _distills(fixture_site, "questions/12/") == [] and _distills(fixture_site, "faq/") == []
    # Pagefind keeps them as the entry's filter, each the URL of a page it indexed.
    indexed = pagefindindex.records(fixture_site)
    assert indexed["/faq/calendars/"]["filters"] == {"openbook_distills": ["/questions/5/", "/questions/43/"],
                                                     "openbook_kind": ["faq"]}
    # "Ask a question" lists FAQ entries, then answered questions, by this filter (openbook-ask.js).
    assert indexed["/questions/12/"]["filters"] == {"openbook_kind": ["answered"]}
    assert indexed["/questions/18/"]["filters"] == {}
    for url, record in indexed.items():
        for source in record["filters"].get("openbook_distills", []):
            assert source in indexed, f"{url} distills {source}, which search does not know"
    # The weights still rank an entry well where none of its sources is found.
    assert 'data-pagefind-weight="5"' in read_page(fixture_site, "faq/google-sync-stopped/")
    assert "data-pagefind-weight" not in read_page(fixture_site, "questions/12/")


def test_an_entry_names_its_sources_as_search_indexes_them_without_directory_urls(copy_hub, tmp_path, monkeypatch):
    import pagefindindex

    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXTURE_NOW)
    site = tmp_path / "site"
    build_hub(copy_hub / "mkdocs.yml", site, use_directory_urls=False)
    assert _distills(site, "faq/google-sync-stopped.html") == ["openbook_distills:/questions/12.html"]
    assert "/questions/12.html" in pagefindindex.records(site)


def test_a_source_missing_from_the_snapshot_is_a_check_warning_and_no_link(copy_hub, tmp_path, monkeypatch):
    entry = copy_hub / "docs" / "faq" / "switch-plans.md"
    entry.write_text(entry.read_text().replace("sources: [3]", "sources: [3, 999]"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXTURE_NOW)
    config = settings.load(copy_hub / "mkdocs.yml")
    faq = [f for f in check.run(config, checkers=[check.faq_check.check_faq]) if f.rule == "faq.missing-source"]
    assert faq == [Finding("warning", "faq.missing-source", "docs/faq/switch-plans.md",
                           "sources: question #999 is not published in data/questions.json, so it is neither linked "
                           "nor counted; check the number, or remove it if the question left the hub", 4)]
    site = tmp_path / "site"
    build_hub(copy_hub / "mkdocs.yml", site)
    html = _article(read_page(site, "faq/switch-plans/"))
    assert "#999" not in html and "questions/999" not in html and "Asked 23 times" in html


def test_malformed_front_matter_stops_the_build_naming_file_line_and_key(copy_hub, tmp_path):
    entry = copy_hub / "docs" / "faq" / "switch-plans.md"
    entry.write_text(entry.read_text().replace("category: billing", "category: shipping"))
    from openbook.site import build as sitebuild

    result = sitebuild.build(copy_hub / "mkdocs.yml", tmp_path / "site", strict=True)
    assert not result.ok
    assert "docs/faq/switch-plans.md:3: category: 'shipping' is not a question category" in "\n".join(result.warnings)
