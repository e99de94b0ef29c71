"""The MkDocs adapter of consultations: a page per consultation, the index with its figures,
the open ones on the home page (marker), the Atom feed and the moderation report.

As on the Q&A pages, untrusted text never reaches MkDocs' Markdown: a generated page's
Markdown is trusted front matter and a stub, and `on_page_content` swaps in HTML
from autoescaped templates and `openbook.untrusted`, each text rendered on its own.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.utils import get_relative_url

from openbook import clock, settings, templating, untrusted
from openbook.consultations import model
from openbook.consultations.model import Consultation, Moderation
from openbook.practices import model as practices_model
from openbook.pricing import site as pricing_site
from openbook.questions import snapshot, trust
from openbook.questions.rules import Policy
from openbook.site import generated, page_actions, pages, titles
from openbook.site.pages import page_url

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.openbook.consultations")

INDEX = f"{model.FOLDER}/index.md"
REPORT = f"{model.FOLDER}/report.json"
MARKER = "<!-- openbook:consultations-open -->"
FORM = "consultation.yml"
STUB = "<!-- openbook: this page is generated from the issue snapshot -->\n"
STATE_WORDS = {model.OPEN: "Open", model.OWED: "Closed, decision owed", model.DECIDED: "Decided"}


@dataclass(frozen=True)
class LedTo:
    """Something a consultation led to: a price change or a practice, with where it is published."""

    kind: str  # price-change | practice
    title: str
    src_uri: str
    anchor: str = ""


@dataclass
class _Build:
    config: MkDocsConfig
    moderation: Moderation
    by_number: dict[int, Consultation]
    today: date
    renderer: untrusted.Renderer
    led_to: dict[int, list[LedTo]]
    synced_at: str | None
    feed: File | None
    # src_uri -> (kind, number): index | consultation | unpublished
    pages: dict[str, tuple[str, int | None]] = field(default_factory=dict)
    # Named by a price change or a practice, but not published (not synced, not staff's, a typo).
    unpublished: list[int] = field(default_factory=list)
    head: dict[str, str] = field(default_factory=dict)


_build: _Build | None = None


def reset() -> None:
    global _build
    _build = None


_render = pages.Templates("consultations", human_date=templating.human_date).render


def _href(build: _Build, src_uri: str, from_url: str) -> str:
    return pages.href(build.config, src_uri, from_url)


# --- what links here ----------------------------------------------------------------------------


def _linked(config: MkDocsConfig, files: Files) -> dict[int, list[LedTo]]:
    """Consultation number -> the price changes and practices that name it."""
    led: dict[int, list[LedTo]] = {}
    options = settings.of(config)
    if options.pricing.enabled:
        try:
            data = pricing_site.load_data(config)
        except PluginError:
            # The pricing hook stops the build with the file's own message.
            data = None
        for change in data.changes if data else ():
            if change.consultation is not None:
                led.setdefault(change.consultation, []).append(
                    LedTo("price-change", f"Price change from {change.effective}", options.pricing.history_page,
                          f"change-{change.id}"))
    if options.practices.enabled:
        for file in files.documentation_pages():
            if not practices_model.is_practice(file.src_uri, options.practices.folder):
                continue
            try:
                practice = practices_model.parse(file.content_string, file.src_uri,
                                                 default_review_every=options.practices.review_every)
            except practices_model.PracticeError:
                continue  # The practices hook reports it.
            for number in practice.consultations:
                led.setdefault(number, []).append(LedTo("practice", practice.title, file.src_uri))
    return led


# --- on_files -----------------------------------------------------------------------------------


def _issue_url(config: MkDocsConfig, issue: snapshot.Question) -> str:
    return pages.issue_url(config, issue.html_url, issue.number)


def add_files(files: Files, config: MkDocsConfig) -> Files:
    global _build
    _build = None
    options = settings.of(config)
    cs, qs = options.consultations, options.questions
    if not cs.enabled:
        return files
    root = settings.project_root(config)
    try:
        snap = snapshot.load(root / qs.snapshot)
    except snapshot.SnapshotError as exc:
        raise PluginError(str(exc)) from None
    policy = Policy.from_settings(qs)
    moderation = model.moderate(snap, policy, cs.label, now=clock.now(), trusted=trust.recorded(config))
    for item in moderation.published:
        for time in (item.issue.created_at, item.issue.updated_at, *(c.created_at for c in item.issue.comments)):
            try:
                snapshot.parse_time(time)
            except (TypeError, ValueError):
                raise PluginError(f"{qs.snapshot}: consultation #{item.number}: {time!r} is not an ISO 8601 time; "
                                  "run `openbook sync --full` to rewrite the snapshot") from None
    renderer = untrusted.Renderer(untrusted.RenderOptions(
        redact_emails=qs.redact_emails, redact_phones=qs.redact_phones,
        allow_external_images=qs.allow_external_images, site_url=config.site_url or "",
    ))
    feed = File.generated(config, cs.feed, content="") if cs.feed else None
    build = _Build(
        config=config, moderation=moderation, by_number=moderation.by_number(), today=clock.today(),
        renderer=renderer, led_to=_linked(config, files), synced_at=snap.synced_at, feed=feed,
    )
    _build = build
    existing = set(files.src_uris)

    def add(src_uri: str, kind: str, number: int | None, meta: dict[str, Any], inclusion: InclusionLevel) -> None:
        if src_uri in existing:
            log.warning("docs/%s exists, so the generated consultation page is not built; rename or remove it", src_uri)
            return
        files.append(File.generated(config, src_uri, content=pages.stub({"hide": ["toc"], **meta}, STUB), inclusion=inclusion))
        build.pages[src_uri] = (kind, number)

    synced = snapshot.format_time(snapshot.parse_time(snap.synced_at or "1970-01-01T00:00:00Z"))
    add(INDEX, "index", None, {"title": "Consultations", generated.UPDATED: synced,
                      "description": "What we asked our customers before deciding, what they said, and what we did."},
        InclusionLevel.UNDEFINED)
    for item in moderation.published:
        add(model.page_src(item.number), "consultation", item.number, {
            generated.EDIT_URL: _issue_url(config, item.issue),
            generated.UPDATED: snapshot.format_time(snapshot.parse_time(item.issue.updated_at)),
            page_actions.REPORTABLE: True,
        }, InclusionLevel.NOT_IN_NAV)
    # A price change or practice that names a consultation the hub does not publish keeps a
    # working link: a page that says so and points at the issue. The report lists them.
    build.unpublished = sorted(set(build.led_to) - set(build.by_number))
    for number in build.unpublished:
        add(model.page_src(number), "unpublished", number,
            {"title": f"Consultation #{number} is not published here", "search": {"exclude": True}},
            InclusionLevel.NOT_IN_NAV)
    if feed is not None:
        feed.content_string = _feed(build)
        files.append(feed)
    return files


# --- pages --------------------------------------------------------------------------------------


_profile_url = pages.profile_url


def _staff_label(config: MkDocsConfig) -> str:
    company = settings.of(config).company
    return f"{company} staff" if company else "staff"


def _time(value: str) -> dict[str, str]:
    parsed = snapshot.parse_time(value)
    return {"iso": snapshot.format_time(parsed), "date": parsed.strftime("%Y-%m-%d")}


def _person(build: _Build, comment: snapshot.Comment) -> dict[str, Any]:
    return {"name": build.renderer.text(comment.author.login),
            "url": _profile_url(build.config, comment.author.login)}


def state_text(item: Consultation, today: date) -> str:
    """"open until 2027-01-15 (12 days left)", "closed, decision owed", "decided on 2026-10-02"."""
    state = item.state(today)
    if state == model.DECIDED:
        assert item.outcome is not None
        return f"decided on {item.outcome.decided_on.isoformat()}"
    if state == model.OWED:
        return "closed, decision owed"
    if item.closes is None:
        return "open, with no closing date given"
    left = item.days_left(today)
    if left == 0:
        return f"open until {item.closes.isoformat()} (closes today)"
    return f"open until {item.closes.isoformat()} ({left} {'day' if left == 1 else 'days'} left)"


def _led_to(build: _Build, item: Consultation, from_url: str) -> list[dict[str, str]]:
    out = []
    for led in build.led_to.get(item.number, []):
        href = _href(build, led.src_uri, from_url) + (f"#{led.anchor}" if led.anchor else "")
        out.append({"kind": led.kind, "title": led.title, "href": href})
    return out


def _consultation_html(build: _Build, item: Consultation, page: Page) -> str:
    r = build.renderer
    repo = (build.config.repo_url or "").rstrip("/")

    def link_for(number: int) -> str | None:
        # `#123` names a consultation published here, or else an issue on GitHub.
        if number in build.by_number:
            return _href(build, model.page_src(number), page.url)
        return f"{repo}/issues/{number}" if repo else None

    def md(text: str, anchor: str) -> str:
        # Each text on its own: one text's Markdown can never reach into another, and its
        # heading and footnote ids carry its own prefix, so no two texts share an id.
        return r.markdown(text, link_for, anchor=anchor)
    issue = item.issue
    total = sum(o.support for o in item.options)
    options = [{
        "id": o.comment.id,
        "title": r.text(o.title),
        "details_html": Markup(md(o.details, f"o{o.comment.id}-")) if o.details else None,
        "support": o.support,
        "share": round(100 * o.support / total) if total else 0,
        "url": untrusted.web_url(o.comment.html_url),
    } for o in item.options]
    advice = [{
        "id": a.comment.id,
        "author": _person(build, a.comment),
        "staff": a.staff,
        "time": _time(a.comment.created_at),
        "url": untrusted.web_url(a.comment.html_url),
        "body_html": Markup(md(a.comment.body, f"c{a.comment.id}-")),
    } for a in item.advice]
    outcome = None
    if item.outcome is not None:
        o = item.outcome
        outcome = {
            "summary": r.text(o.summary),
            "details_html": Markup(md(o.details, "outcome-")) if o.details else None,
            "changed": o.changed,
            "author": _person(build, o.comment),
            "time": _time(o.comment.created_at),
            "url": untrusted.web_url(o.comment.html_url),
        }
    fields = {key: Markup(md(text, f"{key}-")) if text else None for key, text in item.fields.items()}
    other = [{"label": r.text(label), "html": Markup(md(text, f"s{i}-"))}
             for i, (label, text) in enumerate(item.other) if text]
    state = item.state(build.today)
    titles.set_text(page, r.text(issue.title))
    return _render(
        "consultation.html",
        title=r.text(issue.title),
        number=item.number,
        state=state,
        state_text=state_text(item, build.today),
        days_owed=item.days_owed(build.today),
        closes=item.closes,
        bad_closing_date=_clipped(r.text(item.bad_closing_date or "")),
        opened=_time(issue.created_at),
        author=_person(build, snapshot.Comment(0, issue.author, "", issue.created_at, issue.updated_at, "")),
        fields=fields,
        field_labels=model.FIELDS,
        other=other,
        options=options,
        total_support=total,
        advice=advice,
        customers=len({a.comment.author.login.lower() for a in item.customer_advice()}),
        held=item.held,
        outcome=outcome,
        led_to=_led_to(build, item, page.url),
        staff_label=_staff_label(build.config),
        url=_issue_url(build.config, issue),
        index_url=_href(build, INDEX, page.url),
    )


def _entry(build: _Build, item: Consultation, from_url: str) -> dict[str, Any]:
    return {
        "href": _href(build, model.page_src(item.number), from_url),
        "title": build.renderer.text(item.issue.title),
        "number": item.number,
        "state_text": state_text(item, build.today),
        "closes": item.closes,
        "days_owed": item.days_owed(build.today),
        "advice": len(item.customer_advice()),
        "changed": item.outcome.changed if item.outcome else None,
    }


def _figures(build: _Build) -> dict[str, Any]:
    f = model.figures(build.moderation, clock.now(), settings.of(build.config).consultations.window_days)
    median = f.median_days_to_outcome
    return {
        "f": f,
        "median": None if median is None else (f"{median:g} day" if median == 1 else f"{median:g} days"),
    }


def _index_html(build: _Build, page: Page) -> str:
    groups = model.ordered(build.moderation, build.today)
    repo = build.config.repo_url
    return _render(
        "index.html",
        title=page.title,
        open=[_entry(build, c, page.url) for c in groups[model.OPEN]],
        owed=[_entry(build, c, page.url) for c in groups[model.OWED]],
        decided=[_entry(build, c, page.url) for c in groups[model.DECIDED]],
        figures=_figures(build),
        company=settings.of(build.config).company,
        feed_url=get_relative_url(build.feed.url, page.url) if build.feed else None,
        form_url=page_actions.issue_form_url(repo, FORM) if repo else None,
    )


def _open_html(build: _Build, page: Page) -> str:
    """The home page's list of open consultations (the marker)."""
    groups = model.ordered(build.moderation, build.today)
    return _render(
        "open.html",
        open=[_entry(build, c, page.url) for c in groups[model.OPEN]],
        index_url=_href(build, INDEX, page.url),
    )


def _feed(build: _Build) -> str:
    """Atom: one entry per consultation opened and one per outcome published, newest first."""
    config = build.config
    base = (config.site_url or "").rstrip("/")
    company = settings.of(config).company
    entries = []
    for item in build.moderation.published:
        address = f"{base}/{page_url(config, model.page_src(item.number))}" if base else page_url(
            config, model.page_src(item.number))
        title = build.renderer.text(item.issue.title)
        entries.append({
            "id": f"{address}#opened" if base else f"urn:openbook:consultation:{item.number}:opened",
            "title": f"We ask your advice: {title}",
            "updated": snapshot.format_time(snapshot.parse_time(item.issue.created_at)),
            "link": address,
            "summary": untrusted.excerpt(build.renderer.text(item.fields["proposal"] or title), 400),
        })
        if item.outcome is not None:
            o = item.outcome
            entries.append({
                "id": f"{address}#outcome" if base else f"urn:openbook:consultation:{item.number}:outcome",
                "title": f"What we decided: {title}",
                "updated": snapshot.format_time(snapshot.parse_time(o.comment.created_at)),
                "link": f"{address}#outcome",
                "summary": untrusted.excerpt(build.renderer.text(o.summary or o.details), 400),
            })
    entries.sort(key=lambda e: (e["updated"], e["id"]), reverse=True)
    assert build.feed is not None
    feed_url = f"{base}/{build.feed.url}" if base else build.feed.url
    return _render(
        "feed.xml",
        entries=entries,
        title=f"{company} consultations" if company else "Consultations",
        feed_url=feed_url,
        index_url=f"{base}/{page_url(config, INDEX)}" if base else page_url(config, INDEX),
        feed_id=feed_url if base else "urn:openbook:consultations",
        updated=entries[0]["updated"] if entries else snapshot.format_time(
            snapshot.parse_time(build.synced_at or "1970-01-01T00:00:00Z")),
    )


def _ours(page: Page) -> tuple[_Build, str, int | None] | None:
    build = _build
    if build is None or page.file.src_uri not in build.pages:
        return None
    return (build, *build.pages[page.file.src_uri])


def page_markdown(page: Page) -> None:
    ours = _ours(page)
    if ours is None or ours[1] != "consultation":
        return
    build, _, number = ours
    assert number is not None
    item = build.by_number[number]
    titles.set_text(page, build.renderer.text(item.issue.title))
    proposal = item.fields["proposal"] or item.issue.title
    page.meta["description"] = untrusted.escape(untrusted.excerpt(build.renderer.text(proposal)))


def page_content(html: str, page: Page) -> str | None:
    build = _build
    if build is None:
        return None
    ours = _ours(page)
    if ours is None:
        if MARKER in html:
            return html.replace(MARKER, _open_html(build, page), 1)
        return None
    _, kind, number = ours
    if kind == "index":
        return _index_html(build, page)
    assert number is not None
    if kind == "unpublished":
        build.head[page.file.src_uri] = '<meta name="robots" content="noindex">'
        repo = (build.config.repo_url or "").rstrip("/")
        return _render(
            "unpublished.html", title=page.title, number=number,
            issue_url=f"{repo}/issues/{number}" if repo else None,
            led_to=[{"title": led.title, "href": _href(build, led.src_uri, page.url)
                     + (f"#{led.anchor}" if led.anchor else "")} for led in build.led_to.get(number, [])],
            index_url=_href(build, INDEX, page.url),
        )
    return _consultation_html(build, build.by_number[number], page)


def page_context(page: Page) -> None:
    ours = _ours(page)
    if ours is not None and ours[1] != "consultation":
        page.edit_url = None


def post_page(output: str, page: Page) -> str:
    """Announce the feed on the consultation pages; keep search engines off the unpublished ones."""
    ours = _ours(page)
    if ours is None:
        return output
    build = ours[0]
    output = pages.in_head(output, build.head.pop(page.file.src_uri, ""), spaced=True)
    if build.feed is None:
        return output
    assert build.feed is not None
    href = untrusted.escape(get_relative_url(build.feed.url, page.url))
    company = settings.of(build.config).company
    title = untrusted.escape(f"{company} consultations".strip())
    link = f'<link rel="alternate feed" type="application/atom+xml" title="{title}" href="{href}">'
    return pages.in_head(output, link, spaced=True)


# --- report -------------------------------------------------------------------------------------


def _clipped(text: str, limit: int = 80) -> str:
    """What the closing date field held, on one line and short: enough for staff to find it."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def report(build: _Build) -> dict[str, Any]:
    f = model.figures(build.moderation, clock.now(), settings.of(build.config).consultations.window_days)
    return {
        "format": "openbook-consultations-report",
        "version": 1,
        "synced_at": build.synced_at,
        "published": sorted(build.moderation.numbers()),
        "skipped": [{"number": s.number, "reason": s.reason, "detail": s.detail} for s in build.moderation.skipped],
        # Named by a price change or a practice, but not published: their pages say so.
        "named_but_unpublished": build.unpublished,
        "hidden_comments": [{"consultation": n, "comment": c, "reason": why} for n, c, why in build.moderation.hidden],
        # Published as open with no deadline: the form's closing date could not be read.
        "no_closing_date": [
            {"number": c.number, "found": _clipped(c.bad_closing_date or "")}
            for c in build.moderation.published if c.closes is None
        ],
        "figures": {
            "window_days": f.window_days, "held": f.held, "advice": f.advice, "customers": f.customers,
            "with_outcome": f.with_outcome, "outcomes": f.outcomes,
            "median_days_to_outcome": f.median_days_to_outcome, "changed": f.changed,
            "said_changed": f.said_changed,
        },
    }


def summary(build: _Build) -> str:
    m = build.moderation
    undated = [c.number for c in m.published if c.closes is None]
    return (
        f"consultations: published {len(m.published)}, skipped {len(m.skipped)}, hidden comments {len(m.hidden)}, "
        f"no readable closing date {len(undated)}{' (' + ', '.join(f'#{n}' for n in undated) + ')' if undated else ''}, "
        f"named but not published {len(build.unpublished)}"
    )


def post_build(config: MkDocsConfig) -> None:
    build = _build
    if build is None:
        return
    pages.publish_report(config.site_dir, REPORT, report(build), log, summary(build))
    reset()
