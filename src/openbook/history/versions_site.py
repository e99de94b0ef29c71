"""MkDocs adapter for versions: a versions page, each version as it read, and each comparison, for every policy page.

Called from openbook.history.site with the build's one git log. The versions
page, each old version and each comparison are written after MkDocs' page loop
by openbook.history.versions_pages; their Files here only place them, out of
the nav and out of MkDocs' pages: a version keeps its source's folder in its
`src_uri`, so its relative links resolve as they did for the page then, and its
URL is under `<page>/versions/N/`.
"""

from __future__ import annotations

import functools
import logging
import posixpath
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from openbook import clock, settings
from openbook.history import changelog, render as history_render, versions as model, versions_pages as pages
from openbook.history.versions_pages import PageVersions
from openbook.site import generated

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

    from openbook.history.gitlog import Log

log = logging.getLogger("mkdocs.plugins.openbook.history")



@dataclass
class State:
    by_page: dict[str, PageVersions] = field(default_factory=dict)
    # Non-merge commit -> the first-parent commit that published it (itself, or the merge that brought it).
    published_by: dict[str, str] = field(default_factory=dict)
    today: date | None = None
    # Page src_uri -> the Atom feed of its versions (`<page>/versions/feed.xml`).
    feeds: dict[str, File] = field(default_factory=dict)


def _dir_of(file: File) -> str:
    """The folder a page's versions go under: `practices/refunds/` for practices/refunds.md."""
    dest = file.dest_uri
    if dest.endswith("index.html"):
        return dest[: -len("index.html")]
    return dest.removesuffix(".html") + "/"


def _place(file: File, folder: str, use_directory_urls: bool) -> None:
    from mkdocs.structure.files import InclusionLevel

    # Out of the nav: listed in every page's sidebar, N versions would make the build O(N^2).
    file.inclusion = InclusionLevel.NOT_IN_NAV
    file.dest_uri = folder + "index.html"
    file.url = folder if use_directory_urls else folder + "index.html"


def read_versions(log: Log, repo_path: str) -> list[tuple[Any, str, str]]:
    """(commit, path then, text) of each version of a page, oldest first, through git's object database.

    A commit that left the text as it was (a pure move) is not a new version: readers read the same words.
    """
    found: list[tuple[Any, str, str]] = []
    for version in log.versions(repo_path):
        data = log.read(version.commit.sha, version.path)
        if data is None:
            continue
        text = data.decode("utf-8", errors="replace")
        if found and found[-1][2] == text:
            continue
        found.append((version.commit, version.path, text))
    return found


def add(files: Files, config: MkDocsConfig, log: Log | None, reason: str, docs_prefix: str, root_prefix: str,
        title_of: Any) -> State:
    """Place the versions page, every version and every comparison of each page the `history.versions` globs match."""
    state = State(today=clock.today())
    options = settings.of(config).history
    globs = [root_prefix + glob.lstrip("/") for glob in options.versions]
    if not globs:
        return state
    if log is not None:
        state.published_by = log.published_by
    docs = posixpath.relpath(config.docs_dir, settings.project_root(config)) if config.docs_dir else "docs"
    for file in list(files.documentation_pages()):
        repo_path = docs_prefix + file.src_uri
        if file.generated_by or not changelog.watched(repo_path, globs):
            continue
        title = title_of(file)
        found = read_versions(log, repo_path) if log is not None else []
        stem = file.src_uri.removesuffix(".md")
        folder = _dir_of(file)
        edit_url = generated.repo_file_url(config, posixpath.join(docs, file.src_uri))
        meta: dict[str, Any] = {generated.EDIT_URL: edit_url} if edit_url else {}
        index = _placed(config, f"{stem}.versions.md", folder + "versions/")
        versions = model.build(found, log.editorial if log is not None else ())
        owner = PageVersions(file, title, versions, index, available=log is not None, reason=reason, meta=meta,
                             commit_url=f"{config.repo_url.rstrip('/')}/commit/" if config.repo_url else None)
        state.by_page[file.src_uri] = owner
        for version in owner.versions:
            n = version.number
            owner.pages[n] = _placed(config, f"{stem}.version-{n}.md", f"{folder}versions/{n}/")
            if n > 1:
                owner.comparisons[n] = _placed(config, f"{stem}.changes-{n}.md", f"{folder}versions/{n}/changes/")
        if owner.versions:
            feed = _versions_feed(config, owner, folder)
            files.append(feed)
            state.feeds[file.src_uri] = feed
    return state


def _versions_feed(config: MkDocsConfig, owner: PageVersions, folder: str) -> File:
    """The page's own feed: each version, newest first, linked to what it changed (its first version to itself)."""
    from mkdocs.structure.files import File

    site = (config.site_url or "/").rstrip("/") + "/"
    page_url = site + owner.page.url
    entries = []
    for version in reversed(owner.versions):
        target = owner.comparisons.get(version.number) or owner.pages[version.number]
        later = version.start > version.published
        entries.append({
            "title": f"{owner.title}: version {version.number}"
                     + (f", applies from {history_render.human_date(version.start)}" if later else ""),
            "id": f"{page_url}versions/{version.number}/" if config.site_url else
                  f"urn:openbook:versions:{owner.page.src_uri}:{version.number}",
            "link": site + target.url,
            "published": version.commit.published,
            "summary": f"Version {version.number} of “{owner.title}”, published "
                       f"{history_render.human_date(version.published)}"
                       + (f"; it applies from {history_render.human_date(version.start)}, and the version before "
                          "it stays in force until then" if later else "") + ".",
        })
    content = history_render.render(
        "versions-feed.xml", title=f"{config.site_name}: {owner.title}", page_url=page_url,
        self_url=f"{site}{folder}versions/feed.xml", entries=entries,
        feed_id=page_url if config.site_url else f"urn:openbook:versions:{owner.page.src_uri}",
        updated=owner.versions[-1].commit.published,
    )
    return File.generated(config, f"{folder}versions/feed.xml", content=content)


def _placed(config: MkDocsConfig, src_uri: str, folder: str) -> File:
    """A File that only gives a version's page its URL: the page is written by openbook.history.versions_pages."""
    from mkdocs.structure.files import File

    file = File.generated(config, src_uri, content="")
    _place(file, folder, config.use_directory_urls)
    return file


def placeholder(config: MkDocsConfig, owner: PageVersions, kind: str) -> File:
    """The File of owner's version ("version") or comparison page numbered versions_pages.NUMBER."""
    stem, folder = owner.page.src_uri.removesuffix(".md"), f"{_dir_of(owner.page)}versions/{pages.NUMBER}/"
    if kind == "version":
        return _placed(config, f"{stem}.version-{pages.NUMBER}.md", folder)
    return _placed(config, f"{stem}.changes-{pages.NUMBER}.md", folder + "changes/")


def links(state: State, page: Page) -> dict[str, str | None] | None:
    """The history block's links for a policy page: all versions, and the comparison of its last change."""
    owner = state.by_page.get(page.file.src_uri)
    if owner is None:
        return None
    last = owner.versions[-1].number if owner.versions else 0
    compare = owner.comparisons.get(last)
    feed = state.feeds.get(page.file.src_uri)
    return {
        "versions_url": owner.index.url_relative_to(page.file),
        "compare_url": compare.url_relative_to(page.file) if compare else None,
        "versions_feed_url": feed.url_relative_to(page.file) if feed else None,
    }


def comparison_of(state: State, src_uri: str, sha: str) -> File | None:
    """The comparison of the version that published commit `sha` of the page at src_uri (none for a first version)."""
    owner = state.by_page.get(src_uri)
    if owner is None:
        return None
    version = owner.of_commit(state.published_by.get(sha, sha))
    if version is None:
        return None
    return owner.comparisons.get(version.number)


def upcoming(state: State, src_uri: str) -> tuple[model.Version, model.Version] | None:
    """(in force, newest) for a page whose newest version applies later, if one is in force now."""
    owner = state.by_page.get(src_uri)
    if owner is None or not owner.versions or state.today is None:
        return None
    newest = owner.versions[-1]
    now = model.in_force(owner.versions, state.today)
    if not newest.upcoming(state.today) or now is None:
        return None
    return now, newest


def on_page_markdown(state: State, markdown: str, page: Page) -> str:
    """A page whose newest version applies later shows the version in force until then."""
    pair = upcoming(state, page.file.src_uri)
    if pair is None:
        return markdown
    return pair[0].body


def on_page_content(state: State, html: str, page: Page) -> str:
    """A page whose newest version applies later says so under its title, with links to it and its comparison."""
    pair = upcoming(state, page.file.src_uri)
    if pair is None:
        return html
    now, newest = pair
    owner = state.by_page[page.file.src_uri]
    compare = owner.comparisons.get(newest.number)
    notice = history_render.render(
        "upcoming-version.html", in_force=now, upcoming=newest, notice=model.notice_days(newest),
        compare_href=compare.url_relative_to(page.file) if compare and newest.number == now.number + 1 else None,
        upcoming_href=owner.pages[newest.number].url_relative_to(page.file),
        versions_href=owner.index.url_relative_to(page.file),
    )
    return pages.after_title(html, notice)


def write(state: State, site: pages.Site) -> None:
    """Write every earlier version and comparison into the built site (after MkDocs' page loop)."""
    pages.write(site, list(state.by_page.values()), functools.partial(placeholder, site.config))
