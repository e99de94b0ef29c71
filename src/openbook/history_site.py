"""MkDocs adapter for page history: one git pass per build, a dict lookup per page.

`on_files` reads the history once and adds the generated pages ("What changed"
at changes/, its Atom feed at changes/feed.xml, and contributors/); `on_page_context`
gives every page its `openbook_history` for partials/openbook/page-history.html.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from mkdocs.utils import get_relative_url

from openbook import changelog, clock, credits, generated, history, history_render, settings, snapshot
from openbook.history import Contributor, History

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.openbook.history")

CHANGES_PAGE = "changes/index.md"
FEED = "changes/feed.xml"
CONTRIBUTORS_PAGE = "contributors/index.md"

_SOURCE_LINE = re.compile(rf"^{generated.SOURCE}:[ \t]*(.+?)[ \t]*$", re.MULTILINE)
_HEADING = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.MULTILINE)


@dataclass(frozen=True)
class PageHistory:
    """What the page-history partial shows: all optional, since not every page has a past in git."""

    updated: datetime | None = None
    contributors: tuple[Contributor, ...] = ()
    history_url: str | None = None

    @property
    def updated_iso(self) -> str:
        return history_render.iso(self.updated) if self.updated else ""

    @property
    def updated_text(self) -> str:
        return history_render.human_date(self.updated) if self.updated else ""


@dataclass
class _Build:
    history: History | None = None
    # The repository paths of the hub's folder and of docs_dir ("" or "hub/", "docs/").
    root_prefix: str = ""
    docs_prefix: str = ""
    pages: dict[str, PageHistory] = field(default_factory=dict)


# Reset in on_config: hooks are not reloaded between `mkdocs serve` rebuilds.
_build: _Build | None = None


def on_config(config: MkDocsConfig) -> None:
    global _build
    _build = None


def _prefix(path: Path, top: Path) -> str:
    try:
        relative = path.resolve().relative_to(top).as_posix()
    except ValueError:
        return ""
    return "" if relative == "." else relative + "/"


def _read(config: MkDocsConfig) -> _Build:
    root = settings.project_root(config)
    try:
        found, top = history.read(root)
    except history.Unavailable as exc:
        # A tarball build has no history to show and that is fine; a shallow clone
        # would show wrong dates, so it is a warning that fails `--strict`.
        (log.warning if exc.warn else log.info)(str(exc))
        return _Build()
    return _Build(history=found, root_prefix=_prefix(root, top), docs_prefix=_prefix(Path(config.docs_dir), top))


def _source_of(file: File) -> str | None:
    """The `openbook_source` a generated page declares, read without parsing all its front matter."""
    content = file.content_string
    if not content.startswith("---"):
        return None
    end = content.find("\n---", 3)
    match = _SOURCE_LINE.search(content, 0, end if end > 0 else len(content))
    if not match:
        return None
    value = yaml.safe_load(match.group(1))
    return str(value) if value else None


def _title_of(file: File) -> str:
    """A page's title before MkDocs reads it: front matter `title`, else its first heading."""
    from mkdocs.utils.meta import get_data

    body, meta = get_data(file.content_string)
    title = meta.get("title")
    if isinstance(title, str) and title.strip():
        return title.strip()
    match = _HEADING.search(body)
    return match.group(1) if match else Path(file.src_uri).stem.replace("-", " ").capitalize()


def _published(files: Files, build: _Build, globs: list[str], config: MkDocsConfig,
               changes_url: str) -> dict[str, list[changelog.PageRef]]:
    """Repository path -> the pages it publishes, for the watched paths only."""
    site_url = (config.site_url or "").rstrip("/") + "/" if config.site_url else ""
    published: dict[str, list[changelog.PageRef]] = defaultdict(list)
    for file in files.documentation_pages():
        if file.generated_by:
            source = _source_of(file)
            if not source:
                continue
            path = build.root_prefix + source.lstrip("/")
        else:
            path = build.docs_prefix + file.src_uri
        if not changelog.watched(path, globs):
            continue
        published[path].append(changelog.PageRef(
            title=_title_of(file),
            href=get_relative_url(file.url, changes_url),
            absolute=site_url + file.url if site_url else file.url,
        ))
    return published


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Read git once, then add "What changed", its feed and the contributors page."""
    global _build
    options = settings.of(config)
    enabled = options.history.enabled
    _build = _read(config) if enabled else _Build()
    build = _build

    from mkdocs.structure.files import File

    changes = files.get_file_from_path(CHANGES_PAGE)
    if changes is None:
        changes = File.generated(config, CHANGES_PAGE, content="")
        files.append(changes)
    feed = files.get_file_from_path(FEED)
    entries: list[changelog.Entry] = []
    if build.history is not None:
        globs = [build.root_prefix + glob.lstrip("/") for glob in options.history.watch]
        published = _published(files, build, globs, config, changes.url)
        commit_url = f"{config.repo_url.rstrip('/')}/commit/" if config.repo_url else None
        entries = changelog.select(build.history, published, globs, limit=options.history.changes_limit,
                                   commit_url=commit_url)
    if changes.generated_by:
        feed_href = get_relative_url(FEED, changes.url) if feed is None and enabled else None
        changes.content_string = generated.page_markdown(
            {"title": "What changed", "description": "Recent changes to our practices and prices, with links to each."},
            history_render.render("changes.md", entries=entries, available=build.history is not None,
                                  feed_url=feed_href),
        )
    if feed is None and enabled:
        files.append(File.generated(config, FEED, content=_feed(config, entries, changes)))

    if files.get_file_from_path(CONTRIBUTORS_PAGE) is None:
        authors = credits.authors(build.history) if build.history is not None else []
        files.append(generated.add_page(
            config, CONTRIBUTORS_PAGE,
            {"title": "Contributors", "description": "Everyone who has changed this hub or asked or answered a question."},
            history_render.render("contributors.md", authors=authors, available=build.history is not None,
                                  participants=_participants(config)),
        ))
    return files


def _feed(config: MkDocsConfig, entries: list[changelog.Entry], changes: File) -> str:
    site_url = (config.site_url or "").rstrip("/") + "/" if config.site_url else ""
    page_url = site_url + changes.url if site_url else None
    return history_render.render(
        "feed.xml",
        title=f"{config.site_name}: what changed",
        feed_id=page_url or f"urn:openbook:{config.site_name}:changes",
        page_url=page_url,
        self_url=site_url + FEED if site_url else None,
        updated=entries[0].commit.date if entries else clock.now(),
        entries=entries,
    )


def _participants(config: MkDocsConfig) -> list[credits.Participant]:
    """People who asked or answered a published question, if the hub has a question snapshot."""
    from openbook import questions

    options = settings.of(config).questions
    path = settings.project_root(config) / options.snapshot
    if not options.enabled or not path.is_file():
        return []
    try:
        loaded = snapshot.load(path)
    except snapshot.SnapshotError as exc:
        # The Q&A pages report a broken snapshot; here it only means no credits from it.
        log.info("contributors page: %s", exc)
        return []
    # The same moderation as the Q&A pages: only published questions and visible answers.
    moderation = questions.moderate(loaded, questions.Policy.from_settings(options))
    threads = [
        (item.question.author.login, [answer.comment.author.login for answer in item.answers])
        for item in moderation.published
    ]
    return credits.participants(threads, options.hidden_logins)


def _page_history(page: Page, config: MkDocsConfig, build: _Build) -> PageHistory | None:
    meta = page.meta
    if page.file.generated_by:
        source = meta.get(generated.SOURCE)
        if source:
            path = build.root_prefix + str(source).lstrip("/")
        elif meta.get(generated.UPDATED):
            # A question: dated by its last activity on GitHub; its history is the issue itself.
            try:
                updated = snapshot.parse_time(str(meta[generated.UPDATED]))
            except ValueError:
                return None
            return PageHistory(updated=updated, history_url=meta.get(generated.EDIT_URL))
        else:
            return None
    else:
        path = build.docs_prefix + page.file.src_uri
    if build.history is None:
        return None
    file = build.history.of(path)
    if file is None:
        return None
    return PageHistory(
        updated=file.updated,
        contributors=tuple(file.contributors),
        history_url=generated.repo_file_url(config, path, action="commits"),
    )


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig) -> dict[str, Any]:
    build = _build
    if build is None or not settings.of(config).history.enabled:
        return context
    context["openbook_history"] = _page_history(page, config, build)
    context["openbook_changes_feed"] = FEED
    return context
