"""The MkDocs adapter of the Q&A pages: one generated page per published question, the indexes,
the "what we still owe you" page, tombstones, the moderation report and the tombstone ledger.

Untrusted text never reaches MkDocs' Markdown or Material's templates as markup. A
generated page's Markdown holds only front matter (escaped title and description)
and a stub line; `on_page_content` swaps in HTML rendered here from Jinja templates
(autoescape) and `openbook.untrusted` (cmark-gfm per text, then nh3).
"""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.utils import get_relative_url

from openbook import buildcache, clock, settings, untrusted
from openbook.questions import rules as questions, snapshot, trust
from openbook.site import compact, generated, page_actions, pages, titles
from openbook.questions.rules import Moderation, Policy, Published
from openbook.search import site as search_site

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.openbook.questions")

FOLDER = "questions"
INDEX = f"{FOLDER}/index.md"
RECENT = f"{FOLDER}/recent.md"
OWED = f"{FOLDER}/owed.md"
# "Ask a question": search the hub before opening the question form (see ask.html).
ASK = f"{FOLDER}/ask.md"
REPORT = f"{FOLDER}/report.json"
# Rendered customer texts, kept between builds (openbook.buildcache).
CACHE = buildcache.FOLDER / "questions.json"
CACHE_FORMAT = "openbook-questions-1"
LEDGER_FORMAT = trust.FORMAT
STUB = "<!-- openbook: this page is generated from the question snapshot -->\n"
LOGIN = pages.LOGIN
# Question pages are written after MkDocs' page loop, from one render of the theme (write_pages).
# True builds each through the page loop as before: the test that compares both ways sets it.
PAGE_LOOP = False
# Each question page's own parts (title, description, content, head), kept between builds under a key
# of everything they are made from (openbook.buildcache): a rebuild renders only the questions that changed.
PAGES_CACHE = buildcache.FOLDER / "question-pages.json"
PAGES_FORMAT = "openbook-question-pages-1"
# The date a question page's shell is rendered with, replaced by each question's own.
_SHELL_UPDATED = "1901-02-03T04:05:06Z"

# A feature that adds to a question's page (the FAQ's banner on a source question) does it here too:
# (number, the page's content, the page's URL) -> content.
_fillers = pages.Fillers()
register_filler = _fillers.register


@dataclass
class _Page:
    kind: str  # question | index | recent | owed | ask | tombstone
    number: int | None = None


@dataclass
class _Build:
    """Everything one build needs between events; a fresh one per build (mkdocs serve rebuilds)."""

    config: MkDocsConfig
    qs: settings.QuestionsSettings
    policy: Policy
    snapshot: snapshot.Snapshot
    moderation: Moderation
    figures: questions.Figures
    tombstones: list[int]
    ledger_path: Path | None
    ledger: list[int]
    renderer: untrusted.Renderer
    # The authors published before (sync's record), kept as they are when the build adds numbers.
    trusted: frozenset[int] = frozenset()
    # The repository the ledger is written for; None: keep the ledger as it is
    # (it, or the snapshot, is another repository's, and a warning said what to do).
    ledger_repo: str | None = None
    ledger_source: str | None = None
    by_number: dict[int, Published] = field(default_factory=dict)
    pages: dict[str, _Page] = field(default_factory=dict)
    head: dict[str, str] = field(default_factory=dict)
    bodies: dict[int, untrusted.Rendered] = field(default_factory=dict)
    # Published questions whose pages are written after the page loop (write_pages), in moderation's order.
    written: list[Published] = field(default_factory=list)
    # What writing them needs from the build: the theme's environment, the nav and the files.
    env: Any = None
    nav: Any = None
    files: Any = None


_build: _Build | None = None


def reset() -> None:
    global _build
    _build = None


_render = pages.Templates("questions").render
page_url = pages.page_url


def question_src(number: int) -> str:
    return f"{FOLDER}/{number}.md"


def _href(build: _Build, src_uri: str, from_url: str) -> str:
    """The link from the page at from_url to the page at src_uri."""
    return pages.href(build.config, src_uri, from_url)


# --- loading ---------------------------------------------------------------------------------


Ledger = trust.Ledger
ledger_text = trust.text
_same_repo = trust.same_repo


def _load_ledger(path: Path, where: str) -> Ledger:
    try:
        return trust.read(path, where)
    except trust.LedgerError as exc:
        raise PluginError(str(exc)) from None


def _check_times(snap: snapshot.Snapshot, where: str) -> None:
    """Every time the pages show must parse; say which question has a bad one."""
    for q in snap.questions:
        fields = [("created_at", q.created_at), ("updated_at", q.updated_at)]
        fields += [(f"comments[{c.id}].created_at", c.created_at) for c in q.comments]
        for name, value in fields:
            try:
                snapshot.parse_time(value)
            except (ValueError, TypeError):
                raise PluginError(
                    f"{where}: question #{q.number}: {name} {value!r} is not an ISO 8601 time; "
                    "run `openbook sync --full` to rewrite the snapshot"
                ) from None
    if snap.synced_at is not None:
        try:
            snapshot.parse_time(str(snap.synced_at))
        except ValueError:
            raise PluginError(f"{where}: synced_at {snap.synced_at!r} is not an ISO 8601 time") from None


def start(config: MkDocsConfig) -> _Build | None:
    """Read the snapshot and the ledger, moderate; None when questions are disabled."""
    global _build
    _build = None
    qs = settings.of(config).questions
    if not qs.enabled:
        return None
    root = settings.project_root(config)
    path = root / qs.snapshot
    try:
        snap = snapshot.load(path)
    except snapshot.SnapshotError as exc:
        raise PluginError(str(exc)) from None
    _check_times(snap, qs.snapshot)
    # The hub's repository: the one repo_url names, else the one the snapshot was synced from.
    repo = settings.repo_from_url(config.repo_url) or snap.repo
    foreign_snapshot = bool(snap.repo and repo and not _same_repo(snap.repo, repo))
    if foreign_snapshot:
        log.warning(
            "%s: this snapshot is of %s, but repo_url is %s; its questions are not published. "
            "Run `openbook sync` to fetch %s's questions (or fix repo_url)",
            qs.snapshot, snap.repo, repo, repo,
        )
        snap = replace(snap, questions=())
    cs = settings.of(config).consultations
    policy = Policy.from_settings(qs, [cs.label] if cs.enabled else [])
    ledger_path = root / qs.ledger if qs.ledger else None
    loaded = _load_ledger(ledger_path, qs.ledger) if ledger_path else Ledger([])
    ledger = loaded.numbers
    trusted = loaded.trusted
    ledger_repo: str | None = repo or None
    if loaded.repo and repo and not _same_repo(loaded.repo, repo):
        # Another hub's numbers (an adopter who kept the demo's file) would invent
        # tombstones for questions this repository never had.
        log.warning(
            "%s: this ledger of published questions is of %s, not of %s; it is ignored and makes no tombstones. "
            "Delete the file (the next build starts %s's), or set questions.ledger to another path",
            qs.ledger, loaded.repo, repo, repo,
        )
        ledger, ledger_repo, trusted = [], None, frozenset()
    if foreign_snapshot:
        # Nothing is published from a foreign snapshot: every number would look withdrawn.
        ledger_repo = None
    now = clock.now()
    moderation = questions.moderate(snap, policy, now=now, trusted=trusted)
    github = urlsplit(config.repo_url or "https://github.com/")
    renderer = untrusted.Renderer(
        untrusted.RenderOptions(
            redact_emails=qs.redact_emails,
            redact_phones=qs.redact_phones,
            allow_external_images=qs.allow_external_images,
            site_url=config.site_url or "",
            profile_root=f"{github.scheme}://{github.netloc}/",
        ),
        # Customers' texts rendered by earlier builds, kept by what they are made from.
        cache=buildcache.Cache(settings.project_root(config) / CACHE, CACHE_FORMAT),
    )
    _build = _Build(
        config=config,
        qs=qs,
        policy=policy,
        snapshot=snap,
        moderation=moderation,
        figures=questions.figures(moderation, snap.synced_at, now),
        tombstones=questions.tombstones(ledger, moderation.numbers()) if not foreign_snapshot else [],
        ledger_path=ledger_path,
        ledger=ledger,
        ledger_repo=ledger_repo,
        ledger_source=loaded.repo,
        trusted=loaded.trusted,
        renderer=renderer,
        by_number={item.number: item for item in moderation.published},
    )
    return _build


# --- on_files ----------------------------------------------------------------------------------


def add_files(files: Files, config: MkDocsConfig) -> Files:
    build = start(config)
    if build is None:
        return files
    existing = set(files.src_uris)
    # Index pages date from the snapshot (checked to be a time: it goes into front matter).
    synced = snapshot.format_time(snapshot.parse_time(build.snapshot.synced_at or "1970-01-01T00:00:00Z"))

    def add(src_uri: str, page: _Page, meta: dict[str, Any], inclusion: InclusionLevel) -> None:
        if src_uri in existing:
            log.warning("docs/%s exists, so the generated %s page is not built; rename or remove it", src_uri, page.kind)
            return
        meta = {"hide": ["toc"], **meta}
        if page.kind != "question":
            # Listings and tombstones: search finds the questions themselves, not the lists of them.
            meta.setdefault("search", {"exclude": True})
        files.append(File.generated(config, src_uri, content=pages.stub(meta, STUB), inclusion=inclusion))
        build.pages[src_uri] = page

    # The index pages are listed in the nav by mkdocs.yml; questions and tombstones are
    # reached from them, and stay out of the sidebar so the build stays linear.
    add(INDEX, _Page("index"), {"title": "Questions", generated.UPDATED: synced,
                                "description": "Questions our customers asked, and our answers."},
        InclusionLevel.UNDEFINED)
    add(RECENT, _Page("recent"), {"title": "Questions by recent activity", generated.UPDATED: synced},
        InclusionLevel.UNDEFINED)
    add(OWED, _Page("owed"), {"title": "What we still owe you", generated.UPDATED: synced,
                              "description": "Open questions still waiting for an answer from our staff."},
        InclusionLevel.UNDEFINED)
    if config.repo_url:
        # Reached from every "Ask a question" link, not from the sidebar.
        add(ASK, _Page("ask"), {"title": "Ask a question",
                                "description": "Find an answer on this site, or ask us on GitHub."},
            InclusionLevel.NOT_IN_NAV)
    for item in build.moderation.published:
        q = item.question
        meta = {
            generated.EDIT_URL: _issue_url(build, q),
            generated.UPDATED: snapshot.format_time(snapshot.parse_time(q.updated_at)),
            page_actions.REPORTABLE: True,
        }
        if not PAGE_LOOP and meta[generated.EDIT_URL] == _issue_url(build, None, q.number) \
                and question_src(q.number) not in existing:
            # Written after the page loop, from one render of the theme (write_pages). Its File is only an
            # address: links to `questions/12.md` resolve, and MkDocs, which builds no excluded page, skips it.
            files.append(File.generated(config, question_src(q.number), content="",
                                        inclusion=InclusionLevel.EXCLUDED))
            build.written.append(item)
            continue
        add(question_src(q.number), _Page("question", q.number), meta, InclusionLevel.NOT_IN_NAV)
    for number in build.tombstones:
        add(
            question_src(number),
            _Page("tombstone", number),
            # noindex (see page_content); the sitemap override leaves out pages marked so.
            {"title": f"Question #{number} is no longer published", "search": {"exclude": True},
             "openbook_noindex": True},
            InclusionLevel.NOT_IN_NAV,
        )
    return files


# --- URLs and people ----------------------------------------------------------------------------


def _issue_url(build: _Build, q: snapshot.Question | None, number: int | str = 0) -> str:
    """The question's GitHub issue: its html_url if it is a plain web URL, else built from repo_url."""
    return pages.issue_url(build.config, q.html_url if q else None, q.number if q else number)


def _profile_url(build: _Build, login: str) -> str | None:
    return pages.profile_url(build.config, login)


def _date(value: str) -> str:
    return snapshot.parse_time(value).strftime("%Y-%m-%d")


def _long_date(value: str) -> str:
    """"2 December 2026": English month names whatever the machine's locale."""
    moment = snapshot.parse_time(value)
    return f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year}"


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def _linker(build: _Build, from_url: str):
    repo = (build.config.repo_url or "").rstrip("/")

    def link_for(number: int) -> str | None:
        if number in build.by_number:
            return _href(build, question_src(number), from_url)
        return f"{repo}/issues/{number}" if repo else None

    return link_for


def _label_chips(build: _Build, item: Published, from_url: str) -> list[dict[str, Any]]:
    categories = dict(build.policy.categories)
    chips = []
    for label in item.question.labels:
        # The publish and approval labels are how the hub works, not what the question is about.
        if label.lower() in build.policy.publish_labels or label.lower() in build.policy.approval_labels:
            continue
        url = None
        if label.lower() in categories:
            url = _href(build, INDEX, from_url) + "#" + _anchor(label.lower())
        chips.append({"name": label, "url": url})
    return chips


def _anchor(label: str | None) -> str:
    if label is None:
        return "other"
    return "topic-" + (re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-") or "label")


def _staff_label(build: _Build) -> str:
    company = settings.of(build.config).company
    return f"{company} staff" if company else "staff"


# --- pages --------------------------------------------------------------------------------------


def _question_html(build: _Build, item: Published, url: str, src_uri: str, body: untrusted.Rendered | None = None
                   ) -> str:
    q = item.question
    link_for = _linker(build, url)
    renderer = build.renderer
    # Each text on its own: a link reference definition in one comment must not
    # change where another's links point. Footnote ids are prefixed per text.
    body = body or build.bodies.pop(q.number, None) or renderer.render(q.body, link_for, anchor="q-")
    answers = []
    rendered = {}
    for answer in item.answers:
        c = answer.comment
        rendered[c.id] = text = renderer.render(c.body, link_for, anchor=f"c{c.id}-")
        answers.append({
            "id": c.id,
            "author": renderer.text(c.author.login),
            "author_url": _profile_url(build, c.author.login),
            "staff": answer.staff,
            "accepted": answer.accepted,
            "follow_up": answer.follow_up,
            "created_at": snapshot.format_time(snapshot.parse_time(c.created_at)),
            "created_date": _date(c.created_at),
            "url": untrusted.web_url(c.html_url),
            "votes": c.reactions.get("+1", 0),
            "body_html": Markup(text.html),
        })
    context = {
        "title": renderer.text(q.title),
        "state": item.state,
        "state_label": questions.STATE_LABELS[item.state],
        "author": renderer.text(q.author.login),
        "author_url": _profile_url(build, q.author.login),
        "asked_by_staff": item.asked_by_staff,
        "created_at": snapshot.format_time(snapshot.parse_time(q.created_at)),
        "created_date": _date(q.created_at),
        "votes": item.votes,
        "labels": _label_chips(build, item, url),
        "body_html": Markup(body.html),
        "locked": q.locked,
        "answers": answers,
        "answer_count": item.answer_count,
        "held": item.held,
        "url": _issue_url(build, q),
        # For "Ask a question", which lists answered questions first (ask.html).
        "answered": item.first_staff_answer is not None or item.accepted is not None,
    }
    build.head[src_uri] = _json_ld(build, item, url, body.text, {k: v.text for k, v in rendered.items()})
    return _render(
        "question.html",
        q=context,
        staff_label=_staff_label(build),
        owed_url=_href(build, OWED, url),
        index_url=_href(build, INDEX, url),
    )


def _json_ld(build: _Build, item: Published, url: str, body_text: str, answer_texts: dict[int, str]) -> str:
    """schema.org QAPage for the question, as Google's structured data reads it.

    Texts are the plain words a reader reads (rendered, redacted), not Markdown;
    `<` is escaped so no text can close the script.
    """
    q = item.question
    renderer = build.renderer
    page_address = (build.config.site_url or "/").rstrip("/") + "/" + url

    def person(login: str) -> dict[str, str]:
        found = {"@type": "Person", "name": renderer.text(login)}
        url = _profile_url(build, login)
        if url:
            found["url"] = url
        return found

    def answer(a: questions.Answer) -> dict[str, Any]:
        return {
            "@type": "Answer",
            "text": answer_texts.get(a.comment.id) or "(no text)",
            "dateCreated": a.comment.created_at,
            "datePublished": a.comment.created_at,
            "upvoteCount": a.comment.reactions.get("+1", 0),
            "url": f"{page_address}#comment-{a.comment.id}",
            "author": person(a.comment.author.login),
        }

    main: dict[str, Any] = {
        "@type": "Question",
        "name": renderer.text(q.title),
        "text": body_text or renderer.text(q.title),
        "answerCount": item.answer_count,
        "upvoteCount": item.votes,
        "dateCreated": q.created_at,
        "datePublished": q.created_at,
        "author": person(q.author.login),
    }
    accepted = item.accepted
    if accepted:
        main["acceptedAnswer"] = answer(accepted)
    # The asker's follow-ups are part of the conversation, not suggested answers.
    suggested = [answer(a) for a in item.answers if not a.accepted and not a.follow_up]
    if suggested:
        main["suggestedAnswer"] = suggested
    data = {"@context": "https://schema.org", "@type": "QAPage", "mainEntity": main}
    return f'<script type="application/ld+json">{untrusted.json_for_script(data)}</script>'


def _figures(build: _Build) -> dict[str, Any]:
    """The figures and, for each, the period and the data it was counted from (see figures.html)."""
    f = build.figures
    day = "%Y-%m-%d"
    return {
        "window_days": f.window_days,
        "window_start": f.window_start.strftime(day) if f.window_start else "",
        "window_end": f.window_end.strftime(day) if f.window_end else "",
        "median": questions.duration(f.median_first_answer) if f.median_first_answer is not None else None,
        "latest": f.latest_first_answer.strftime(day) if f.latest_first_answer else None,
        "answered": f.answered_in_window,
        "unanswered": f.unanswered,
        "published": f.published,
        "awaiting_review": f.awaiting_review,
        "longest_review_wait": questions.duration(f.longest_review_wait)
        if f.longest_review_wait is not None else None,
        "synced_at": snapshot.format_time(f.synced_at) if f.synced_at else None,
        "synced_text": f.synced_at.strftime("%Y-%m-%d %H:%M UTC") if f.synced_at else "",
        "age": questions.duration(f.snapshot_age) if f.snapshot_age is not None else "",
    }


def _entry(build: _Build, item: Published, from_url: str, when: str) -> dict[str, Any]:
    return {
        "href": _href(build, question_src(item.number), from_url),
        "title": build.renderer.text(item.question.title),
        "votes": item.votes,
        "answers": item.answer_count,
        "state_label": questions.STATE_LABELS[item.state],
        "date": _date(when),
    }


def _index_html(build: _Build, page: Page, by: str) -> str:
    groups = []
    for label, heading, items in questions.grouped(build.moderation, build.policy, by):
        groups.append({
            "anchor": _anchor(label),
            "heading": heading,
            "entries": [
                _entry(build, item, page.url, item.question.updated_at if by == "recent" else item.question.created_at)
                for item in items
            ],
        })
    other = RECENT if by == "votes" else INDEX
    return _render(
        "index.html",
        title=page.title,
        intro="Questions our customers asked on GitHub, and the answers."
        if by == "votes"
        else "The same questions, most recently active first.",
        by=by,
        groups=groups,
        f=_figures(build),
        # The Ask page, which searches first and then opens the question form.
        ask_url=_href(build, ASK, page.url) if ASK in build.pages else None,
        other_url=_href(build, other, page.url),
        owed_url=_href(build, OWED, page.url),
    )


def _owed_html(build: _Build, page: Page) -> str:
    now = clock.now()
    items = []
    for item in questions.owed(build.moderation):
        entry = _entry(build, item, page.url, item.question.created_at)
        entry["waiting"] = questions.duration(max(now - snapshot.parse_time(item.question.created_at), timedelta(0)))
        items.append(entry)
    # Counted, not copied: a question staff have not let in shows its number, its date and
    # where it is on GitHub, and nothing its author wrote.
    reviews = [
        {
            "number": waiting.number,
            "url": untrusted.web_url(waiting.html_url)
            or f"{(build.config.repo_url or 'https://github.com').rstrip('/')}/issues/{waiting.number}",
            "created_at": snapshot.format_time(snapshot.parse_time(waiting.created_at)),
            "date": _long_date(waiting.created_at),
            "waiting": questions.duration(max(now - snapshot.parse_time(waiting.created_at), timedelta(0))),
        }
        for waiting in build.moderation.waiting
    ]
    return _render(
        "owed.html",
        title=page.title,
        items=items,
        reviews=reviews,
        f=_figures(build),
        staff_label=_staff_label(build),
        owed_url=_href(build, OWED, page.url),
        index_url=_href(build, INDEX, page.url),
    )


def _ours(page: Page) -> tuple[_Build, _Page] | None:
    """The build and the kind of page, if the page is one this module generated."""
    build = _build
    if build is None:
        return None
    spec = build.pages.get(page.file.src_uri)
    return None if spec is None else (build, spec)


def published() -> tuple[snapshot.Snapshot, Moderation, Policy] | None:
    """This build's snapshot, moderation and policy, for features that refer to questions (the FAQ)."""
    build = _build
    return None if build is None else (build.snapshot, build.moderation, build.policy)


def ask_page_url() -> str | None:
    """The URL of this build's "Ask a question" page, or None when there is none (no repo_url, questions off)."""
    build = _build
    if build is None or ASK not in build.pages:
        return None
    return page_url(build.config, ASK)


def _ask_html(build: _Build, page: Page) -> str:
    return _render(
        "ask.html",
        title=page.title,
        company=settings.of(build.config).company,
        form_url=page_actions.issue_form_url(build.config.repo_url or "", page_actions.QUESTION_FORM),
        template=page_actions.QUESTION_FORM,
        # Pagefind's bundle and the site's root, relative to this page, as the header's search box finds them.
        bundle=get_relative_url(f"{search_site.BUNDLE}/", page.url),
        base=get_relative_url("", page.url).rstrip("/") + "/",
        script=get_relative_url("assets/javascripts/openbook-ask.js", page.url),
        index_url=_href(build, INDEX, page.url),
    )


def page_kind(page: Page) -> tuple[str, int | None] | None:
    """("question", 12), ("index", None), ...: what a page this module generated is; None for other pages."""
    ours = _ours(page)
    return None if ours is None else (ours[1].kind, ours[1].number)


def page_markdown(page: Page) -> None:
    """Give a question page its title and description, escaped once, as Material prints them raw."""
    ours = _ours(page)
    if ours is None or ours[1].kind != "question":
        return
    build, spec = ours
    assert spec.number is not None
    q = build.by_number[spec.number].question
    title, page.meta["description"], build.bodies[q.number] = _title_and_description(build, q, page.url)
    titles.set_text(page, title)


def _title_and_description(build: _Build, q: snapshot.Question, url: str) -> tuple[str, str, untrusted.Rendered]:
    """A question page's title as text (openbook.site.titles escapes it once), its description escaped
    (Material prints it raw), and its rendered body.

    The same for a page in the loop (page_markdown) and a page written after it (write_pages).
    """
    # The words a reader reads, entities decoded and redacted (`ana&#64;example.com` is an address).
    # Rendered once here, for the description, and kept for the page's content.
    body = build.renderer.render(q.body, _linker(build, url), anchor="q-")
    return build.renderer.text(q.title), untrusted.escape(untrusted.shorten(body.text)), body


def page_content(html: str, page: Page) -> str | None:
    """The page's real HTML if it is one of ours; None leaves MkDocs' output alone."""
    ours = _ours(page)
    if ours is None:
        return None
    build, spec = ours
    if spec.kind == "question":
        assert spec.number is not None
        return _question_html(build, build.by_number[spec.number], page.url, page.file.src_uri)
    if spec.kind in ("index", "recent"):
        return _index_html(build, page, "votes" if spec.kind == "index" else "recent")
    if spec.kind == "owed":
        return _owed_html(build, page)
    if spec.kind == "ask":
        return _ask_html(build, page)
    build.head[page.file.src_uri] = '<meta name="robots" content="noindex">'
    return _render(
        "tombstone.html",
        title=page.title,
        number=spec.number,
        index_url=_href(build, INDEX, page.url),
    )


def page_context(page: Page) -> None:
    """Index pages and tombstones have no source file to edit: no Edit action rather than a dead one."""
    ours = _ours(page)
    if ours is not None and ours[1].kind != "question":
        page.edit_url = None


def post_page(output: str, page: Page) -> str:
    """Put the page's JSON-LD (or noindex) into <head>; it was escaped when it was made."""
    build = _build
    if build is None:
        return output
    return pages.in_head(output, build.head.pop(page.file.src_uri, None))


# --- question pages after the page loop ---------------------------------------------------------


def capture(*, nav: Any = None, env: Any = None, files: Any = None) -> None:
    """Keep what writing the question pages needs from the build (on_nav, on_env)."""
    build = _build
    if build is None:
        return
    if nav is not None:
        build.nav = nav
    if env is not None:
        build.env, build.files = env, files


def sitemap_pages() -> list[dict[str, str]]:
    """The question pages written after the page loop, as sitemap.xml lists every page: address and build date."""
    build = _build
    if build is None or not build.written:
        return []
    from mkdocs.utils import get_build_date

    site_url = build.config.site_url
    day = get_build_date()
    found = []
    for item in build.written:
        url = page_url(build.config, question_src(item.number))
        found.append({"loc": (site_url.rstrip("/") + "/" + url) if site_url else "/" + url, "lastmod": day})
    return found


def _parts(build: _Build, item: Published, url: str, src_uri: str) -> dict[str, str]:
    """A question page's own parts, as page_markdown and page_content make them for a page in the loop."""
    title, description, body = _title_and_description(build, item.question, url)
    content = _question_html(build, item, url, src_uri, body)
    return {"title": titles.escape(title), "description": description, "content": content,
            "head": build.head.pop(src_uri, "")}


def _common_key(build: _Build) -> str:
    """What every question page's parts are made from besides the question itself."""
    templates = Path(__file__).parent / "templates"
    code = buildcache.source_fingerprint(__file__, pages.__file__, *sorted(templates.glob("*")))
    config, policy = build.config, build.policy
    return buildcache.key(
        PAGES_FORMAT, code, build.renderer.fingerprint(), config.site_url, config.repo_url,
        config.use_directory_urls, _staff_label(build), sorted(policy.publish_labels), sorted(policy.approval_labels),
        policy.categories,
    )


# Every number a text may link as a question: `#12`, and GitHub's own links to issue 12.
_REFERENCE = re.compile(r"#(\d+)|/issues/(\d+)")


def _page_key(build: _Build, common: str, item: Published) -> str:
    """The key of a question page's parts: the question and, since a `#12` in any of its texts links to
    question 12's page only while 12 is published, which of the numbers its texts name are published now."""
    texts = [item.question.body, *(answer.comment.body for answer in item.answers)]
    named = {int(a or b) for text in texts for a, b in _REFERENCE.findall(text or "")}
    return buildcache.key(common, repr(item), sorted((n, n in build.by_number) for n in named))


def write_pages(config: MkDocsConfig) -> int:
    """Write the question pages into the site, each from one render of the theme, and give each to search.

    Called before search indexes the site. Returns the number of pages written.
    """
    build = _build
    if build is None or not build.written:
        return 0
    from mkdocs.structure.files import File

    from openbook.history import render as history_render

    if build.env is None or build.nav is None:
        raise PluginError("questions: the question pages cannot be written: the build sent no on_nav or on_env "
                          "event to openbook's hooks; keep `hooks/engine.py` in mkdocs.yml's hooks")
    shell_src = question_src(pages.NUMBER)  # type: ignore[arg-type]
    shell_file = File.generated(config, shell_src, content="", inclusion=InclusionLevel.NOT_IN_NAV)
    # The same front matter as a question page in the loop, in the same order.
    meta = {
        "hide": ["toc"],
        generated.EDIT_URL: _issue_url(build, None, pages.NUMBER),
        generated.UPDATED: _SHELL_UPDATED,
        page_actions.REPORTABLE: True,
        "title": pages.TITLE,
        "description": pages.DESCRIPTION,
    }
    build.head[shell_src] = pages.HEAD
    text = pages.render_shell(config, build.env, build.nav, build.files, shell_file, meta)
    search_site.forget(shell_file.dest_uri)
    shell = pages.Shell(text, "questions")
    sentinel = snapshot.parse_time(_SHELL_UPDATED)
    shell_dates = (history_render.iso(sentinel), history_render.human_date(sentinel))
    cache = buildcache.Cache(settings.project_root(config) / PAGES_CACHE, PAGES_FORMAT)
    common = _common_key(build)
    for item in build.written:
        number = item.number
        src_uri = question_src(number)
        url = page_url(config, src_uri)
        name = _page_key(build, common, item)
        found = cache.get(name)
        parts = json.loads(found) if found is not None else None
        if parts is None:
            parts = _parts(build, item, url, src_uri)
            cache.put(name, json.dumps(parts, ensure_ascii=False, sort_keys=True))
        content = parts["content"]
        for fill in _fillers:
            content = fill(number, content, url)
        updated = snapshot.parse_time(snapshot.format_time(snapshot.parse_time(item.question.updated_at)))
        output = shell.fill(pages.Values(
            number=str(number), title=parts["title"], description=parts["description"], content=content,
            head=parts["head"],
            more=((shell_dates[0], history_render.iso(updated)), (shell_dates[1], history_render.human_date(updated))),
        ))
        # The shell went through every on_post_page hook; the parts filled in since are made smaller as a
        # page in the loop is (openbook.site.compact is idempotent on the shell's own text).
        output = compact.compact(output)
        dest_uri = shell_file.dest_uri.replace(pages.NUMBER, str(number))
        pages.write(config.site_dir, dest_uri, output)
        search_site.keep(dest_uri, output, config)
    cache.save()
    log.debug("questions: wrote %d question pages after the page loop (%d from the cache)", len(build.written),
              cache.hits)
    return len(build.written)


# --- report and ledger --------------------------------------------------------------------------


def summary(build: _Build) -> str:
    reasons = Counter(s.reason for s in build.moderation.skipped)
    why = ", ".join(f"{reason} {count}" for reason, count in sorted(reasons.items()))
    return (
        f"questions: published {len(build.moderation.published)}, skipped {len(build.moderation.skipped)}"
        f"{f' ({why})' if why else ''}, awaiting review {len(build.moderation.waiting)}, "
        f"hidden comments {len(build.moderation.hidden)}, "
        f"tombstones {len(build.tombstones)}"
    )


def report(build: _Build) -> dict[str, Any]:
    f = build.figures
    return {
        "format": "openbook-questions-report",
        "version": 1,
        "synced_at": build.snapshot.synced_at,
        "published": sorted(build.moderation.numbers()),
        "skipped": [
            {"number": s.number, "reason": s.reason, "detail": s.detail} for s in build.moderation.skipped
        ],
        "hidden_comments": [
            {"question": h.question, "comment": h.comment, "reason": h.reason} for h in build.moderation.hidden
        ],
        "tombstones": build.tombstones,
        "awaiting_review": [w.number for w in build.moderation.waiting],
        "figures": {
            "median_first_staff_answer_seconds": int(f.median_first_answer.total_seconds())
            if f.median_first_answer is not None
            else None,
            "first_staff_answers_in_window": f.answered_in_window,
            "window_days": f.window_days,
            "window_start": f.window_start.strftime("%Y-%m-%dT%H:%M:%SZ") if f.window_start else None,
            "window_end": f.window_end.strftime("%Y-%m-%dT%H:%M:%SZ") if f.window_end else None,
            "latest_first_staff_answer": f.latest_first_answer.strftime("%Y-%m-%dT%H:%M:%SZ")
            if f.latest_first_answer else None,
            "published": f.published,
            "unanswered": f.unanswered,
            "awaiting_review": f.awaiting_review,
            "longest_review_wait_seconds": int(f.longest_review_wait.total_seconds())
            if f.longest_review_wait is not None else None,
            "snapshot_age_seconds": int(f.snapshot_age.total_seconds()) if f.snapshot_age is not None else None,
        },
    }


def post_build(config: MkDocsConfig) -> None:
    build = _build
    if build is None:
        return
    write_pages(config)
    if build.renderer.cache is not None:
        build.renderer.cache.save()
    pages.publish_report(config.site_dir, REPORT, report(build), log, summary(build))
    if build.ledger_path is not None and build.ledger_repo is not None:
        numbers = questions.updated_ledger(build.ledger, build.moderation.numbers())
        # A ledger from before ledgers named their repository is adopted as this one's.
        if numbers != build.ledger or (not build.ledger_source and build.ledger_path.exists()):
            try:
                snapshot.write_atomic(build.ledger_path, ledger_text(numbers, build.ledger_repo, build.trusted))
            except OSError as exc:
                # The site is complete; what is lost is the memory that makes tombstones
                # later, so say it (a strict build stops) and how to do without.
                log.warning(
                    "%s: cannot record newly published questions (%s); a question that later leaves the hub "
                    "would get no tombstone. Make the file writable, or set questions.ledger to '' to keep no ledger",
                    build.qs.ledger, exc.strerror or exc,
                )
            else:
                log.info("questions: added %d number(s) to %s; commit it with the snapshot",
                         len(numbers) - len(build.ledger), build.ledger_path.name)
    # Not reset here: the versions' pages, written on a thread until search has indexed the site, ask
    # ask_page_url() for their "Ask a question" link. on_config starts the next build afresh.
