"""MkDocs adapter for pricing: fills the hand-written pricing page's markers, adds the price history page and the feed.

`hooks/pricing.py` forwards MkDocs events here. The data is loaded once per
build in `on_files` and kept on the build's own config, so `mkdocs serve`
rebuilds start fresh.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError

from mkdocs.utils import get_relative_url

from openbook import clock, settings
from openbook.consultations import model as consultations
from openbook.pricing import history as pricing_history, model as pricing, render as pricing_render
from openbook.site import data_page, generated

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.openbook.pricing")

_STATE_KEY = "openbook_pricing_build"


@dataclass
class _Build:
    data: pricing.PricingData
    # Each change's publication, as far as notice goes (pricing.current_publications).
    publications: dict[str, pricing.Publication]
    today: date
    locale: str
    page: File | None
    history_page: File
    feed: File | None


def _state(config: MkDocsConfig) -> _Build | None:
    state = config.extra.get(_STATE_KEY)
    return state if isinstance(state, _Build) else None


def load_data(config: MkDocsConfig) -> pricing.PricingData:
    """The validated pricing data, or a PluginError whose message names file, line and key."""
    s = settings.of(config).pricing
    try:
        return pricing.load(settings.project_root(config) / s.source, s.source)
    except pricing.PricingError as exc:
        raise PluginError(str(exc)) from None


def _url_between(source: File, target: File) -> str:
    return target.url_relative_to(source)


def _commit_url(config: MkDocsConfig) -> str | None:
    return f"{config.repo_url.rstrip('/')}/commit/{{sha}}" if config.repo_url else None


def _history(config: MkDocsConfig, root: Path, source: str) -> pricing_history.PricingHistory:
    """Price history from the build's one git pass, which page history and versions read too."""
    from openbook.history import gitlog, site as history_site

    try:
        log = history_site.git_log(config)
    except gitlog.Unavailable:
        return pricing_history.PricingHistory()
    return pricing_history.from_log(log, root, source)


def _consultation_link(config: MkDocsConfig, from_url: str) -> str:
    """The link from a page to a consultation's page, with `{number}` in place of its number."""
    if not settings.of(config).consultations.enabled:
        return ""
    return get_relative_url(consultations.page_url("{number}", config.use_directory_urls), from_url)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    s = settings.of(config).pricing
    if not s.enabled:
        return files
    data = load_data(config)
    root = settings.project_root(config)
    history = _history(config, root, s.source)
    if history.shallow:
        log.warning(
            "%s: the git history is shallow, so price changes look newer than they are; "
            "fetch the whole history (actions/checkout: fetch-depth: 0)", s.source
        )
    today = clock.today()
    locale = data_page.locale(config)
    page = files.get_file_from_path(s.page)
    if page is None:
        log.warning("extra.openbook.pricing.page: %s is not a page under docs/; the price tables are not shown "
                    "(create it with the markers, or set pricing.page)", s.page)

    # The files exist before their content, so that links between them can be relative.
    history_file = generated.add_page(config, s.history_page, {}, "")
    feed_file = None
    if s.feed:
        from mkdocs.structure.files import File

        feed_file = File.generated(config, s.feed, content="")
    publications = pricing.current_publications(data, history.publications, history.stated)
    build = _Build(data, publications, today, locale, page, history_file, feed_file)
    config.extra[_STATE_KEY] = build
    from openbook.history import versions_pages

    versions_pages.register_filler(fill_version)

    links = pricing_render.Links(
        pricing=_url_between(history_file, page) if page else "",
        feed=_url_between(history_file, feed_file) if feed_file else "",
        commit=_commit_url(config),
        consultation=_consultation_link(config, history_file.url),
    )
    company = settings.of(config).company
    meta = {
        "title": "Price history",
        "description": f"Every price each {company + ' ' if company else ''}plan has had, when each change was "
                       "published and when it took effect.",
        generated.SOURCE: s.source,
    }
    edit_url = generated.repo_file_url(config, s.source)
    if edit_url:
        meta[generated.EDIT_URL] = edit_url
    body = pricing_render.history_page(
        data, publications, today, company=company, min_notice_days=s.min_notice_days,
        locale=locale, links=links, tracked=history.tracked,
    )
    history_file.content_string = generated.page_markdown(meta, body)
    files.append(history_file)
    if feed_file is not None:
        feed_xml = pricing_render.feed(
            data, publications, today, company=company,
            feed_url=data_page.absolute_url(config, feed_file), history_url=data_page.absolute_url(config, history_file),
            id_base=data_page.absolute_url(config, history_file) if config.site_url else f"urn:openbook:pricing:{company or 'hub'}",
            locale=locale,
        )
        feed_file.content_string = feed_xml
        files.append(feed_file)
    return files


def _is_pricing_page(page: Page, build: _Build | None) -> bool:
    return build is not None and build.page is not None and page.file.src_uri == build.page.src_uri


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig) -> str:
    build = _state(config)
    if not _is_pricing_page(page, build):
        return markdown
    return data_page.prepare(markdown, page, config, settings.of(config).pricing.source, pricing_render.MARKERS, log,
                             "the pricing markers", "prices")


def _parts(build: _Build, config: MkDocsConfig, file: File, data: pricing.PricingData,
           day: date) -> tuple[dict[str, Any], pricing_render.Links]:
    """What fills each marker on the pricing page (or a version of it at `file`), as of `day`."""
    s = settings.of(config).pricing
    assert build.page is not None
    links = pricing_render.Links(
        history=_url_between(file, build.history_page),
        pricing="",
        feed=_url_between(file, build.feed) if build.feed else "",
        commit=_commit_url(config),
        edit_data=generated.repo_file_url(config, s.source),
        edit_text=data_page.text_edit_url(config, build.page),
        consultation=_consultation_link(config, file.url),
    )
    publications = build.publications
    parts = {
        "table": lambda: pricing_render.price_table(data, day, locale=build.locale),
        "features": lambda: pricing_render.feature_matrix(data, day),
        "upcoming": lambda: pricing_render.upcoming_notice(data, publications, day, locale=build.locale, links=links),
    }
    return parts, links


def _fill(html: str, parts: dict[str, Any]) -> str:
    return data_page.fill(html, pricing_render.MARKERS, parts)


def on_page_content(html: str, page: Page, config: MkDocsConfig) -> str:
    build = _state(config)
    if not _is_pricing_page(page, build):
        return html
    assert build is not None
    parts, links = _parts(build, config, page.file, build.data, build.today)
    return _fill(html, parts) + pricing_render.pricing_page_note(links)


def fill_version(config: MkDocsConfig, src_uri: str, file: File, html: str, day: date) -> str:
    """An earlier version of the pricing page (at `file`) with the prices and notices it showed on `day`.

    Only what had been published by then: a change committed later was not on the page yet.
    """
    build = _state(config)
    if build is None or build.page is None or src_uri != build.page.src_uri:
        return html
    known = [c for c in build.data.changes
             if (published := build.publications.get(c.id)) is None or published.date <= day]
    parts, _ = _parts(build, config, file, build.data.model_copy(update={"changes": known}), day)
    return _fill(html, parts)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Announce the feed to feed readers from the pricing pages' <head>."""
    build = _state(config)
    if build is None or build.feed is None:
        return output
    if not (_is_pricing_page(page, build) or page.file.src_uri == build.history_page.src_uri):
        return output
    company = settings.of(config).company
    return data_page.with_feed_link(output, page.file, build.feed, f"{company} price changes".strip())
