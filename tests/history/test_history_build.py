"""Build tests: page history, practices reviews, "What changed" and contributors, as a reader sees them.

Most tests turn a copy of the demo hub into a git repository with commits at
fixed dates, so they can assert exact dates and names; the demo hub's own build
(with the repository's real history) is checked for structure only.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import build_hub, copy_hub_sources, read_page
from gitrepo import GitRepo

from openbook.site import build as sitebuild

# Each of these builds hubs; `python3 dev.py test --quick` leaves them out.
pytestmark = pytest.mark.slow

# Git itself drops < and > from author names; the rest reaches us as written.
EVIL_NAME = 'Eve "the" & Co {onclick=alert(2)} **x**'
EVIL_SUBJECT = 'Clarify <script>alert(3)</script> **bold** {onclick=alert(4)}'
# 2026-10-01T00:00:00Z: refunds (reviewed 2026-03-02, every 180 days) is overdue, security is not.
PINNED_NOW = "1790812800"

GENERATOR_HOOK = '''
from openbook.site import generated

def on_files(files, *, config):
    files.append(generated.add_page(config, "generated/from-source.md",
        {"openbook_source": "data/source.yml"}, "# From a data file\\n"))
    files.append(generated.add_page(config, "generated/question.md",
        {"openbook_updated": "2026-07-04T05:06:07Z",
         "openbook_edit_url": "https://github.com/larkspur-hq/openbook-hub/issues/7"}, "# A question\\n"))
    return files
'''


def _add_hook(hub: Path, name: str, code: str) -> None:
    (hub / "hooks" / f"{name}.py").write_text(code, encoding="utf-8")
    config = hub / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("hooks:\n", f"hooks:\n  - hooks/{name}.py\n", 1), encoding="utf-8")


def _edit(hub: Path, name: str, old: str, new: str) -> dict[str, str]:
    text = (hub / name).read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    return {name: text.replace(old, new, 1)}


def _make_hub_repo(hub: Path) -> GitRepo:
    """Turn a copy of the demo hub into a git repository with a known history."""
    _add_hook(hub, "test_generator", GENERATOR_HOOK)
    (hub / "data" / "source.yml").write_text("a: 1\n", encoding="utf-8")
    # Security starts life outside the practices folder; it is moved in later.
    security = hub / "docs" / "practices" / "security.md"
    (hub / "docs" / "security-draft.md").write_text(security.read_text(encoding="utf-8"), encoding="utf-8")
    security.unlink()
    (hub / ".mailmap").write_text("Priya Natarajan <priya@larkspur.example> <priya@old.example>\n", encoding="utf-8")
    repo = GitRepo(hub)
    repo.commit("Start the hub", "2026-01-10T09:00:00")
    repo.commit("Reply within 4 hours", "2026-02-03T10:00:00", author="priya", email="priya@old.example",
                write=_edit(hub, "docs/practices/support.md", "# Support", "# Support\n\nFaster now."))
    repo.commit("Move security into practices", "2026-03-04T11:00:00",
                move={"docs/security-draft.md": "docs/practices/security.md"})
    repo.commit("Data source changed", "2026-04-05T12:00:00", write={"data/source.yml": "a: 2\n"})
    repo.commit("Only the contributing guide", "2026-05-06T13:00:00",
                write=_edit(hub, "docs/contributing.md", "\n", "\n\n"))
    repo.git("checkout", "-q", "-b", "pr")
    repo.commit(EVIL_SUBJECT, "2026-06-07T14:00:00", author=EVIL_NAME, email="evil@example.com",
                write=_edit(hub, "docs/practices/refunds.md", "# Refunds", "# Refunds\n\nClearer."))
    repo.git("checkout", "-q", "main")
    stamp = "2026-06-08T15:00:00 +0000"
    repo.git("-c", "user.name=Merger", "-c", "user.email=m@example.com", "merge", "-q", "--no-ff", "pr",
             "-m", "Merge pull request #9", env={"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp})
    repo.commit("Support: weekend hours", "2026-08-09T16:00:00", author="Priya Natarajan",
                email="priya@larkspur.example",
                write=_edit(hub, "docs/practices/support.md", "Faster now.", "Faster now, weekends too."))
    return repo


@pytest.fixture
def hub_repo(copy_hub, monkeypatch) -> GitRepo:
    """The demo hub as a git repository with a known history, and the clock pinned, to change and build."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", PINNED_NOW)
    return _make_hub_repo(copy_hub)


@pytest.fixture(scope="module")
def hub_site(tmp_path_factory) -> Path:
    """That hub built once for the tests that only read it."""
    folder = tmp_path_factory.mktemp("history-hub")
    hub = folder / "hub"
    copy_hub_sources(hub)
    _make_hub_repo(hub)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", PINNED_NOW)
        build_hub(hub / "mkdocs.yml", folder / "site")
    return folder / "site"


def _history_block(html: str) -> str:
    match = re.search(r'<div class="md-source-file openbook-history">(.*?)</div>', html, re.S)
    assert match, "no page history block on the page"
    return re.sub(r"<svg.*?</svg>", "", match.group(1), flags=re.S)


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", fragment)).strip()


def test_a_page_shows_its_last_update_its_contributors_and_a_history_link(hub_site):
    block = _history_block(read_page(hub_site, "practices/support/"))
    assert '<time datetime="2026-08-09T16:00:00Z">9 August 2026</time>' in block
    # .mailmap folds "priya <priya@old.example>" into Priya Natarajan: 2 changes, not 1 + 1.
    assert "Priya Natarajan (2 changes), Ada Admin (1 change)" in _text(block)
    assert 'href="https://github.com/larkspur-hq/openbook-hub/commits/main/docs/practices/support.md"' in block


def test_the_last_change_is_in_the_page_metadata_for_search_engines(hub_site):
    html = read_page(hub_site, "practices/support/")
    assert '<meta property="article:modified_time" content="2026-08-09T16:00:00Z">' in html
    assert '<link rel="alternate feed" type="application/atom+xml"' in html


def test_a_moved_page_keeps_the_history_it_had_before_the_move(hub_site):
    block = _history_block(read_page(hub_site, "practices/security/"))
    assert "4 March 2026" in block
    assert "Ada Admin (2 changes)" in _text(block)


def test_a_generated_page_is_dated_by_its_source_file(hub_site):
    block = _history_block(read_page(hub_site, "generated/from-source/"))
    assert '<time datetime="2026-04-05T12:00:00Z">5 April 2026</time>' in block
    assert 'href="https://github.com/larkspur-hq/openbook-hub/commits/main/data/source.yml"' in block


def test_a_hand_written_page_showing_data_is_dated_by_whichever_changed_last(hub_repo, tmp_path):
    pricing = hub_repo.path / "data" / "pricing.yml"
    hub_repo.commit("Pricing: explain yearly billing", "2026-09-10T08:00:00", author="Jonas Berg",
                    email="jonas@larkspur.example",
                    write={"data/pricing.yml": pricing.read_text(encoding="utf-8") + "# Yearly is billed upfront.\n"})
    build_hub(hub_repo.path / "mkdocs.yml", tmp_path / "site")

    # docs/pricing.md last changed in the first commit; its tables come from data/pricing.yml.
    block = _history_block(read_page(tmp_path / "site", "pricing/"))
    assert '<time datetime="2026-09-10T08:00:00Z">10 September 2026</time>' in block
    assert "Jonas Berg (1 change)" in _text(block)
    assert 'href="https://github.com/larkspur-hq/openbook-hub/commits/main/docs/pricing.md"' in block


def test_a_question_page_is_dated_by_its_last_activity_and_links_to_its_issue(hub_site):
    block = _history_block(read_page(hub_site, "generated/question/"))
    assert '<time datetime="2026-07-04T05:06:07Z">4 July 2026</time>' in block
    assert 'href="https://github.com/larkspur-hq/openbook-hub/issues/7"' in block


def test_names_and_subjects_from_pull_requests_are_escaped_everywhere(hub_site):
    pages = {
        "refunds": read_page(hub_site, "practices/refunds/"),
        "changes": read_page(hub_site, "changes/"),
        "contributors": read_page(hub_site, "contributors/"),
    }
    for name, html in pages.items():
        assert "<strong>x</strong>" not in html, name
        assert "<script>alert(3)" not in html, name
        assert 'onclick="alert' not in html, name
        assert "<strong>bold</strong>" not in html, name
    assert "Eve &#34;the&#34; &amp; Co {onclick=alert(2)} **x** (1 change)" in _text(
        _history_block(pages["refunds"]))
    assert "&lt;script&gt;alert(3)&lt;/script&gt; **bold** {onclick=alert(4)}" in pages["changes"]


def _changes_rows(site: Path) -> list[list[str]]:
    html = read_page(site, "changes/")
    table = re.search(r'class="openbook-changes">.*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    return [[_text(cell) for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)]


def test_what_changed_lists_changes_to_published_practices_and_data_newest_first(hub_site):
    rows = _changes_rows(hub_site)
    assert [row[0] for row in rows][:3] == ["9 August 2026", "7 June 2026", "4 March 2026"]
    # Each entry links to the comparison of the version it published.
    assert rows[0][1:4] == ["Support and response times (what changed)", "Support: weekend hours", "Priya Natarajan"]
    # The merge commit, the contributing-guide-only commit and the unwatched data file are not entries.
    subjects = [row[2] for row in rows]
    assert "Merge pull request #9" not in subjects
    assert "Only the contributing guide" not in subjects
    assert "Data source changed" not in subjects
    html = read_page(hub_site, "changes/")
    assert '<a href="../practices/support/">Support and response times</a>' in html
    assert '<a href="../practices/support/versions/3/changes/">what changed</a>' in html
    # A pull request's commit was published by its merge: its entry links to the version the merge made.
    assert '<a href="../practices/refunds/versions/2/changes/">what changed</a>' in html
    assert re.search(r'href="https://github.com/larkspur-hq/openbook-hub/commit/[0-9a-f]{40}"><code>[0-9a-f]{7}</code>',
                     html)


def test_what_changed_lists_a_change_to_an_faq_entry_under_its_question(hub_repo, tmp_path):
    # FAQ entries are watched by default, as practices are: the FAQ is an answer the company gives.
    hub_repo.commit("FAQ: downgrades take effect at the end of the month", "2026-09-12T08:00:00",
                    author="Priya Natarajan", email="priya@larkspur.example",
                    write=_edit(hub_repo.path, "docs/faq/switch-plans.md", "so you\n", "so you still\n"))
    site = tmp_path / "site"
    build_hub(hub_repo.path / "mkdocs.yml", site)
    rows = _changes_rows(site)
    # Entries have versions as practices do, so the row links the comparison too.
    assert rows[0][:4] == ["12 September 2026", "Can I switch plans in the middle of a billing month? (what changed)",
                           "FAQ: downgrades take effect at the end of the month", "Priya Natarajan"]
    assert '<a href="../faq/switch-plans/">Can I switch plans in the middle of a billing month?</a>' in read_page(
        site, "changes/")
    # The entry's own page history credits the change too.
    assert "Priya Natarajan (1 change)" in _text(_history_block(read_page(site, "faq/switch-plans/")))


def test_a_change_to_the_pricing_data_lists_every_page_that_shows_it(hub_site):
    [first] = [row for row in _changes_rows(hub_site) if row[2] == "Start the hub"]
    # pricing.md is hand-written but declares data/pricing.yml as its source; the price history is generated from it.
    pages = first[1].split(", ")
    assert "Pricing" in pages and "Price history" in pages


def test_the_feed_is_valid_atom_with_one_entry_per_change(hub_site):
    tree = ET.parse(hub_site / "changes" / "feed.xml")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = tree.getroot().findall("a:entry", ns)
    assert len(entries) == len(_changes_rows(hub_site))
    first = entries[0]
    assert first.findtext("a:title", namespaces=ns) == "Support and response times: Support: weekend hours"
    assert first.findtext("a:updated", namespaces=ns) == "2026-08-09T16:00:00Z"
    assert first.find("a:link[@rel='alternate']", ns).get("href") == \
        "https://larkspur-hq.github.io/openbook-hub/practices/support/"
    evil = [e for e in entries if "alert(3)" in e.findtext("a:title", namespaces=ns)]
    assert evil[0].findtext("a:author/a:name", namespaces=ns) == EVIL_NAME


def test_contributors_credits_git_authors_by_name_with_their_changes(hub_site):
    html = read_page(hub_site, "contributors/")
    credits = re.search(r'<ul class="openbook-credits">(.*?)</ul>', html, re.S).group(1)
    names = [_text(item) for item in re.findall(r"<li>(.*?)</li>", credits, re.S)]
    assert names[0] == "Ada Admin (4 changes)"
    assert "Priya Natarajan (2 changes)" in names
    assert "Merger" not in _text(credits), "a merge commit is not a change to credit"


def test_contributors_credits_everyone_who_asked_or_answered_a_published_question(hub_repo, tmp_path):
    snapshot = {
        "format": "openbook-questions", "version": 1,
        "source": {"api_url": "https://api.github.com", "repo": "larkspur-hq/openbook-hub"},
        "synced_at": "2026-09-01T00:00:00Z", "cursor": {},
        "questions": [
            _question(1, "<b>asker</b>", ["question"], [("larkspur-support", "MEMBER"), ("helper", "NONE")]),
            _question(2, "hidden-asker", ["question", "spam"], [("spam-answerer", "NONE")]),
        ],
    }
    (hub_repo.path / "data" / "questions.json").write_text(json.dumps(snapshot), encoding="utf-8")
    site = tmp_path / "site"
    build_hub(hub_repo.path / "mkdocs.yml", site)
    html = read_page(site, "contributors/")
    section = html.split('id="questions-and-answers"', 1)[1]
    assert "&lt;b&gt;asker&lt;/b&gt; (asked 1)" in _text(section)
    assert "larkspur-support (answered 1)" in _text(section)
    assert "helper (answered 1)" in _text(section)
    assert "spam-answerer" not in html and "hidden-asker" not in html


def _question(number, login, labels, comments):
    return {
        "number": number, "title": f"Question {number}", "body": "Body", "state": "open", "state_reason": None,
        "labels": labels, "locked": False, "author": {"login": login, "association": "NONE"},
        "created_at": "2026-08-01T00:00:00Z", "updated_at": "2026-08-02T00:00:00Z", "closed_at": None,
        "reactions": {}, "html_url": f"https://github.com/larkspur-hq/openbook-hub/issues/{number}",
        "comments": [
            {"id": number * 100 + i, "author": {"login": who, "association": assoc}, "body": "An answer",
             "created_at": f"2026-08-0{i + 2}T00:00:00Z", "updated_at": f"2026-08-0{i + 2}T00:00:00Z",
             "reactions": {}, "html_url": f"https://github.com/larkspur-hq/openbook-hub/issues/{number}#c{i}"}
            for i, (who, assoc) in enumerate(comments)
        ],
    }


def test_a_shallow_clone_warns_naming_the_fix_and_shows_no_dates(hub_repo, tmp_path):
    clone = tmp_path / "clone"
    hub_repo.git("clone", "-q", "--depth", "1", f"file://{hub_repo.path}", str(clone))

    strict = sitebuild.build(clone / "mkdocs.yml", tmp_path / "strict", strict=True)
    assert not strict.ok, "a shallow clone must fail `mkdocs build --strict`"
    assert any("shallow clone" in w and "fetch-depth: 0" in w for w in strict.warnings), strict.warnings

    lenient = sitebuild.build(clone / "mkdocs.yml", tmp_path / "lenient", strict=False)
    html = read_page(lenient.site_dir, "practices/support/")
    assert "openbook-history" not in html
    assert "article:modified_time" not in html
    assert "The change history is not available in this build" in read_page(lenient.site_dir, "changes/")


def test_page_history_can_be_turned_off(hub_repo, tmp_path):
    config = hub_repo.path / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  openbook:\n", "  openbook:\n    history:\n      enabled: false\n", 1),
                      encoding="utf-8")
    site = tmp_path / "site"
    build_hub(config, site)
    html = read_page(site, "practices/support/")
    assert "openbook-history" not in html and "article:modified_time" not in html
    assert not (site / "changes" / "feed.xml").exists()
    assert "not available" in read_page(site, "changes/")


def test_a_hub_built_outside_git_has_no_history_but_builds_cleanly(copy_hub, tmp_path):
    site = tmp_path / "site"
    build_hub(copy_hub / "mkdocs.yml", site)
    html = read_page(site, "practices/support/")
    assert "openbook-history" not in html
    assert "Reviewed on" in html


def test_each_practice_shows_when_and_by_whom_it_was_reviewed(hub_site):
    html = read_page(hub_site, "practices/security/")
    box = re.search(r'<div class="admonition info openbook-review" role="note">(.*?)</div>', html, re.S)
    assert box, "no review box on the security page"
    assert _text(box.group(1)) == ("Reviewed on 12 October 2026 by Security team (Amara Okafor). "
                                   "Next review due by 10 April 2027.")
    assert html.index("openbook-review") > html.index("</h1>"), "the review box sits under the title"


def test_an_overdue_practice_flags_itself(hub_site):
    html = read_page(hub_site, "practices/refunds/")
    box = re.search(r'<div class="admonition warning openbook-review openbook-review--overdue" role="note">(.*?)</div>',
                    html, re.S)
    assert box, "no overdue flag on the refunds page"
    assert _text(box.group(1)) == (
        "Review overdue Reviewed on 2 March 2026 by Finance team (Jonas Berg). The next review was due on "
        "29 August 2026, 33 days ago, so parts of this page may be out of date."
    )


def test_the_practices_index_lists_owner_last_review_next_review_and_status(hub_site):
    html = read_page(hub_site, "practices/")
    table = re.search(r'class="openbook-practices">.*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    rows = {_text(cells[0]): [_text(c) for c in cells[1:]]
            for cells in (re.findall(r"<td>(.*?)</td>", row, re.S) for row in re.findall(r"<tr>(.*?)</tr>", table, re.S))}
    assert rows["Refunds and cancellations"] == ["Finance team (Jonas Berg)", "2 March 2026", "29 August 2026",
                                                 "Overdue by 33 days"]
    assert rows["Security"][-1] == "Up to date"
    assert len(rows) == 5
    assert '<a href="refunds/">Refunds and cancellations</a>' in table
    assert "openbook:practices-table" not in html


def test_malformed_practices_front_matter_stops_the_build_naming_file_line_and_key(copy_hub, tmp_path):
    page = copy_hub / "docs" / "practices" / "refunds.md"
    page.write_text(page.read_text(encoding="utf-8").replace("owner: Finance team (Jonas Berg)\n", "ownr: Jonas\n"),
                    encoding="utf-8")
    result = sitebuild.build(copy_hub / "mkdocs.yml", tmp_path / "site", strict=True)
    assert result.error
    report = "\n".join(result.warnings)
    assert "docs/practices/refunds.md:4: ownr: unknown key" in report
    assert "docs/practices/refunds.md:1: owner: missing" in report


# The demo hub with the repository's own history: structure, not exact dates.


def test_demo_hub_practices_pages_show_their_history_from_this_repository(fixture_site):
    html = read_page(fixture_site, "practices/support/")
    block = _history_block(html)
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ">\d{1,2} \w+ \d{4}</time>', block)
    assert "https://github.com/larkspur-hq/openbook-hub/commits/main/docs/practices/support.md" in block
    assert re.search(r"\(\d+ changes?\)", _text(block))


def test_demo_hub_has_what_changed_its_feed_and_contributors_in_the_nav(fixture_site):
    home = read_page(fixture_site, "")
    assert 'href="changes/"' in home and 'href="contributors/"' in home
    assert "openbook-changes" in read_page(fixture_site, "changes/")
    ET.parse(fixture_site / "changes" / "feed.xml")
    assert "openbook-credits" in read_page(fixture_site, "contributors/")


def test_a_page_that_is_not_utf8_is_left_to_mkdocs_to_report_by_name(hub_repo, tmp_path, caplog):
    # Reading pages' front matter for "What changed" must not fail first, with no page named.
    (hub_repo.path / "docs" / "cafe.md").write_bytes(b"# Caf\xe9\n")
    with pytest.raises(UnicodeDecodeError):
        sitebuild.build(hub_repo.path / "mkdocs.yml", tmp_path / "site")
    assert "Error reading page 'cafe.md'" in caplog.text
