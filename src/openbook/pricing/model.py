"""The pricing data (`data/pricing.yml`) as typed models, and the rules about it.

Pure: prices at a date, upcoming changes, each plan's price history, which
changes raise a price and how much notice they gave, and a plain-words diff of
two versions for reviewers. `load`/`parse` turn bad data into messages that
name the file, the line, the key, what was found and what was expected.
Regenerate the committed JSON Schema with `python -m openbook.pricing.model --schema > data/pricing.schema.json`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal, Union

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    ValidationError,
    WithJsonSchema,
)

from openbook import datafile, record
from openbook.record import Notice, Publication  # noqa: F401 - the public names of pricing.model
from openbook.record import days as _days
from openbook.datafile import DataFileError, Problem, format_loc  # noqa: F401 - the public names of pricing.model
from openbook.datafile import found as _found

Period = Literal["monthly", "yearly"]
PERIODS: tuple[Period, ...] = ("monthly", "yearly")
PERIOD_WORDS = {"monthly": "a month", "yearly": "a year"}

SCHEMA_COMMAND = "python -m openbook.pricing.model --schema > data/pricing.schema.json"


def _iso_4217(code: str) -> str:
    from babel.numbers import list_currencies

    if code not in list_currencies():
        raise ValueError("an ISO 4217 currency code such as GBP, EUR or USD")
    return code


def _date_text(value: object) -> object:
    # Dates reach the model as text (see _Loader); a number would be read as seconds since 1970.
    if isinstance(value, (int, float)):
        raise ValueError("a date written YYYY-MM-DD, such as 2027-01-01")
    return value


def _not_blank(text: str) -> str:
    if not text.strip():
        raise ValueError("some text, not just spaces")
    return text.strip()


Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60),
    Field(description="A stable identifier: lowercase letters, digits and hyphens."),
]
CurrencyCode = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Z]{3}$"),
    AfterValidator(_iso_4217),
    Field(description="An ISO 4217 currency code, such as GBP, EUR or USD."),
]
Text = Annotated[str, StringConstraints(min_length=1), AfterValidator(_not_blank)]
Day = Annotated[date, BeforeValidator(_date_text)]
Amount = Annotated[
    Decimal,
    Field(gt=0, max_digits=12, decimal_places=2),
    # A price is written as a plain number in YAML; say so to editors.
    WithJsonSchema({"type": "number", "exclusiveMinimum": 0, "description": "A price above zero, at most 2 decimals."}),
]
PriceTable = Annotated[
    # Not empty at either level: an empty table in a change would be a change that changes nothing.
    dict[CurrencyCode, Annotated[dict[Period, Amount], Field(min_length=1)]],
    Field(min_length=1, description="Prices by currency, then by billing period: {GBP: {monthly: 29, yearly: 290}}."),
]
FeatureValue = Annotated[
    Union[StrictBool, Annotated[StrictInt, Field(gt=0)], Literal["unlimited"]],
    Field(description="true (included), false (not included), a limit above zero, or unlimited."),
]


class _Model(BaseModel):
    # An unknown key is a typo until proven otherwise: refuse it.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Plan(_Model):
    """A plan customers can buy, with the prices it launched at."""

    id: Slug
    name: Text
    description: Text
    audience: Text = Field(description="Who the plan is for, in a few words.")
    since: Day = Field(description="When the plan launched at `prices`; later prices come from `changes`.")
    prices: PriceTable
    features: dict[Slug, FeatureValue] = Field(
        default_factory=dict, description="Feature id -> what this plan includes. A feature not listed is not included."
    )


class Feature(_Model):
    """A line of the comparison matrix."""

    id: Slug
    name: Text
    description: str = ""
    group: str = Field(default="", description="A heading the matrix groups this feature under.")
    unit: str = Field(default="", description="What a number limit counts, e.g. 'a month'.")


class Change(_Model):
    """An effective-dated change to some prices, with its public reason."""

    id: Slug = Field(description="Stable: git history finds the commit that published the change by this id.")
    effective: Day
    reason: Text = Field(description="Why, written for customers.")
    announced: Day | None = Field(
        default=None,
        description="Only for a change recorded after it took effect: when it was announced before this file existed.",
    )
    prices: Annotated[dict[Slug, PriceTable], Field(min_length=1, description="Plan id -> the new prices.")]
    consultation: Annotated[StrictInt, Field(gt=0)] | None = Field(
        default=None,
        description="The number of the consultation (an issue) that asked customers' advice before this change.",
    )


CorrectedValue = Annotated[
    Union[Day, Amount],
    Field(description="A date written YYYY-MM-DD, or a price."),
]


class Correction(_Model):
    """A public fix of something this file published wrongly: what was wrong, what is right, why and when.

    The history is append-only: a price, date or plan that was published is
    changed only through a correction, which the price history page shows.
    """

    corrected: Day = Field(description="When the correction was made.")
    what: Annotated[str, StringConstraints(pattern=r"^(plans|changes)\.[a-z0-9][a-z0-9.A-Z-]*$")] = Field(
        description="The corrected fact, by ids: plans.PLAN.since, plans.PLAN.prices.CURRENCY.PERIOD, "
                    "changes.CHANGE.effective, changes.CHANGE.announced or changes.CHANGE.prices.PLAN.CURRENCY.PERIOD.",
    )
    published: CorrectedValue = Field(description="What the file said, and the hub published.")
    correct: CorrectedValue = Field(description="What is right: the value the file gives now.")
    reason: Text = Field(description="Why it was wrong, written for customers.")


class PricingData(_Model):
    """Everything in data/pricing.yml."""

    currencies: Annotated[list[CurrencyCode], Field(min_length=1)]
    periods: Annotated[list[Period], Field(min_length=1)] = list(PERIODS)
    plans: Annotated[list[Plan], Field(min_length=1)]
    features: list[Feature] = Field(default_factory=list)
    changes: list[Change] = Field(default_factory=list, description="Oldest first.")
    corrections: list[Correction] = Field(
        default_factory=list, description="Fixes of what was published wrongly, oldest first; never edited or removed."
    )

    def plan(self, plan_id: str) -> Plan:
        return next(p for p in self.plans if p.id == plan_id)

    def change(self, change_id: str) -> Change | None:
        return next((c for c in self.changes if c.id == change_id), None)


def json_schema() -> dict[str, Any]:
    return datafile.json_schema(PricingData, "openbook pricing data (data/pricing.yml)")


def schema_text() -> str:
    return datafile.schema_text(json_schema())


# ---------------------------------------------------------------------------
# Errors with file, line and key (the reading itself is openbook.datafile's).


class PricingError(DataFileError):
    """The pricing data is invalid; `problems` has one message per problem, `str()` all of them."""


def _model_at(loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model that holds the keys of the mapping at loc (the top, or an item of a list), to list them."""
    if not loc:
        return PricingData
    lists: dict[str | int, type[BaseModel]] = {"plans": Plan, "features": Feature, "changes": Change,
                                               "corrections": Correction}
    return lists.get(loc[0]) if len(loc) == 2 else None


def _expected(error: dict[str, Any]) -> str:
    kind, msg, loc = error["type"], error["msg"], error["loc"]
    ctx = error.get("ctx") or {}
    if kind == "feature_value":
        return f"found {_found(error['input'])}, expected true, false, a limit above zero, or unlimited"
    if kind == "extra_forbidden":
        model = _model_at(loc[:-1])
        keys = ", ".join(model.model_fields) if model else ""
        return f"unknown key{' ' + repr(loc[-1]) if isinstance(loc[-1], str) else ''}; expected one of: {keys}"
    if kind == "value_error":
        return f"found {_found(error['input'])}, expected {msg.removeprefix('Value error, ')}"
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == r"^[A-Z]{3}$":
            return f"found {_found(error['input'])}, expected an ISO 4217 currency code such as GBP, EUR or USD"
        return f"found {_found(error['input'])}, expected an id of lowercase letters, digits and hyphens"
    if kind == "greater_than" and loc and loc[-1] in PERIODS:
        return f"found {_found(error['input'])}, expected a price above zero"
    if kind == "decimal_type":
        return f"found {_found(error['input'])}, expected a number"
    if kind == "decimal_max_digits":
        return f"found {_found(error['input'])}, expected at most {ctx.get('max_digits')} digits"
    if kind == "decimal_max_places":
        return f"found {_found(error['input'])}, expected at most {ctx.get('decimal_places')} decimal places"
    if kind == "too_short":
        return f"found {_found(error['input'])} (empty), expected at least one item"
    if kind == "string_too_short":
        return f"found {_found(error['input'])}, expected some text"
    return datafile.expected(error)


def _union_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A feature value failing every branch of its union is one problem, not three."""
    out: list[dict[str, Any]] = []
    seen: set[tuple[Any, ...]] = set()
    for error in errors:
        loc, _ = datafile.clean_loc(error["loc"])
        if len(loc) == 4 and loc[0] == "plans" and loc[2] == "features" and error["loc"][-1] != "[key]":
            if loc in seen:
                continue
            seen.add(loc)
            error = {**error, "type": "feature_value", "msg": ""}
        out.append(error)
    return out


def parse(text: str, file: str = "data/pricing.yml") -> PricingData:
    """Validate pricing YAML text into PricingData, or raise PricingError naming each problem."""
    root, raw = datafile.compose(text, file, PricingError)
    if not isinstance(raw, dict):
        raise PricingError(
            file,
            [Problem((), f"found {_found(raw) if raw is not None else 'an empty file'}, expected a mapping with "
                     "currencies, plans, features and changes", 1)],
        )
    problems = list(datafile.duplicate_keys(root))
    if problems:
        raise PricingError(file, problems)
    try:
        data = PricingData.model_validate(raw)
    except ValidationError as exc:
        raise PricingError(file, datafile.validation_problems(_union_errors(exc.errors()), root, _expected)) from None
    problems = [
        Problem(p.loc, p.message, _line(root, p.loc)) for p in consistency(data)
    ]
    if problems:
        raise PricingError(file, problems)
    return data


def line_of(text: str, loc: tuple[str | int, ...]) -> int | None:
    """The 1-based line of a key path in pricing YAML text, if the text parses."""
    # A problem about a mapping key (an unknown plan id) is on the key's line.
    return datafile.line_of(text, loc, key=bool(loc) and isinstance(loc[-1], str))


def _line(root: yaml.Node | None, loc: tuple[str | int, ...]) -> int | None:
    return datafile.line_at(root, loc, key=bool(loc) and isinstance(loc[-1], str))


def load(path: str | Path, name: str | None = None) -> PricingData:
    """Read and validate a pricing file; `name` is how messages call it (default: the path)."""
    name = name or str(path)
    text = datafile.read(path, name, PricingError, "create it, or set extra.openbook.pricing.enabled: false")
    return parse(text, name)


# ---------------------------------------------------------------------------
# Rules across the data that a schema cannot express.


def _price_points(table: dict[str, dict[str, Decimal]]) -> Iterator[tuple[str, str, Decimal]]:
    for currency, periods in table.items():
        for period, amount in periods.items():
            yield currency, period, amount


def consistency(data: PricingData) -> list[Problem]:
    """Cross-references and order: ids unique and defined, currencies listed, changes in date order."""
    problems: list[Problem] = []

    def duplicates(items: list[Any], what: str, key: str) -> None:
        seen: dict[str, int] = {}
        for i, item in enumerate(items):
            value = item if isinstance(item, str) else item.id
            if value in seen:
                problems.append(Problem((key, i) if isinstance(item, str) else (key, i, "id"),
                                        f"found the {what} {value!r} twice (also {key}[{seen[value]}]), expected each {what} once"))
            else:
                seen[value] = i

    duplicates(data.currencies, "currency", "currencies")
    duplicates(list(data.periods), "period", "periods")
    duplicates(data.plans, "plan id", "plans")
    duplicates(data.features, "feature id", "features")
    duplicates(data.changes, "change id", "changes")

    currencies = ", ".join(data.currencies)
    periods = ", ".join(data.periods)
    feature_ids = {f.id for f in data.features}
    plans = {p.id: p for p in data.plans}

    def check_table(table: dict[str, dict[str, Decimal]], loc: tuple[str | int, ...]) -> None:
        for currency, by_period in table.items():
            if currency not in data.currencies:
                problems.append(Problem((*loc, currency), f"found the currency {currency!r}, expected one of the "
                                        f"currencies listed in `currencies`: {currencies}"))
            for period in by_period:
                if period not in data.periods:
                    problems.append(Problem((*loc, currency, period), f"found the period {period!r}, expected one of "
                                            f"the periods listed in `periods`: {periods}"))

    for i, plan in enumerate(data.plans):
        check_table(plan.prices, ("plans", i, "prices"))
        for currency in data.currencies:
            for period in data.periods:
                if period not in plan.prices.get(currency, {}):
                    problems.append(Problem(("plans", i, "prices"), f"plan {plan.id!r} has no {period} price in "
                                            f"{currency}; expected a price for every currency ({currencies}) and "
                                            f"period ({periods})"))
        for feature_id in plan.features:
            if feature_id not in feature_ids:
                problems.append(Problem(("plans", i, "features", feature_id), f"found the feature {feature_id!r}, "
                                        "expected a feature defined under `features`"
                                        + (f" ({', '.join(sorted(feature_ids))})" if feature_ids else "")))

    previous: Change | None = None
    set_on: dict[tuple[str, str, str, date], str] = {}
    for i, change in enumerate(data.changes):
        if previous and change.effective < previous.effective:
            problems.append(Problem(("changes", i, "effective"), f"found {change.effective}, after a change effective "
                                    f"{previous.effective}; expected changes in date order, oldest first"))
        previous = change
        if change.announced and change.announced > change.effective:
            problems.append(Problem(("changes", i, "announced"), f"found {change.announced}, expected a date on or "
                                    f"before `effective` ({change.effective}): it records the notice given before "
                                    "the change took effect"))
        for plan_id, table in change.prices.items():
            check_table(table, ("changes", i, "prices", plan_id))
            plan = plans.get(plan_id)
            if plan is None:
                problems.append(Problem(("changes", i, "prices", plan_id), f"found the plan {plan_id!r}, expected a "
                                        f"plan defined under `plans` ({', '.join(plans)})"))
                continue
            if change.effective <= plan.since:
                problems.append(Problem(("changes", i, "effective"), f"found {change.effective}, but plan {plan_id!r} "
                                        f"launched on {plan.since}; expected a change after the launch (edit the "
                                        "plan's `prices` for its launch prices)"))
            for currency, period, _amount in _price_points(table):
                key = (plan_id, currency, period, change.effective)
                if key in set_on:
                    problems.append(Problem(("changes", i, "prices", plan_id, currency, period),
                                            f"change {set_on[key]!r} already sets {plan.name} {period} {currency} "
                                            f"from {change.effective}; expected one price per date"))
                set_on[key] = change.id
    problems += _correction_problems(data)
    if not problems:
        for step in steps(data):
            if step.old == step.new:
                i = data.changes.index(step.change)
                problems.append(Problem(("changes", i, "prices", step.plan, step.currency, step.period),
                                        f"found {step.new}, which is already the {step.period} {step.currency} price "
                                        f"of {step.plan_name}; expected a different price, or remove it"))
    return problems


# ---------------------------------------------------------------------------
# Timelines.


@dataclass(frozen=True)
class Price:
    """One price a plan had (or will have) in one currency and period, from a date."""

    plan: str
    currency: str
    period: Period
    amount: Decimal
    effective: date
    # The change that set it, or None for the launch price.
    change: Change | None


@dataclass(frozen=True)
class Step:
    """One price a change sets, with the price it replaces (None: a new price, e.g. a new plan)."""

    change: Change
    plan: str
    plan_name: str
    currency: str
    period: Period
    old: Decimal | None
    new: Decimal

    @property
    def kind(self) -> Literal["increase", "decrease", "new"]:
        if self.old is None:
            return "new"
        return "increase" if self.new > self.old else "decrease"


def timelines(data: PricingData) -> dict[tuple[str, str, str], list[Price]]:
    """Every price of every (plan, currency, period), oldest first."""
    lines: dict[tuple[str, str, str], list[Price]] = {}
    for plan in data.plans:
        for currency, period, amount in _price_points(plan.prices):
            lines.setdefault((plan.id, currency, period), []).append(
                Price(plan.id, currency, period, amount, plan.since, None))  # type: ignore[arg-type]
    for change in sorted(data.changes, key=lambda c: c.effective):
        for plan_id, table in change.prices.items():
            for currency, period, amount in _price_points(table):
                lines.setdefault((plan_id, currency, period), []).append(
                    Price(plan_id, currency, period, amount, change.effective, change))  # type: ignore[arg-type]
    for line in lines.values():
        line.sort(key=lambda p: p.effective)
    return lines


def price_at(data: PricingData, plan: str, currency: str, period: str, day: date) -> Price | None:
    """The price in effect on `day`, or None before the plan launched."""
    current = None
    for price in timelines(data).get((plan, currency, period), []):
        if price.effective <= day:
            current = price
    return current


def available_plans(data: PricingData, today: date) -> list[Plan]:
    """Plans on sale today (launched on or before today)."""
    return [p for p in data.plans if p.since <= today]


def upcoming(data: PricingData, today: date) -> list[Change]:
    """Changes that take effect after today, soonest first."""
    return sorted((c for c in data.changes if c.effective > today), key=lambda c: c.effective)


def steps(data: PricingData) -> list[Step]:
    """Every price each change sets, with the price it replaces, in change order."""
    out = []
    for key, line in timelines(data).items():
        for before, price in zip([None, *line[:-1]], line):
            if price.change is None:
                continue
            plan = data.plan(price.plan)
            out.append(Step(price.change, plan.id, plan.name, price.currency, price.period,
                            before.amount if before else None, price.amount))
    order = {c.id: i for i, c in enumerate(data.changes)}
    plan_order = {p.id: i for i, p in enumerate(data.plans)}
    out.sort(key=lambda s: (order[s.change.id], plan_order[s.plan], data.currencies.index(s.currency),
                            PERIODS.index(s.period)))
    return out


# ---------------------------------------------------------------------------
# The record is append-only: published facts, their rewrites, and corrections.

Fact = Union[date, Decimal]


def facts(data: PricingData) -> dict[str, Fact]:
    """Every date and price the file states, by the key a correction names it with ("plans.team.since")."""
    out: dict[str, Fact] = {}
    for plan in data.plans:
        out[f"plans.{plan.id}.since"] = plan.since
        for currency, period, amount in _price_points(plan.prices):
            out[f"plans.{plan.id}.prices.{currency}.{period}"] = amount
    for change in data.changes:
        out[f"changes.{change.id}.effective"] = change.effective
        if change.announced is not None:
            out[f"changes.{change.id}.announced"] = change.announced
        for plan_id, table in change.prices.items():
            for currency, period, amount in _price_points(table):
                out[f"changes.{change.id}.prices.{plan_id}.{currency}.{period}"] = amount
    return out


def loc_of(data: PricingData, key: str) -> tuple[str | int, ...]:
    """The key path in the YAML of a fact's key, for line numbers ("plans.team.since" -> ("plans", 1, "since"))."""
    return record.loc_of({"plans": data.plans, "changes": data.changes}, key)


def _fact_text(value: Fact | None, currency: str | None) -> str:
    if isinstance(value, Decimal) and currency:
        return money(value, currency)
    return str(value)


def _currency_of(key: str) -> str | None:
    parts = key.split(".")
    return parts[-2] if "prices" in parts else None


def _correction_problems(data: PricingData) -> list[Problem]:
    """Each correction names a date or price of the file, of its kind, and the latest one of a fact gives its value now."""

    def values(loc: tuple[str | int, ...], correction: Any, fact: Fact) -> list[Problem]:
        expected = "a date written YYYY-MM-DD" if isinstance(fact, date) else "a price"
        return [Problem((*loc, name), f"found {_found(getattr(correction, name))}, expected {expected}, as "
                        f"{correction.what} is")
                for name in ("published", "correct") if not isinstance(getattr(correction, name), type(fact))]

    return record.correction_problems(
        data.corrections, facts(data),
        "a date or price this file states, named by ids: plans.PLAN.since, plans.PLAN.prices.CURRENCY.PERIOD, "
        "changes.CHANGE.effective, changes.CHANGE.announced or changes.CHANGE.prices.PLAN.CURRENCY.PERIOD",
        values)


@dataclass(frozen=True)
class Rewrite(record.Rewrite):
    """A date or price that a published version stated, changed or gone here without a correction."""

    published: Fact | None
    now: Fact | None

    def fact_message(self, where: str) -> str:
        currency = _currency_of(self.key)
        was = _fact_text(self.published, currency)
        kind, item_id = self.key.split(".")[:2]
        thing = "plan" if kind == "plans" else "change"
        if self.now is None and self.key.endswith((".since", ".effective")):
            return (f"{thing} {item_id!r} was published by {where} and is gone here; what the hub published "
                    f"stays in its history: put it back"
                    + ("" if kind == "plans" else
                       " (a change that will not happen after all is undone by a later change back to the old prices)"))
        if self.now is None:
            return (f"{self.key} was published by {where} as {was} and is gone here; what the hub published "
                    "stays in its history: put it back")
        now = _fact_text(self.now, currency)
        advice = ("to change a price from a date on, add a change under `changes:` instead"
                  if currency else "")
        return (
            f"{self.key} was published by {where} as {was} and is {now} here; the price history is append-only. "
            f"If {was} was wrong, record it under `corrections:` (corrected: YYYY-MM-DD, what: {self.key}, "
            f"published: {_raw(self.published)}, correct: {_raw(self.now)}, reason: why), and the price history "
            "page will show it" + (f"; {advice}" if advice else "")
        )


def _raw(value: Fact | None) -> str:
    """A fact as it is written in the YAML (250, 2027-01-01), for a message to copy."""
    return value.isoformat() if isinstance(value, date) else str(value)


def rewrites(published: PricingData, data: PricingData) -> list[Rewrite]:
    """What `data` changes of what `published` stated, other than through a correction; oldest facts first."""
    # A plan or change gone is one problem, not one per price.
    return record.rewrites(facts(published), facts(data), published.corrections, data.corrections,  # type: ignore[return-value]
                           whole=(".since", ".effective"), kind=Rewrite)


def correction_rises(published: PricingData, data: PricingData, today: date, min_notice_days: int) -> list[tuple[int, str]]:
    """New corrections that raise a launch price with short notice: (index, message).

    A correction that raises what customers pay is a rise: customers hear of it
    today. (A correction of a change's price or date is judged with the change,
    by notice_violations.)
    """
    out = []
    known = len(published.corrections)
    for i, correction in enumerate(data.corrections[known:], start=known):
        parts = correction.what.split(".")
        if parts[0] != "plans" or "prices" not in parts:
            continue
        if not (isinstance(correction.published, Decimal) and isinstance(correction.correct, Decimal)):
            continue
        if correction.correct <= correction.published:
            continue
        plan = next((p for p in data.plans if p.id == parts[1]), None)
        if plan is None:
            continue
        given = (plan.since - today).days
        if given >= min_notice_days:
            continue
        currency, period = parts[3], parts[4]
        was, now = money(correction.published, currency), money(correction.correct, currency)
        if plan.since <= today:
            advice = (f"customers already pay {was} since {plan.since}, and a correction cannot raise what they "
                      f"paid: keep {was}, and add a change under `changes:` effective "
                      f"{date.fromordinal(today.toordinal() + min_notice_days)} or later")
        else:
            advice = (f"move the plan's `since` to {date.fromordinal(today.toordinal() + min_notice_days)} or later, "
                      f"or keep {was}")
        out.append((i, f"this correction raises {plan.name} {period} {currency} from {was} to {now} from {plan.since}, "
                       f"told to customers today, {today}: {_days(given) if given >= 0 else 'no'} notice, but the "
                       f"minimum is {_days(min_notice_days)}; {advice}"))
    return out


# ---------------------------------------------------------------------------
# Publication and notice.


@dataclass(frozen=True)
class Stated:
    """A price that one committed version of a change stated for one plan, currency and period."""

    effective: date
    amount: Decimal
    publication: Publication


StatedPrices = dict[tuple[str, str, str, str], list[Stated]]


def _rise_publication(step: Step, publication: Publication | None, stated: StatedPrices) -> Publication | None:
    """When customers were first told of this rise, or a steeper or sooner one, from the same change.

    `publication` is the commit that added the change; `stated` holds, by (change id,
    plan, currency, period), every price a commit gave it, oldest first. Without this,
    editing an announced change to raise it further would dodge the notice rule.
    None: no commit has stated the rise yet, so it counts from today.
    """
    if publication is None or step.kind != "increase":
        return publication
    versions = stated.get((step.change.id, step.plan, step.currency, step.period), [])
    first = next((v.publication for v in versions
                  if v.effective <= step.change.effective and v.amount >= step.new), None)
    return first if first is None or first.date > publication.date else publication


def current_publications(data: PricingData, publications: dict[str, Publication],
                         stated: StatedPrices) -> dict[str, Publication]:
    """Each change's publication in the form it has now: the latest of its rises' (see _rise_publication)."""
    out = {}
    all_steps = steps(data)
    for change in data.changes:
        publication = publications.get(change.id)
        for step in all_steps:
            if step.change.id == change.id:
                publication = _rise_publication(step, publication, stated)
        if publication is not None:
            out[change.id] = publication
    return out


def notice_for(change: Change, publication: Publication | None, today: date) -> Notice:
    """Notice counts from the commit that added the change, or today if it is not committed yet (see record.notice_for)."""
    return record.notice_for(change, publication, today)


@dataclass(frozen=True)
class NoticeViolation:
    step: Step
    notice: Notice
    required: int
    # The day it was judged, and whether a correction made the rise (raised it, or moved it earlier).
    today: date | None = None
    corrected: bool = False

    @property
    def given(self) -> int:
        return self.notice.days_before(self.step.change.effective)

    def given_text(self) -> str:
        return record.given_words(self.given)

    def message(self, base: str | None = None) -> str:
        """The violation in words; with `base` (check --base), a change not on it yet is published when merged."""
        s = self.step
        fmt = money
        earliest = date.fromordinal(self.notice.published.toordinal() + self.required)
        said = (
            f"change {s.change.id!r} raises {s.plan_name} {s.period} {s.currency} from {fmt(s.old, s.currency)} to "
            f"{fmt(s.new, s.currency)} from {s.change.effective}, {record.published_words(self.notice.source, base)} "
            f"{self.notice.published}: "
            f"{self.given_text()}, but the minimum is {_days(self.required)}; "
        )
        past = self.today is not None and s.change.effective <= self.today
        if self.corrected:
            # A correction that raises a price, or moves a rise earlier, is a rise customers hear of now.
            if past:
                return said + (f"a correction cannot raise what customers already paid: keep what was published, "
                               f"and add a change under `changes:` effective {earliest} or later")
            return said + f"the correction makes it a rise customers hear of now: keep `effective` at {earliest} or later"
        if past and self.notice.source == "uncommitted":
            return said + record.recorded_late(self.required, date.fromordinal(s.change.effective.toordinal() - self.required))
        return said + f"move `effective` to {earliest} or later"


def money(amount: Decimal, currency: str, locale: str = "en") -> str:
    """An amount as readers expect it: "£32", "€12.50" (whole amounts without decimals)."""
    from babel.numbers import format_currency

    if amount == amount.to_integral_value():
        return format_currency(amount, currency, locale=locale, format="¤#,##0", currency_digits=False)
    return format_currency(amount, currency, locale=locale)


def notice_violations(data: PricingData, publications: dict[str, Publication], today: date,
                      min_notice_days: int, stated: StatedPrices | None = None,
                      corrections: list[Correction] | None = None) -> list[NoticeViolation]:
    """Price increases published fewer than min_notice_days before they take effect.

    With `stated` (see _rise_publication), each rise counts from the first commit
    that stated it, so a later edit that raises it counts from the edit.

    A published change already in effect is history: the history page shows its
    notice, but it is not judged again (so raising the minimum later does not
    fail every old change). An unpublished one is judged whatever its date, so
    a rise recorded after the fact is caught.
    """
    out = []
    corrections = data.corrections if corrections is None else corrections
    for step in steps(data):
        if step.kind != "increase":
            continue
        publication = publications.get(step.change.id)
        if stated is not None:
            publication = _rise_publication(step, publication, stated)
        notice = notice_for(step.change, publication, today)
        if notice.source != "uncommitted" and step.change.effective <= today:
            continue
        if notice.days_before(step.change.effective) < min_notice_days:
            out.append(NoticeViolation(step, notice, min_notice_days, today,
                                       _corrects(corrections, step)))
    return out


def _corrects(corrections: list[Correction], step: Step) -> bool:
    """Whether a correction changed this rise: its price, or its change's date."""
    prefix = f"changes.{step.change.id}."
    keys = {f"{prefix}effective", f"{prefix}prices.{step.plan}.{step.currency}.{step.period}"}
    return any(c.what in keys for c in corrections)


# ---------------------------------------------------------------------------
# Comparing two versions, for reviewers.


@dataclass(frozen=True)
class Difference:
    """A price that one version of the data has and the other does not, in words."""

    text: str
    # Days between today and the new price, for an increase; None otherwise.
    notice_days: int | None = None
    short_notice: bool = False


def compare(old: PricingData | None, new: PricingData, *, today: date, min_notice_days: int) -> list[Difference]:
    """The prices `new` adds to or removes from `old`'s timelines, described in words.

    For example "Team, monthly, GBP: 29 → 32 from 2027-01-01 (40 days' notice; the minimum is 30)".
    An added increase counts its notice from today: a pull request's change is published when merged.
    """
    old_lines = timelines(old) if old else {}
    new_lines = timelines(new)
    found: list[tuple[tuple[date, str, str, str, str], Difference]] = []

    def key_of(p: Price) -> tuple[date, Decimal]:
        return (p.effective, p.amount)

    def name(data: PricingData, plan_id: str) -> str:
        return next((p.name for p in data.plans if p.id == plan_id), plan_id)

    for key in [*new_lines, *(k for k in old_lines if k not in new_lines)]:
        before_line = old_lines.get(key, [])
        after_line = new_lines.get(key, [])
        before_keys = {key_of(p) for p in before_line}
        after_keys = {key_of(p) for p in after_line}
        for kind, line, others, data in (("removed", before_line, after_keys, old), ("added", after_line, before_keys, new)):
            for i, price in enumerate(line):
                if key_of(price) in others:
                    continue
                previous = line[i - 1].amount if i else None
                arrow = f"{previous} → {price.amount}" if previous is not None else f"new at {price.amount}"
                text = f"{name(data, price.plan)}, {price.period}, {price.currency}: {arrow} from {price.effective}"
                difference = Difference(text)
                if kind == "removed":
                    difference = Difference(f"removed: {text}")
                elif price.change is None:
                    difference = Difference(f"{text} (launch price)")
                elif previous is not None and price.amount > previous:
                    days = notice_for(price.change, None, today).days_before(price.effective)
                    difference = Difference(f"{text} ({_days(days)}' notice; the minimum is {min_notice_days})",
                                            days, days < min_notice_days)
                found.append(((price.effective, price.plan, price.currency, price.period, kind), difference))
    found.sort(key=lambda item: item[0])
    out = [difference for _, difference in found]
    # What the record says about itself: new corrections, and rewrites check will refuse.
    known = len(old.corrections) if old else 0
    for correction in new.corrections[known:]:
        currency = _currency_of(correction.what)
        out.append(Difference(f"correction of {correction.what}: published as "
                              f"{_fact_text(correction.published, currency)}, correct is "
                              f"{_fact_text(correction.correct, currency)} (corrected {correction.corrected})"))
    if old is not None:
        for rewrite in rewrites(old, new):
            if rewrite.correction is None:
                now = _fact_text(rewrite.now, _currency_of(rewrite.key)) if rewrite.now is not None else "gone"
                out.append(Difference(f"rewrites what was published: {rewrite.key} was "
                                      f"{_fact_text(rewrite.published, _currency_of(rewrite.key))}, now {now}, "
                                      "with no correction recorded"))
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
