"""`openbook faq new`: a draft entry from a synced question, safe to build as a hand-written page, never overwriting."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import FIXTURE_NOW, build_hub, read_page
from htmlsafety import assert_inert, scan

from openbook import cli
from openbook.contribution import scan as contribution
from openbook.faq import draft
from openbook.faq.site import plain_text

# Each of these builds hubs; `python3 dev.py test --quick` leaves them out.
pytestmark = pytest.mark.slow

HOSTILE = Path(__file__).resolve().parents[1] / "hostile" / "questions.json"
HOSTILE_NUMBERS = [*range(101, 127), 200]


def faq_new(hub: Path, *args: str) -> int:
    return cli.main(["faq", "new", *args, "-f", str(hub / "mkdocs.yml")])


def test_a_draft_has_the_front_matter_the_answer_and_its_credits(copy_hub, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXTURE_NOW)
    assert faq_new(copy_hub, "11") == 0
    out = capsys.readouterr().out
    target = copy_hub / "docs" / "faq" / "is-there-an-api-to-create-bookings-from.md"
    assert out.startswith("wrote ") and "faq/is-there-an-api-to-create-bookings-from.md from question #11" in out
    text = target.read_text()
    assert text.startswith(
        '---\nquestion: Is there an API to create bookings from our own website?\ncategory: integrations\n'
        'sources: [11]\nowner: tomasz-w\nlast_reviewed: 2026-11-22\n---\n\n'
        "There is, on Team and Business: a REST API with API keys per location. To get started:\n\n"
        "1. Create a key under **Settings → API**:\n\n    - one key per location\n    - keys can be read-only\n")
    # A code block inside a list item stays inside it, as written.
    assert ("2. Ask for free slots, then create the booking:\n\n    ```http\n"
            "    GET /v1/locations/{id}/slots?service=cut-45&from=2026-05-01\n    POST /v1/bookings\n    ```\n") in text
    assert text.endswith("*Distilled from [question \\#11](../questions/11.md), asked by @kasia-dev, "
                         "and the answer by @tomasz-w.*\n")
    build_hub(copy_hub / "mkdocs.yml", tmp_path / "site")
    html = read_page(tmp_path / "site", "faq/is-there-an-api-to-create-bookings-from/")
    assert '<a href="../../questions/11/">question #11</a>' in html
    code = re.search(r"<code>(.*?)</code>", html, re.S).group(1)
    assert plain_text(code).startswith("GET /v1/locations/{id}/slots?service=cut-45&from=2026-05-01")


def test_a_draft_never_overwrites_an_entry(copy_hub, capsys):
    target = copy_hub / "docs" / "faq" / "mine.md"
    target.write_text("mine\n")
    assert faq_new(copy_hub, "11", "--file", "mine") == cli.EXIT_FAILED
    assert "already exists and is left as it is; edit it, or choose another name with --file" in capsys.readouterr().err
    assert target.read_text() == "mine\n"


def test_a_question_without_a_staff_or_accepted_answer_is_refused(copy_hub, capsys):
    assert faq_new(copy_hub, "18") == cli.EXIT_FAILED
    assert capsys.readouterr().err == (
        "openbook faq: question #18 has no accepted or staff answer yet; answer it on GitHub, run `openbook sync`, "
        "then draft the entry\n")
    assert faq_new(copy_hub, "15") == cli.EXIT_FAILED
    assert "cannot draft from question #15: it is not published (excluded-label)" in capsys.readouterr().err


def test_the_candidates_command_lists_what_the_questions_index_shows(copy_hub, capsys):
    assert cli.main(["faq", "candidates", "-f", str(copy_hub / "mkdocs.yml")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].startswith("#11     asked   20 times (0 duplicates, 19 👍)  Is there an API")
    assert lines[-1] == "draft one with: openbook faq new 11"


def test_escaped_text_shows_as_written_and_starts_no_markup():
    source = "??? note <b>&amp; {: onclick=x} [a](javascript:x) `c` *e* 1. --8<-- | x"
    written = draft.escape_text(source)
    assert "<" not in written and "&#91;a&#93;(" in written and "&#123;: onclick=x&#125;" in written
    assert written.startswith("??? note &lt;b&gt;&amp;amp;") and written.endswith("--8&lt;-- &#124; x")
    assert draft.markdown_from_html("<p>=== tab</p><p>- item</p><p>3. three</p>") == (
        "&#61;== tab\n\n\\- item\n\n3\\. three\n")


@pytest.fixture(scope="module")
def hostile_drafts(tmp_path_factory):
    """A hub whose snapshot is the hostile corpus, with a draft entry from every hostile question, built."""
    from conftest import copy_hub_sources

    hub = copy_hub_sources(tmp_path_factory.mktemp("hostile-faq") / "hub")
    shutil.copy2(HOSTILE, hub / "data" / "questions.json")
    written = []
    for number in HOSTILE_NUMBERS:
        assert faq_new(hub, str(number), "--file", f"hostile-{number}") == 0, number
        written.append(hub / "docs" / "faq" / f"hostile-{number}.md")
    build_hub(hub / "mkdocs.yml", hub / "site")
    return hub, written


def test_hostile_drafts_hold_no_risky_markdown_for_the_gate(hostile_drafts):
    _, written = hostile_drafts
    for path in written:
        risks = [r for r in contribution.scan_markdown(path.read_text()) if r.level == "error"]
        assert not risks, f"{path.name}: {risks}"


def test_hostile_drafts_build_into_pages_with_nothing_executable(hostile_drafts):
    hub, _ = hostile_drafts
    site = hub / "site"
    baseline = scan(read_page(site, "practices/support/"))
    for number in HOSTILE_NUMBERS:
        html = read_page(site, f"faq/hostile-{number}/")
        assert_inert(html, baseline, f"faq/hostile-{number}/")
        # The draft is a real answer page: its question is the heading, escaped.
        assert len(re.findall(r"<h1[ >]", html)) == 1
    assert_inert(read_page(site, "faq/"), scan(read_page(site, "contributing/")), "faq/")
    # Each hostile question now points to its draft: the banner, with the hostile title, is inert too.
    for number in HOSTILE_NUMBERS:
        html = read_page(site, f"questions/{number}/")
        assert "There is a curated answer to this question in the FAQ" in html
        assert_inert(html, baseline, f"questions/{number}/")


@pytest.mark.browser
def test_chromium_sees_no_dialog_on_any_hostile_draft(hostile_drafts, chromium, serve):
    hub, _ = hostile_drafts
    base = serve(hub / "site")
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
    try:
        for path in ["faq/", *(f"faq/hostile-{n}/" for n in HOSTILE_NUMBERS)]:
            page.goto(base + path, wait_until="load")
            page.wait_for_timeout(30)
            where = {key: value for key, value in seen.items() if value}
            assert not where, f"{path}: {where}"
    finally:
        context.close()


# Customer titles a draft must show as written and load back exactly: (title, what the page shows).
# A title is one line without invisible or bidirectional controls, so those two are cleaned.
TITLES = {
    "markup": ('Hostile <img src=x onerror=alert(2)> <a href="javascript:alert(8)">click</a>',) * 2,
    "quotes": ("It's \"quoted\", 'single' and \\ a backslash",) * 2,
    "newlines": ("Line one\nline two\r\n---\nthree", "Line one line two --- three"),
    "document-marker": ("--- opens like front matter ...",) * 2,
    "hash": ("# not a comment, and #hashtag",) * 2,
    "colons": ("Refunds: how long: and why?",) * 2,
    "list-item": ("- looks like a list item",) * 2,
    "yaml-tag": ("!!python/object/apply:os.system ['echo pwned']",) * 2,
    "bidi": ("Price \u202etxet\u202c and \u2066isolated\u2069 text\u200b", "Price txet and isolated text"),
    "yaml-types": ("yes",) * 2,
    "entities": ("&lt;b&gt; &amp; {{ config }} [x](javascript:alert(1)) `code` | pipe",) * 2,
    "unicode": ("Café ☕ naïve 日本語 — “curly”",) * 2,
}


def _front_matter(text: str) -> str:
    assert text.startswith("---\n"), text[:80]
    return text[4: text.index("\n---\n", 4)]


@pytest.fixture(scope="module")
def titled_drafts(tmp_path_factory):
    """A draft for every title of TITLES (question 11 retitled each time), committed as staff would, and built."""
    import json

    from conftest import copy_hub_sources
    from gitrepo import GitRepo

    hub = copy_hub_sources(tmp_path_factory.mktemp("titled-faq") / "hub")
    snapshot = hub / "data" / "questions.json"
    data = json.loads(snapshot.read_text())
    question = next(q for q in data["questions"] if q["number"] == 11)
    codes = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", FIXTURE_NOW)
        for name, (title, _shown) in TITLES.items():
            question["title"] = title
            snapshot.write_text(json.dumps(data))
            codes[name] = faq_new(hub, "11", "--file", f"title-{name}")
        GitRepo.hub(hub)
        build_hub(hub / "mkdocs.yml", hub / "site")
    return hub, codes


@pytest.mark.parametrize("name", TITLES)
def test_a_draft_shows_the_customers_title_as_written_and_loads_it_back_exactly(titled_drafts, name):
    import yaml
    from mkdocs.utils.meta import get_data

    hub, codes = titled_drafts
    _title, shown = TITLES[name]
    assert codes[name] == 0
    text = (hub / "docs" / "faq" / f"title-{name}.md").read_text(encoding="utf-8")
    front = _front_matter(text)
    assert "\\u" not in front and "\\x" not in front, front
    # The reviewer reads the title on the question's line, or on the next one under `|-`.
    lines = front.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("question:"))
    assert lines[at] == f"question: {shown}" or (lines[at] == "question: |-" and lines[at + 1] == f"  {shown}"), front
    assert yaml.safe_load(front)["question"] == shown
    assert get_data(text)[1]["question"] == shown, "MkDocs reads another title"
    has_note = front.startswith("# Review before publishing: the question's title held HTML markup")
    assert has_note == (name == "markup"), front


def test_a_draft_from_a_title_with_markup_says_so_at_the_top(titled_drafts):
    hub, _ = titled_drafts
    text = (hub / "docs" / "faq" / "title-markup.md").read_text(encoding="utf-8")
    assert text.startswith(
        "---\n# Review before publishing: the question's title held HTML markup (the img element). The page\n"
        "# shows it as text, tags and all, and `openbook check` reports it (content.title-markup):\n"
        "# reword the question below in plain words.\n"
        'question: Hostile <img src=x onerror=alert(2)> <a href="javascript:alert(8)">click</a>\n')


@pytest.mark.parametrize("name", TITLES)
def test_a_drafted_entry_and_its_versions_page_show_the_title_and_run_nothing(titled_drafts, name):
    from selectolax.lexbor import LexborHTMLParser

    hub, _ = titled_drafts
    site = hub / "site"
    _title, shown = TITLES[name]
    for path, baseline, heading in ((f"faq/title-{name}/", "practices/support/", shown),
                                    (f"faq/title-{name}/versions/", "practices/support/versions/",
                                     f"{shown}: every version")):
        html = read_page(site, path)
        assert_inert(html, scan(read_page(site, baseline)), path)
        tree = LexborHTMLParser(html)
        assert tree.css_first("title").text() == f"{heading} - Larkspur Open Book", path
        assert " ".join(tree.css_first("article h1").text().split()) == " ".join(heading.split()), path


def test_the_gate_reports_the_drafted_title_with_markup_on_its_line(copy_hub, capsys, monkeypatch):
    import json

    from gitrepo import GitRepo

    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXTURE_NOW)
    hub = GitRepo.hub(copy_hub)
    hub.branch("faq-entry")
    snapshot = copy_hub / "data" / "questions.json"
    data = json.loads(snapshot.read_text())
    next(q for q in data["questions"] if q["number"] == 11)["title"] = TITLES["markup"][0]
    snapshot.write_text(json.dumps(data))
    assert faq_new(copy_hub, "11", "--file", "hostile") == 0
    capsys.readouterr()
    hub.git("checkout", "data/questions.json")  # sync's file: staff propose the entry alone
    hub.git("add", "docs/faq/hostile.md")
    hub.git("-c", "user.name=Staff", "-c", "user.email=staff@example.com", "commit", "-qm", "FAQ: a drafted entry")

    code = cli.main(["check", "-f", str(hub.config_file), "--base", "main", "--format", "json"])
    findings = json.loads(capsys.readouterr().out)["findings"]

    line = (copy_hub / "docs" / "faq" / "hostile.md").read_text().split("\n").index(
        'question: Hostile <img src=x onerror=alert(2)> <a href="javascript:alert(8)">click</a>') + 1
    assert code == cli.EXIT_FAILED
    assert [(f["file"], f["line"], f["level"]) for f in findings if f["rule"] == "content.title-markup"] == [
        ("docs/faq/hostile.md", line, "error")]
    assert [f for f in findings if f["level"] == "error" and f["rule"] != "content.title-markup"] == []
