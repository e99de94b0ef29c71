"""HTML and Atom for the subprocessors page (its list, upcoming changes and history) and its feed.

Pure: the register and what git says of it in, text out. Templates live in
openbook/subprocessors/templates/ and are autoescaped: the register arrives by
pull request, and its names and reasons are anyone's words until reviewed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any
from urllib.parse import urlencode

import jinja2

from openbook import templating
from openbook.pricing.render import paragraphs
from openbook.subprocessors import model
from openbook.subprocessors.model import Change, Notice, Register, Stated

MARKERS = {
    "list": "<!-- openbook:subprocessors-list -->",
    "upcoming": "<!-- openbook:subprocessors-upcoming -->",
    "history": "<!-- openbook:subprocessors-history -->",
}


@cache
def _environment() -> jinja2.Environment:
    return templating.environment("subprocessors", filters={"paragraphs": paragraphs,
                                                            "human_date": templating.human_date})


def render(template: str, **context: Any) -> str:
    return _environment().get_template(template).render(**context)


@dataclass(frozen=True)
class Links:
    """URLs the generated HTML points at, relative to the page it lands on (the objection form is absolute)."""

    feed: str = ""
    # GitHub: `{sha}` is replaced by the commit id.
    commit: str | None = None
    edit_data: str | None = None
    edit_text: str | None = None
    # The repository's new-issue URL (https://github.com/OWNER/NAME/issues/new) and the objection form's file name.
    new_issue: str | None = None
    objection_form: str = "subprocessor-objection.yml"

    def objection_url(self, change_id: str) -> str | None:
        """The objection form, its `change` field filled with the change's id (GitHub's issue-form URL query)."""
        if not self.new_issue:
            return None
        return f"{self.new_issue}?{urlencode({'template': self.objection_form, 'change': change_id})}"


@dataclass(frozen=True)
class ChangeView:
    change: Change
    sentence: str
    notice: Notice
    notice_days: int
    upcoming: bool
    # The last day to object (the day before it takes effect), for a change that needs notice.
    deadline: date | None
    objection_url: str | None
    commit_url: str | None


def change_views(data: Register, stated: dict[str, list[Stated]], today: date,
                 links: Links | None = None) -> list[ChangeView]:
    """Every change, newest first, with its notice and its words."""
    links = links or Links()
    views = []
    for change in data.changes:
        notice = model.notice_for(change, model.publication_of(change, stated.get(change.id, [])), today)
        publication = notice.publication
        views.append(ChangeView(
            change=change,
            sentence=_capitalised(model.sentence(data, change)),
            notice=notice,
            notice_days=notice.days_before(change.effective),
            upcoming=change.effective > today,
            deadline=model.objection_deadline(change) if model.needs_notice(change) else None,
            objection_url=links.objection_url(change.id),
            commit_url=(links.commit.replace("{sha}", publication.commit)
                        if links.commit and publication and publication.commit else None),
        ))
    views.sort(key=lambda v: (v.change.effective, data.changes.index(v.change)), reverse=True)
    return views


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def current_list(data: Register, day: date, *, locale: str = "en") -> str:
    rows = [{"entry": entry, "country": model.country_name(entry.location, locale),
             "transfer": model.TRANSFER_WORDS[entry.transfer]} for entry in model.in_use(data, day)]
    return render("list.html", rows=rows, day=day)


def upcoming(data: Register, stated: dict[str, list[Stated]], today: date, *, notice_days: int,
             links: Links | None = None) -> str:
    views = [v for v in change_views(data, stated, today, links) if v.upcoming]
    views.reverse()
    return render("upcoming.html", views=views, notice_days=notice_days)


@dataclass(frozen=True)
class CorrectionView:
    correction: model.Correction
    # "Postbox's location was listed as US; it is IE"
    text: str
    # Its place in `corrections`: stable, since corrections are never edited or removed.
    index: int


_FIELD_WORDS = {
    "name": "name", "purpose": "purpose", "data": "data it processes", "location": "location",
    "transfer": "transfer safeguard", "website": "website", "since": "start date",
    "kind": "kind", "effective": "effective date", "subprocessor": "subprocessor", "replaces": "replaced subprocessor",
    "announced": "announcement date",
}


def correction_views(data: Register) -> list[CorrectionView]:
    """Every correction in words, newest first."""
    views = []
    for index, correction in enumerate(data.corrections):
        kind, item_id, name = correction.what.split(".")
        if kind == "subprocessors":
            entry = data.entry(item_id)
            owner = f"{entry.name if entry else item_id}'s"
        else:
            owner = f"the change {item_id!r}'s"
        text = f"{owner} {_FIELD_WORDS.get(name, name)} was listed as {correction.published}; it is {correction.correct}"
        views.append(CorrectionView(correction, text, index))
    views.sort(key=lambda v: (v.correction.corrected, v.index), reverse=True)
    return views


def history(data: Register, stated: dict[str, list[Stated]], today: date, *, notice_days: int, source: str,
            tracked: bool = True, links: Links | None = None) -> str:
    links = links or Links()
    former = [p for p in model.periods(data) if p.end is not None and p.end <= today]
    return render("history.html", views=change_views(data, stated, today, links), corrections=correction_views(data),
                  former=former, notice_days=notice_days, source=source, tracked=tracked, links=links)


def feed(data: Register, stated: dict[str, list[Stated]], today: date, *, company: str, feed_url: str,
         page_url: str, id_base: str) -> str:
    """An Atom feed of the register's changes, newest publication first; entry ids are `id_base#change-<id>`."""
    views = change_views(data, stated, today)
    views.sort(key=lambda v: (v.notice.published, v.change.effective), reverse=True)
    corrections = correction_views(data)
    updated = max([*(v.notice.published for v in views), *(c.correction.corrected for c in corrections)],
                  default=today)
    return render("feed.xml", views=views, corrections=corrections, company=company, feed_url=feed_url,
                  page_url=page_url, id_base=id_base, updated=updated)
