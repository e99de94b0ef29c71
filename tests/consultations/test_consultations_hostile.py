"""Hostile text in every field of a consultation: the built pages, feed and report hold nothing that runs or tracks.

The payloads are the corpus of tests/hostile/make_snapshot.py, put into the title, each
form section (the closing date too), the options, advice, the outcome, logins, labels and URLs.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import FIXTURE_NOW, build_hub, copy_hub_sources, read_page
from hostile.make_snapshot import ALL, PAYLOADS
from htmlsafety import assert_inert, scan

from openbook.questions import snapshot

NUMBERS = range(300, 300 + len(PAYLOADS))


def _form(text: str) -> str:
    sections = ["What we are considering and why", "The options", "Closing date", "Who decides",
                "What we will do with the advice", f"An extra section {text}"]
    return "\n\n".join(f"### {label}\n\n{text}\n\n{ALL}" for label in sections)


def _comment(cid: int, number: int, login: str, body: str, association: str = "NONE", up: int = 0):
    return snapshot.Comment(
        id=cid, author=snapshot.Author(login, association), body=body,
        created_at="2026-10-02T09:00:00Z", updated_at="2026-10-02T09:00:00Z",
        html_url=f"javascript:alert('comment url {cid}')" if cid % 2 else f"https://github.com/o/r/issues/{number}",
        reactions={"+1": up},
    )


def hostile_consultations() -> list[snapshot.Question]:
    made = []
    for index, (number, payload) in enumerate(zip(NUMBERS, PAYLOADS)):
        base = 9_000_000 + index * 10
        comments = (
            _comment(base + 1, number, "priya-larkspur", f"Option: {payload}\n\n{ALL}", "MEMBER", up=2),
            _comment(base + 2, number, payload[:39], f"Option: {payload}\n\n{ALL}", up=5),
            _comment(base + 3, number, f"cust{index}", ALL),
            _comment(base + 4, number, payload, f"Outcome: {payload}\n\nChanged the proposal: yes", "NONE"),
        )
        if index % 2:
            # Every other one is decided, so the rest are open and listed on the home page.
            comments += (_comment(base + 5, number, "priya-larkspur",
                                  f"Outcome: {payload}\n\nChanged the proposal: {payload}\n\n{ALL}", "MEMBER"),)
        made.append(snapshot.Question(
            number=number, title=f"C{number} {payload}", body=_form(payload), state="open",
            labels=("consultation", payload[:50]), locked=False, author=snapshot.Author("priya-larkspur", "MEMBER"),
            created_at="2026-10-01T09:00:00Z", updated_at="2026-10-03T09:00:00Z",
            html_url=f"javascript:alert('issue url {number}')", comments=comments,
        ))
    return made


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    hub = copy_hub_sources(tmp_path_factory.mktemp("hostile-consultations") / "hub")
    path = hub / "data" / "questions.json"
    snap = snapshot.load(path)
    snap = replace(snap, questions=(*snap.questions, *hostile_consultations()))
    path.write_text(snapshot.dumps(snap), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", FIXTURE_NOW)
        build_hub(hub / "mkdocs.yml", hub / "site")
    return hub / "site"


def test_no_consultation_page_runs_or_loads_anything(hostile_site):
    # Baselines are hand-written pages at the same depth (Material's scripts name the root relative to the page).
    assert_inert(read_page(hostile_site, "consultations/"), scan(read_page(hostile_site, "contributing/")), "index")
    baseline = scan(read_page(hostile_site, "practices/support/"))
    for number in NUMBERS:
        assert_inert(read_page(hostile_site, f"consultations/{number}/"), baseline, f"consultations/{number}/")
    # The home page lists the open ones (the marker): the only page at its depth, so no baseline.
    home = scan(read_page(hostile_site, ""))
    assert not home.handlers and not home.bad_urls and not home.forbidden
    assert "C300 &lt;script&gt;" in read_page(hostile_site, "")


def test_hostile_titles_and_logins_are_plain_text(hostile_site):
    html = read_page(hostile_site, "consultations/301/")
    assert "<title>C301 &lt;img src=x onerror=alert(&#x27;img&#x27;)&gt; - Larkspur Open Book</title>" in html
    assert "<h1>C301 &lt;img src=x onerror=alert(&#39;img&#39;)&gt;</h1>" in html
    # The customer's forged option is advice, shown under a login that is only text.
    assert "&lt;img src=x onerror=alert(&#39;img&#39;)&gt;</a>" not in html
    assert "<strong>&lt;img src=x onerror=alert(&#39;img&#39;)&gt;</strong>" in html  # the staff option's title


def test_a_hostile_changed_field_says_neither_yes_nor_no(hostile_site):
    html = read_page(hostile_site, "consultations/301/")
    assert "What we decided" in html
    assert "Your advice changed the proposal." not in html and "We did not change the proposal." not in html


def test_hostile_issue_and_comment_urls_fall_back_or_are_dropped(hostile_site):
    html = read_page(hostile_site, "consultations/302/")
    assert "issue url" not in html and "comment url" not in html
    assert 'href="https://github.com/larkspur-hq/openbook-hub/issues/302"' in html


def test_the_feed_is_well_formed_and_escapes_every_title(hostile_site):
    text = (hostile_site / "consultations" / "feed.xml").read_text()
    feed = ET.fromstring(text)
    titles = [e.text or "" for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert "We ask your advice: C300 <script>alert('script')</script>" in titles
    assert "<script>" not in text


def test_the_report_and_search_index_hold_no_markup(hostile_site):
    report = (hostile_site / "consultations" / "report.json").read_text()
    assert "<" not in report
    assert set(json.loads(report)["published"]) >= set(NUMBERS)
    # Pagefind holds each consultation's text as text; the search box sets it as text
    # (tests/test_security_audit.py drives it with hostile results).
    import pagefindindex

    indexed = [url for url in pagefindindex.records(hostile_site) if url.startswith("/consultations/")]
    assert len(indexed) >= len(PAYLOADS)
