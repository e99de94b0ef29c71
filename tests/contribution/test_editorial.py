"""Editorial changes: a customer's typo fix that carries `Change-Type: editorial` passes the notice rule.

On the path a hub uses: a temporary hub repository whose practices need 30
days' notice, a branch checked by `openbook check --base main` and summarised
by `openbook review` through the command line, as the pull-request workflows
run them; then merged, built and checked on main.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from conftest import FIXTURE_NOW, build_hub, read_page
from gitrepo import CHANGE_DATE, GitRepo
from openbook import cli

# Each of these builds hubs; `python3 dev.py test --quick` leaves them out.
pytestmark = pytest.mark.slow

SUPPORT = "docs/practices/support.md"
TYPO = ("Everyone who answers", "Everybody who answers")
# After the base commit (2026-10-01), before today (FIXTURE_NOW, 2026-11-22).
LATER = "2026-11-21T10:00:00+00:00"
NEW_PRACTICE = (
    "---\ntitle: Accessibility\nowner: Web team (Sam Lee)\nlast_reviewed: 2026-11-01\n{effective}---\n\n"
    "# Accessibility\n\nWe test every release with a screen reader.\n"
)


@pytest.fixture
def hub(copy_hub, monkeypatch) -> GitRepo:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXTURE_NOW)
    config = copy_hub / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    rule = "    practices:\n      review_every: 180\n"
    assert rule in text
    # As in the demo: every practice needs 30 days' notice of a change.
    config.write_text(text.replace(rule, rule + "      notice_days: 30\n"), encoding="utf-8")
    repo = GitRepo.hub(copy_hub)
    repo.branch("typo")
    return repo


def check(hub: GitRepo, capsys, *args: str) -> tuple[int, list[dict]]:
    code = cli.main(["check", "-f", str(hub.config_file), *args, "--format", "json"])
    return code, json.loads(capsys.readouterr().out)["findings"]


def errors(findings: list[dict]) -> list[dict]:
    return [f for f in findings if f["level"] == "error"]


def fix_typo(hub: GitRepo, message: str) -> None:
    hub.replace(SUPPORT, *TYPO)
    hub.commit(message)


def test_a_typo_fix_declared_editorial_passes_the_gate(hub, capsys):
    fix_typo(hub, "Support: fix a word\n\nChange-Type: editorial")

    code, findings = check(hub, capsys, "--base", "main")

    assert code == cli.EXIT_OK, errors(findings)
    assert not [f for f in findings if f["rule"] == "practices.notice"]


def test_the_same_fix_without_the_trailer_fails_naming_both_ways_out(hub, capsys):
    fix_typo(hub, "Support: fix a word")

    code, findings = check(hub, capsys, "--base", "main")

    assert code == cli.EXIT_FAILED
    [finding] = [f for f in errors(findings) if f["rule"] == "practices.notice"]
    assert finding["file"] == SUPPORT
    message = finding["message"]
    assert "0 days' notice, but this page requires 30" in message
    assert "set `effective:` to 2026-12-22 or later" in message
    assert "declare it editorial with the trailer `Change-Type: editorial`" in message


def _second_commit(hub: GitRepo) -> None:
    fix_typo(hub, "Support: fix a word")
    hub.commit("Say what kind of change this is\n\nChange-Type: editorial")


def _merge_commit(hub: GitRepo) -> None:
    fix_typo(hub, "Support: fix a word")
    # main moves on; the contributor merges it in, and the merge's message declares the change.
    hub.git("checkout", "-q", "main")
    hub.commit("Home: a new sentence", write={"docs/index.md": hub.read("docs/index.md") + "\nWelcome.\n"})
    hub.git("checkout", "-q", "typo")
    hub.git("-c", "user.name=Bea", "-c", "user.email=bea@example.com", "merge", "-q", "--no-ff", "main",
            "-m", "Merge main into typo\n\nChange-Type: editorial",
            env={"GIT_AUTHOR_DATE": LATER, "GIT_COMMITTER_DATE": LATER})


def _squash_commit(hub: GitRepo) -> None:
    # GitHub's squash message: the pull request's title, its commits as a list, the trailers last.
    fix_typo(hub, "Support: fix a word (#12)\n\n* Support: fix a word\n\n* Tidy\n\n"
                  "Change-Type: editorial\nCo-authored-by: Bea <bea@example.com>")


@pytest.mark.parametrize("make", [
    pytest.param(lambda hub: fix_typo(hub, "support: fix a word\n\nchange-type: EDITORIAL"),
                 id="lowercase-key-upper-value"),
    pytest.param(_second_commit, id="in-a-second-commit"),
    pytest.param(_merge_commit, id="in-a-merge-commit"),
    pytest.param(_squash_commit, id="in-a-squash-commit"),
])
def test_the_trailer_counts_in_any_case_and_on_any_commit_of_the_change(hub, capsys, make):
    make(hub)

    code, findings = check(hub, capsys, "--base", "main")

    assert code == cli.EXIT_OK, errors(findings)


@pytest.mark.parametrize("message", [
    pytest.param("Support: fix a word\n\nChange-Type: editorial\n\nThe rest of the message.",
                 id="a-middle-paragraph"),
    pytest.param("Support: fix a word\n\nWe think that this is\nChange-Type: editorial",
                 id="inside-a-paragraph-of-prose"),
    pytest.param("Change-Type: editorial", id="the-subject-line"),
    pytest.param("Support: fix a word\n\nChange-Type: editorial, mostly", id="a-value-that-is-not-editorial"),
])
def test_a_line_that_only_looks_like_the_declaration_does_not_count(hub, capsys, message):
    fix_typo(hub, message)

    code, findings = check(hub, capsys, "--base", "main")

    assert code == cli.EXIT_FAILED
    assert [f["file"] for f in errors(findings) if f["rule"] == "practices.notice"] == [SUPPORT]


def test_a_new_practice_page_needs_no_notice(hub, capsys):
    hub.commit("Practices: accessibility", write={"docs/practices/accessibility.md": NEW_PRACTICE.format(effective="")})

    code, findings = check(hub, capsys, "--base", "main")

    assert code == cli.EXIT_OK, errors(findings)


def test_a_new_practice_page_that_applies_later_is_judged_by_the_notice_rule(hub, capsys):
    page = NEW_PRACTICE.format(effective="effective: 2026-12-02\n")
    hub.commit("Practices: accessibility", write={"docs/practices/accessibility.md": page})

    code, findings = check(hub, capsys, "--base", "main")

    assert code == cli.EXIT_FAILED
    [finding] = [f for f in errors(findings) if f["rule"] == "practices.notice"]
    assert finding["file"] == "docs/practices/accessibility.md" and finding["line"] == 5
    assert "10 days' notice, but this page requires 30" in finding["message"]


def test_a_moved_practice_page_is_a_change_of_its_versions_not_a_new_page(hub, capsys):
    hub.replace("docs/practices/refunds.md", "Leaving should be as easy as joining.", "Leaving costs a fee of £5.")
    hub.commit("Refunds: a fee, under a new name", move={"docs/practices/refunds.md": "docs/practices/leaving.md"})

    code, findings = check(hub, capsys, "--base", "main")

    assert code == cli.EXIT_FAILED
    [finding] = [f for f in errors(findings) if f["rule"] == "practices.notice"]
    assert finding["file"] == "docs/practices/leaving.md" and "0 days' notice" in finding["message"]


def test_the_review_says_the_change_is_declared_editorial(hub, capsys):
    fix_typo(hub, "Support: fix a word\n\nChange-Type: editorial")

    assert cli.main(["review", "-f", str(hub.config_file), "--base", "main"]) == cli.EXIT_OK
    out = capsys.readouterr().out

    sentence = "declared editorial: applies at once, with no notice; reviewers, confirm that it changes no commitment"
    assert ("**📝 Editorial change:** a commit carries the trailer `Change-Type: editorial`, "
            f"so this change is {sentence}.") in out
    assert f"  - {sentence}\n" in out  # under the practice it changes
    assert "days' notice, minimum 30" not in out
    assert "Check fails" not in out


def test_without_the_trailer_the_review_gives_the_notice_and_no_editorial_claim(hub, capsys):
    fix_typo(hub, "Support: fix a word")

    assert cli.main(["review", "-f", str(hub.config_file), "--base", "main"]) == cli.EXIT_OK
    out = capsys.readouterr().out

    assert "declared editorial" not in out
    assert "Support and response times: changes from 2026-11-22, 0 days' notice, minimum 30 (too little notice)" in out


def _rows(site: Path, page: str) -> dict[str, tuple[str, list[str]]]:
    """Each row of a page's versions table: its heading cell's text -> (its Change cell's text, that cell's links)."""
    tree = HTMLParser(read_page(site, f"{page}/versions/"))
    rows = {}
    for row in tree.css(".openbook-versions tbody tr"):
        change = row.css("td")[2]
        rows[" ".join(row.css_first("th").text().split())] = (
            " ".join(change.text().split()), [a.attributes.get("href") for a in change.css("a")])
    return rows


def test_after_merge_the_versions_page_marks_the_editorial_version_and_main_checks_clean(hub, capsys, tmp_path):
    fix_typo(hub, "Support: fix a word\n\nChange-Type: editorial")
    hub.git("checkout", "-q", "main")
    hub.git("-c", "user.name=Ada", "-c", "user.email=ada@example.com", "merge", "-q", "--no-ff", "typo",
            "-m", "Merge pull request #12 from bea/typo", env={"GIT_AUTHOR_DATE": LATER, "GIT_COMMITTER_DATE": LATER})
    # A change of substance after it, squash-merged without the trailer (in force at once, no notice rule then).
    hub.replace(SUPPORT, "there is no\noutsourced first line", "there is an\noutsourced first line at night")
    hub.commit("Support: night cover (#13)", LATER)

    code, findings = check(hub, capsys)
    assert code == cli.EXIT_OK, errors(findings)
    assert not [f for f in findings if f["rule"] == "practices.notice"]

    site = tmp_path / "site"
    build_hub(hub.config_file, site)
    rows = _rows(site, "practices/support")
    assert set(rows) == {"Version 1", "Version 2", "Version 3 (in force)"}
    text, links = rows["Version 2"]
    assert "compare with version 1" in text and "Editorial change" in text
    assert links == ["2/changes/"]
    # The mark sits beside the comparison, after its link.
    assert text.index("Editorial change") > text.index("compare with version 1")
    assert "Editorial change" not in rows["Version 3 (in force)"][0]
    assert "Editorial change" not in rows["Version 1"][0]
    comparison = HTMLParser(read_page(site, "practices/support/versions/2/changes/"))
    assert "Editorial change" in comparison.css_first(".openbook-comparison__editorial").text()
    assert comparison.css(".openbook-comparison ins")[0].text(strip=True).endswith("Everybody")
    assert HTMLParser(read_page(site, "practices/support/versions/3/changes/")).css(
        ".openbook-comparison__editorial") == []


REFUNDS = "docs/practices/refunds.md"
ANNOUNCED = "2026-11-01T10:00:00+00:00"
AMEND_ENV = {"GIT_AUTHOR_DATE": LATER, "GIT_COMMITTER_DATE": LATER}


def test_check_on_the_branch_judges_its_history_and_a_commit_with_the_trailer_is_editorial(hub, capsys):
    hub.git("checkout", "-q", "main")
    # A fee announced on 2026-11-01 for 2026-12-10: 39 days' notice, enough.
    hub.replace(REFUNDS, "review_every: 180\n", "review_every: 180\neffective: 2026-12-10\n")
    hub.replace(REFUNDS, "Leaving should be as easy as joining.", "Leaving costs a fee of £5.")
    hub.commit("Refunds: a cancellation fee", ANNOUNCED)
    # A typo in the announced text, fixed on 2026-11-21: as a new version, it gives 19 days.
    hub.replace(REFUNDS, "costs a fee", "carries a fee")
    hub.commit("Refunds: a clearer word", LATER)

    code, findings = check(hub, capsys)

    assert code == cli.EXIT_FAILED
    [finding] = [f for f in errors(findings) if f["rule"] == "practices.notice"]
    assert finding["file"] == REFUNDS and "19 days' notice, but this page requires 30" in finding["message"]
    assert "`Change-Type: editorial`" in finding["message"]

    hub.git("-c", "user.name=Ada", "-c", "user.email=ada@example.com", "commit", "-q", "--amend", "-m",
            "Refunds: a clearer word\n\nChange-Type: editorial", env=AMEND_ENV)
    code, findings = check(hub, capsys)

    assert code == cli.EXIT_OK, errors(findings)


def test_a_comparison_from_the_cache_gets_the_mark_when_the_claim_is_added(hub, tmp_path):
    hub.git("checkout", "-q", "main")
    fix_typo(hub, "Support: fix a word")
    site = tmp_path / "site"
    build_hub(hub.config_file, site)
    page = "practices/support/versions/2/changes/"
    assert HTMLParser(read_page(site, page)).css(".openbook-comparison__editorial") == []
    assert (hub.root / ".cache" / "openbook" / "versions.json").is_file()

    # The same text at the same date, now declared editorial (amended before it was pushed, say).
    hub.git("-c", "user.name=Ada", "-c", "user.email=ada@example.com", "commit", "-q", "--amend", "-m",
            "Support: fix a word\n\nChange-Type: editorial",
            env={"GIT_AUTHOR_DATE": CHANGE_DATE, "GIT_COMMITTER_DATE": CHANGE_DATE})
    build_hub(hub.config_file, site)

    assert HTMLParser(read_page(site, page)).css(".openbook-comparison__editorial") != []
    assert "Editorial change" in _rows(site, "practices/support")["Version 2 (in force)"][0]


def test_a_hub_made_by_openbook_new_takes_an_editorial_fix_through_its_gate(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXTURE_NOW)
    target = tmp_path / "acme"
    made = cli.main(["new", str(target), "--company", "Acme Tools Ltd", "--repo", "acme-tools/open-book"])
    assert made == cli.EXIT_OK
    capsys.readouterr()
    config = target / "mkdocs.yml"
    rule = "    pricing:\n      min_notice_days: 30\n"
    assert rule in config.read_text(encoding="utf-8")
    text = config.read_text(encoding="utf-8").replace(rule, rule + "    practices:\n      notice_days: 30\n")
    config.write_text(text, encoding="utf-8")
    acme = GitRepo(target)
    acme.commit("A new Open Book", "2026-10-01T10:00:00+00:00")
    acme.branch("typo")
    acme.replace("docs/practices/support.md", "and what happened", "and what happened instead")

    acme.commit("Support: a clearer sentence")
    code, findings = check(acme, capsys, "--base", "main")
    assert code == cli.EXIT_FAILED
    assert [f["file"] for f in errors(findings) if f["rule"] == "practices.notice"] == ["docs/practices/support.md"]

    acme.git("-c", "user.name=Bea", "-c", "user.email=bea@example.com", "commit", "-q", "--amend", "-m",
             "Support: a clearer sentence\n\nChange-Type: editorial", env=AMEND_ENV)
    code, findings = check(acme, capsys, "--base", "main")
    assert code == cli.EXIT_OK, errors(findings)


def test_a_change_cannot_lower_its_own_pages_notice_days_through_the_gate(copy_hub, monkeypatch, capsys):
    # The page, not the hub, asks 30 days' notice: a rule like any other, so the base's value holds.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXTURE_NOW)
    page = copy_hub / SUPPORT
    page.write_text(page.read_text(encoding="utf-8").replace("---\n", "---\nnotice_days: 30\n", 1), encoding="utf-8")
    repo = GitRepo.hub(copy_hub)
    repo.branch("lower-the-bar")
    repo.replace(SUPPORT, "notice_days: 30\n", "notice_days: 0\n")
    fix_typo(repo, "Support: fix a word, and need no notice for it")

    code, findings = check(repo, capsys, "--base", "main")

    assert code == cli.EXIT_FAILED
    [finding] = [f for f in errors(findings) if f["rule"] == "practices.notice"]
    assert "but this page requires 30" in finding["message"]
