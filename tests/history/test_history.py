"""Page history from one git pass: dates, contributors, renames, .mailmap and shallow clones."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from gitrepo import GitRepo

from openbook.history import gitlog as history


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


@pytest.fixture
def repo(tmp_path) -> GitRepo:
    return GitRepo(tmp_path / "repo")


def test_each_file_gets_its_last_change_and_contributors_with_their_number_of_changes(repo):
    repo.commit("Write support", "2026-01-05T10:00:00", write={"docs/support.md": "one"})
    repo.commit("Write refunds", "2026-02-01T09:00:00", author="Ben Berg", email="ben@example.com",
                write={"docs/refunds.md": "one"})
    repo.commit("Faster replies", "2026-03-10T12:30:00", author="Ben Berg", email="ben@example.com",
                write={"docs/support.md": "two"})
    repo.commit("Typo", "2026-04-01T08:00:00", author="Ben Berg", email="ben@example.com",
                write={"docs/support.md": "three"})

    found, top = history.read(repo.path)

    assert top == repo.path.resolve()
    support = found.of("docs/support.md")
    assert support.updated == utc("2026-04-01T08:00:00")
    assert support.contributors == [history.Contributor("Ben Berg", 2), history.Contributor("Ada Admin", 1)]
    assert found.of("docs/refunds.md").updated == utc("2026-02-01T09:00:00")
    assert [e.commit.subject for e in found.entries] == ["Typo", "Faster replies", "Write refunds", "Write support"]


def test_a_renamed_page_keeps_its_history_under_its_new_name(repo):
    repo.commit("Add", "2026-01-01T00:00:00", write={"docs/old.md": "a long enough page body\n" * 5})
    repo.commit("Edit", "2026-02-01T00:00:00", author="Cleo", email="cleo@example.com",
                write={"docs/old.md": "a long enough page body\n" * 5 + "more\n"})
    repo.commit("Move", "2026-03-01T00:00:00", move={"docs/old.md": "docs/practices/new.md"})

    found, _ = history.read(repo.path)

    moved = found.of("docs/practices/new.md")
    assert [c.subject for c in moved.commits] == ["Move", "Edit", "Add"]
    assert moved.contributors == [history.Contributor("Ada Admin", 2), history.Contributor("Cleo", 1)]
    assert found.of("docs/old.md") is None


def test_a_page_deleted_and_written_again_does_not_inherit_the_old_pages_history(repo):
    repo.commit("First life", "2026-01-01T00:00:00", write={"docs/faq.md": "old"})
    repo.commit("Remove", "2026-02-01T00:00:00", delete=["docs/faq.md"])
    repo.commit("Second life", "2026-03-01T00:00:00", author="Dev", email="dev@example.com",
                write={"docs/faq.md": "new and different"})

    found, _ = history.read(repo.path)

    assert [c.subject for c in found.of("docs/faq.md").commits] == ["Second life"]


def test_mailmap_merges_one_persons_identities_under_their_canonical_name(repo):
    repo.commit("Mailmap", "2026-01-01T00:00:00",
                write={".mailmap": "Ada Lovelace <ada@example.com>\nAda Lovelace <ada@example.com> <ada@old.example>\n"})
    repo.commit("One", "2026-01-02T00:00:00", author="ada", email="ada@old.example", write={"docs/a.md": "1"})
    repo.commit("Two", "2026-01-03T00:00:00", author="Ada Admin", email="ada@example.com", write={"docs/a.md": "2"})

    found, _ = history.read(repo.path)

    assert found.of("docs/a.md").contributors == [history.Contributor("Ada Lovelace", 2)]


def test_file_names_with_spaces_tabs_and_unicode_are_read_exactly(repo):
    name = "docs/prices\tand “fees” é.md"
    repo.commit("Odd name", "2026-01-01T00:00:00", write={name: "x"})

    found, _ = history.read(repo.path)

    assert found.of(name).updated == utc("2026-01-01T00:00:00")


def test_names_and_subjects_are_read_as_utf8_whatever_the_repositorys_output_encoding(repo):
    repo.git("config", "i18n.logOutputEncoding", "latin1")
    repo.commit("Café prices", "2026-01-01T00:00:00", author="Zoë", write={"docs/a.md": "x"})

    found, _ = history.read(repo.path)

    assert found.entries[0].commit.subject == "Café prices"
    assert found.of("docs/a.md").contributors == [history.Contributor("Zoë", 1)]


def test_only_the_hubs_folder_counts_when_the_hub_lives_inside_a_larger_repository(repo):
    repo.commit("Engine", "2026-01-01T00:00:00", write={"engine/core.py": "x"})
    repo.commit("Hub page", "2026-01-02T00:00:00", write={"hub/docs/index.md": "x"})

    found, top = history.read(repo.path / "hub")

    assert top == repo.path.resolve()
    assert set(found.files) == {"hub/docs/index.md"}


def test_a_shallow_clone_is_refused_with_the_fix_named(repo, tmp_path):
    for day in (1, 2, 3):
        repo.commit(f"Change {day}", f"2026-01-0{day}T00:00:00", write={"docs/a.md": str(day)})
    clone = tmp_path / "clone"
    repo.git("clone", "-q", "--depth", "1", f"file://{repo.path}", str(clone))

    with pytest.raises(history.Unavailable) as caught:
        history.read(clone)

    assert caught.value.warn
    assert "shallow clone" in str(caught.value)
    assert "fetch-depth: 0" in str(caught.value)


def test_a_folder_outside_any_repository_has_no_history_and_that_is_not_a_problem(tmp_path):
    (tmp_path / "hub").mkdir()
    with pytest.raises(history.Unavailable) as caught:
        history.read(tmp_path / "hub")
    assert not caught.value.warn
    assert "not in a git repository" in str(caught.value)


def test_a_repository_without_commits_has_no_history(repo):
    with pytest.raises(history.Unavailable) as caught:
        history.read(repo.path)
    assert not caught.value.warn


# The parser on its own: git's -z output, as text.

def _record(sha: str, parents: str, subject: str, *tokens: str) -> str:
    header = "\x1f".join([sha, parents, "Ada", "ada@example.com", "2026-05-01T10:00:00+02:00", subject])
    return "\x1e" + header + "\0\n" + "".join(token + "\0" for token in tokens)


def test_parse_log_reads_renames_statuses_and_converts_dates_to_utc():
    text = _record("b" * 40, "a" * 40, "Move | it", "R087", "docs/x.md", "docs/y.md", "M", "docs/z.md")
    text += _record("a" * 40, "", "Start", "A", "docs/x.md", "A", "docs/z.md")

    entries = history.parse_log(text)

    assert entries[0].commit.subject == "Move | it"
    assert entries[0].commit.date == utc("2026-05-01T08:00:00")
    assert entries[0].changes == (history.Change("R", "docs/y.md", "docs/x.md"), history.Change("M", "docs/z.md"))
    assert entries[1].commit.parents == 0


def test_merge_commits_give_no_page_a_change():
    text = _record("c" * 40, "a" * 40 + " " + "b" * 40, "Merge pull request #4")
    text += _record("a" * 40, "", "Start", "A", "docs/x.md")

    built = history.build(history.parse_log(text))

    assert [c.subject for c in built.of("docs/x.md").commits] == ["Start"]
    assert [e.commit.subject for e in built.entries] == ["Start"]
