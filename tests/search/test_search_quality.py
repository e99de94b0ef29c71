"""Search quality: a reader who types a question's title or a practice's heading finds that page in the top five.

The queries come from the fixture hub's own content (question titles from its
snapshot, headings from its practices), and run through Pagefind's own
JavaScript API in Chromium, as the search box does.
"""

from __future__ import annotations

import json
import re

import pytest
from conftest import FIXTURE

pytestmark = pytest.mark.browser

TOP = 5


def _queries(site) -> list[tuple[str, str]]:
    snapshot = json.loads((FIXTURE / "data" / "questions.json").read_text(encoding="utf-8"))
    # The questions the hub published (its rules leave some out), in the snapshot's order.
    titles = [(q["title"], f"/questions/{q['number']}/") for q in snapshot["questions"]
              if (site / "questions" / str(q["number"]) / "index.html").is_file()
              and 'content="noindex"' not in (site / "questions" / str(q["number"]) / "index.html").read_text()]
    headings = []
    for page in sorted((FIXTURE / "docs" / "practices").glob("*.md")):
        if page.name == "index.md":
            continue
        for heading in re.findall(r"^## (.+)$", page.read_text(encoding="utf-8"), re.M)[:2]:
            headings.append((heading, f"/practices/{page.stem}/"))
    return titles[:20] + headings[:10]


def test_each_query_finds_the_page_it_came_from_in_the_top_five(hub_browser, fixture_site):
    QUERIES = _queries(fixture_site)
    assert len(QUERIES) == 30 and len({url for _, url in QUERIES if url.startswith("/practices/")}) >= 5
    page, visit = hub_browser.open("")
    results = page.evaluate(
        """async ([queries, top]) => {
            const pagefind = await import(new URL("pagefind/pagefind.js", location.href).href);
            await pagefind.options({ baseUrl: "/" });
            const out = {};
            for (const query of queries) {
                const found = await pagefind.search(query);
                out[query] = await Promise.all(found.results.slice(0, top).map(async r => (await r.data()).url));
            }
            return out;
        }""",
        [[query for query, _ in QUERIES], TOP],
    )
    missed = {query: results[query] for query, url in QUERIES if url not in results[query]}
    assert missed == {}, f"{len(missed)} of {len(QUERIES)} queries missed their page: {missed}"
    visit.assert_clean()
