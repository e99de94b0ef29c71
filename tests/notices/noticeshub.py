"""A hub with notices of every kind, in a git repository with dated commits."""

from __future__ import annotations

import pytest

# The fixture hub's "now" (tests/conftest.py FIXTURE_NOW): 2026-11-22T12:00:00Z.
FIXTURE_NOW = "1795348800"
from gitrepo import GitRepo

# The fixture hub as of its base commit, then a practice change announced ahead.
PRACTICE_CHANGE_DATE = "2026-11-20T10:00:00+00:00"
PRACTICE_EFFECTIVE = "2027-01-15"


def announce_practice_change(repo: GitRepo, when: str = PRACTICE_CHANGE_DATE, effective: str = PRACTICE_EFFECTIVE) -> None:
    """Change the refunds practice from a later `effective:` date, committed on `when`."""
    text = repo.read("docs/practices/refunds.md")
    text = text.replace("review_every: 180\n", f"review_every: 180\neffective: {effective}\n", 1)
    text = text.replace("There are no cancellation fees on any plan.",
                        "There are no cancellation fees on any plan, and none will ever be added.", 1)
    repo.commit("Refunds: promise no cancellation fees, from January", when, write={"docs/practices/refunds.md": text})


@pytest.fixture
def notices_hub(copy_hub, monkeypatch) -> GitRepo:
    """The fixture hub committed on 2026-10-01, with the refunds practice changed on 2026-11-20 from 2027-01-15."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXTURE_NOW)
    repo = GitRepo.hub(copy_hub)
    announce_practice_change(repo)
    return repo
