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


def test_entries_rank_above_conversations_in_search(fixture_site):
    index = json.loads((fixture_site / "search" / "search_index.json").read_text())
    boosts = {doc["location"]: doc.get("boost") for doc in index["docs"]}
    assert boosts["faq/google-sync-stopped/"] == 5
    assert boosts.get("questions/12/") is None


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
