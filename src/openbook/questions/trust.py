"""The published-questions ledger, and the record it keeps of who the hub has published before.

The ledger is one JSON file (`questions.ledger`), committed with the snapshot:

    {"format": "openbook-questions-published", "version": 1, "source": {"repo": "owner/name"},
     "numbers": [12, 15],            # every question number ever published (tombstones)
     "trusted_authors": [583231]}    # GitHub user ids whose question or reply was published

`numbers` grows in the build (post_build). `trusted_authors` is written by `openbook sync`
alone, from what the rules publish as of the sync: the build must stay a pure function
of the snapshot, the ledger and the clock (two builds of one commit make one site), and
"already published" has to mean published by a run that really happened, never by a
build that a later build might not repeat (a preview, a gate build of a branch). Both
writers keep the other's key. The record only grows, as the numbers do: an author once
published stays trusted; staff keep someone out with `questions.hidden_logins`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openbook.questions import rules, snapshot

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

FORMAT = "openbook-questions-published"


class LedgerError(Exception):
    """The ledger file cannot be read or is not a ledger; the message names it and says what to do."""


@dataclass(frozen=True)
class Ledger:
    """Every number ever published, the repository they are of, and the authors published before."""

    numbers: list[int]
    # "" for a ledger written before ledgers named their repository.
    repo: str = ""
    trusted: frozenset[int] = frozenset()


def _whole_numbers(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(n, int) and not isinstance(n, bool) for n in value)


def read(path: Path, where: str) -> Ledger:
    """The ledger in `path` (empty when there is none); `where` is the path as the settings give it."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Ledger([])
    except (OSError, UnicodeDecodeError) as exc:
        raise LedgerError(f"{where}: cannot read the published-questions ledger: {exc}") from None
    except json.JSONDecodeError as exc:
        raise LedgerError(
            f"{where}:{exc.lineno}: the published-questions ledger is not valid JSON ({exc.msg}); restore it from git"
        ) from None
    numbers = raw.get("numbers") if isinstance(raw, dict) and raw.get("format") == FORMAT else None
    source = raw.get("source", {}) if isinstance(raw, dict) else None
    repo = source.get("repo", "") if isinstance(source, dict) else None
    trusted = raw.get("trusted_authors", []) if isinstance(raw, dict) else None
    if not _whole_numbers(numbers) or not isinstance(repo, str) or not _whole_numbers(trusted):
        raise LedgerError(
            f'{where}: expected {{"format": "{FORMAT}", "version": 1, "source": {{"repo": "OWNER/NAME"}}, '
            '"numbers": [12, 15, ...], "trusted_authors": [583231, ...]}; restore it from git'
        )
    assert isinstance(numbers, list) and isinstance(trusted, list)
    return Ledger(sorted(set(numbers)), repo, frozenset(trusted))


def text(numbers: list[int], repo: str = "", trusted: frozenset[int] | set[int] = frozenset()) -> str:
    data: dict[str, Any] = {"format": FORMAT, "version": 1}
    if repo:
        data["source"] = {"repo": repo}
    data["numbers"] = numbers
    # Absent while empty: a hub that holds nothing back keeps the file it had.
    if trusted:
        data["trusted_authors"] = sorted(trusted)
    return json.dumps(data, indent=1) + "\n"


def same_repo(a: str, b: str) -> bool:
    # GitHub's owner and repository names are case-insensitive.
    return a.casefold() == b.casefold()


def earned(snap: snapshot.Snapshot, policy: rules.Policy, now: datetime, trusted: frozenset[int],
           consultation_label: str | None) -> frozenset[int]:
    """`trusted` and everyone whose question, reply or advice the rules publish as of `now`."""
    found = set(trusted) | rules.authors_published(rules.moderate(snap, policy, now=now, trusted=trusted))
    if consultation_label:
        from openbook.consultations import model

        for item in model.moderate(snap, policy, consultation_label, now=now, trusted=trusted).published:
            found.update(a.comment.author.id for a in item.advice
                         if a.comment.author.id is not None and a.comment.author.login.lower() != rules.GHOST)
    return frozenset(found)


def recorded(config: MkDocsConfig) -> frozenset[int]:
    """The authors published before, from the hub's ledger; none when it is missing, broken or another hub's.

    The Q&A pages report a broken or foreign ledger; features that only need to know
    whom to trust (consultations, the contributors page) hold every stranger's reply instead.
    """
    from openbook import settings

    qs = settings.of(config).questions
    if not qs.ledger:
        return frozenset()
    try:
        ledger = read(settings.project_root(config) / qs.ledger, qs.ledger)
    except LedgerError:
        return frozenset()
    repo = settings.repo_from_url(config.repo_url)
    if ledger.repo and repo and not same_repo(ledger.repo, repo):
        return frozenset()
    return ledger.trusted
