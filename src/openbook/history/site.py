"""MkDocs adapter for page history: one git pass per build, a dict lookup per page.

`on_config` starts the git pass; `on_files` collects it and adds the generated
pages ("What changed" at changes/, its Atom feed at changes/feed.xml, and
contributors/); `on_page_context` gives every page its `openbook_history` for
partials/openbook/page-history.html and history-meta.html.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections import defaultdict
from concurrent.futures import Future, ThreadPoolExecutor, wait as futures_wait
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from mkdocs.utils import get_relative_url

from openbook import clock, settings
from openbook.history import (
    changelog,
    credits,
    gitlog as history,
    render as history_render,
    versions_pages,
    versions_site,
)
from openbook.questions import snapshot
from openbook.site import generated, titles
from openbook.history.gitlog import Contributor, History

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.openbook.history")

CHANGES_PAGE = "changes/index.md"
FEED = "changes/feed.xml"
CONTRIBUTORS_PAGE = "contributors/index.md"

_SOURCE_LINE = re.compile(rf"^{generated.SOURCE}:[ \t]*(.+?)[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class PageHistory:
    """What the page-history partial shows: all optional, since not every page has a past in git."""

    updated: datetime | None = None
    contributors: tuple[Contributor, ...] = ()
    history_url: str | None = None
    # Formatted once here, not in the template of every page that shows them twice.
    updated_iso: str = ""
    updated_text: str = ""
    # For a page with versions: its versions page, and the comparison of its last change.
    versions_url: str | None = None
    compare_url: str | None = None
    # The Atom feed of its versions, for the page's <head>.
    versions_feed_url: str | None = None

    @classmethod
    def of(cls, updated: datetime | None, contributors: tuple[Contributor, ...] = (),
           history_url: str | None = None) -> PageHistory:
        return cls(
            updated=updated,
            contributors=contributors,
            history_url=history_url,
            updated_iso=history_render.iso(updated) if updated else "",
            updated_text=history_render.human_date(updated) if updated else "",
        )


@dataclass
class _Build:
    history: History | None = None
    # The repository paths of the hub's folder and of docs_dir ("" or "hub/", "docs/").
    root_prefix: str = ""
    docs_prefix: str = ""
    # The git log itself, for versions (None when history is unavailable), and why not.
    log: history.Log | None = None
    reason: str = ""
    versions: versions_site.State | None = None
    # What writing the versions' pages after the page loop needs from the build (on_nav, on_env).
    nav: Any = None
    env: Any = None
    files: Files | None = None


# Reset in on_config: hooks are not reloaded between `mkdocs serve` rebuilds.
_build: _Build | None = None
_pending: Future[history.Log] | None = None
# The build's one git log, shared by page history, versions and pricing; closed in on_post_build.
_log: history.Log | history.Unavailable | None = None
# The versions' pages being written while search indexes the site (on_post_build to finish_versions).
_writing: Future[versions_pages.Site] | None = None


def on_config(config: MkDocsConfig) -> None:
    """Start the git pass now, so git works on another core while MkDocs collects the files."""
    global _build, _pending
    _build = None
    _close()
    _abandon_writing()
    if settings.of(config).history.enabled or settings.of(config).pricing.enabled:
        # One worker thread, which ends with its task; it mostly waits for git's output.
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="openbook-history")
        _pending = pool.submit(history.open_log, settings.project_root(config))
        pool.shutdown(wait=False)


def _close() -> None:
    global _log, _pending
    pending, _pending = _pending, None
    if pending is not None and not pending.cancel():
        try:
            pending.result().close()
        except history.Unavailable:
            pass
    if isinstance(_log, history.Log):
        _log.close()
    _log = None


def git_log(config: MkDocsConfig) -> history.Log:
    """The build's one git log (waiting for the pass on_config started), or Unavailable saying why not."""
    global _log, _pending
    if _log is None:
        pending, _pending = _pending, None
        try:
            _log = pending.result() if pending is not None else history.open_log(settings.project_root(config))
        except history.Unavailable as exc:
            _log = exc
    if isinstance(_log, history.Unavailable):
        raise _log
    return _log


def on_nav(nav: Any) -> None:
    if _build is not None:
        _build.nav = nav


def on_env(env: Any, files: Files) -> None:
    if _build is not None:
        _build.env, _build.files = env, files


def on_post_build(config: MkDocsConfig) -> None:
    """End the git pass, and start writing the versions' pages on a thread of their own.

    They need the GIL only while Pagefind, a process of its own, indexes the site
    (the search hook's on_post_build), so the two share the machine's cores;
    finish_versions waits for them.
    """
    global _writing
    # The object database's `cat-file` process ends with the build.
    _close()
    build = _build
    if build is None or build.versions is None or not build.versions.by_page or build.env is None:
        return
    site = versions_pages.open_site(config, build.env, build.nav, build.files, build.versions.today or clock.today())
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="openbook-versions")
    _writing = pool.submit(lambda: (versions_site.write(build.versions, site), site)[1])
    pool.shutdown(wait=False)


def finish_versions() -> None:
    """Wait for the versions' pages (after search has indexed the site), and say what was written."""
    global _writing
    writing, _writing = _writing, None
    if writing is None:
        return
    site = writing.result()
    log.info("versions: wrote %d pages of earlier versions and comparisons (%d from the cache)",
             site.written, site.cache.hits)


def _prefix(path: Path, top: Path) -> str:
    try:
        relative = path.resolve().relative_to(top).as_posix()
    except ValueError:
        return ""
    return "" if relative == "." else relative + "/"


def _read(config: MkDocsConfig) -> _Build:
    root = settings.project_root(config)
    try:
        found = git_log(config)
        history.refuse_shallow(found)
    except history.Unavailable as exc:
        # A tarball build has no history to show and that is fine; a shallow clone
        # would show wrong dates, so it is a warning that fails `--strict`.
        (log.warning if exc.warn else log.info)(str(exc))
        prefix = _prefix(Path(config.docs_dir), root)
        return _Build(docs_prefix=prefix, reason=str(exc))
    return _Build(history=found.history, root_prefix=_prefix(root, found.top),
                  docs_prefix=_prefix(Path(config.docs_dir), found.top), log=found)


def _source_of(file: File) -> str | None:
    """The `openbook_source` a page declares, read without parsing all its front matter."""
    try:
        content = file.content_string
    except (OSError, UnicodeDecodeError):
        # MkDocs reports an unreadable page by name when it reads it.
        return None
    if not content.startswith("---"):
        return None
    end = content.find("\n---", 3)
    match = _SOURCE_LINE.search(content, 0, end if end > 0 else len(content))
    if not match:
        return None
    try:
        value = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return None
    return str(value) if value else None


def _title_of(file: File) -> str:
    """A page's title as text before MkDocs reads it: front matter `title` (an FAQ entry's `question`), else its first heading."""
    return titles.of_source(file.content_string, file.src_uri)


def _published(files: Files, build: _Build, globs: list[str]) -> dict[str, list[File]]:
    """Repository path -> the pages it publishes, for the watched paths only.

    A page publishes its own file (unless generated) and the `openbook_source` it
    declares: a change to data/pricing.yml changes the hand-written pricing page too.
    """
    published: dict[str, list[File]] = defaultdict(list)
    for file in files.documentation_pages():
        source = _source_of(file)
        paths = [] if file.generated_by else [build.docs_prefix + file.src_uri]
        if source:
            paths.append(build.root_prefix + source.lstrip("/"))
        for path in paths:
            if changelog.watched(path, globs):
                published[path].append(file)
    return published


def _page_ref(file: File, changes_url: str, site_url: str) -> changelog.PageRef:
    # Titles are read only for the pages an entry shows: most watched pages never appear.
    return changelog.PageRef(
        title=_title_of(file),
        href=get_relative_url(file.url, changes_url),
        absolute=site_url + file.url if site_url else file.url,
    )


def _compared(ref: changelog.PageRef, file: File, sha: str, changes: File, site_url: str) -> changelog.PageRef:
    """The page's entry, linked to the comparison of the version this commit published."""
    state = _build.versions if _build is not None else None
    target = versions_site.comparison_of(state, file.src_uri, sha) if state is not None else None
    if target is None:
        return ref
    return dataclasses.replace(ref, compare_href=get_relative_url(target.url, changes.url),
                               compare_absolute=site_url + target.url if site_url else target.url)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Read git once, then add "What changed", its feed and the contributors page."""
    global _build
    options = settings.of(config)
    enabled = options.history.enabled
    _build = _read(config) if enabled else _Build()
    build = _build
    if enabled:
        build.versions = versions_site.add(files, config, build.log, build.reason, build.docs_prefix,
                                           build.root_prefix, _title_of)

    from mkdocs.structure.files import File

    changes = files.get_file_from_path(CHANGES_PAGE)
    if changes is None:
        changes = File.generated(config, CHANGES_PAGE, content="")
        files.append(changes)
    feed = files.get_file_from_path(FEED)
    entries: list[changelog.Entry] = []
    if build.history is not None:
        globs = [build.root_prefix + glob.lstrip("/") for glob in options.history.watch]
        commit_url = f"{config.repo_url.rstrip('/')}/commit/" if config.repo_url else None
        selected = changelog.select(build.history, _published(files, build, globs), globs,
                                    limit=options.history.changes_limit, commit_url=commit_url)
        site_url = config.site_url.rstrip("/") + "/" if config.site_url else ""
        refs: dict[str, changelog.PageRef] = {}
        for entry in selected:
            for file in entry.pages:
                if file.src_uri not in refs:
                    refs[file.src_uri] = _page_ref(file, changes.url, site_url)
        entries = [
            dataclasses.replace(e, pages=tuple(_compared(refs[f.src_uri], f, e.commit.sha, changes, site_url)
                                               for f in e.pages))
            for e in selected
        ]
    if changes.generated_by:
        feed_href = get_relative_url(FEED, changes.url) if feed is None and enabled else None
        changes.content_string = generated.page_markdown(
            {"title": "What changed", "description": "Recent changes to our practices, FAQ and prices, with links to each.",
             # A listing: search finds the pages it lists, not the list.
             "search": {"exclude": True}},
            history_render.render("changes.md", entries=entries, available=build.history is not None,
                                  feed_url=feed_href),
        )
    if feed is None and enabled:
        files.append(File.generated(config, FEED, content=_feed(config, entries, changes)))

    if files.get_file_from_path(CONTRIBUTORS_PAGE) is None:
        authors = credits.authors(build.history) if build.history is not None else []
        files.append(generated.add_page(
            config, CONTRIBUTORS_PAGE,
            {"title": "Contributors", "description": "Everyone who has changed this hub or asked or answered a question.",
             "search": {"exclude": True}},
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
    from openbook.questions import rules as questions

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
    from openbook.questions import trust

    # The same moderation as the Q&A pages (only published questions and visible answers),
    # as of the same "now" and with the same record of trust.
    moderation = questions.moderate(loaded, questions.Policy.from_settings(options), now=clock.now(),
                                    trusted=trust.recorded(config))
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
            return PageHistory.of(updated, history_url=meta.get(generated.EDIT_URL))
        else:
            return None
    else:
        path = build.docs_prefix + page.file.src_uri
    if build.history is None:
        return None
    paths = [path]
    if not page.file.generated_by and meta.get(generated.SOURCE):
        # A hand-written page that shows data (pricing.md and its tables)
        # changes when either file does.
        paths.append(build.root_prefix + str(meta[generated.SOURCE]).lstrip("/"))
    file = build.history.of_all(paths)
    if file is None:
        return None
    return PageHistory.of(file.updated, tuple(file.contributors),
                          generated.repo_file_url(config, path, action="commits"))


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig) -> dict[str, Any]:
    build = _build
    if build is None or not settings.of(config).history.enabled:
        return context
    found = _page_history(page, config, build)
    # Without a history (a shallow clone, a tarball) the versions page only says so: no link to it on every page.
    links = versions_site.links(build.versions, page) if build.versions is not None and build.history else None
    if links:
        found = dataclasses.replace(found or PageHistory(), **links)
    context["openbook_history"] = found
    context["openbook_changes_feed"] = FEED
    return context


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig) -> str:
    build = _build
    if build is None or build.versions is None:
        return markdown
    return versions_site.on_page_markdown(build.versions, markdown, page)


def on_page_content(html: str, page: Page, config: MkDocsConfig) -> str:
    build = _build
    if build is None or build.versions is None:
        return html
    return versions_site.on_page_content(build.versions, html, page)


def _abandon_writing() -> None:
    """After a failed build, let the versions' writer end before anything else touches the site folder."""
    global _writing
    writing, _writing = _writing, None
    if writing is not None:
        futures_wait([writing])


def on_build_error(error: Exception) -> None:
    _close()
    _abandon_writing()
