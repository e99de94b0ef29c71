"""An append-only public record kept in a YAML file (the pricing data, the register of subprocessors).

Pure: when a change counts as published and the notice it gave, the
corrections that are the only way to change a published fact, and the silent
rewrites found against a published version. Each record states its own facts
(`facts()`: key -> value, the key a correction names it with) and words its own
messages; the rules they share live here once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, Protocol

from openbook.datafile import Problem, found

Source = Literal["commit", "announced", "uncommitted"]


def days(n: int) -> str:
    return f"{n} day" if abs(n) == 1 else f"{n} days"


def date_or_none(value: object) -> date | None:
    """A date from a published version of the file, whatever it holds; None if it is not one."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


# ---------------------------------------------------------------------------
# Publication and notice.


@dataclass(frozen=True)
class Publication:
    """When a change was published: the commit that first contained it."""

    date: date
    author: str | None = None
    commit: str | None = None


@dataclass(frozen=True)
class Notice:
    """When a change counts as published, and how: by its commit, an earlier announcement, or not yet committed."""

    published: date
    source: Source
    publication: Publication | None

    def days_before(self, effective: date) -> int:
        return (effective - self.published).days


class Dated(Protocol):
    @property
    def effective(self) -> date: ...

    @property
    def announced(self) -> date | None: ...


def notice_for(change: Dated, publication: Publication | None, today: date) -> Notice:
    """Notice counts from the commit that stated the change, or today if none has.

    `announced` counts only for a change recorded after it took effect (history
    from before the file was in git); otherwise anyone could backdate a notice
    in a pull request.
    """
    committed = publication.date if publication else today
    source: Literal["commit", "uncommitted"] = "commit" if publication else "uncommitted"
    if change.announced and change.announced < committed and change.effective <= committed:
        return Notice(change.announced, "announced", publication)
    return Notice(committed, source, publication)


def published_words(source: Source, base: str | None) -> str:
    """How a notice was given, for a message; with `base` (check --base), a change not on it yet is published when merged."""
    pending = (f"not on {base} yet, so counted from today (it is published when merged),"
               if base else "not committed yet, so counted from today,")
    return {"commit": "published", "announced": "announced", "uncommitted": pending}[source]


def given_words(given: int) -> str:
    """The notice a change gave, in words: "41 days' notice", or none after the fact."""
    if given >= 0:
        return f"{days(given)}' notice"
    return f"no notice ({days(-given)} after it took effect)"


def recorded_late(required: int, latest: date) -> str:
    """What to do about a change that took effect before the file recorded it."""
    # Moving a date that is past would rewrite history; the notice given then is what counts.
    return (f"it took effect before this file recorded it: if customers were told of it at least "
            f"{days(required)} before, record the day they were told as `announced:` ({latest} or earlier)")


# ---------------------------------------------------------------------------
# Corrections: the only way to change a published fact.


class Correction(Protocol):
    @property
    def what(self) -> str: ...

    @property
    def published(self) -> Any: ...

    @property
    def correct(self) -> Any: ...


def correction_problems(corrections: Sequence[Correction], now: dict[str, Any], unknown: str,
                        values: Callable[[tuple[str | int, ...], Correction, Any], list[Problem]]) -> list[Problem]:
    """Each correction names a fact of the file, and the latest one of a fact gives its value now.

    `unknown` ends the message for a correction that names no fact ("expected {unknown}");
    `values` checks a correction's values against the fact it names (a date must be a date).
    """
    problems: list[Problem] = []
    latest: dict[str, tuple[int, Correction]] = {}
    for i, correction in enumerate(corrections):
        loc: tuple[str | int, ...] = ("corrections", i)
        if correction.what not in now:
            problems.append(Problem((*loc, "what"), f"found {correction.what!r}, expected {unknown}"))
            continue
        problems += values(loc, correction, now[correction.what])
        if correction.published == correction.correct:
            problems.append(Problem((*loc, "correct"), f"found {found(correction.correct)}, the same as "
                                    "`published`; expected the value that is right"))
        previous = latest.get(correction.what)
        if previous is not None and previous[1].correct != correction.published:
            problems.append(Problem((*loc, "published"), f"found {found(correction.published)}, but "
                                    f"corrections[{previous[0]}] corrected {correction.what} to "
                                    f"{found(previous[1].correct)}; expected that value"))
        latest[correction.what] = (i, correction)
    for key, (i, correction) in latest.items():
        # A value of the wrong kind is said once, above.
        if correction.correct != now[key] and isinstance(correction.correct, type(now[key])):
            problems.append(Problem(("corrections", i, "correct"), f"found {found(correction.correct)}, but "
                                    f"{key} is {found(now[key])} in this file; expected the value the file gives"))
    return problems


# ---------------------------------------------------------------------------
# Rewrites: what a version changes of a published one without a correction.


@dataclass(frozen=True)
class Rewrite:
    """A fact that a published version stated, changed or gone here without a correction."""

    key: str
    published: Any
    now: Any
    # A correction that a published version had, edited or removed here.
    correction: int | None = None

    def message(self, where: str) -> str:
        if self.correction is not None:
            return (f"corrections[{self.correction}] was published by {where} and is changed or gone here; "
                    "corrections are public record: put it back as it was, and add a new correction after it")
        return self.fact_message(where)

    def fact_message(self, where: str) -> str:
        """The rewrite of a fact in the record's own words (`where`: the version that published it)."""
        raise NotImplementedError


def rewrites(before: dict[str, Any], after: dict[str, Any], published: Sequence[Correction],
             corrections: Sequence[Correction], *, whole: tuple[str, ...], kind: type[Rewrite]) -> list[Rewrite]:
    """What `after` changes of the facts `before` published, other than through `corrections`.

    `whole`: the fields (".since") whose absence means their entry is gone, one
    problem rather than one per fact; `published`: the published version's
    corrections, which stay as they were.
    """
    corrected = {(c.what, c.published, c.correct) for c in corrections}
    out: list[Rewrite] = []
    gone: set[str] = set()
    for key, value in before.items():
        owner = ".".join(key.split(".")[:2])
        if owner in gone:
            continue
        if key not in after:
            if any(key == owner + field for field in whole):
                gone.add(owner)
            out.append(kind(key, value, None))
        elif after[key] != value and not _corrected_through(corrected, key, value, after[key]):
            out.append(kind(key, value, after[key]))
    for i, correction in enumerate(published):
        if i >= len(corrections) or corrections[i] != correction:
            out.append(kind(correction.what, None, None, correction=i))
    return out


def _corrected_through(corrected: set[tuple[str, Any, Any]], key: str, was: Any, now: Any) -> bool:
    """Whether a chain of corrections leads from `was` to `now` for `key`."""
    value, seen = was, set()
    while value != now and value not in seen:
        seen.add(value)
        step = next((c for w, p, c in corrected if w == key and p == value), None)
        if step is None:
            return False
        value = step
    return value == now


def loc_of(lists: dict[str, list[Any]], key: str) -> tuple[str | int, ...]:
    """The key path in the YAML of a fact's key, for line numbers ("plans.team.since" -> ("plans", 1, "since"))."""
    kind, item_id, *rest = key.split(".")
    index = next((i for i, item in enumerate(lists.get(kind, [])) if item.id == item_id), None)
    return (kind,) if index is None else (kind, index, *rest)
