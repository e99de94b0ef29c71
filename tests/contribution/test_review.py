"""`openbook review`: the reviewer's summary of a change, read from git, safe to post as a PR comment."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest

from gitrepo import GitRepo
from openbook import cli
from openbook.contribution.review import code, md, section_changes, sections

# Each of these builds hubs; `python3 dev.py test --quick` leaves them out.
pytestmark = pytest.mark.slow

TODAY = datetime(2026, 11, 21, 12, 0, tzinfo=timezone.utc)

PRICE_RISE = """
  - id: 2026-starter-rise
    effective: {effective}
    reason: >-
      Card fees went up.
    prices:
      starter:
        GBP: {{monthly: 15}}
        EUR: {{monthly: 16}}
"""


@pytest.fixture
def hub(copy_hub, monkeypatch) -> GitRepo:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(TODAY.timestamp())))
    repo = GitRepo.hub(copy_hub)
    repo.branch("proposal")
    return repo


def review(hub: GitRepo, capsys, *args: str) -> str:
    code_ = cli.main(["review", "-f", str(hub.config_file), "--base", "main", *args])
    captured = capsys.readouterr()
    assert code_ == cli.EXIT_OK, captured.err
    return captured.out


def test_a_price_rise_is_described_in_words_with_its_notice(hub, capsys):
    hub.write("data/pricing.yml", hub.read("data/pricing.yml") + PRICE_RISE.format(effective="2027-01-01"))
    hub.commit("Raise Starter monthly")

    out = review(hub, capsys)

    assert "- Starter, monthly, GBP: 12 → 15 from 2027-01-01 (41 days' notice; the minimum is 30)" in out
    assert "- Starter, monthly, EUR: 14 → 16 from 2027-01-01 (41 days' notice; the minimum is 30)" in out
    assert "short notice" not in out.lower()


def test_a_price_rise_with_short_notice_is_called_out(hub, capsys):
    # Changes are kept oldest first, so this one goes before the 2027 change.
    hub.replace("data/pricing.yml", "\n  - id: 2027-team-business", PRICE_RISE.format(effective="2026-12-11") + "\n  - id: 2027-team-business")
    hub.commit("Raise Starter monthly soon")

    out = review(hub, capsys)

    assert "**⚠️ Short notice:** 2 price rises give less notice than the minimum." in out
    assert "- ⚠️ short notice: Starter, monthly, GBP: 12 → 15 from 2026-12-11 (20 days' notice; the minimum is 30)" in out
    assert "- Prices: 2 changes, 2 with short notice" in out


def test_the_notice_minimum_is_the_bases_so_a_change_cannot_relax_it_for_itself(hub, capsys):
    hub.replace("data/pricing.yml", "\n  - id: 2027-team-business", PRICE_RISE.format(effective="2026-12-11") + "\n  - id: 2027-team-business")
    hub.replace("mkdocs.yml", "min_notice_days: 30", "min_notice_days: 7")
    hub.commit("Raise prices and relax the rule")

    out = review(hub, capsys)

    assert "(20 days' notice; the minimum is 30)" in out
    assert "- `extra.openbook.pricing.min_notice_days`: `30` → `7`" in out


def test_broken_pricing_data_is_reported_not_crashed_on(hub, capsys):
    hub.replace("data/pricing.yml", "currencies: [GBP, EUR]", "currencies: [GBP, EURO]")
    hub.commit("Typo")

    out = review(hub, capsys)

    assert "- ❌ pricing data: head: data/pricing.yml" in out


def test_a_practices_edit_shows_owner_and_review_dates(hub, capsys):
    hub.replace("docs/practices/support.md", "owner: Support team (Priya Natarajan)", "owner: Customer team (Sam Lee)")
    hub.replace("docs/practices/support.md", "last_reviewed: 2026-09-14", "last_reviewed: 2026-11-20")
    hub.replace("docs/practices/support.md", "## When we are working", "## When we are working\n\nNew sentence.")
    hub.commit("New support owner")

    out = review(hub, capsys)

    assert "- `practices/support.md`: Support and response times" in out
    assert "  - owner: Support team (Priya Natarajan) → Customer team (Sam Lee)" in out
    assert "  - last reviewed: 2026-09-14 → 2026-11-20" in out
    assert "  - next review: 2027-03-13 → 2027-05-19" in out
    assert "- changed `docs/practices/support.md`: Support and response times" in out
    assert "  - sections: changed “(front matter: title, description, tags…)”, changed “When we are working”" in out


def test_pages_added_and_removed_are_listed_with_their_sections(hub, capsys):
    hub.write("docs/faq.md", "---\ntitle: FAQ\n---\n\n# FAQ\n\n## Billing\n\nText.\n")
    (hub.root / "docs/practices/customer-input.md").unlink()
    hub.commit("Add a FAQ, drop a page")

    out = review(hub, capsys)

    assert "- Pages: 1 added, 0 changed, 1 removed" in out
    assert "- added `docs/faq.md`: FAQ" in out
    assert "“Billing”" in out
    assert "- removed `docs/practices/customer-input.md`: How customer input shapes decisions" in out
    assert "  - removed (owner was Product team (Elena Rossi))" in out


def test_a_renamed_page_is_listed_once_with_where_it_came_from(hub, capsys):
    hub.git("mv", "docs/practices/security.md", "docs/practices/keeping-data-safe.md")
    hub.commit("Rename the security page")

    out = review(hub, capsys)

    assert "- Pages: 0 added, 1 changed, 0 removed" in out
    assert "- renamed `docs/practices/keeping-data-safe.md` (from `docs/practices/security.md`): Security" in out
    pages = out.split("### Pages", 1)[1].split("###", 1)[0]
    assert pages.count("security.md") == 1
    # Its links now point nowhere, and the review says so as check does.
    assert "Doc file 'contributing.md' contains a link 'practices/security.md'" in out
    assert "- renamed `docs/practices/keeping-data-safe.md` (from `docs/practices/security.md`): practices" in out
    assert "  - text only; owner, review dates unchanged" in out


def test_questions_settings_changes_are_listed(hub, capsys):
    hub.replace("mkdocs.yml", "publish_labels: [question]", "publish_labels: [question, faq]")
    hub.replace("mkdocs.yml", "staff_logins: [larkspur-support]", "staff_logins: [larkspur-support]\n      redact_phones: true")
    hub.commit("Publish FAQ-labelled issues")

    out = review(hub, capsys)

    assert '- `extra.openbook.questions.publish_labels`: `["question"]` → `["question", "faq"]`' in out
    assert "- `extra.openbook.questions.redact_phones`: added, `true`" in out
    assert "- Code or configuration: yes, 1 file" in out


def test_risky_html_and_a_hooks_edit_are_flagged(hub, capsys):
    hub.replace("docs/contributing.md", "## What happens next", "<iframe src=https://evil.example></iframe>\n\n## What happens next")
    hub.write("hooks/engine.py", hub.read("hooks/engine.py") + "\n# tweak\n")
    hub.commit("Embed a video")

    out = review(hub, capsys)

    assert "**⚠️ This change touches code or configuration** (1 file)." in out
    assert "**❌ Check fails:** 2 findings that must be fixed before merging (see below)." in out
    # The built page is the judge: an iframe, and a resource from another host.
    assert re.search(r"- ❌ `docs/contributing\.md:\d+`: page contributing/ would publish an element that loads another document", out)
    assert re.search(r"- ❌ `docs/contributing\.md:\d+`: page contributing/ would publish a resource from another host", out)
    assert "- `hooks/engine.py`" in out


def test_a_quiet_change_says_there_is_nothing_to_worry_about(hub, capsys):
    hub.replace("docs/contributing.md", "That's it: you are done.", "That's it: you're done.")
    hub.commit("Wording")

    out = review(hub, capsys)

    assert "❌" not in out and "touches code" not in out
    assert "- Findings: 0 errors" in out
    assert "- Code or configuration: no" in out


def test_untrusted_names_headings_and_subjects_cannot_inject_markdown(hub, capsys):
    evil = "<img src=x onerror=alert(1)> @octocat ![t](https://t.example/p.png) [x](https://e.example) fixes #1"
    hub.write("docs/a`b|c.md", f"# {evil}\n\n## {evil}\n\nText.\n")
    hub.commit(f"Subject {evil}")

    out = review(hub, capsys)

    assert "<img" not in out and "<" not in out.replace("&lt;", "")
    assert "@octocat" not in out and "@&#8203;octocat" in out
    assert "![" not in out and not re.search(r"(?<!\\)\]\(", out)
    assert "#1" not in out
    assert "``docs/a`b¦c.md``" in out


def test_unknown_refs_are_a_usage_error(hub, capsys):
    code_ = cli.main(["review", "-f", str(hub.config_file), "--base", "origin/nope"])

    assert code_ == cli.EXIT_USAGE
    assert "unknown git ref 'origin/nope'" in capsys.readouterr().err


def test_a_config_file_that_git_has_at_neither_ref_is_a_usage_error(hub, capsys):
    code_ = cli.main(["review", "-f", str(hub.root / "mkdock.yml"), "--base", "main"])

    assert code_ == cli.EXIT_USAGE
    assert capsys.readouterr().err.strip() == (
        f"openbook review: {hub.root / 'mkdock.yml'} is in the repository neither at 'main' nor at 'HEAD'; "
        "pass the hub's mkdocs.yml with --config-file"
    )


def test_review_reads_git_only_so_uncommitted_edits_are_not_in_it(hub, capsys):
    hub.write("docs/draft.md", "# Draft\n")

    out = review(hub, capsys)

    assert "draft" not in out


# --- the pure pieces -----------------------------------------------------------------


def test_sections_follow_headings_and_ignore_headings_in_code():
    text = "---\ntitle: T\n---\n\nIntro\n\n# T\n\n## A {#a}\n\n```\n# not a heading\n```\n\n## A\n"

    assert list(sections(text)) == ["(front matter: title, description, tags…)", "(top of the page)", "T", "A", "A (2)"]


def test_section_changes_name_added_changed_and_removed_sections():
    before = "# T\n\n## Keep\n\nx\n\n## Change\n\nold\n\n## Drop\n\ny\n"
    after = "# T\n\n## Keep\n\nx\n\n## Change\n\nnew\n\n## New\n\nz\n"

    assert [(s.heading, s.status) for s in section_changes(before, after)] == [
        ("Change", "changed"), ("New", "added"), ("Drop", "removed"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("**bold** _it_", r"\*\*bold\*\* \_it\_"),
        ("<b>&</b>", "&lt;b&gt;&amp;&lt;/b&gt;"),
        ("@team please", "@&#8203;team please"),
        ("see #42", r"see \#&#8203;42"),
        ("1. first", r"1\. first"),
        ("line\nbreak\x1b[2J", r"line break\[2J"),
    ],
)
def test_md_neutralises_plain_text(text, expected):
    assert md(text) == expected


def test_code_spans_survive_backticks():
    assert code("a`b") == "``a`b``"
    assert code("`x`") == "`` `x` ``"


def test_a_practice_change_says_when_it_applies_and_how_much_notice_it_gives():
    from datetime import date

    from openbook.contribution import review

    before = ("---\nowner: Finance team\nlast_reviewed: 2026-03-02\nnotice_days: 30\n---\n# Refunds\n\n"
              "No fees.\n")
    after = before.replace("notice_days: 30\n", "notice_days: 30\neffective: 2027-01-01\n").replace(
        "No fees.", "A fee of £5.")
    change = review.practice_change("practices/refunds.md", "modified", before, after, default_review_every=365,
                                    today=date(2026, 11, 21))
    assert "Refunds: changes from 2027-01-01, 41 days' notice, minimum 30" in change.details
    # A lower notice_days in the change itself does not lower the minimum it is judged by.
    cheaper = after.replace("notice_days: 30\n", "notice_days: 0\n").replace("2027-01-01", "2026-11-25")
    change = review.practice_change("practices/refunds.md", "modified", before, cheaper, default_review_every=365,
                                    today=date(2026, 11, 21))
    assert "Refunds: changes from 2026-11-25, 4 days' notice, minimum 30 (too little notice)" in change.details
