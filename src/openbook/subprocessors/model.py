"""The register of subprocessors (`data/subprocessors.yml`) as typed models, and the rules about it.

Pure: the list in force on a day, each change in words, the notice each gave,
what a version rewrites of a published one, and a plain-words diff for
reviewers. `load`/`parse` turn bad data into messages that name the file, the
line, the key, what was found and what was expected. It is kept like the
pricing data: read by openbook.datafile, an append-only openbook.record.
Regenerate the committed JSON Schema with
`python -m openbook.subprocessors.model --schema > data/subprocessors.schema.json`.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from openbook import clock, datafile, record
from openbook.datafile import DataFileError, Problem
from openbook.datafile import found as _found
from openbook.pricing.model import Day, Slug, Text
from openbook.record import Notice, Publication
from openbook.record import days as _days

SCHEMA_COMMAND = "python -m openbook.subprocessors.model --schema > data/subprocessors.schema.json"

Transfer = Literal["none-needed", "adequacy", "scc", "dpf", "bcr"]
# What each transfer mechanism is called on the page and in messages.
TRANSFER_WORDS: dict[str, str] = {
    "none-needed": "None needed (processed in the UK or the EEA)",
    "adequacy": "Adequacy decision",
    "scc": "Standard contractual clauses",
    "dpf": "EU-US Data Privacy Framework (with its UK extension)",
    "bcr": "Binding corporate rules",
}
Kind = Literal["add", "remove", "replace"]


@cache
def _territories() -> dict[str, str]:
    """ISO 3166 alpha-2 code -> English name, from CLDR (Babel); regions such as 001 or EU are not countries."""
    from babel import Locale

    return {code: name for code, name in Locale("en").territories.items()
            if len(code) == 2 and code.isalpha() and code not in ("EU", "EZ", "UN", "QO", "ZZ", "XA", "XB", "XK")}


# Codes people write for a country whose ISO code is another.
_USUAL_MISTAKES = {"UK": "GB", "EL": "GR", "EN": "GB"}


def _iso_3166(code: str) -> str:
    if code not in _territories():
        hint = _USUAL_MISTAKES.get(code.upper()) or (code.upper() if code.upper() in _territories() else None)
        raise ValueError(f"{code!r} is not an ISO 3166 country code; expected e.g. {hint or 'GB, IE, DE or US'}")
    return code


def country_name(code: str, locale: str = "en") -> str:
    """A country's name in the page's language ("Ireland"), from CLDR; the code itself if CLDR has no name."""
    from babel import Locale, UnknownLocaleError

    try:
        names = Locale.parse(locale).territories
    except (UnknownLocaleError, ValueError):
        names = Locale("en").territories
    return names.get(code, code)


Country = Annotated[
    str,
    AfterValidator(_iso_3166),
    Field(description="Where the data is processed: an ISO 3166 alpha-2 country code, such as GB, IE, DE or US."),
]
Website = Annotated[
    str,
    # A web address only: the page links it, and a javascript: or data: URL would run in readers' browsers.
    StringConstraints(pattern=r"^https?://[^\s<>\"']+$", max_length=500),
    Field(description="The subprocessor's website or privacy page, starting https://."),
]


class _Model(BaseModel):
    # An unknown key is a typo until proven otherwise: refuse it.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Subprocessor(_Model):
    """A company that processes customers' personal data for us."""

    id: Slug = Field(description="Stable: changes and corrections name the entry by it.")
    name: Text
    purpose: Text = Field(description="What we use it for, as words that follow 'for': 'reminder e-mails'.")
    data: Text = Field(description="The personal data it processes: 'names, e-mail addresses, appointment times'.")
    location: Country
    transfer: Transfer = Field(
        description="How a transfer out of the UK/EEA is safeguarded: none-needed (processed in the UK or the EEA), "
                    "adequacy (an adequacy decision), scc (standard contractual clauses), dpf (EU-US Data Privacy "
                    "Framework) or bcr (binding corporate rules).",
    )
    website: Website
    since: Day = Field(description="Since when we use it; for an entry a change adds, the change's `effective`.")


class Change(_Model):
    """An effective-dated addition, removal or replacement, with its public reason."""

    id: Slug = Field(description="Stable: git history finds the commit that published the change by this id.")
    kind: Kind = Field(description="add (a new subprocessor), remove (we stop using one) or replace (one instead "
                                   "of another).")
    effective: Day
    subprocessor: Slug = Field(description="The entry this change adds or removes; for replace, the new entry.")
    replaces: Slug | None = Field(default=None, description="Only for replace: the entry that stops.")
    reason: Text = Field(description="Why, written for customers.")
    announced: Day | None = Field(
        default=None,
        description="Only for a change recorded after it took effect: when it was announced before this file existed.",
    )


class Correction(_Model):
    """A public fix of something this file published wrongly: what was wrong, what is right, why and when."""

    corrected: Day = Field(description="When the correction was made.")
    what: Annotated[str, StringConstraints(pattern=r"^(subprocessors|changes)\.[a-z0-9][a-z0-9-]*\.[a-z]+$")] = Field(
        description="The corrected fact, by ids: subprocessors.ID.FIELD (name, purpose, data, location, transfer, "
                    "website, since) or changes.ID.FIELD (kind, effective, subprocessor, replaces, announced, reason).",
    )
    published: Text = Field(description="What the file said, and the hub published.")
    correct: Text = Field(description="What is right: the value the file gives now.")
    reason: Text = Field(description="Why it was wrong, written for customers.")


class Register(_Model):
    """Everything in data/subprocessors.yml."""

    subprocessors: list[Subprocessor] = Field(
        default_factory=list, description="Every subprocessor we use, used, or will use; never removed from here.")
    changes: list[Change] = Field(default_factory=list, description="Oldest first.")
    corrections: list[Correction] = Field(
        default_factory=list, description="Fixes of what was published wrongly, oldest first; never edited or removed.")

    def entry(self, entry_id: str | None) -> Subprocessor | None:
        return next((s for s in self.subprocessors if s.id == entry_id), None)

    def change(self, change_id: str) -> Change | None:
        return next((c for c in self.changes if c.id == change_id), None)


def json_schema() -> dict[str, Any]:
    return datafile.json_schema(Register, "openbook register of subprocessors (data/subprocessors.yml)")


def schema_text() -> str:
    return datafile.schema_text(json_schema())


# ---------------------------------------------------------------------------
# Errors with file, line and key.


class RegisterError(DataFileError):
    """The register is invalid; `problems` has one message per problem, `str()` all of them."""


_LISTS: dict[str, type[BaseModel]] = {"subprocessors": Subprocessor, "changes": Change, "corrections": Correction}


def _expected(error: dict[str, Any]) -> str:
    kind, msg, loc = error["type"], error["msg"], error["loc"]
    found = _found(error.get("input"))
    if kind == "missing":
        return f"the required key `{loc[-1]}` is missing"
    if kind == "extra_forbidden":
        model = Register if len(loc) == 1 else _LISTS.get(str(loc[0])) if len(loc) == 3 else None
        keys = ", ".join(model.model_fields) if model else ""
        return f"unknown key {loc[-1]!r}; expected one of: {keys}"
    if kind == "value_error":
        # The validators above say the whole sentence.
        return msg.removeprefix("Value error, ")
    if kind == "literal_error" and loc and loc[-1] == "transfer":
        return f"found {found}, expected one of: " + ", ".join(f"{k} ({v.lower()})" for k, v in TRANSFER_WORDS.items())
    if kind == "literal_error" and loc and loc[-1] == "kind":
        return f"found {found}, expected add, remove or replace"
    if kind == "string_pattern_mismatch":
        if loc and loc[-1] == "website":
            return f"found {found}, expected a web address starting https://"
        if loc and loc[-1] == "what":
            return (f"found {found}, expected a fact named by ids: subprocessors.ID.FIELD or changes.ID.FIELD, "
                    "such as changes.acme-mail.effective")
        return f"found {found}, expected an id of lowercase letters, digits and hyphens"
    if kind == "too_short" or kind == "string_too_short":
        return f"found {found}, expected some text"
    return datafile.expected(error)


def _line(root: yaml.Node | None, loc: tuple[str | int, ...], key: bool = False) -> int | None:
    return datafile.line_at(root, loc, key=key)


def parse(text: str, file: str = "data/subprocessors.yml") -> Register:
    """Validate register YAML text into a Register, or raise RegisterError naming each problem."""
    root, raw = datafile.compose(text, file, RegisterError, context=False)
    if raw is None:
        # An empty file (only comments) is an empty register: a new hub starts so.
        return Register()
    if not isinstance(raw, dict):
        raise RegisterError(file, [Problem((), f"found {_found(raw)}, expected a mapping with subprocessors, "
                                               "changes and corrections", 1)])
    problems = list(datafile.duplicate_keys(root))
    if problems:
        raise RegisterError(file, problems)
    try:
        data = Register.model_validate(raw)
    except ValidationError as exc:
        raise RegisterError(file, datafile.validation_problems(exc.errors(), root, _expected)) from None
    problems = [Problem(p.loc, p.message, _line(root, p.loc)) for p in consistency(data)]
    if problems:
        raise RegisterError(file, problems)
    return data


def line_of(text: str, loc: tuple[str | int, ...]) -> int | None:
    """The 1-based line of a key path in register YAML text, if the text parses."""
    return datafile.line_of(text, loc)


def load(path: str | Path, name: str | None = None) -> Register:
    """Read and validate a register file; `name` is how messages call it (default: the path)."""
    name = name or str(path)
    text = datafile.read(path, name, RegisterError,
                         "create it (`openbook new` writes an empty one), or set "
                         "extra.openbook.subprocessors.enabled: false")
    return parse(text, name)


# ---------------------------------------------------------------------------
# Rules across the data that a schema cannot express.


def consistency(data: Register) -> list[Problem]:
    """Ids unique and defined, changes in date order, each change fitting the list as it stands on its day."""
    problems: list[Problem] = []

    def duplicates(items: list[Any], what: str, key: str) -> None:
        seen: dict[str, int] = {}
        for i, item in enumerate(items):
            if item.id in seen:
                problems.append(Problem((key, i, "id"), f"found the {what} {item.id!r} twice (also {key}[{seen[item.id]}]), "
                                                        f"expected each {what} once"))
            else:
                seen[item.id] = i

    duplicates(data.subprocessors, "subprocessor id", "subprocessors")
    duplicates(data.changes, "change id", "changes")
    ids = ", ".join(s.id for s in data.subprocessors) or "none yet"
    added_by: dict[str, str] = {}
    ended: dict[str, date] = {}
    previous: Change | None = None
    for i, change in enumerate(data.changes):
        loc: tuple[str | int, ...] = ("changes", i)
        if previous and change.effective < previous.effective:
            problems.append(Problem((*loc, "effective"), f"found {change.effective}, after a change effective "
                                    f"{previous.effective}; expected changes in date order, oldest first"))
        previous = change
        if change.announced and change.announced > change.effective:
            problems.append(Problem((*loc, "announced"), f"found {change.announced}, expected a date on or before "
                                    f"`effective` ({change.effective}): it records the notice given before the change"))
        if change.kind == "replace" and change.replaces is None:
            problems.append(Problem((*loc, "kind"), "a replacement names the entry that stops: add "
                                    "`replaces: ID` (the old entry) beside `subprocessor: ID` (the new one)"))
        if change.kind != "replace" and change.replaces is not None:
            problems.append(Problem((*loc, "replaces"), f"found `replaces` in a change of kind {change.kind}; "
                                    "expected it only with kind: replace"))
        entry = data.entry(change.subprocessor)
        if entry is None:
            problems.append(Problem((*loc, "subprocessor"), f"found {change.subprocessor!r}, expected the id of an "
                                    f"entry under `subprocessors` ({ids})"))
        old = data.entry(change.replaces) if change.replaces else None
        if change.replaces and old is None:
            problems.append(Problem((*loc, "replaces"), f"found {change.replaces!r}, expected the id of an entry "
                                    f"under `subprocessors` ({ids})"))
        starts = entry if change.kind in ("add", "replace") else None
        stops = entry if change.kind == "remove" else old
        if starts is not None:
            if starts.id in added_by:
                problems.append(Problem((*loc, "subprocessor"), f"change {added_by[starts.id]!r} already adds "
                                        f"{starts.id!r}; expected each entry added once (a subprocessor used again "
                                        "after a removal gets a new entry with its own id)"))
            added_by[starts.id] = change.id
            if starts.since != change.effective:
                index = data.subprocessors.index(starts)
                problems.append(Problem(("subprocessors", index, "since"), f"found {starts.since}, but change "
                                        f"{change.id!r} adds {starts.id!r} from {change.effective}; expected "
                                        f"since: {change.effective}"))
        if stops is not None:
            if stops.id in ended:
                problems.append(Problem((*loc, "replaces" if change.kind == "replace" else "subprocessor"),
                                        f"{stops.id!r} already stops on {ended[stops.id]}; expected an entry in use"))
            # A removal on the day an entry starts cancels its addition; a replacement needs one in use before.
            elif stops.since > change.effective or (change.kind == "replace" and stops.since == change.effective):
                problems.append(Problem((*loc, "effective"), f"found {change.effective}, but {stops.id!r} is used "
                                        f"only from {stops.since}; expected a date "
                                        f"{'after' if change.kind == 'replace' else 'on or after'} that"))
            ended[stops.id] = change.effective
    problems += _correction_problems(data)
    return problems


# ---------------------------------------------------------------------------
# The list on a day, and the changes in words.


@dataclass(frozen=True)
class Period:
    """One entry's time in use: from `start` until the day before `end` (None: still in use)."""

    entry: Subprocessor
    start: date
    end: date | None
    added_by: Change | None
    ended_by: Change | None

    @property
    def last_day(self) -> date | None:
        return self.end - timedelta(days=1) if self.end else None


def periods(data: Register) -> list[Period]:
    """Each entry's time in use, in the order of the file."""
    added = {c.subprocessor: c for c in data.changes if c.kind in ("add", "replace")}
    ended: dict[str, Change] = {}
    for change in data.changes:
        stopped = change.subprocessor if change.kind == "remove" else change.replaces
        if stopped:
            ended.setdefault(stopped, change)
    return [Period(s, s.since, ended[s.id].effective if s.id in ended else None, added.get(s.id), ended.get(s.id))
            for s in data.subprocessors]


def in_use(data: Register, day: date) -> list[Subprocessor]:
    """The subprocessors in use on `day`, in the order of the file."""
    return [p.entry for p in periods(data) if p.start <= day and (p.end is None or p.end > day)]


def names(data: Register, change: Change) -> tuple[str, str | None]:
    """(the entry the change adds or removes, or the new one; the replaced one's name for a replacement)."""
    entry, old = data.entry(change.subprocessor), data.entry(change.replaces)
    return (entry.name if entry else change.subprocessor,
            (old.name if old else change.replaces) if change.replaces else None)


def sentence(data: Register, change: Change) -> str:
    """The change in words, without its date: "Acme Mail replaces Postbox for reminder e-mails"."""
    entry = data.entry(change.subprocessor)
    name, old = names(data, change)
    purpose = entry.purpose if entry else ""
    if change.kind == "replace":
        return f"{name} replaces {old} for {purpose}"
    if change.kind == "add":
        return f"we add {name} for {purpose}"
    return f"we stop using {name} for {purpose}"


def objection_deadline(change: Change) -> date:
    """The last day to object: the day before the change takes effect."""
    return change.effective - timedelta(days=1)


def needs_notice(change: Change) -> bool:
    """A new subprocessor (added or replacing one) needs notice; a removal needs none."""
    return change.kind in ("add", "replace")


# ---------------------------------------------------------------------------
# Publication and notice.


@dataclass(frozen=True)
class Stated:
    """What one committed version of the file said a change does, and the commit."""

    kind: str
    subprocessor: str
    replaces: str | None
    effective: date
    publication: Publication


def publication_of(change: Change, stated: list[Stated]) -> Publication | None:
    """When customers were first told of this change as it stands: the first version that said the same or sooner.

    A version that named the same subprocessors with an effective date on or
    before today's counts (an earlier date is at least as much notice); a
    change edited to start sooner, or to name another subprocessor, counts from
    the edit. None: no commit has stated it yet, so it counts from today.
    """
    for version in stated:
        if ((version.kind, version.subprocessor, version.replaces) == (change.kind, change.subprocessor, change.replaces)
                and version.effective <= change.effective):
            return version.publication
    return None


def notice_for(change: Change, publication: Publication | None, today: date) -> Notice:
    """Notice counts from the commit that stated the change, or today if none has (see record.notice_for)."""
    return record.notice_for(change, publication, today)


@dataclass(frozen=True)
class NoticeViolation:
    change: Change
    sentence: str
    notice: Notice
    required: int
    today: date

    @property
    def given(self) -> int:
        return self.notice.days_before(self.change.effective)

    @property
    def earliest(self) -> date:
        return self.notice.published + timedelta(days=self.required)

    def message(self, base: str | None = None) -> str:
        """The violation in words; with `base` (check --base), a change not on it yet is published when merged."""
        said = (f"change {self.change.id!r} ({self.sentence}) takes effect on {self.change.effective}, "
                f"{record.published_words(self.notice.source, base)} {self.notice.published}: "
                f"{record.given_words(self.given)}, but the minimum is {_days(self.required)}; ")
        if self.change.effective <= self.today and self.notice.source == "uncommitted":
            return said + record.recorded_late(self.required, self.change.effective - timedelta(days=self.required))
        return said + f"move `effective` to {self.earliest} or later"


def notice_violations(data: Register, stated: dict[str, list[Stated]], today: date,
                      notice_days: int) -> list[NoticeViolation]:
    """Additions and replacements published fewer than notice_days before they take effect.

    A published change already in effect is history: the page shows its
    notice, but it is not judged again (so raising the minimum later does not
    fail every old change). An unpublished one is judged whatever its date.
    """
    out = []
    for change in data.changes:
        if not needs_notice(change):
            continue
        notice = notice_for(change, publication_of(change, stated.get(change.id, [])), today)
        if notice.source != "uncommitted" and change.effective <= today:
            continue
        if notice.days_before(change.effective) < notice_days:
            out.append(NoticeViolation(change, sentence(data, change), notice, notice_days, today))
    return out


@dataclass(frozen=True)
class Announcement:
    """One change of the register as customers are told of it: the public model other features (notices) read."""

    id: str
    kind: Kind
    effective: date
    # The subprocessor the change adds or removes (for replace, the new one), and the one it replaces.
    name: str
    replaces: str | None
    # "Acme Mail replaces Postbox for reminder e-mails"
    title: str
    reason: str
    # When customers were told: the commit that first stated the change (or `announced`); today if not yet committed.
    published: date
    published_source: Literal["commit", "announced", "uncommitted"]
    notice_days: int
    objection_deadline: date | None
    upcoming: bool


def announcements(data: Register, stated: dict[str, list[Stated]], today: date) -> list[Announcement]:
    """Every change, newest effective date first, with when it was published and the notice it gave."""
    out = []
    for change in data.changes:
        notice = notice_for(change, publication_of(change, stated.get(change.id, [])), today)
        name, old = names(data, change)
        title = sentence(data, change)
        out.append(Announcement(
            id=change.id, kind=change.kind, effective=change.effective, name=name, replaces=old,
            title=title[0].upper() + title[1:], reason=change.reason, published=notice.published,
            published_source=notice.source, notice_days=notice.days_before(change.effective),
            objection_deadline=objection_deadline(change) if needs_notice(change) else None,
            upcoming=change.effective > today,
        ))
    out.sort(key=lambda a: (a.effective, a.id), reverse=True)
    return out


def upcoming_changes(data: Register, stated: dict[str, list[Stated]], today: date) -> list[Announcement]:
    """The changes that take effect after today, soonest first."""
    return sorted((a for a in announcements(data, stated, today) if a.upcoming), key=lambda a: (a.effective, a.id))


# ---------------------------------------------------------------------------
# The record is append-only: published facts, their rewrites, and corrections.

ENTRY_FIELDS = ("name", "purpose", "data", "location", "transfer", "website", "since")
CHANGE_FIELDS = ("kind", "effective", "subprocessor", "replaces", "announced", "reason")
DATE_FIELDS = ("since", "effective", "announced")


def _text(value: object) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def facts(data: Register) -> dict[str, str]:
    """Every fact the file states, as text, by the key a correction names it with ("changes.acme-mail.effective")."""
    out: dict[str, str] = {}
    for entry in data.subprocessors:
        for name in ENTRY_FIELDS:
            out[f"subprocessors.{entry.id}.{name}"] = _text(getattr(entry, name))
    for change in data.changes:
        for name in CHANGE_FIELDS:
            value = getattr(change, name)
            if value is not None:
                out[f"changes.{change.id}.{name}"] = _text(value)
    return out


def loc_of(data: Register, key: str) -> tuple[str | int, ...]:
    """The key path in the YAML of a fact's key, for line numbers."""
    return record.loc_of({"subprocessors": data.subprocessors, "changes": data.changes}, key)


def _correction_problems(data: Register) -> list[Problem]:
    """Each correction names a fact of the file, and the latest one of a fact gives its value now."""

    def values(loc: tuple[str | int, ...], correction: Any, fact: str) -> list[Problem]:
        if correction.what.rsplit(".", 1)[1] not in DATE_FIELDS:
            return []
        problems = []
        for name in ("published", "correct"):
            try:
                date.fromisoformat(getattr(correction, name))
            except ValueError:
                problems.append(Problem((*loc, name), f"{clock.why_not_a_date(getattr(correction, name))}, "
                                        f"as {correction.what} is a date"))
        return problems

    return record.correction_problems(
        data.corrections, facts(data),
        "a fact this file states, named by ids: subprocessors.ID.FIELD or changes.ID.FIELD", values)


@dataclass(frozen=True)
class Rewrite(record.Rewrite):
    """A fact that a published version stated, changed or gone here without a correction."""

    published: str | None
    now: str | None

    def fact_message(self, where: str) -> str:
        kind, item_id, name = self.key.split(".")
        if self.now is None and name in ("since", "kind"):
            if kind == "subprocessors":
                return (f"subprocessor {item_id!r} was published by {where} and is gone here; the register keeps "
                        "every subprocessor it ever listed: put it back, and add a change of kind remove to stop "
                        "using it")
            return (f"change {item_id!r} was published by {where} and is gone here; what the hub published stays "
                    "in its history: put it back (an addition that will not happen after all is cancelled by a "
                    "later change of kind remove)")
        if self.now is None:
            return (f"{self.key} was published by {where} as {self.published!r} and is gone here; what the hub "
                    "published stays in its history: put it back")
        return (f"{self.key} was published by {where} as {self.published!r} and is {self.now!r} here; the register "
                f"is append-only. If {self.published!r} was wrong, record it under `corrections:` (corrected: "
                f"YYYY-MM-DD, what: {self.key}, published: {self.published}, correct: {self.now}, reason: why), and "
                "the page will show it; if it changes from a date on, add a change under `changes:` instead")


def rewrites(published: Register, data: Register) -> list[Rewrite]:
    """What `data` changes of what `published` stated, other than through a correction."""
    # An entry or change gone is one problem, not one per field.
    return record.rewrites(facts(published), facts(data), published.corrections, data.corrections,  # type: ignore[return-value]
                           whole=(".since", ".kind"), kind=Rewrite)


def new_entries(published: Register, data: Register) -> list[Subprocessor]:
    """Entries `data` lists that `published` did not, and that no change adds: an addition with no notice."""
    known = {s.id for s in published.subprocessors}
    added = {c.subprocessor for c in data.changes if c.kind in ("add", "replace")}
    return [s for s in data.subprocessors if s.id not in known and s.id not in added]


# ---------------------------------------------------------------------------
# Comparing two versions, for reviewers.


@dataclass(frozen=True)
class Difference:
    text: str
    short_notice: bool = False


def compare(old: Register | None, new: Register, *, today: date, notice_days: int) -> list[Difference]:
    """The changes `new` adds to `old`, in words, with their notice counted from today (a PR is published when merged).

    For example "Acme Mail replaces Postbox for reminder e-mails from 2027-01-15 (41 days' notice; the minimum is 30)".
    """
    known = {c.id for c in old.changes} if old else set()
    out = []
    for change in new.changes:
        if change.id in known:
            continue
        text = sentence(new, change)
        text = f"{text[0].upper()}{text[1:]} from {change.effective}"
        if needs_notice(change):
            days = notice_for(change, None, today).days_before(change.effective)
            out.append(Difference(f"{text} ({_days(days)}' notice; the minimum is {notice_days})", days < notice_days))
        else:
            out.append(Difference(f"{text} (a removal needs no notice)"))
    if old is not None:
        for entry in new_entries(old, new):
            out.append(Difference(f"{entry.name} is listed with no change that adds it, so customers get no notice",
                                  True))
        for rewrite in rewrites(old, new):
            if rewrite.correction is None:
                now = repr(rewrite.now) if rewrite.now is not None else "gone"
                out.append(Difference(f"rewrites what was published: {rewrite.key} was {rewrite.published!r}, "
                                      f"now {now}, with no correction recorded", True))
    for correction in new.corrections[len(old.corrections) if old else 0:]:
        out.append(Difference(f"correction of {correction.what}: published as {correction.published!r}, correct is "
                              f"{correction.correct!r} (corrected {correction.corrected})"))
    return out


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args != ["--schema"]:
        print(f"usage: {SCHEMA_COMMAND}", file=sys.stderr)
        return 2
    sys.stdout.write(schema_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
