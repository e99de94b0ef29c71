"""When each price change was published, from the git history of data/pricing.yml (temp repos, fixed dates)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from gitrepo import GitRepo

from openbook.pricing import history as pricing_history, model as pricing

HEAD = """\
currencies: [GBP]
plans:
  - id: pro
    name: Pro
    description: For teams.
    audience: Teams
    since: 2024-01-01
    prices:
      GBP: {monthly: 20, yearly: 200}
changes:
"""


def _read(root: Path, path: str, *, ref: str | None = None) -> pricing_history.PricingHistory:
    """Price history from one git pass over `root` up to `ref`, as check and the build read it."""
    from openbook.history import gitlog

    try:
        log = gitlog.open_log(Path(root), ref)
    except gitlog.Unavailable:
        return pricing_history.PricingHistory()
    try:
        return pricing_history.from_log(log, Path(root), path)
    finally:
        log.close()


def change(change_id: str, effective: str, monthly: int) -> str:
    return (f"  - id: {change_id}\n    effective: {effective}\n    reason: Costs.\n    prices:\n"
            f"      pro:\n        GBP: {{monthly: {monthly}}}\n")


def commit(repo: GitRepo, path: str, text: str, when: str, author: str = "Staff",
           message: str = "Update prices") -> None:
    repo.commit(message, when, author=author, email="a@example.com", write={path: text})


def dated(when: str) -> dict[str, str]:
    return {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}


@pytest.fixture
def repo(tmp_path) -> GitRepo:
    return GitRepo(tmp_path / "repo", author="Staff", email="a@example.com")


def test_each_change_is_published_by_the_first_commit_that_contains_it(repo):
    commit(repo, "data/pricing.yml", HEAD + change("a", "2025-01-01", 22), "2024-11-01T09:00:00+00:00", "Ana")
    commit(repo, "data/pricing.yml", HEAD + change("a", "2025-01-01", 22) + change("b", "2026-06-01", 25),
           "2026-04-15T09:00:00+00:00", "Ben")
    # A later edit of a published change does not move its publication.
    commit(repo, "data/pricing.yml", HEAD + change("a", "2025-01-01", 23) + change("b", "2026-06-01", 25),
           "2026-05-01T09:00:00+00:00", "Cy")
    history = _read(repo.root, "data/pricing.yml")
    assert history.tracked and not history.shallow
    assert history.publications["a"].date == date(2024, 11, 1)
    assert history.publications["a"].author == "Ana"
    assert history.publications["b"].date == date(2026, 4, 15)
    assert history.publications["b"].author == "Ben"
    sha = repo.git("rev-list", "--max-count=1", "--skip=1", "HEAD").strip()
    assert history.publications["b"].commit == sha


def test_the_publication_date_is_the_utc_date_of_the_commit(repo):
    commit(repo, "data/pricing.yml", HEAD + change("a", "2025-01-01", 22), "2024-11-01T23:30:00-05:00")
    assert _read(repo.root, "data/pricing.yml").publications["a"].date == date(2024, 11, 2)


def test_history_follows_a_rename_of_the_pricing_file(repo):
    commit(repo, "prices.yml", HEAD + change("a", "2025-01-01", 22), "2024-11-01T09:00:00+00:00")
    (repo.root / "data").mkdir()
    repo.commit("Move", "2026-02-01T09:00:00+00:00", move={"prices.yml": "data/pricing.yml"})
    history = _read(repo.root, "data/pricing.yml")
    assert history.publications["a"].date == date(2024, 11, 1)


def test_a_merged_pull_request_is_published_when_merged_not_when_written(repo):
    commit(repo, "data/pricing.yml", HEAD, "2026-01-01T09:00:00+00:00")
    repo.git("checkout", "-q", "-b", "raise")
    commit(repo, "data/pricing.yml", HEAD + change("late", "2026-04-01", 25), "2026-01-05T09:00:00+00:00", "Contributor")
    repo.git("checkout", "-q", "main")
    repo.git("-c", "user.name=Maintainer", "-c", "user.email=a@example.com", "merge", "-q", "--no-ff", "raise",
             "-m", "Merge the price rise", env=dated("2026-03-20T09:00:00+00:00"))
    publication = _read(repo.root, "data/pricing.yml").publications["late"]
    assert publication.date == date(2026, 3, 20)
    assert publication.author == "Maintainer"


def test_against_a_base_ref_a_change_the_base_lacks_is_unpublished(repo):
    commit(repo, "data/pricing.yml", HEAD + change("a", "2025-01-01", 22), "2024-11-01T09:00:00+00:00")
    repo.git("branch", "base")
    commit(repo, "data/pricing.yml", HEAD + change("a", "2025-01-01", 22) + change("b", "2027-01-01", 25),
           "2026-11-01T09:00:00+00:00")
    history = _read(repo.root, "data/pricing.yml", ref="base")
    assert set(history.publications) == {"a"}


def test_an_uncommitted_change_has_no_publication(repo):
    commit(repo, "data/pricing.yml", HEAD + change("a", "2025-01-01", 22), "2024-11-01T09:00:00+00:00")
    (repo.root / "data" / "pricing.yml").write_text(HEAD + change("a", "2025-01-01", 22) + change("new", "2027-01-01", 25))
    assert "new" not in _read(repo.root, "data/pricing.yml").publications


def test_a_version_that_did_not_parse_publishes_nothing(repo):
    commit(repo, "data/pricing.yml", HEAD + change("a", "2025-01-01", 22) + "  - {broken\n", "2024-11-01T09:00:00+00:00")
    commit(repo, "data/pricing.yml", HEAD + change("a", "2025-01-01", 22), "2024-12-01T09:00:00+00:00")
    assert _read(repo.root, "data/pricing.yml").publications["a"].date == date(2024, 12, 1)


def test_outside_git_or_before_the_first_commit_there_is_no_history(tmp_path, repo):
    (tmp_path / "plain").mkdir()
    assert _read(tmp_path / "plain", "data/pricing.yml") == pricing_history.PricingHistory()
    (repo.root / "data").mkdir()
    (repo.root / "data" / "pricing.yml").write_text(HEAD)
    history = _read(repo.root, "data/pricing.yml")
    assert not history.tracked and history.publications == {}


def test_a_shallow_clone_is_reported(repo, tmp_path):
    commit(repo, "data/pricing.yml", HEAD + change("a", "2025-01-01", 22), "2024-11-01T09:00:00+00:00")
    commit(repo, "data/pricing.yml", HEAD + change("a", "2025-01-01", 22) + change("b", "2027-01-01", 25),
           "2026-11-01T09:00:00+00:00")
    clone = tmp_path / "clone"
    repo.git("clone", "-q", "--depth=1", f"file://{repo.root}", str(clone))
    history = _read(clone, "data/pricing.yml")
    assert history.shallow


# --- a published change edited later: notice counts from when its current prices were first stated ---


def notice_publications(repo: GitRepo, text: str) -> dict[str, pricing.Publication]:
    history = _read(repo.root, "data/pricing.yml")
    return pricing.current_publications(pricing.parse(text), history.publications, history.stated)


def test_raising_a_published_rise_further_counts_its_notice_from_the_edit(repo):
    commit(repo, "data/pricing.yml", HEAD + change("rise", "2026-06-01", 25), "2026-01-10T09:00:00+00:00")
    edited = HEAD + change("rise", "2026-06-01", 30)
    commit(repo, "data/pricing.yml", edited, "2026-05-20T09:00:00+00:00", "Editor")
    publication = notice_publications(repo, edited)["rise"]
    assert (publication.date, publication.author) == (date(2026, 5, 20), "Editor")


def test_bringing_a_published_rise_forward_counts_its_notice_from_the_edit(repo):
    commit(repo, "data/pricing.yml", HEAD + change("rise", "2026-06-01", 25), "2026-01-10T09:00:00+00:00")
    edited = HEAD + change("rise", "2026-05-25", 25)
    commit(repo, "data/pricing.yml", edited, "2026-05-20T09:00:00+00:00")
    assert notice_publications(repo, edited)["rise"].date == date(2026, 5, 20)


def test_lowering_or_postponing_a_published_rise_keeps_its_first_publication(repo):
    commit(repo, "data/pricing.yml", HEAD + change("rise", "2026-06-01", 25), "2026-01-10T09:00:00+00:00")
    edited = HEAD + change("rise", "2026-07-01", 24)
    commit(repo, "data/pricing.yml", edited, "2026-05-20T09:00:00+00:00")
    assert notice_publications(repo, edited)["rise"].date == date(2026, 1, 10)


def test_an_uncommitted_edit_raising_a_published_rise_is_unpublished(repo):
    commit(repo, "data/pricing.yml", HEAD + change("rise", "2026-06-01", 25), "2026-01-10T09:00:00+00:00")
    edited = HEAD + change("rise", "2026-06-01", 30)
    (repo.root / "data" / "pricing.yml").write_text(edited, encoding="utf-8")
    assert "rise" not in notice_publications(repo, edited)


def test_a_version_broken_outside_its_changes_publishes_them_once_fixed(repo):
    text = HEAD + change("a", "2025-01-01", 22)
    commit(repo, "data/pricing.yml", text.replace("name: Pro", "name: [Pro"), "2024-11-01T09:00:00+00:00")
    commit(repo, "data/pricing.yml", text, "2024-12-01T09:00:00+00:00")
    assert _read(repo.root, "data/pricing.yml").publications["a"].date == date(2024, 12, 1)


def test_a_version_with_a_date_that_does_not_exist_publishes_nothing_until_fixed(repo):
    good = HEAD + change("a", "2025-01-01", 22) + change("b", "2025-06-01", 23)
    commit(repo, "data/pricing.yml", good.replace("2025-06-01", "2025-13-01"), "2024-11-01T09:00:00+00:00")
    commit(repo, "data/pricing.yml", good, "2024-12-01T09:00:00+00:00")
    publications = _read(repo.root, "data/pricing.yml").publications
    assert (publications["a"].date, publications["b"].date) == (date(2024, 12, 1), date(2024, 12, 1))
