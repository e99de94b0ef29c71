"""What the build gives search: every page a reader looks for is in Pagefind's index, and nothing else."""

from __future__ import annotations

import pagefindindex
from conftest import build_hub, read_page

# Page types a reader searches for, by a URL of each in the fixture hub.
SEARCHABLE = ["/", "/practices/", "/practices/support/", "/pricing/", "/pricing/history/",
              "/questions/12/", "/contributing/"]
# Listings: search finds what they list, not the list.
LISTINGS = ["/questions/", "/questions/recent/", "/questions/owed/", "/tags/", "/changes/", "/contributors/"]


def test_every_kind_of_page_a_reader_looks_for_is_searchable(fixture_site):
    indexed = pagefindindex.records(fixture_site)
    for url in SEARCHABLE:
        assert url in indexed, f"{url} is not in the search index"


def test_listing_pages_and_the_404_page_stay_out_of_search(fixture_site):
    indexed = pagefindindex.records(fixture_site)
    for url in LISTINGS + ["/404.html", "/404/"]:
        assert url not in indexed, f"{url} is in the search index"


def test_a_question_is_found_by_the_words_of_its_answers(fixture_site):
    record = pagefindindex.records(fixture_site)["/questions/12/"]
    assert record["meta"]["title"] == "Google Calendar sync stopped after I changed my Google password"
    # Staff's answer, not the question, says this.
    assert "Google revokes our access when the password changes" in record["content"]


def test_search_indexes_the_article_not_the_chrome(fixture_site):
    record = pagefindindex.records(fixture_site)["/questions/12/"]
    for chrome in ("Continue the conversation on GitHub", "All questions", "Ask a question", "Report a problem",
                   "Was this page helpful", "Skip to content", "Larkspur Open Book"):
        assert chrome not in record["content"], chrome
    practice = pagefindindex.records(fixture_site)["/practices/support/"]
    assert "¶" not in practice["content"]


def test_material_search_index_is_gone_and_the_page_loads_no_search_script(fixture_site):
    assert not (fixture_site / "search" / "search_index.json").exists()
    html = read_page(fixture_site, "questions/12/")
    assert "pagefind.js" not in html, "Pagefind's script is loaded only when the reader types"
    assert 'name="search"' not in html, "a form named search makes Material download its own index"


def test_a_page_can_rank_higher_or_leave_search_from_its_front_matter(copy_hub, tmp_path):
    (copy_hub / "docs" / "deposits.md").write_text(
        "---\ntitle: Frequently asked\nsearch:\n  boost: 3\n---\n\n# Frequently asked\n\nDeposits are taken at booking.\n")
    (copy_hub / "docs" / "draft.md").write_text(
        "---\nsearch:\n  exclude: true\n---\n\n# A draft\n\nNot for search.\n")
    site = tmp_path / "site"
    build_hub(copy_hub / "mkdocs.yml", site)
    assert 'data-pagefind-weight="3"' in read_page(site, "deposits/")
    indexed = pagefindindex.records(site)
    assert "/deposits/" in indexed and "/draft/" not in indexed
