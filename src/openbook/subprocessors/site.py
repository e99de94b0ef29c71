"""MkDocs adapter for the register of subprocessors: fills the page's markers, adds the feed, fills earlier versions.

`hooks/subprocessors.py` forwards MkDocs events here. The register is loaded
once per build in `on_files` and kept on the build's own config, so `mkdocs
serve` rebuilds start fresh. A hub with no register file (one from before the
register existed) builds as it did, unless it names its source.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError

from openbook import clock, settings
from openbook.site import data_page, generated
from openbook.subprocessors import check, history as register_history, model, render

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.openbook.subprocessors")

_STATE_KEY = "openbook_subprocessors_build"


@dataclass
class _Build:
    data: model.Register
    stated: dict[str, list[model.Stated]]
    tracked: bool
    today: date
    locale: str
    page: File | None
    feed: File | None


def _state(config: MkDocsConfig) -> _Build | None:
    state = config.extra.get(_STATE_KEY)
    return state if isinstance(state, _Build) else None


def load_data(config: MkDocsConfig) -> model.Register | None:
    """The validated register; None if the hub has none (see check.is_required); a PluginError naming file and line."""
    s = settings.of(config).subprocessors
    path = settings.project_root(config) / s.source
    if not path.exists() and not check.is_required(s):
        return None
    try:
        return model.load(path, s.source)
    except model.RegisterError as exc:
        raise PluginError(str(exc)) from None


def _history(config: MkDocsConfig, source: str) -> register_history.RegisterHistory:
    """The register's history from the build's one git pass, which page history and versions read too."""
    from openbook.history import gitlog, site as history_site

    try:
        log = history_site.git_log(config)
    except gitlog.Unavailable:
        return register_history.RegisterHistory()
    return register_history.from_log(log, settings.project_root(config), source)


def announcements(config: MkDocsConfig) -> list[model.Announcement]:
    """Every change of the hub's register, newest first, with the date git says it was published (for notices)."""
    data = load_data(config)
    if data is None or not settings.of(config).subprocessors.enabled:
        return []
    history = _history(config, settings.of(config).subprocessors.source)
    return model.announcements(data, history.stated, clock.today())


def on_files(files: Files, config: MkDocsConfig) -> Files:
    config.extra.pop(_STATE_KEY, None)
    s = settings.of(config).subprocessors
    if not s.enabled:
        return files
    data = load_data(config)
    if data is None:
        return files
    history = _history(config, s.source)
    if history.shallow:
        log.warning("%s: the git history is shallow, so changes look newer than they are; fetch the whole history "
                    "(actions/checkout: fetch-depth: 0)", s.source)
    page = files.get_file_from_path(s.page)
    if page is None:
        log.warning("extra.openbook.subprocessors.page: %s is not a page under docs/; the register is not shown "
                    "(create it with the markers %s, or set subprocessors.page)", s.page,
                    ", ".join(render.MARKERS.values()))
    feed_file = None
    if s.feed and page is not None:
        from mkdocs.structure.files import File

        feed_file = File.generated(config, s.feed, content="")
    build = _Build(data, history.stated, history.tracked, clock.today(), data_page.locale(config), page, feed_file)
    config.extra[_STATE_KEY] = build
    from openbook.history import versions_pages

    versions_pages.register_filler(fill_version)
    if feed_file is not None and page is not None:
        company = settings.of(config).company
        page_url = data_page.absolute_url(config, page)
        feed_file.content_string = render.feed(
            data, history.stated, build.today, company=company, feed_url=data_page.absolute_url(config, feed_file),
            page_url=page_url,
            id_base=page_url if config.site_url else f"urn:openbook:subprocessors:{company or 'hub'}",
        )
        files.append(feed_file)
    return files


def _is_register_page(page: Page, build: _Build | None) -> bool:
    return build is not None and build.page is not None and page.file.src_uri == build.page.src_uri


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig) -> str:
    build = _state(config)
    if not _is_register_page(page, build):
        return markdown
    return data_page.prepare(markdown, page, config, settings.of(config).subprocessors.source, render.MARKERS, log,
                             "the register's markers", "subprocessors")


def _links(build: _Build, config: MkDocsConfig, file: File) -> render.Links:
    s = settings.of(config).subprocessors
    assert build.page is not None
    return render.Links(
        feed=build.feed.url_relative_to(file) if build.feed else "",
        commit=f"{config.repo_url.rstrip('/')}/commit/{{sha}}" if config.repo_url else None,
        edit_data=generated.repo_file_url(config, s.source),
        edit_text=data_page.text_edit_url(config, build.page),
        new_issue=f"{config.repo_url.rstrip('/')}/issues/new" if config.repo_url else None,
        objection_form=s.objection_form,
    )


def _fill(html: str, build: _Build, config: MkDocsConfig, file: File, data: model.Register, day: date) -> str:
    s = settings.of(config).subprocessors
    links = _links(build, config, file)
    parts = {
        "list": lambda: render.current_list(data, day, locale=build.locale),
        "upcoming": lambda: render.upcoming(data, build.stated, day, notice_days=s.notice_days, links=links),
        "history": lambda: render.history(data, build.stated, day, notice_days=s.notice_days, source=s.source,
                                          tracked=build.tracked, links=links),
    }
    return data_page.fill(html, render.MARKERS, parts)


def on_page_content(html: str, page: Page, config: MkDocsConfig) -> str:
    build = _state(config)
    if not _is_register_page(page, build):
        return html
    assert build is not None
    return _fill(html, build, config, page.file, build.data, build.today)


def fill_version(config: MkDocsConfig, src_uri: str, file: File, html: str, day: date) -> str:
    """An earlier version of the page (at `file`) with the register as it read on `day`.

    Only what had been published by then: a change committed later was not on the page yet.
    """
    build = _state(config)
    if build is None or build.page is None or src_uri != build.page.src_uri:
        return html
    known = [c for c in build.data.changes
             if (p := model.publication_of(c, build.stated.get(c.id, []))) is not None and p.date <= day]
    return _fill(html, build, config, file, build.data.model_copy(update={"changes": known}), day)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Announce the feed to feed readers from the page's <head>."""
    build = _state(config)
    if build is None or build.feed is None or not _is_register_page(page, build):
        return output
    company = settings.of(config).company
    return data_page.with_feed_link(output, page.file, build.feed, f"{company} subprocessor changes".strip())
