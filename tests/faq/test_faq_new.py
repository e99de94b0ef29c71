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
