"""Which versions a change declared editorial: git's own trailer parsing, read in the hub's one pass over git."""

from __future__ import annotations

from gitrepo import GitRepo
from openbook.history import gitlog


def _record(sha: str, parents: str, subject: str, trailers: str, *tokens: str) -> str:
    header = "\x1f".join([sha, parents, "Ada", "ada@example.com", "2026-05-01T10:00:00+02:00",
                          "2026-05-01T10:00:00+02:00", subject + "\n" + trailers])
    return "\x1e" + header + "\0\n" + "".join(token + "\0" for token in tokens)


def test_parse_log_reads_the_change_type_trailers_after_the_subject():
    text = _record("b" * 40, "a" * 40, "Fix | a word", "Editorial\x1dsubstantive", "M", "docs/x.md")
    text += _record("a" * 40, "", "Start", "", "A", "docs/x.md")

    first, second = gitlog.parse_log(text)

    assert first.commit.subject == "Fix | a word" and first.commit.change_types == ("Editorial", "substantive")
    assert first.commit.editorial and first.changes == (gitlog.Change("M", "docs/x.md"),)
    assert second.commit.change_types == () and not second.commit.editorial


def _log(repo: GitRepo) -> gitlog.Log:
    return gitlog.open_log(repo.root)


def test_a_merge_publishes_the_claim_of_the_commits_it_brings_and_a_squash_its_own(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    repo.commit("Start", "2026-01-01T09:00:00", write={"docs/p.md": "One.\n"})
    repo.branch("typo")
    repo.commit("Fix a word\n\nchange-type: Editorial", "2026-01-02T09:00:00", write={"docs/p.md": "On.\n"})
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "typo", "-m", "Merge pull request #1",
             env={"GIT_AUTHOR_DATE": "2026-01-03T09:00:00 +0000", "GIT_COMMITTER_DATE": "2026-01-03T09:00:00 +0000",
                  "GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@example.com",
                  "GIT_COMMITTER_NAME": "A", "GIT_COMMITTER_EMAIL": "a@example.com"})
    first_merge = repo.git("rev-parse", "HEAD").strip()
    # The same branch goes on with a change of substance, merged again: the first claim is not its.
    repo.git("checkout", "-q", "typo")
    repo.commit("Raise the fee", "2026-01-04T09:00:00", write={"docs/p.md": "Two.\n"})
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "typo", "-m", "Merge pull request #2",
             env={"GIT_AUTHOR_DATE": "2026-01-05T09:00:00 +0000", "GIT_COMMITTER_DATE": "2026-01-05T09:00:00 +0000",
                  "GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@example.com",
                  "GIT_COMMITTER_NAME": "A", "GIT_COMMITTER_EMAIL": "a@example.com"})
    second_merge = repo.git("rev-parse", "HEAD").strip()
    squash = repo.commit("Tidy (#3)\n\n* Tidy\n\nChange-Type: editorial\nCo-authored-by: B <b@example.com>",
                         "2026-01-06T09:00:00", write={"docs/p.md": "Two, tidied.\n"})
    middle = repo.commit("Fee again\n\nChange-Type: editorial\n\nNot a trailer: a paragraph follows.",
                         "2026-01-07T09:00:00", write={"docs/p.md": "Three.\n"})

    log = _log(repo)
    try:
        published = [v.commit.sha for v in log.versions("docs/p.md")]
        assert published[1:] == [first_merge, second_merge, squash, middle]
        assert log.editorial & set(published) == {first_merge, squash}
    finally:
        log.close()
