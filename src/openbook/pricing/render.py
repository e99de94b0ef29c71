"""HTML, Markdown and Atom for the pricing page, the price history page and the price feed.

Pure: pricing data and publications in, text out. Templates live in
openbook/templates/pricing/ and are autoescaped: the data is staff-reviewed but
arrives by pull request, and git author names come from anyone's commits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from itertools import groupby
from typing import Any

import jinja2
from markupsafe import Markup

from openbook import templating
from openbook.pricing import model as pricing
from openbook.pricing.model import Change, Notice, PricingData, Publication, Step

MARKERS = {
    "table": "<!-- openbook:pricing-table -->",
    "features": "<!-- openbook:pricing-features -->",
    "upcoming": "<!-- openbook:pricing-upcoming -->",
}


@cache
def _environment() -> jinja2.Environment:
    return templating.environment("pricing", filters={"paragraphs": paragraphs})


def render(template: str, **context: Any) -> str:
    return _environment().get_template(template).render(**context)


def paragraphs(text: str) -> list[str]:
    """A reason's paragraphs (blank-line separated), each on one line."""
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


_MARKDOWN_SPECIAL = re.compile(r"[\\`*_{}\[\]()#+!<>&|~^:-]")


def markdown_text(text: str) -> Markup:
    """Plain text made inert for a Markdown heading: no emphasis, links, HTML or attr_list `{...}`."""
    return Markup(_MARKDOWN_SPECIAL.sub(lambda m: f"&#{ord(m.group(0))};", " ".join(text.split())))


@dataclass(frozen=True)
class Links:
    """URLs the generated HTML points at, relative to the page it lands on."""

    history: str = ""
    pricing: str = ""
    feed: str = ""
    # GitHub: `{sha}` is replaced by the commit id.
    commit: str | None = None
    edit_data: str | None = None
    edit_text: str | None = None
    # A consultation's page: `{number}` is replaced by its number.
    consultation: str = ""

    def consultation_url(self, number: int) -> str:
        return self.consultation.replace("{number}", str(number))


def _amount(price: pricing.Price | None, locale: str) -> str:
    return pricing.money(price.amount, price.currency, locale) if price else "—"


def _columns(data: PricingData) -> list[dict[str, str]]:
    """One price column per currency and period, in the order of the cells."""
    return [
        {"currency": currency, "period": pricing.PERIOD_WORDS[period]}
        for currency in data.currencies
        for period in data.periods
    ]


def price_table(data: PricingData, today: date, *, locale: str = "en") -> str:
    plans = pricing.available_plans(data, today)
    rows = []
    for plan in plans:
        cells = []
        for currency in data.currencies:
            for period in data.periods:
                price = pricing.price_at(data, plan.id, currency, period, today)
                cells.append({"amount": _amount(price, locale), "since": price.effective if price else None})
        rows.append({"plan": plan, "cells": cells})
    return render("table.html", rows=rows, columns=_columns(data), today=today)


def _feature_cell(value: object, unit: str) -> dict[str, str]:
    if value is True:
        return {"mark": "✓", "text": "Included"}
    if value is False or value is None:
        return {"mark": "—", "text": "Not included"}
    if value == "unlimited":
        return {"mark": "", "text": "Unlimited"}
    return {"mark": "", "text": f"{value:,} {unit}".strip()}


def feature_matrix(data: PricingData, today: date) -> str:
    plans = pricing.available_plans(data, today)
    groups = []
    for group, features in groupby(data.features, key=lambda f: f.group):
        rows = [
            {"feature": f, "cells": [_feature_cell(p.features.get(f.id, False), f.unit) for p in plans]}
            for f in features
        ]
        groups.append({"name": group, "rows": rows})
    return render("features.html", plans=plans, groups=groups)


@dataclass
class _PlanPhrase:
    name: str
    main: list[str] = field(default_factory=list)
    others: list[str] = field(default_factory=list)


def _phrases(steps: list[Step], data: PricingData, locale: str) -> list[_PlanPhrase]:
    """"Team costs £32 a month instead of £29 and ... (€37 a month instead of €34 ...)", one per plan."""
    phrases: dict[str, _PlanPhrase] = {}
    first = data.currencies[0]
    for step in steps:
        phrase = phrases.setdefault(step.plan, _PlanPhrase(step.plan_name))
        text = f"{pricing.money(step.new, step.currency, locale)} {pricing.PERIOD_WORDS[step.period]}"
        if step.old is not None:
            text += f" instead of {pricing.money(step.old, step.currency, locale)}"
        (phrase.main if step.currency == first else phrase.others).append(text)
    for phrase in phrases.values():
        if not phrase.main:
            phrase.main, phrase.others = phrase.others, []
    return list(phrases.values())


@dataclass
class ChangeView:
    change: Change
    notice: Notice
    steps: list[Step]
    phrases: list[_PlanPhrase]
    upcoming: bool
    increase: bool
    title: str
    # Days between publication and effect; negative when recorded after the fact.
    notice_days: int
    commit_url: str | None


def change_views(data: PricingData, publications: dict[str, Publication], today: date, *,
                 locale: str = "en", links: Links | None = None) -> list[ChangeView]:
    """Every change, newest first, with its notice and its prices in words."""
    links = links or Links()
    all_steps = pricing.steps(data)
    views = []
    for change in data.changes:
        steps = [s for s in all_steps if s.change.id == change.id]
        notice = pricing.notice_for(change, publications.get(change.id), today)
        plan_names = list(dict.fromkeys(s.plan_name for s in steps))
        publication = notice.publication
        commit_url = (
            links.commit.replace("{sha}", publication.commit)
            if links.commit and publication and publication.commit else None
        )
        views.append(ChangeView(
            change=change,
            notice=notice,
            steps=steps,
            phrases=_phrases(steps, data, locale),
            upcoming=change.effective > today,
            increase=any(s.kind == "increase" for s in steps),
            title=f"From {change.effective}: {' and '.join(plan_names)}",
            notice_days=notice.days_before(change.effective),
            commit_url=commit_url,
        ))
    views.sort(key=lambda v: v.change.effective, reverse=True)
    return views


def upcoming_notice(data: PricingData, publications: dict[str, Publication], today: date, *,
                    locale: str = "en", links: Links | None = None) -> str:
    links = links or Links()
    views = [v for v in change_views(data, publications, today, locale=locale, links=links) if v.upcoming]
    views.reverse()
    launches = [p for p in data.plans if p.since > today]
    return render("upcoming.html", views=views, launches=launches, links=links)


def pricing_page_note(links: Links) -> str:
    return render("page-note.html", links=links)


def plan_history(data: PricingData, today: date, locale: str = "en") -> list[dict[str, Any]]:
    """Per plan: one row per date any of its prices changed, with every price in effect from then."""
    lines = pricing.timelines(data)
    out = []
    for plan in data.plans:
        keys = [(plan.id, c, p) for c in data.currencies for p in data.periods]
        dates = sorted({price.effective for k in keys for price in lines.get(k, [])})
        rows = []
        for i, day in enumerate(dates):
            cells = []
            change = None
            for key in keys:
                price = pricing.price_at(data, *key, day)
                changed = price is not None and price.effective == day
                if changed and price.change is not None:
                    change = price.change
                cells.append({"amount": _amount(price, locale), "changed": changed})
            # The last day of this row: the day before the next prices begin.
            until = dates[i + 1] - timedelta(days=1) if i + 1 < len(dates) else None
            rows.append({
                "from": day,
                "until": until,
                "cells": cells,
                "change": change,
                "current": day <= today and (until is None or until >= today),
                "upcoming": day > today,
            })
        out.append({"plan": plan, "rows": list(reversed(rows)), "heading": markdown_text(plan.name)})
    return out


@dataclass(frozen=True)
class CorrectionView:
    correction: pricing.Correction
    # "the Team yearly price was listed as £290; it was £280"
    text: str
    # Its place in `corrections`: stable, since corrections are never edited or removed.
    index: int = 0


def correction_views(data: PricingData, today: date, *, locale: str = "en") -> list[CorrectionView]:
    """Every correction in words, newest first, as the price history page shows them."""
    views = []
    for index, correction in enumerate(data.corrections):
        kind, item_id, *rest = correction.what.split(".")
        was, right = correction.published, correction.correct

        def shown(value: object, currency: str | None = None) -> str:
            return pricing.money(value, currency, locale) if currency and not isinstance(value, date) else str(value)

        if kind == "plans":
            plan = data.plan(item_id)
            if rest == ["since"]:
                text = f"the {plan.name} plan's launch date was listed as {was}; it was {right}"
            else:
                currency, period = rest[1], rest[2]
                text = (f"the {plan.name} {period} price was listed as {shown(was, currency)}; "
                        f"it was {shown(right, currency)}")
        else:
            change = data.change(item_id)
            assert change is not None  # parse() checked that a correction names a fact of the file
            past = change.effective <= today
            if rest == ["effective"]:
                text = (f"the price change {change.id!r} was listed as taking effect on {was}; "
                        f"it {'took' if past else 'takes'} effect on {right}")
            elif rest == ["announced"]:
                text = f"the price change {change.id!r} was listed as announced on {was}; it was announced on {right}"
            else:
                plan_name = data.plan(rest[1]).name
                currency, period = rest[2], rest[3]
                text = (f"the {plan_name} {period} price from {change.effective} was listed as "
                        f"{shown(was, currency)}; it {'was' if past else 'is'} {shown(right, currency)}")
        views.append(CorrectionView(correction, text, index))
    views.sort(key=lambda v: v.correction.corrected, reverse=True)
    return views


def history_page(data: PricingData, publications: dict[str, Publication], today: date, *,
                 company: str, min_notice_days: int, locale: str = "en", links: Links | None = None,
                 tracked: bool = True) -> str:
    """The Markdown body of the price history page (headings in Markdown, the rest raw HTML)."""
    links = links or Links()
    return render(
        "history.md",
        views=change_views(data, publications, today, locale=locale, links=links),
        corrections=correction_views(data, today, locale=locale),
        plans=plan_history(data, today, locale),
        columns=_columns(data),
        company=company,
        min_notice_days=min_notice_days,
        links=links,
        tracked=tracked,
        today=today,
        money=lambda amount, currency: pricing.money(amount, currency, locale),
    )


def feed(data: PricingData, publications: dict[str, Publication], today: date, *, company: str,
         feed_url: str, history_url: str, id_base: str, locale: str = "en", links: Links | None = None) -> str:
    """An Atom feed of price changes, newest publication first; entry ids are `id_base#change-<id>`."""
    views = change_views(data, publications, today, locale=locale, links=links)
    views.sort(key=lambda v: (v.notice.published, v.change.effective), reverse=True)
    corrections = correction_views(data, today, locale=locale)
    updated = max([*(v.notice.published for v in views), *(c.correction.corrected for c in corrections)],
                  default=today)
    return render(
        "feed.xml",
        views=views,
        corrections=corrections,
        company=company,
        feed_url=feed_url,
        history_url=history_url,
        id_base=id_base,
        updated=updated,
    )
