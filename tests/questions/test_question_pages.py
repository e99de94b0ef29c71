"""Question pages written after MkDocs' page loop, from one render of the theme (openbook.questions.site.write_pages).

The same hub is built both ways, through the page loop (questions_site.PAGE_LOOP) and through the
writer, and every question page must come out the same; a warm build (with the cache of
`.cache/openbook/question-pages.json`) must write the same bytes as a cold one.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pagefindindex
import pytest
from conftest import FIXTURE_NOW, build_hub, commit_all
from selectolax.lexbor import LexborHTMLParser

from openbook import cli
from openbook.questions import site as questions_site, snapshot

# Each of these builds hubs; `python3 dev.py test --quick` leaves them out.
pytestmark = pytest.mark.slow

SNAPSHOT = "data/questions.json"
ISSUES = "https://github.com/larkspur-hq/openbook-hub/issues"
# A title that HTML escaping, URL quoting and the issue forms' 120-character cut must all get right.
HOSTILE_TITLE = ('Fees & "refunds" <script>alert(1)</script> for 50% off? ‘quoted’ '
                 + "and a very long tail " * 5).strip()


def _question(snap: dict, number: int) -> dict:
    return next(q for q in snap["questions"] if q["number"] == number)


def _copy(snap: dict, number: int, new: int, **changes) -> None:
    """Question `number` again as question `new` (same authors, so the same trust), with `changes`."""
    question = json.loads(json.dumps(_question(snap, number)))
    question.update(number=new, html_url=f"{ISSUES}/{new}", **changes)
    for i, comment in enumerate(question["comments"]):
        comment["id"] = new * 1000 + i
        comment["html_url"] = f"{ISSUES}/{new}#issuecomment-{comment['id']}"
    snap["questions"].append(question)


@pytest.fixture
def hub(copy_hub, monkeypatch) -> Path:
    """The fixture hub with a hostile title, and a question whose issue lives at another address."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXTURE_NOW)
    path = copy_hub / SNAPSHOT
    snap = json.loads(path.read_text(encoding="utf-8"))
    _copy(snap, 12, 900, title=HOSTILE_TITLE, body='See <img src=x onerror=alert(1)> and "#12" & [a](javascript:x)')
    _copy(snap, 11, 901)
    # Moved from an older repository: its Edit action goes to the issue where it is.
    _question(snap, 901)["html_url"] = "https://github.com/larkspur-hq/old-hub/issues/7"
    path.write_text(json.dumps(snap, indent=1), encoding="utf-8")
    commit_all(copy_hub)
    return copy_hub


def _question_pages(site: Path) -> dict[str, bytes]:
    folder = site / "questions"
    return {p.parent.name: p.read_bytes() for p in sorted(folder.glob("*/index.html")) if p.parent.name.isdigit()}


def _sitemap(site: Path) -> list[str]:
    tree = LexborHTMLParser((site / "sitemap.xml").read_text(encoding="utf-8"))
    return sorted(node.text() for node in tree.css("loc"))


def _site(site: Path) -> dict[str, bytes]:
    """Every file of a built site but Pagefind's bundle, whose file names differ from one build to the next
    whatever the pages (the page loop's builds too): the bundle is compared by what it indexed."""
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and p.relative_to(site).parts[0] != "pagefind"}


def test_the_writer_makes_the_pages_the_page_loop_made(hub, tmp_path, monkeypatch):
    monkeypatch.setattr(questions_site, "PAGE_LOOP", True)
    build_hub(hub / "mkdocs.yml", tmp_path / "loop")
    assert not (hub / questions_site.PAGES_CACHE).exists(), "the page loop used the writer's cache"
    monkeypatch.setattr(questions_site, "PAGE_LOOP", False)
    build_hub(hub / "mkdocs.yml", tmp_path / "writer")
    # The writer wrote the pages (each question's parts are in its cache), all but the moved question's.
    entries = json.loads((hub / questions_site.PAGES_CACHE).read_text(encoding="utf-8"))["entries"]
    assert len(entries) == 31

    loop, writer = _question_pages(tmp_path / "loop"), _question_pages(tmp_path / "writer")
    assert {"11", "12", "900", "901"} <= set(loop)
    assert set(writer) == set(loop)
    # Byte for byte: nothing is expected to differ.
    different = [number for number in loop if loop[number] != writer[number]]
    assert different == []
    # Every page keeps its place in the sitemap and in the search index, with the same words.
    assert _sitemap(tmp_path / "writer") == _sitemap(tmp_path / "loop")
    assert "https://larkspur-hq.github.io/openbook-hub/questions/900/" in _sitemap(tmp_path / "writer")
    assert pagefindindex.records(tmp_path / "writer") == pagefindindex.records(tmp_path / "loop")


def test_a_hostile_title_is_escaped_in_the_head_and_quoted_in_the_issue_forms(hub, tmp_path):
    build_hub(hub / "mkdocs.yml", tmp_path / "site")
    page = LexborHTMLParser((tmp_path / "site" / "questions" / "900" / "index.html").read_text(encoding="utf-8"))
    assert page.css_first("title").text() == f"{HOSTILE_TITLE} - Larkspur Open Book"
    assert page.css_first("h1").text() == HOSTILE_TITLE
    # The customer's words make no element: they are in no script but the JSON-LD, as data.
    scripts = [s for s in page.css("script") if "alert" in (s.text() or "")]
    assert [s.attributes.get("type") for s in scripts] == ["application/ld+json"]
    assert json.loads(scripts[0].text())["mainEntity"]["name"] == HOSTILE_TITLE
    assert not page.css("img[onerror]")
    assert page.css_first('link[rel="canonical"]').attributes["href"].endswith("/questions/900/")
    assert page.css_first('a[rel="edit"]').attributes["href"] == f"{ISSUES}/900"
    report = next(a.attributes["href"] for a in page.css("a.md-button") if "page-problem.yml" in a.attributes["href"])
    # The issue form's title is the reader's words, cut at 120 characters, every one percent-encoded.
    assert "&title=Problem%20with%20the%20page%20%E2%80%9CFees%20%26%20%22refunds%22%20%3Cscript%3E" in report
    assert "%E2%80%A6%E2%80%9D" in report  # cut, with an ellipsis
    moved = LexborHTMLParser((tmp_path / "site" / "questions" / "901" / "index.html").read_text(encoding="utf-8"))
    assert moved.css_first('a[rel="edit"]').attributes["href"] == "https://github.com/larkspur-hq/old-hub/issues/7"


def test_a_warm_build_writes_the_same_bytes_as_a_cold_one(hub, tmp_path):
    build_hub(hub / "mkdocs.yml", tmp_path / "cold")
    assert (hub / questions_site.PAGES_CACHE).is_file()
    build_hub(hub / "mkdocs.yml", tmp_path / "warm")
    cold, warm = _site(tmp_path / "cold"), _site(tmp_path / "warm")
    assert set(cold) == set(warm)
    assert len(cold) > 100
    assert [name for name in cold if cold[name] != warm[name]] == []
    assert pagefindindex.records(tmp_path / "warm") == pagefindindex.records(tmp_path / "cold")


def _tamper(hub: Path) -> None:
    """Mark every cached page, so a page taken from the cache shows it."""
    cache = hub / questions_site.PAGES_CACHE
    data = json.loads(cache.read_text(encoding="utf-8"))
    entries = {}
    for name, value in data["entries"].items():
        parts = json.loads(value)
        parts["content"] = parts["content"].replace("</h1>", "</h1><p>FROM THE CACHE</p>", 1)
        entries[name] = json.dumps(parts)
    cache.write_text(json.dumps({**data, "entries": entries}), encoding="utf-8")


def test_a_rebuild_renders_again_only_the_question_whose_answer_changed(hub, tmp_path):
    build_hub(hub / "mkdocs.yml", tmp_path / "first")
    _tamper(hub)
    path = hub / SNAPSHOT
    snap = json.loads(path.read_text(encoding="utf-8"))
    _question(snap, 12)["comments"][1]["body"] = "Reconnect Google under Settings, then wait a minute."
    path.write_text(json.dumps(snap, indent=1), encoding="utf-8")
    build_hub(hub / "mkdocs.yml", tmp_path / "second")

    def text(number: int) -> str:
        page = tmp_path / "second" / "questions" / str(number) / "index.html"
        return LexborHTMLParser(page.read_text(encoding="utf-8")).css_first("article").text()

    assert "FROM THE CACHE" in text(11)
    assert "FROM THE CACHE" not in text(12)
    assert "Reconnect Google under Settings, then wait a minute." in text(12)
    # The search index has the new answer, as a reader searching for it finds it.
    record = pagefindindex.records(tmp_path / "second")["/questions/12/"]
    assert "then wait a minute" in record["content"]


def test_a_hub_made_by_openbook_new_gets_the_same_question_pages_both_ways(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXTURE_NOW)
    hub = tmp_path / "acme"
    assert cli.main(["new", str(hub), "--company", "Acme Tools Ltd", "--repo", "acme-tools/open-book"]) == cli.EXIT_OK
    repo = "https://github.com/acme-tools/open-book"
    when = "2026-11-20T10:00:00Z"
    staff = snapshot.Author("acme-lead", "MEMBER")

    def issue(number: int, title: str, body: str) -> snapshot.Question:
        answer = snapshot.Comment(1000 + number, staff, f"Yes, see #{number - 1} & <b>this</b>.", when, when,
                                  f"{repo}/issues/{number}#issuecomment-{1000 + number}")
        return snapshot.Question(number, title, body, "open", ("question", "approved"), False,
                                 snapshot.Author("a-customer"), when, when, f"{repo}/issues/{number}",
                                 comments=(answer,))

    path = hub / "data" / "questions.json"
    empty = snapshot.from_dict(json.loads(path.read_text(encoding="utf-8")))
    path.write_text(snapshot.dumps(replace(empty, synced_at="2026-11-21T00:00:00Z", questions=tuple(
        issue(n, f"Question {n}: can I pay <by> \"invoice\" & card?", f"Body of {n} with `code` and #1.")
        for n in range(1, 8)))), encoding="utf-8")
    commit_all(hub, "A new Open Book with seven questions")

    monkeypatch.setattr(questions_site, "PAGE_LOOP", True)
    build_hub(hub / "mkdocs.yml", tmp_path / "loop")
    monkeypatch.setattr(questions_site, "PAGE_LOOP", False)
    build_hub(hub / "mkdocs.yml", tmp_path / "writer")
    # The writer made them: each question's parts are in its cache.
    assert len(json.loads((hub / questions_site.PAGES_CACHE).read_text(encoding="utf-8"))["entries"]) == 7
    loop, writer = _question_pages(tmp_path / "loop"), _question_pages(tmp_path / "writer")
    assert sorted(writer, key=int) == [str(n) for n in range(1, 8)]
    assert [n for n in loop if loop[n] != writer.get(n)] == []
    assert _sitemap(tmp_path / "writer") == _sitemap(tmp_path / "loop")
    assert pagefindindex.records(tmp_path / "writer") == pagefindindex.records(tmp_path / "loop")
