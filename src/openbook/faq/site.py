"""MkDocs adapter of the open FAQ: validate the entries, build the index, dress each entry, point questions to it.

`on_files` reads every entry under docs/faq/ once (malformed front matter stops the
build, naming the file, line and key) and adds the generated index `faq/`;
`on_page_content` renders the index, puts the asked count, review status, sources,
credits and "Still unclear?" around each entry, the banner on a source question,
and "Worth writing down" on the questions index; `on_page_context` credits the
entry's git authors; `on_post_page` writes the index's FAQPage JSON-LD.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.utils import get_relative_url

from openbook import clock, settings, templating, untrusted
from openbook.faq import model, rules
from openbook.questions import rules as questions, site as questions_site
from openbook.questions.snapshot import Duplicate
from openbook.search import site as search_site
from openbook.site import page_actions, pages, titles

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.openbook.faq")

MARKER = "<!-- openbook:faq-index -->"
WRITERS = "<!-- openbook:faq-writers -->"
# Search lists an entry above the conversations it distills: each source in the
# entry's list names its question for the search box (search_site.DISTILLS), which
# orders them so. The weights make the entry rank well where no source is found
# too: Material's lunr boost, and Pagefind's weight on the answer (1 is the default; 10 the most).
SEARCH_BOOST = 5
PAGEFIND_WEIGHT = 10
# "Worth writing down" shows this many at most, most asked first.
CANDIDATE_LIMIT = 10


@dataclass
class _Item:
    entry: model.Entry
    src_uri: str
    url: str
    asked: rules.Asked
    # The answer as built, for the index's JSON-LD (filled when the entry's page is rendered).
    answer_html: str = ""


@dataclass
class _Build:
    config: MkDocsConfig
    index_src: str
    index_generated: bool
    items: dict[str, _Item] = field(default_factory=dict)
    # question number -> the entries it is a source of.
    by_source: dict[int, list[_Item]] = field(default_factory=dict)
    by_number: dict[int, questions.Published] = field(default_factory=dict)
    duplicates: dict[int, tuple[Duplicate, ...]] = field(default_factory=dict)
    candidates: list[rules.Asked] = field(default_factory=list)
    categories: tuple[tuple[str, str], ...] = ()
    renderer: untrusted.Renderer = field(default_factory=untrusted.Renderer)


_build: _Build | None = None


def reset() -> None:
    global _build
    _build = None


render = pages.Templates("faq", human_date=templating.human_date).render


def _name(file: File, root: Path) -> str:
    if file.abs_src_path:
        try:
            return Path(file.abs_src_path).resolve().relative_to(root).as_posix()
        except ValueError:
            return file.abs_src_path
    return file.src_uri


def on_files(files: Files, config: MkDocsConfig) -> Files:
    global _build
    _build = None
    options = settings.of(config)
    faq = options.faq
    if not faq.enabled:
        return files
    folder = faq.folder.strip("/")
    index_src = f"{folder}/index.md"
    existing = files.get_file_from_path(index_src)
    build = _Build(config=config, index_src=index_src, index_generated=existing is None,
                   categories=tuple((label.lower(), heading) for label, heading in options.questions.categories.items()))
    published = questions_site.published()
    if published is not None:
        snap, moderation, policy = published
        build.by_number = {item.number: item for item in moderation.published}
        build.duplicates = rules.duplicates_by_question(snap, moderation, policy)
    root = settings.project_root(config)
    problems = []
    for file in files.documentation_pages():
        if not model.is_entry(file.src_uri, folder):
            continue
        try:
            entry = model.parse(file.content_string, file.src_uri, categories=[c for c, _ in build.categories],
                                default_review_every=faq.review_every, file=_name(file, root))
        except model.EntryError as exc:
            problems.extend(exc.problems)
            continue
        item = _Item(entry, file.src_uri, file.url, rules.asked(entry.sources, build.by_number, build.duplicates))
        build.items[file.src_uri] = item
        for number in entry.sources:
            build.by_source.setdefault(number, []).append(item)
        if file.inclusion.is_in_nav() and not _named_in_nav(config, file.src_uri):
            # Reached from the index: a sidebar listing every entry is rendered into every page.
            file.inclusion = InclusionLevel.NOT_IN_NAV
    if problems:
        raise PluginError("Malformed FAQ front matter:\n" + "\n".join(p.text() for p in problems))
    if published is not None:
        build.candidates = rules.candidates(published[1], build.duplicates, build.by_source,
                                            min_asked=faq.candidate_min_asked)[:CANDIDATE_LIMIT]
    if build.index_generated:
        files.append(File.generated(config, index_src, content=(
            '---\ntitle: "Frequently asked questions"\n'
            'description: "Curated answers to the questions our customers ask most, that anyone can improve."\n'
            f"---\n\n{MARKER}\n")))
    _build = build
    return files


def _named_in_nav(config: MkDocsConfig, src_uri: str) -> bool:
    def walk(node: Any) -> bool:
        if isinstance(node, str):
            return node == src_uri
        if isinstance(node, dict):
            return any(walk(value) for value in node.values())
        if isinstance(node, list):
            return any(walk(value) for value in node)
        return False

    return walk(config.nav)


def _href(build: _Build, src_uri_url: str, page: Page) -> str:
    return get_relative_url(src_uri_url, page.url)


def _question_url(build: _Build, number: int) -> str:
    return questions_site.page_url(build.config, questions_site.question_src(number))


def page_markdown(markdown: str, page: Page) -> str:
    build = _build
    if build is None:
        return markdown
    item = build.items.get(page.file.src_uri)
    if item is not None:
        # The question is the entry's title; anyone can propose it, and Material prints titles raw.
        titles.set_text(page, item.entry.question)
        search = page.meta.get("search") if isinstance(page.meta.get("search"), dict) else {}
        page.meta["search"] = {"boost": SEARCH_BOOST, **search}
    return markdown


def _asked_context(build: _Build, item: _Item, page: Page) -> dict[str, Any]:
    renderer = build.renderer
    sources = [{
        "href": _href(build, _question_url(build, p.number), page),
        "title": renderer.text(p.question.title),
        "number": p.number,
        "distills": search_site.distills(_question_url(build, p.number)),
        "votes": p.votes,
        "duplicates": [{"number": d.number, "url": untrusted.web_url(d.html_url)}
                       for d in build.duplicates.get(p.number, ())],
    } for p in item.asked.sources]
    return {"total": item.asked.total, "sources": sources, "duplicates": len(item.asked.duplicates),
            "votes": item.asked.votes}


def _people(build: _Build, item: _Item) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The askers and the answerers of the entry's sources, each once, in order, with their profile links."""
    def person(login: str) -> dict[str, Any]:
        # Only a well-formed login gets a link; anything else is shown as text.
        url = pages.profile_url(build.config, login)
        return {"login": build.renderer.text(login), "url": url}

    askers: dict[str, dict[str, Any]] = {}
    answerers: dict[str, dict[str, Any]] = {}
    for p in item.asked.sources:
        askers.setdefault(p.question.author.login, person(p.question.author.login))
        for answer in p.answers:
            answerers.setdefault(answer.comment.author.login, person(answer.comment.author.login))
    return list(askers.values()), list(answerers.values())


def _entry_html(build: _Build, item: _Item, html: str, page: Page) -> str:
    today = clock.today()
    entry = item.entry
    heading = ""
    end = html.find("</h1>")
    if "<h1" not in html:
        heading = f'<h1 id="question">{untrusted.escape(entry.question)}</h1>\n'
        end = -1
    top = render("entry-top.html", entry=entry, overdue=entry.overdue(today),
                 days_overdue=entry.days_overdue(today), asked=_asked_context(build, item, page))
    if end >= 0:
        end += len("</h1>")
        answer = html[end:]
        before = html[:end] + "\n" + top
    else:
        answer = html
        before = heading + top
    item.answer_html = answer
    askers, answerers = _people(build, item)
    repo = build.config.repo_url
    page_url = (build.config.site_url or "").rstrip("/") + "/" + page.url if build.config.site_url else page.url
    short = entry.question if len(entry.question) <= page_actions.TITLE_LIMIT else (
        entry.question[: page_actions.TITLE_LIMIT - 1] + "…")
    # The question form, with the page field and the question itself referring to the entry.
    ask_url = page_actions.issue_form_url(
        repo, page_actions.QUESTION_FORM, f"Question about the FAQ: {short}",
        page=page_url, question=f"I read the FAQ entry “{short}” and it did not answer this: ",
    ) if repo else None
    bottom = render("entry-bottom.html", asked=_asked_context(build, item, page), askers=askers,
                    answerers=answerers, writers_marker=Markup(WRITERS), ask_url=ask_url,
                    index_url=_href(build, questions_site.page_url(build.config, build.index_src), page))
    return (f'{before}\n<div class="openbook-faq__answer" data-pagefind-weight="{PAGEFIND_WEIGHT}">\n'
            f"{answer}\n</div>\n{bottom}")


def _index_html(build: _Build, page: Page) -> str:
    today = clock.today()
    groups = []
    for label, heading in build.categories:
        items = [i for i in build.items.values() if i.entry.category == label]
        if not items:
            continue
        items.sort(key=lambda i: (-i.asked.total, i.entry.question.casefold()))
        groups.append({
            "anchor": "faq-" + re.sub(r"[^a-z0-9]+", "-", label).strip("-"),
            "heading": heading,
            "entries": [{
                "href": _href(build, i.url, page),
                "question": i.entry.question,
                "asked": i.asked.total,
                "overdue": i.entry.overdue(today),
            } for i in items],
        })
    return render("index.html", groups=groups, how=rules.HOW_COUNTED,
                  questions_url=_href(build, questions_site.page_url(build.config, questions_site.INDEX), page))


def _banner(build: _Build, number: int, from_url: str) -> str:
    entries = [{"href": get_relative_url(i.url, from_url), "question": i.entry.question}
               for i in build.by_source[number]]
    return render("banner.html", entries=entries)


def question_banner(number: int, html: str, from_url: str) -> str:
    """A source question's page with the banner under its title (pages written after the page loop too)."""
    build = _build
    if build is None or number not in build.by_source:
        return html
    return _after_h1(html, _banner(build, number, from_url))


questions_site.register_filler(question_banner)


def _candidates_html(build: _Build, page: Page) -> str:
    found = [{
        "href": _href(build, _question_url(build, a.sources[0].number), page),
        "title": build.renderer.text(a.sources[0].question.title),
        "number": a.sources[0].number,
        "asked": a.total,
        "duplicates": len(a.duplicates),
        "votes": a.votes,
    } for a in build.candidates]
    return render("candidates.html", candidates=found, how=rules.HOW_COUNTED,
                  faq_url=_href(build, questions_site.page_url(build.config, build.index_src), page),
                  min_asked=settings.of(build.config).faq.candidate_min_asked)


_after_h1 = pages.after_title


def page_content(html: str, page: Page) -> str:
    build = _build
    if build is None:
        return html
    src = page.file.src_uri
    if src in build.items:
        return _entry_html(build, build.items[src], html, page)
    if src == build.index_src:
        index = _index_html(build, page)
        if build.index_generated:
            return index
        return html.replace(MARKER, index, 1) if MARKER in html else html
    kind = questions_site.page_kind(page)
    if kind is None:
        return html
    if kind[0] == "question" and kind[1] is not None:
        return question_banner(kind[1], html, page.url)
    if kind[0] == "index":
        return html + "\n" + _candidates_html(build, page)
    return html


def page_context(context: dict[str, Any], page: Page) -> dict[str, Any]:
    """Credit the entry's git authors (page history) where the entry's page left room for them."""
    build = _build
    if build is not None and build.index_generated and page.file.src_uri == build.index_src:
        # The generated index has no file to edit: no Edit action rather than a dead one.
        page.edit_url = None
    if build is None or page.file.src_uri not in build.items or page.content is None:
        return context
    history = context.get("openbook_history")
    people = [person.name for person in getattr(history, "contributors", ())]
    page.content = page.content.replace(WRITERS, render("writers.html", writers=people), 1)
    return context


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "li", "td", "th", "tr", "pre", "h2", "h3", "h4", "h5", "h6", "dd", "dt", "br"):
            self.parts.append(" ")


def plain_text(html: str) -> str:
    """The words of built HTML, for JSON-LD (escaped there as \\u003c, like any text)."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.parts).split())


def post_page(output: str, page: Page) -> str:
    """The index's FAQPage JSON-LD in <head>; `<` is written \\u003c so no text can close the script."""
    build = _build
    if build is None or page.file.src_uri != build.index_src:
        return output
    site = (build.config.site_url or "/").rstrip("/") + "/"
    data = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [{
            "@type": "Question",
            "name": item.entry.question,
            "url": site + item.url,
            "acceptedAnswer": {"@type": "Answer", "text": plain_text(item.answer_html)},
        } for item in sorted(build.items.values(), key=lambda i: (-i.asked.total, i.entry.question.casefold()))],
    }
    script = f'<script type="application/ld+json">{untrusted.json_for_script(data)}</script>'
    position = output.find("</head>")
    return output if position < 0 else output[:position] + script + output[position:]
