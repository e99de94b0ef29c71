"""Who to credit on the contributors page: git authors of the hub, and people who asked or answered.

Pure: a History and the published questions in, sorted credits out. Bots are
not people to thank, so authors and logins ending in `[bot]` are left out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from openbook.history.gitlog import Contributor, History


@dataclass(frozen=True)
class Participant:
    login: str
    questions: int = 0
    answers: int = 0


def _is_bot(name: str) -> bool:
    return name.lower().endswith("[bot]")


def authors(history: History) -> list[Contributor]:
    """Everyone who committed to the hub (names after .mailmap), most changes first."""
    counts = Counter(e.commit.author for e in history.entries if not e.commit.is_merge and not _is_bot(e.commit.author))
    return [Contributor(name, n) for name, n in sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))]


def participants(threads: Iterable[tuple[str, Iterable[str]]], hidden: Iterable[str] = ()) -> list[Participant]:
    """Everyone who asked a published question or answered one, by login.

    threads holds, per published question, its asker's login and the logins of
    its visible answers.
    """
    hidden_logins = {login.casefold() for login in hidden}
    asked: Counter[str] = Counter()
    answered: Counter[str] = Counter()
    for asker, answerers in threads:
        asked[asker] += 1
        for login in answerers:
            answered[login] += 1
    logins = {
        login for login in (*asked, *answered)
        if login and not _is_bot(login) and login.casefold() not in hidden_logins
    }
    return sorted(
        (Participant(login, asked[login], answered[login]) for login in logins),
        key=lambda p: (-(p.questions + p.answers), p.login.casefold()),
    )
