"""Build tests of the Q&A pages on the demo hub: what a reader sees on the built site."""

from __future__ import annotations

import json
import logging
import re
from datetime import datetime, timezone
from html.parser import HTMLParser

from conftest import FIXTURE, FIXTURE_NOW, build_hub, read_page
import pagefindindex

from openbook import settings
from openbook.questions import rules as questions, snapshot
from openbook.questions.site import LEDGER_FORMAT

ISSUES = "https://github.com/larkspur-hq/openbook-hub/issues"


def article(html: str) -> str:
    end = html.index("the conversation on GitHub</a>")
    return html[html.index("<h1>") : html.rindex("<a", 0, end)]


def plain_text(html: str) -> str:
    """The text a reader sees in the page's figures box, tags dropped."""

    class Text(HTMLParser):
        def __init__(self):
            super().__init__()
            self.parts: list[str] = []

        def handle_data(self, data):
            self.parts.append(data)

    parser = Text()
    start = html.index('<div class="admonition abstract openbook-figures">')
    parser.feed(html[start:html.index("</div>", start)])
    return "".join(parser.parts)


def report_of(site) -> dict:
    return json.loads((site / "questions" / "report.json").read_text(encoding="utf-8"))


def json_ld(html: str) -> dict:
    (raw,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(raw)


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.append(dict(attrs))


def links(html: str) -> list[dict[str, str | None]]:
    parser = _Links()
    parser.feed(html)
    return parser.links


def test_every_published_question_has_a_page_at_its_number(fixture_site):
    report = report_of(fixture_site)
    assert len(report["published"]) == 30
    for number in report["published"]:
        assert (fixture_site / "questions" / str(number) / "index.html").is_file()
    for skipped in report["skipped"]:
        assert not (fixture_site / "questions" / str(skipped["number"])).exists()


def test_a_question_page_shows_title_question_asker_state_votes_and_labels(fixture_site):
    html = read_page(fixture_site, "questions/3/")
    body = article(html)
    assert "<h1>Can I switch from Starter to Team in the middle of a billing month?</h1>" in body
    assert "two-chair salon on Starter" in body
    assert 'Asked by <a href="https://github.com/maria-cuts">maria-cuts</a> on <time datetime="2026-02-03T10:00:00Z">' in body
    assert "Answered by staff" in body and "· 21 votes" in body
    assert '<a class="md-tag" href="../#topic-billing">billing</a>' in body
    assert "<title>Can I switch from Starter to Team in the middle of a billing month? - Larkspur Open Book</title>" in html


def test_staff_answers_are_set_apart_and_every_answer_is_credited(fixture_site):
    body = article(read_page(fixture_site, "questions/3/"))
    staff = body.index('<p class="admonition-title">Answer from Larkspur staff</p>')
    assert '<a href="https://github.com/priya-larkspur">priya-larkspur</a> (Larkspur staff)' in body[staff:]
    customer = body.index('<section class="openbook-answer"')
    # The asker's thank-you is shown as hers, a follow-up, and not counted as an answer.
    assert 'href="https://github.com/maria-cuts">maria-cuts</a> (follow-up from the asker) · ' in body[customer:]
    assert "(Larkspur staff)" not in body[customer:]
    assert '<h2 id="answers">1 answer</h2>' in body


def test_the_configured_staff_login_counts_as_staff(fixture_site):
    body = article(read_page(fixture_site, "questions/9/"))
    assert "larkspur-support</a> (Larkspur staff)" in body


def test_the_answer_staff_accepted_comes_first_even_from_a_customer(fixture_site):
    body = article(read_page(fixture_site, "questions/12/"))
    sections = re.findall(r'<section class="([^"]+)" id="comment-(\d+)">\s*(?:<p class="admonition-title">([^<]*))?', body)
    assert sections[0] == ("admonition success openbook-answer", "2481000009", "Accepted answer, chosen by Larkspur staff")
    assert "Had the same. Disconnect and reconnect Google" in body[body.index("comment-2481000009") :]
    # The staff comment that only marks the answer is not shown.
    assert "Accepted answer: https" not in body


def test_a_customer_cannot_mark_an_accepted_answer(fixture_site):
    body = article(read_page(fixture_site, "questions/41/"))
    assert "admonition success" not in body and "Accepted answer," not in body
    assert "Thanks, that settles it." in body


def test_states_awaiting_and_closed_and_the_locked_note(fixture_site):
    assert "Awaiting a staff answer" in article(read_page(fixture_site, "questions/18/"))
    # Closed, with a staff answer: "Ask a question" lists it among the answered ones (openbook-ask.js).
    assert ('<strong class="openbook-state openbook-state--closed" data-pagefind-filter="openbook_kind:answered">'
            'Closed</strong>') in article(read_page(fixture_site, "questions/7/"))
    assert re.search(r"Can I change my account&#39;s email address\?</a><br>\s*<small>2 votes · 1 answer · Closed ·",
                     read_page(fixture_site, "questions/"))
    locked = read_page(fixture_site, "questions/33/")
    assert "locked on GitHub" in article(locked)
    # Only staff can post to a locked issue: the page invites reading it, not replying.
    assert f'href="{ISSUES}/33">Read the conversation on GitHub</a>' in locked
    assert "Continue the conversation" not in locked
    assert "questions we still owe you" in article(read_page(fixture_site, "questions/36/"))


def test_edit_action_opens_the_github_issue_exactly(fixture_site):
    html = read_page(fixture_site, "questions/12/")
    edit = [link for link in links(html) if link.get("rel") == "edit"]
    assert [link["href"] for link in edit] == [f"{ISSUES}/12"]
    cont = [link for link in links(html) if "md-button--primary" in (link.get("class") or "")]
    assert cont[0]["href"] == f"{ISSUES}/12"


def test_references_link_to_published_pages_or_to_github(fixture_site):
    body = article(read_page(fixture_site, "questions/14/"))
    assert '<a href="../3/" rel="nofollow ugc noopener noreferrer">#3</a>' in body
    unpublished = article(read_page(fixture_site, "questions/18/"))
    assert f'<a href="{ISSUES}/22" rel="nofollow ugc noopener noreferrer">#22</a>' in unpublished


def test_code_blocks_and_tables_render_and_emails_are_redacted(fixture_site):
    five = article(read_page(fixture_site, "questions/5/"))
    assert "<table>" in five and "<th>Direction</th>" in five
    nine = article(read_page(fixture_site, "questions/9/"))
    assert '<pre><code class="language-csv">client_id,first_name' in nine
    assert "ana@example.com" not in read_page(fixture_site, "questions/9/")
    assert "[email address removed]" in nine


def test_a_question_written_through_the_issue_form_reads_as_on_github(fixture_site):
    html = read_page(fixture_site, "questions/8/")
    body = article(html)
    # The form's template comments are hidden, as GitHub hides them.
    assert "Thanks for asking" not in html and "Paste logs" not in html and "&lt;!--" not in html
    assert "<h5>What happened?</h5>" in body
    assert '<li class="task-list-item"><input type="checkbox" checked="" aria-label="Checked the time zone under' in body
    # A 2-space nested list stays nested under its item.
    assert "Sent a test reminder\n<ul>\n<li>it arrived on time</li>" in body
    assert "<details><summary>Reminder log for Monday</summary>" in body
    assert "<pre><code>2026-03-30T13:00:00Z queued" in body
    # The staff answer's alert is a callout with its title; the mention links; :pray: is 🙏.
    assert '<div class="admonition note openbook-alert" role="note"><p class="admonition-title">Note</p>' in body
    assert '<a href="https://github.com/sofia-lessons" class="user-mention"' in body and "🙏" in body


def test_a_code_block_inside_a_list_item_stays_a_code_block(fixture_site):
    body = article(read_page(fixture_site, "questions/11/"))
    assert "<li>one key per location</li>" in body
    assert '<pre><code class="language-http">GET /v1/locations/{id}/slots' in body


def test_the_askers_follow_ups_are_not_counted_as_answers(fixture_site):
    html = read_page(fixture_site, "questions/11/")
    # tomasz-w twice, and kasia-dev (the asker) asking about rate limits in between.
    assert '<h2 id="answers">2 answers</h2>' in html
    main = json_ld(html)["mainEntity"]
    assert main["answerCount"] == 2
    assert [a["author"]["name"] for a in main["suggestedAnswer"]] == ["tomasz-w", "tomasz-w"]
    index = read_page(fixture_site, "questions/")
    entry = index[index.index('href="11/"') :]
    assert "· 2 answers ·" in entry[: entry.index("</li>")]


def test_qapage_json_ld_has_author_urls_dates_and_plain_text(fixture_site):
    main = json_ld(read_page(fixture_site, "questions/8/"))["mainEntity"]
    assert main["author"] == {"@type": "Person", "name": "tutor-ben", "url": "https://github.com/tutor-ben"}
    assert main["datePublished"] == "2026-03-30T08:00:00Z"
    # Plain text, as a reader reads it: no Markdown, no HTML, no template comment.
    assert main["text"].startswith("What happened? Since last Sunday")
    assert "###" not in main["text"] and "<" not in main["text"] and "Thanks for asking" not in main["text"]
    answer = main["suggestedAnswer"][-1]
    assert answer["datePublished"] == answer["dateCreated"] and answer["author"]["url"].startswith("https://github.com/")
    assert "> [!NOTE]" not in answer["text"] and "Note Reminders already sent late" in answer["text"]


def test_each_question_page_carries_qapage_json_ld(fixture_site):
    data = json_ld(read_page(fixture_site, "questions/12/"))
    assert data["@type"] == "QAPage"
    main = data["mainEntity"]
    assert main["@type"] == "Question" and main["name"].startswith("Google Calendar sync stopped")
    assert main["answerCount"] == 2 and main["upvoteCount"] == 33
    assert main["acceptedAnswer"]["url"] == "https://larkspur-hq.github.io/openbook-hub/questions/12/#comment-2481000009"
    assert [a["author"]["name"] for a in main["suggestedAnswer"]] == ["priya-larkspur"]


def test_questions_are_not_listed_in_the_navigation(fixture_site):
    home = read_page(fixture_site, "")
    assert 'href="questions/"' in home
    assert "questions/12/" not in home
    question = read_page(fixture_site, "questions/12/")
    sidebar = question[question.index('<nav class="md-nav md-nav--primary') : question.index("<article")]
    assert "Google Calendar sync stopped" not in sidebar
    assert "../3/" not in sidebar


def test_index_groups_questions_by_category_in_the_configured_order_by_votes(fixture_site):
    html = read_page(fixture_site, "questions/")
    headings = re.findall(r'<h2 id="([^"]+)">([^<]+)</h2>', html)
    assert headings == [
        ("topic-billing", "Billing and plans"),
        ("topic-calendar-sync", "Calendar sync"),
        ("topic-notifications", "Reminders and notifications"),
        ("topic-data", "Data and privacy"),
        ("topic-integrations", "Integrations"),
        # After the topics, the FAQ's candidates (tests/faq/).
        ("worth-writing-down", "Worth writing down"),
    ]
    billing = html[html.index('id="topic-billing"') : html.index('id="topic-calendar-sync"')]
    assert re.findall(r'<a href="(\d+)/">', billing)[:3] == ["3", "38", "14"]


def test_the_recent_index_orders_by_last_activity(fixture_site):
    html = read_page(fixture_site, "questions/recent/")
    billing = html[html.index('id="topic-billing"') : html.index('id="topic-calendar-sync"')]
    assert re.findall(r'<a href="\.\./(\d+)/">', billing)[:3] == ["44", "38", "33"]
    assert '<a href="../">Sort by votes</a>' in html


def test_the_owed_page_lists_open_unanswered_questions_oldest_first(fixture_site):
    html = read_page(fixture_site, "questions/owed/")
    listed = re.findall(r'<li><a href="\.\./(\d+)/">', html)
    assert listed == ["18", "24", "36", "38", "40", "43", "44", "46", "47", "48"]
    assert "../7/" not in html


def test_a_question_awaiting_review_is_counted_by_number_date_and_link_and_none_of_its_words(fixture_site):
    # #50: a stranger's question with no staff answer and no approval label.
    from selectolax.lexbor import LexborHTMLParser

    owed = LexborHTMLParser(read_page(fixture_site, "questions/owed/"))
    (entry,) = owed.css(".openbook-awaiting-review li")
    assert " ".join(entry.text().split()) == "#50 · asked 20 November 2026 · awaiting review (waiting 43 hours)"
    assert entry.css_first("a").attributes["href"] == "https://github.com/larkspur-hq/openbook-hub/issues/50"
    index = " ".join(plain_text(read_page(fixture_site, "questions/")).split())
    assert "Questions waiting for us to review them before they are published: 1, the longest for 43 hours." in index
    assert not (fixture_site / "questions" / "50").exists()
    assert report_of(fixture_site)["awaiting_review"] == [50]
    for page in fixture_site.rglob("*.html"):
        assert "Welsh" not in page.read_text(encoding="utf-8") and "cerys-yoga" not in page.read_text(encoding="utf-8")


def test_the_index_shows_the_transparency_figures_with_their_period_and_data(fixture_site, fixture_hub):
    html = read_page(fixture_site, "questions/")
    config = settings.load(fixture_hub / "mkdocs.yml")
    snap = snapshot.load(fixture_hub / "data" / "questions.json")
    moderation = questions.moderate(snap, questions.Policy.from_settings(settings.of(config).questions))
    built_at = datetime.fromtimestamp(int(FIXTURE_NOW), tz=timezone.utc)
    figures = questions.figures(moderation, snap.synced_at, built_at)
    text = " ".join(plain_text(html).split())
    assert (f"Median time to a first staff answer: {questions.duration(figures.median_first_answer)}, over the "
            f"{figures.answered_in_window} questions first answered by staff in the last 90 days "
            "(2026-08-24 to 2026-11-22).") in text
    assert f"Questions waiting for a staff answer now: 10 of the {len(moderation.published)} published." in text
    assert ("Counted from the questions published here, in the snapshot of GitHub taken 2026-11-21 06:00 UTC, "
            "30 hours before this build.") in text
    assert '<time datetime="2026-11-21T06:00:00Z">2026-11-21 06:00 UTC</time>' in html


def test_with_no_staff_answer_lately_the_figures_say_when_the_latest_was(copy_hub, tmp_path, monkeypatch):
    # A build long after the last answer: none in the window, so no median above a list of answers.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(datetime(2027, 6, 1, tzinfo=timezone.utc).timestamp())))
    snap = snapshot.load(copy_hub / "data" / "questions.json")
    latest = max(
        snapshot.parse_time(item.first_staff_answer.created_at)
        for item in questions.moderate(snap, questions.Policy.from_settings(
            settings.of(settings.load(copy_hub / "mkdocs.yml")).questions)).published
        if item.first_staff_answer is not None and not item.asked_by_staff
    )
    site = tmp_path / "site"
    build_hub(copy_hub / "mkdocs.yml", site)

    text = " ".join(plain_text(read_page(site, "questions/")).split())
    assert f"No staff answer in the last 90 days (the latest was on {latest:%Y-%m-%d})." in text
    assert "no answers yet" not in text and "Median time" not in text
    assert report_of(site)["figures"]["latest_first_staff_answer"] == f"{latest:%Y-%m-%dT%H:%M:%SZ}"


def test_the_moderation_report_says_what_was_skipped_and_hidden_and_why(fixture_site):
    report = report_of(fixture_site)
    assert report["skipped"] == [
        {"number": 15, "reason": "excluded-label", "detail": "private"},
        {"number": 16, "reason": "excluded-label", "detail": "spam"},
        {"number": 22, "reason": "not-labelled", "detail": "question"},
        {"number": 31, "reason": "closed", "detail": "not_planned"},
    ]
    assert {(h["question"], h["reason"]) for h in report["hidden_comments"]} == {
        (12, "accepted-answer-marker"),
        (27, "bot"),
    }
    assert "This issue was added" not in read_page(fixture_site, "questions/27/")


# Read at collection, before any build of the fixture hub can have touched it.
COMMITTED_LEDGER = (FIXTURE / "data" / "questions-published.json").read_bytes()


def test_the_committed_ledger_lists_every_published_question_and_builds_leave_it_alone(fixture_site, fixture_hub):
    config = settings.load(fixture_hub / "mkdocs.yml")
    snap = snapshot.load(FIXTURE / "data" / "questions.json")
    published = questions.moderate(snap, questions.Policy.from_settings(settings.of(config).questions)).numbers()
    ledger = json.loads(COMMITTED_LEDGER)
    assert ledger["format"] == LEDGER_FORMAT
    missing = sorted(published - set(ledger["numbers"]))
    assert not missing, f"data/questions-published.json lacks {missing}: build the fixture hub and commit the file"
    # So the build had nothing to add: the tests never rewrite the committed ledger.
    assert (FIXTURE / "data" / "questions-published.json").read_bytes() == COMMITTED_LEDGER


def _drop_question(hub, number: int) -> None:
    path = hub / "data" / "questions.json"
    raw = json.loads(path.read_text())
    raw["questions"] = [q for q in raw["questions"] if q["number"] != number]
    path.write_text(json.dumps(raw))


def test_a_question_that_leaves_the_published_set_leaves_a_tombstone(copy_hub, tmp_path):
    _drop_question(copy_hub, 3)
    site = tmp_path / "site"
    build_hub(copy_hub / "mkdocs.yml", site)
    html = read_page(site, "questions/3/")
    assert "Question #3 was published here before and is no longer public" in html
    assert "Can I switch from Starter" not in html
    assert '<meta name="robots" content="noindex">' in html
    assert 'href="../"' in html
    assert report_of(site)["tombstones"] == [3]
    # The tombstone is not offered by search, and the sitemap leaves it out as noindex asks.
    assert "/questions/3/" not in pagefindindex.records(site)
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/questions/3/</loc>" not in sitemap and "/questions/5/</loc>" in sitemap


def test_the_build_adds_new_numbers_to_the_ledger_and_never_removes_any(copy_hub, tmp_path):
    ledger = copy_hub / "data" / "questions-published.json"
    ledger.write_text(json.dumps({"format": LEDGER_FORMAT, "version": 1, "numbers": [1, 3]}))
    _drop_question(copy_hub, 3)
    build_hub(copy_hub / "mkdocs.yml", tmp_path / "site")
    numbers = json.loads(ledger.read_text())["numbers"]
    assert 1 in numbers and 3 in numbers and 5 in numbers and 48 in numbers
    assert report_of(tmp_path / "site")["tombstones"] == [1, 3]


def test_a_broken_ledger_stops_the_build_naming_the_file(copy_hub, tmp_path):
    from openbook.site import build as sitebuild

    (copy_hub / "data" / "questions-published.json").write_text("[1, 2")
    result = sitebuild.build(copy_hub / "mkdocs.yml", tmp_path / "site")
    assert result.error
    assert any(
        message.startswith("data/questions-published.json:1: the published-questions ledger is not valid JSON")
        for message in result.warnings
    ), result.warnings


def test_a_ledger_that_cannot_be_written_is_one_clear_warning_and_the_site_is_still_built(copy_hub, tmp_path, monkeypatch):
    from openbook.site import build as sitebuild

    # A read-only checkout (root ignores file modes, so the write itself is refused).
    def read_only(path, text):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(snapshot, "write_atomic", read_only)
    (copy_hub / "data" / "questions-published.json").write_text(
        json.dumps({"format": LEDGER_FORMAT, "version": 1, "numbers": [3]})
    )
    result = sitebuild.build(copy_hub / "mkdocs.yml", tmp_path / "site")
    assert result.error is None or "strict" in result.error
    assert result.warnings == [
        "data/questions-published.json: cannot record newly published questions (Permission denied); "
        "a question that later leaves the hub would get no tombstone. Make the file writable, "
        "or set questions.ledger to '' to keep no ledger"
    ]
    assert (tmp_path / "site" / "questions" / "48" / "index.html").is_file()


def test_asking_from_the_index_goes_to_the_ask_page_which_opens_the_question_form(fixture_site):
    from selectolax.lexbor import LexborHTMLParser as Parsed

    for path, href in (("questions/", "ask/"), ("questions/recent/", "../ask/")):
        article_ = Parsed(read_page(fixture_site, path)).css_first(".openbook-article")
        assert [a.attributes["href"] for a in article_.css("a") if a.text() == "Ask a question"] == [href], path
    ask = Parsed(read_page(fixture_site, "questions/ask/")).css_first(".openbook-article")
    # The form, not a bare new issue: it carries the publish label and the privacy notice; no labels= in the URL.
    [button] = ask.css("a.openbook-ask__go")
    assert button.attributes["href"] == f"{ISSUES}/new?template=question.yml"
    # Without JavaScript the search field stays hidden, and the link is all there is.
    assert "hidden" in ask.css_first(".openbook-ask__search").attributes


def test_each_build_logs_one_line_of_what_was_published_and_skipped(copy_hub, tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.openbook.questions")
    build_hub(copy_hub / "mkdocs.yml", tmp_path / "site")
    lines = [r.getMessage() for r in caplog.records if r.name == "mkdocs.plugins.openbook.questions"]
    assert lines == [
        "questions: published 30, skipped 4 (closed 1, excluded-label 2, not-labelled 1), awaiting review 1, hidden comments 2, "
        "tombstones 0; report in questions/report.json"
    ]


def test_a_ledger_from_another_repository_is_ignored_with_a_warning_and_makes_no_tombstones(copy_hub, tmp_path):
    from openbook.site import build as sitebuild

    # An adopter kept the demo's ledger: its numbers are not questions of this repository.
    ledger = copy_hub / "data" / "questions-published.json"
    foreign = json.dumps({"format": LEDGER_FORMAT, "version": 1, "source": {"repo": "larkspur-hq/demo"},
                          "numbers": [1, 2, 3, 17, 99]})
    ledger.write_text(foreign)

    result = sitebuild.build(copy_hub / "mkdocs.yml", tmp_path / "site")

    assert result.warnings == [
        "data/questions-published.json: this ledger of published questions is of larkspur-hq/demo, not of "
        "larkspur-hq/openbook-hub; it is ignored and makes no tombstones. Delete the file (the next build starts "
        "larkspur-hq/openbook-hub's), or set questions.ledger to another path"
    ]
    assert report_of(tmp_path / "site")["tombstones"] == []
    assert not (tmp_path / "site" / "questions" / "99").exists()
    assert "no longer public" not in read_page(tmp_path / "site", "questions/17/")
    # Left as it was, so the warning stays until someone acts on it.
    assert ledger.read_text() == foreign


def test_the_ledger_records_its_repository_and_an_older_one_is_adopted(copy_hub, tmp_path):
    ledger = copy_hub / "data" / "questions-published.json"
    ledger.write_text(json.dumps({"format": LEDGER_FORMAT, "version": 1, "numbers": [1]}))

    build_hub(copy_hub / "mkdocs.yml", tmp_path / "site")

    written = json.loads(ledger.read_text())
    assert written["source"] == {"repo": "larkspur-hq/openbook-hub"}
    assert 1 in written["numbers"] and report_of(tmp_path / "site")["tombstones"] == [1]


def test_a_snapshot_of_another_repository_publishes_nothing_and_says_to_sync(copy_hub, tmp_path):
    from openbook.site import build as sitebuild

    config = copy_hub / "mkdocs.yml"
    config.write_text(config.read_text().replace("larkspur-hq/openbook-hub", "acme/hub"))
    ledger = copy_hub / "data" / "questions-published.json"
    before = ledger.read_bytes()

    result = sitebuild.build(config, tmp_path / "site")

    assert (
        "data/questions.json: this snapshot is of larkspur-hq/openbook-hub, but repo_url is acme/hub; its questions "
        "are not published. Run `openbook sync` to fetch acme/hub's questions (or fix repo_url)"
    ) in result.warnings
    assert not (tmp_path / "site" / "questions" / "3").exists()
    assert report_of(tmp_path / "site")["tombstones"] == []
    assert ledger.read_bytes() == before


def test_an_address_spelled_in_entities_is_redacted_everywhere_a_reader_or_a_crawler_reads(copy_hub, tmp_path):
    path = copy_hub / "data" / "questions.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    (question,) = [q for q in raw["questions"] if q["number"] == 5]
    question["body"] = (
        "Mail ana&#64;example.com or [write](mailto:ana&#x40;example&#46;com \"ana&#64;example.com\") "
        "![ana&#64;example.com](https://larkspur-hq.github.io/a.png)"
    )
    question["comments"][0]["body"] = "Ask <b>ana&#64;example.com</b>."
    path.write_text(json.dumps(raw), encoding="utf-8")
    site = tmp_path / "site"
    build_hub(copy_hub / "mkdocs.yml", site)
    html = read_page(site, "questions/5/")
    for spelling in ("ana@", "ana&#64;", "ana&amp;#64;", "ana&#x40;", "ana&amp;#x40;", "mailto:ana", "ana%40"):
        assert spelling not in html, spelling
    assert "[email address removed]" in article(html)
    main = json_ld(html)["mainEntity"]
    assert "example" not in main["text"] and "example" not in main["suggestedAnswer"][0]["text"]
    texts = pagefindindex.records(site)["/questions/5/"]["content"]
    assert "ana@" not in texts and "ana&" not in texts and "[email address removed]" in texts


def test_a_content_report_in_the_snapshot_gets_no_page_and_is_reported_as_skipped(copy_hub, tmp_path):
    path = copy_hub / "data" / "questions.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    # A new issue (never published, so it leaves no tombstone), shaped as question #3, with its staff answer.
    (report,) = [json.loads(json.dumps(q)) for q in raw["questions"] if q["number"] == 3]
    report["number"] = 90
    report["html_url"] = report["html_url"].replace("/issues/3", "/issues/90")
    raw["questions"].append(report)
    # A report names the content and says why; with the publish label, a staff reply and a category it is still no question.
    report["title"] = "Content report: https://larkspur-hq.github.io/openbook-hub/questions/5/"
    report["labels"] = [{"name": name} if isinstance(raw["questions"][0]["labels"][0], dict) else name
                        for name in ("question", "content-report", "billing")]
    path.write_text(json.dumps(raw), encoding="utf-8")
    site = tmp_path / "site"

    build_hub(copy_hub / "mkdocs.yml", site)

    assert not (site / "questions" / "90").exists()
    assert {"number": 90, "reason": "content-report", "detail": ""} in report_of(site)["skipped"]
    assert 90 not in report_of(site)["published"]
    assert "Content report" not in read_page(site, "questions/")
    assert "/questions/90/" not in pagefindindex.records(site)
