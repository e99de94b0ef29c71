"""Writes each earlier version of a policy page, and each comparison, as a static page after MkDocs' page loop.

MkDocs' page pipeline (every hook, the Markdown, the whole theme template) cost
about 8 ms a page, and a hub with 5 policies of 30 versions has 300 of these
pages. Here the theme renders one page per policy and kind, with placeholders
for the version's number and its text; and since a published version never
changes, each version's HTML and each comparison are kept in a cache
(`.cache/openbook/versions.json`) under a key made of everything they are made
from, so a rebuild renders only what is new.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openbook import buildcache, settings
from openbook.buildcache import Cache, key
from openbook.history import render as history_render, versions as model
from openbook.site import titles
from openbook.site.pages import after_title

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import Navigation


log = logging.getLogger("mkdocs.plugins.openbook.history")

CACHE = buildcache.FOLDER / "versions.json"
# The cache's format; entries are keyed by this module's and its templates' source too.
FORMAT = "openbook-versions-1"
# Letters only: HTML escaping and URL quoting leave them as they are, wherever the theme puts the number.
NUMBER = "OPENBOOKVERSIONNUMBER"
# The theme adds the page title as a heading to content without "<h1": each page's text brings its own.
CONTENT = "<!--openbook:version-content <h1>-->"
TEMPLATE = "openbook-version.html"
# Extensions that read other files while rendering: their output is not a function of the page's text alone.
_READS_FILES = {"pymdownx.snippets", "markdown_include.include"}


# A feature that fills markers on a page at build time (pricing's price tables) fills them on the page's
# earlier versions too, as they read on the version's first day: (config, page's src_uri, version's File, html,
# day) -> html. Registered by the feature, the same function once: the set is the same every build.
Filler = Callable[["MkDocsConfig", str, "File", str, date], str]
_fillers: list[Filler] = []


def register_filler(filler: Filler) -> None:
    if filler not in _fillers:
        _fillers.append(filler)


@dataclass
class PageVersions:
    """One policy page's versions and the generated files that show them."""

    page: File
    title: str
    versions: list[model.Version]
    index: File
    available: bool = True
    reason: str = ""
    pages: dict[int, File] = field(default_factory=dict)
    comparisons: dict[int, File] = field(default_factory=dict)
    # Front matter every version and comparison page gets (its Edit action opens the page's source).
    meta: dict[str, Any] = field(default_factory=dict)
    # The repository's commit URL prefix, for the versions page's links to each commit.
    commit_url: str | None = None

    def of_commit(self, sha: str) -> model.Version | None:
        return next((v for v in self.versions if v.commit.sha == sha), None)


@dataclass
class Site:
    """What rendering needs from the build, captured by the hooks: the theme's environment, the nav and the files."""

    config: MkDocsConfig
    env: Environment
    nav: Navigation
    files: Files
    cache: Cache
    today: date
    # The Markdown settings and the set of pages links resolve against: part of every version's key.
    fingerprint: str = ""
    written: int = 0
    _html: dict[str, str] = field(default_factory=dict)
    _blocks: dict[str, list[model.Block]] = field(default_factory=dict)


def open_site(config: MkDocsConfig, env: Environment, nav: Navigation, files: Files, today: date) -> Site:
    from importlib.metadata import version

    extensions = [e if isinstance(e, str) else repr(type(e)) for e in config.markdown_extensions]
    cached = not _READS_FILES.intersection(extensions)
    path = settings.project_root(config) / CACHE if cached else None
    templates = Path(history_render.__file__).parent / "templates"
    code = buildcache.source_fingerprint(__file__, *sorted(templates.glob("*")))
    fingerprint = key(FORMAT, code, version("mkdocs"), version("markdown"), extensions, config.mdx_configs,
                      config.use_directory_urls, sorted(f.src_uri for f in files))
    return Site(config, env, nav, files, Cache(path, FORMAT), today, fingerprint)


class _HistoryIsHistory(logging.Filter):
    """An old version may link to a page since removed: that is history, not a broken link to fix, so INFO."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.WARNING:
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


@contextlib.contextmanager
def _old_links() -> Iterator[None]:
    pages = logging.getLogger("mkdocs.structure.pages")
    quiet = _HistoryIsHistory()
    pages.addFilter(quiet)
    try:
        yield
    finally:
        pages.removeFilter(quiet)


def _text_key(site: Site, file: File, body: str) -> str:
    return key(site.fingerprint, file.src_uri, file.url, body)


def _version_html(site: Site, file: File, body: str) -> str:
    """A version's text rendered as MkDocs renders a page, with the site's Markdown settings, from its own URL."""
    from mkdocs.structure.pages import Page

    name = _text_key(site, file, body)
    found = site.cache.get(name)
    if found is not None:
        return found
    page = Page(None, file, site.config)
    page.markdown = body
    page.render(site.config, site.files)
    return site.cache.put(name, page.content or "")


def _blocks(site: Site, file: File, body: str) -> list[model.Block]:
    """A version's readable blocks, parsed once though two comparisons read each version."""
    name = _text_key(site, file, body)
    found = site._blocks.get(name)
    if found is None:
        found = site._blocks[name] = model.blocks(_version_html(site, file, body))
    return found


def _with_banner(title: str, html: str, banner: str) -> str:
    """The version's text with the banner under its title; the theme's title heading if the text has none."""
    if "<h1" not in html:
        html = f"<h1>{model.escape(title)}</h1>\n{html}"
    return after_title(html, banner)


def _shell(site: Site, owner: PageVersions, file: File, title: str, meta: dict[str, Any],
           canonical: str | None) -> tuple[str, str]:
    """The theme's page around a placeholder, rendered once: the same for every version but for its number."""
    from mkdocs.commands.build import get_context
    from mkdocs.structure.pages import Page

    config = site.config
    # The title is text (openbook.site.titles): escaped once, as Material prints it raw.
    page = Page(titles.escape(title), file, config)
    page.meta = dict(meta)
    titles.set_text(page, title)
    page.content = CONTENT
    if canonical:
        page.canonical_url = canonical
    # The hub's hooks and plugins see these pages as they see every page, once per policy.
    page.content = config.plugins.on_page_content(page.content, page=page, config=config, files=site.files)
    context = get_context(site.nav, site.files, config, page)
    context["openbook_noindex"] = True
    context = config.plugins.on_page_context(context, page=page, config=config, nav=site.nav)
    output = site.env.get_template(TEMPLATE).render(context)
    output = config.plugins.on_post_page(output, page=page, config=config)
    before, found, after = output.partition(CONTENT)
    if not found or CONTENT in after:
        from mkdocs.exceptions import PluginError

        raise PluginError(
            f"versions of {owner.page.src_uri}: a hook or plugin removed or repeated the placeholder "
            f"{CONTENT!r} in the page's on_page_content, on_page_context or on_post_page event; it must keep a "
            "page's content as it is (or set history.versions: [] in extra.openbook to turn versions off)")
    return before, after


def _write(site: Site, file: File, html: str) -> None:
    target = Path(site.config.site_dir) / file.dest_uri
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
    except OSError as error:
        from mkdocs.exceptions import PluginError

        raise PluginError(f"versions: could not write {target}: {error}") from None
    site.written += 1


def period(version: model.Version, today: date) -> str:
    """"in force from 2026-03-04 to 2026-08-31", "in force since ...", "applies from ...", "never in force"."""
    if not version.ever_in_force:
        return "never in force: replaced before it applied"
    if version.start > today:
        return f"applies from {version.start.isoformat()}"
    last = version.last_day
    if last is None:
        return f"in force since {version.start.isoformat()}"
    if last <= version.start:
        return f"in force on {version.start.isoformat()} only"
    return f"in force from {version.start.isoformat()} to {last.isoformat()}"


@dataclass(frozen=True)
class _Row:
    version: model.Version
    href: str
    compare_href: str | None
    period: str
    current: bool
    upcoming: bool
    commit_url: str | None


def _index(site: Site, owner: PageVersions) -> str:
    """A page's versions page: every version, newest first, with the period each was in force."""
    index, today = owner.index, site.today
    rows = [
        _Row(
            version=v,
            href=owner.pages[v.number].url_relative_to(index),
            compare_href=owner.comparisons[v.number].url_relative_to(index) if v.number in owner.comparisons else None,
            period=period(v, today),
            current=v.in_force(today),
            upcoming=v.upcoming(today),
            commit_url=owner.commit_url + v.commit.sha if owner.commit_url else None,
        )
        for v in reversed(owner.versions)
    ]
    return history_render.render("versions-index.html", title=owner.title,
                                 current_url=owner.page.url_relative_to(index), available=owner.available,
                                 reason=owner.reason, rows=rows)


def write(site: Site, owners: list[PageVersions], placeholder: Any) -> None:
    """Each policy page's versions page, every earlier version and every comparison, into the built site.

    `placeholder(owner, kind)` gives the File of a "version" or "comparison" whose URL holds NUMBER.
    """
    config = site.config
    site_url = config.site_url.rstrip("/") + "/" if config.site_url else ""
    with _old_links():
        for owner in owners:
            meta = {"search": {"exclude": True}, **owner.meta}
            # A listing, found from its page's history block: it need not be in search engines either.
            before, after = _shell(site, owner, owner.index, f"{owner.title}: every version", meta, None)
            _write(site, owner.index, before + _index(site, owner) + after)
            if not owner.versions:
                continue
            shell = placeholder(owner, "version")
            before, after = _shell(site, owner, shell, f"{owner.title} (version {NUMBER})", meta,
                                   site_url + owner.page.url if site_url else None)
            rendered: dict[int, str] = {}
            for version in owner.versions:
                n = version.number
                file = owner.pages[n]
                compare = owner.comparisons.get(n)
                banner = dict(
                    version=n, published=version.published.isoformat(), title=owner.title,
                    period=period(version, site.today), current=version.in_force(site.today),
                    upcoming=version.upcoming(site.today), current_url=owner.page.url_relative_to(file),
                    compare_href=compare.url_relative_to(file) if compare else None,
                    versions_href=owner.index.url_relative_to(file),
                )
                text = rendered[n] = _text_key(site, file, version.body)
                name = key(text, banner)
                html = site.cache.get(name)
                if html is not None:
                    site.cache.keep(text)
                else:
                    html = site.cache.put(name, _with_banner(owner.title, _version_html(site, file, version.body),
                                                             history_render.render("version-banner.html", **banner)))
                for fill in _fillers:
                    html = fill(config, owner.page.src_uri, file, html, version.start)
                _write(site, file, before.replace(NUMBER, str(n)) + html + after.replace(NUMBER, str(n)))
            if len(owner.versions) < 2:
                continue
            shell = placeholder(owner, "comparison")
            before, after = _shell(site, owner, shell, f"{owner.title}: what changed in version {NUMBER}", meta,
                                   None)
            for old, new in zip(owner.versions, owner.versions[1:]):
                file = owner.comparisons[new.number]
                inputs = dict(
                    title=owner.title, old_number=old.number, new_number=new.number,
                    old_published=old.published.isoformat(), new_published=new.published.isoformat(),
                    new_period=period(new, site.today),
                    old_href=owner.pages[old.number].url_relative_to(file),
                    new_href=owner.pages[new.number].url_relative_to(file),
                    versions_href=owner.index.url_relative_to(file),
                    current_url=owner.page.url_relative_to(file),
                    # Part of the cache key: a mark that changes renders the page again.
                    editorial=new.editorial,
                )
                name = key("comparison", inputs, rendered[old.number], rendered[new.number])
                body = site.cache.get(name)
                if body is None:
                    comparison = model.compare(_blocks(site, owner.pages[old.number], old.body),
                                               _blocks(site, owner.pages[new.number], new.body))
                    body = site.cache.put(name, history_render.render(
                        "comparison.html", old=old, new=new, comparison=comparison, **inputs))
                _write(site, file, before.replace(NUMBER, str(new.number)) + body
                       + after.replace(NUMBER, str(new.number)))
    site.cache.save()

