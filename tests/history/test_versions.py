"""Every version of a policy page: versions pages, old versions, comparisons, effective dates and notice.

Temp repositories with commits at fixed dates (tests/gitrepo.py), built as of FIXTURE_NOW (2026-11-22).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import FIXTURE_NOW, build_hub, read_page
from gitrepo import GitRepo

from openbook import settings
from openbook.contribution import check as runner
from openbook.history import check as history_check, versions
from openbook.history.gitlog import Commit
from openbook.site import build as sitebuild

REFUNDS = "docs/practices/refunds.md"
MOVED = "docs/practices/refunds-and-cancellations.md"


def _text(html: str) -> str:
    """The article's text, as a reader reads it."""
    match = re.search(r"<article.*?</article>", html, re.S)
    article = re.sub(r"<svg.*?</svg>", "", match.group(0) if match else html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", article)).strip()


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: dict[str, str] = {}
        self._href: str | None = None
        self._text: list[str] = []
        self.meta: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href, self._text = dict(attrs).get("href"), []
        elif tag in ("meta", "link"):
            self.meta.append({"tag": tag, **dict(attrs)})

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links.setdefault(" ".join("".join(self._text).split()), self._href)
            self._href = None


def _parse(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


def _three_versions(hub: Path) -> GitRepo:
    """Refunds: version 1, an edit (2), a move with the nav (same text: no version), then another edit (3)."""
    repo = GitRepo(hub)
    repo.commit("Start the hub", "2026-01-10T09:00:00")
    repo.replace(REFUNDS, "There are no cancellation fees on any plan.",
                 "There are no cancellation fees on any plan, ever.")
    repo.commit("Refunds: no fees, ever", "2026-03-04T10:00:00", author="Jonas Berg", email="jonas@example.com")
    repo.replace("mkdocs.yml", "practices/refunds.md", "practices/refunds-and-cancellations.md")
    for page in (hub / "docs").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        page.write_text(re.sub(r"\brefunds\.md", "refunds-and-cancellations.md", text), encoding="utf-8")
    repo.commit("Move the refunds page", "2026-05-05T10:00:00", move={REFUNDS: MOVED})
    repo.replace(MOVED, "ever.", "ever. We refund within 5 working days.")
    repo.commit("Refunds: say how fast", "2026-09-01T10:00:00", author="Priya Natarajan", email="priya@example.com")
    return repo


@pytest.fixture
def pinned(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXTURE_NOW)


def test_a_page_moved_between_its_three_versions_lists_all_three_with_the_period_each_was_in_force(
        copy_hub, tmp_path, pinned):
    _three_versions(copy_hub)
    site = tmp_path / "site"
    build_hub(copy_hub / "mkdocs.yml", site)

    page = read_page(site, "practices/refunds-and-cancellations/versions/")
    text = _text(page)
    assert "Version 3 (in force)" in text and "Version 2" in text and "Version 1" in text
    assert "Version 4" not in text, "a move that kept the words is not a new version"
    assert "in force since 2026-09-01" in text
    assert "in force from 2026-03-04 to 2026-09-01" in text
    assert "in force from 2026-01-10 to 2026-03-04" in text
    assert "Refunds: say how fast" in text and "Priya Natarajan" in text
    links = _parse(page).links
    assert links["Version 1"] == "1/"
    assert any(href.startswith("https://github.com/larkspur-hq/openbook-hub/commit/") for href in links.values())

    # Version 1 reads as it did before the move, marked as earlier, pointing search engines at the current page.
    old = read_page(site, "practices/refunds-and-cancellations/versions/1/")
    assert "There are no cancellation fees on any plan." in _text(old) and "any plan, ever." not in _text(old)
    assert "This is an earlier version" in _text(old)
    parsed = _parse(old)
    assert parsed.links["The current one is here"] == "../../"
    assert {"tag": "meta", "name": "robots", "content": "noindex"} in parsed.meta
    canonical = [m["href"] for m in parsed.meta if m.get("rel") == "canonical"]
    assert canonical == ["https://larkspur-hq.github.io/openbook-hub/practices/refunds-and-cancellations/"]
    # Its relative links still work from the new URL, and its Edit action opens the real source.
    assert 'href="https://github.com/larkspur-hq/openbook-hub/edit/main/docs/practices/refunds-and-cancellations.md"' in old

    # The comparison marks the words, not by colour alone, with words a screen reader says.
    comparison = read_page(site, "practices/refunds-and-cancellations/versions/3/changes/")
    assert "<ins><span class=\"openbook-visually-hidden\">added: </span>We refund within 5 working days.</ins>" \
        in comparison
    assert "<del>" not in comparison.split('class="openbook-comparison"')[1]

    # The current page links both, from its history block.
    current = _parse(read_page(site, "practices/refunds-and-cancellations/")).links
    assert current["All versions"] == "versions/"
    assert current["Compare with the previous version"] == "versions/3/changes/"
    # "What changed" links each entry to its comparison, and the feed carries it.
    changes = read_page(site, "changes/")
    assert 'href="../practices/refunds-and-cancellations/versions/3/changes/"' in changes
    feed = (site / "changes" / "feed.xml").read_text(encoding="utf-8")
    assert "practices/refunds-and-cancellations/versions/2/changes/" in feed


def test_a_change_that_applies_later_leaves_the_version_in_force_on_the_page_until_then(copy_hub, tmp_path, pinned):
    repo = GitRepo(copy_hub)
    repo.commit("Start the hub", "2026-01-10T09:00:00")
    repo.replace(REFUNDS, "review_every: 180\n", "review_every: 180\neffective: 2027-01-01\n")
    repo.replace(REFUNDS, "There are no cancellation fees on any plan.", "A cancellation fee of £5 applies.")
    repo.commit("Refunds: a cancellation fee from 2027", "2026-11-20T10:00:00")
    site = tmp_path / "site"
    build_hub(copy_hub / "mkdocs.yml", site)

    page = read_page(site, "practices/refunds/")
    text = _text(page)
    assert "There are no cancellation fees on any plan." in text
    assert "A cancellation fee of £5 applies." not in text
    assert "This page changes on 1 January 2027" in text and "(42 days' notice)" in text
    assert _parse(page).links["See what will change"] == "versions/2/changes/"
    listing = _text(read_page(site, "practices/refunds/versions/"))
    assert "Version 2 (upcoming)" in listing and "applies from 2027-01-01" in listing
    assert "Version 1 (in force)" in listing and "in force from 2026-01-10 to 2026-12-31" in listing
    comparison = read_page(site, "practices/refunds/versions/2/changes/")
    removed = re.findall(r'<del><span class="openbook-visually-hidden">removed: </span>(.*?)</del>', comparison)
    added = re.findall(r'<ins><span class="openbook-visually-hidden">added: </span>(.*?)</ins>', comparison)
    assert any("There are no" in words for words in removed), removed
    assert any("£5" in words for words in added), added


def _check(hub: Path) -> list:
    config = settings.load(hub / "mkdocs.yml")
    return [f for f in runner.run(config, checkers=[history_check.check_notice]) if f.rule == "practices.notice"]


def test_a_change_with_too_little_notice_fails_the_check_and_says_which_date_would_do(copy_hub, pinned):
    repo = GitRepo(copy_hub)
    repo.replace(REFUNDS, "review_every: 180\n", "review_every: 180\nnotice_days: 30\n")
    repo.commit("Start the hub", "2026-01-10T09:00:00")
    repo.replace(REFUNDS, "notice_days: 30\n", "notice_days: 30\neffective: 2026-12-02\n")
    repo.replace(REFUNDS, "There are no cancellation fees on any plan.", "A cancellation fee of £5 applies.")
    # Not committed: it would be published today (2026-11-22), 10 days before it applies.
    [finding] = _check(copy_hub)
    assert finding.level == "error" and finding.file == REFUNDS
    assert "10 days' notice, but this page requires 30" in finding.message
    assert "set `effective:` to 2026-12-22 or later" in finding.message
    assert finding.line == 8  # the `effective:` line

    # Committed on the branch on 2026-11-01, the same date gives 31 days: enough.
    repo.commit("Refunds: a cancellation fee", "2026-11-01T10:00:00")
    assert _check(copy_hub) == []
    # A change with no `effective:` applies on publication: no notice at all.
    repo.replace(REFUNDS, "effective: 2026-12-02\n", "")
    repo.replace(REFUNDS, "£5", "£7")
    [finding] = _check(copy_hub)
    assert "0 days' notice" in finding.message and "no later `effective:` date" in finding.message
    # A change to the front matter only (a review date) reads the same: no notice needed.
    repo.git("checkout", "--", ".")
    repo.replace(REFUNDS, "last_reviewed: 2026-03-02", "last_reviewed: 2026-11-02")
    assert _check(copy_hub) == []


def test_a_pull_request_with_too_little_notice_fails_the_gate(copy_hub, pinned):
    repo = GitRepo(copy_hub)
    repo.replace(REFUNDS, "review_every: 180\n", "review_every: 180\nnotice_days: 30\n")
    repo.commit("Start the hub", "2026-01-10T09:00:00")
    repo.branch("fee")
    repo.replace(REFUNDS, "notice_days: 30\n", "notice_days: 30\neffective: 2026-12-02\n")
    repo.replace(REFUNDS, "There are no cancellation fees on any plan.", "A cancellation fee of £5 applies.")
    repo.commit("Refunds: a cancellation fee", "2026-11-01T10:00:00")

    # The branch's commit is not published: merged today (2026-11-22), it gives 10 days.
    found = runner.run_change(copy_hub / "mkdocs.yml", base="main", head="fee")
    [finding] = [f for f in found if f.rule == "practices.notice"]
    assert finding.level == "error" and finding.file == REFUNDS
    assert "published today (not yet published)" in finding.message
    assert "10 days' notice, but this page requires 30" in finding.message


def test_a_shallow_clone_says_versions_are_unavailable_rather_than_showing_wrong_ones(copy_hub, tmp_path, pinned):
    _three_versions(copy_hub)
    clone = tmp_path / "clone"
    GitRepo(copy_hub).git("clone", "-q", "--depth=1", f"file://{copy_hub}", str(clone))
    site = tmp_path / "site"
    result = sitebuild.build(clone / "mkdocs.yml", site, strict=False)
    assert result.error is None, result.error
    assert any("shallow clone" in warning for warning in result.warnings)
    listing = _text(read_page(site, "practices/refunds-and-cancellations/versions/"))
    assert "Earlier versions are not available in this build of the hub" in listing
    assert "shallow clone" in listing
    assert not (site / "practices" / "refunds-and-cancellations" / "versions" / "1").exists()


def _commit(day: str) -> Commit:
    when = datetime.fromisoformat(day).replace(tzinfo=timezone.utc)
    return Commit(day, "A", "a@example.com", when, "change", committed=when)


def test_a_version_superseded_before_it_applied_was_never_in_force():
    found = versions.build([
        (_commit("2026-01-01T09:00:00"), "p.md", "# P\n\nOne.\n"),
        (_commit("2026-02-01T09:00:00"), "p.md", "---\neffective: 2026-06-01\n---\n# P\n\nTwo.\n"),
        (_commit("2026-03-01T09:00:00"), "p.md", "# P\n\nThree.\n"),
    ])
    assert [v.ever_in_force for v in found] == [True, False, True]
    assert found[0].last_day == date(2026, 3, 1)
    assert versions.in_force(found, date(2026, 2, 15)).number == 1


def test_a_comparison_pairs_an_edited_paragraph_and_marks_only_its_changed_words():
    result = versions.compare("<p>We reply within 4 hours.</p><p>Gone.</p>",
                              "<p>We reply within 2 hours.</p><h2>New</h2>")
    kinds = [(c.change, c.kind) for c in result.changes]
    assert kinds == [("changed", "p"), ("removed", "p"), ("added", "h2")]
    assert [(p.change, p.text) for p in result.changes[0].pieces] == [
        ("", "We reply within"), ("del", "4"), ("ins", "2"), ("", "hours.")]
