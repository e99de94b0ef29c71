"""MkDocs adapter for notices: the notices page (notices/) and its Atom feed (notices/feed.xml).

The notices come from openbook.notices.sources with the build's one git log,
exactly as `openbook notices` lists them. Consultation text is untrusted, so the
page's Markdown is trusted front matter and a stub, and `on_page_content` swaps
in HTML from an autoescaped template.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from openbook import clock, settings, untrusted
from openbook.notices import model, render, sources
from openbook.notices.model import Notice

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.openbook.notices")

PAGE = "notices/index.md"
FEED = "notices/feed.xml"
STUB = "<!-- openbook: this page is generated from the hub's notices -->\n"
TITLE = "Notices"


@dataclass
class _Build:
    config: MkDocsConfig
    notices: list[Notice]
    page: File
    feed: File
    today: date


# Reset in on_config: hooks are not reloaded between `mkdocs serve` rebuilds.
_build: _Build | None = None


def reset() -> None:
    global _build
    _build = None


def _hub(config: MkDocsConfig) -> sources.Hub:
    from openbook.history import gitlog, site as history_site

    today = clock.today()
    try:
        log = history_site.git_log(config)
    except gitlog.Unavailable as exc:
        return sources.Hub(config, today, None, str(exc))
    return sources.Hub(config, today, log)


def _absolute(config: MkDocsConfig, file: File) -> str:
    return (config.site_url or "/").rstrip("/") + "/" + file.url


def on_files(files: Files, config: MkDocsConfig) -> Files:
    global _build
    _build = None
    if not settings.of(config).notices.enabled:
        return files
    from mkdocs.structure.files import File

    if files.get_file_from_path(PAGE) is not None:
        log.warning("docs/%s exists, so the generated notices page is not built; rename or remove it", PAGE)
        return files
    try:
        notices = sources.collect(_hub(config))
    except (sources.SourceError, model.DuplicateNotice) as exc:
        raise PluginError(f"notices: {exc}") from None
    from openbook.site import generated

    meta = {"title": TITLE, "hide": ["toc"],
            "description": "Every change we announced ahead and every consultation we opened or decided, "
                           "and how to get each by e-mail.",
            # A listing: search finds the pages it lists, not the list.
            "search": {"exclude": True}}
    page = File.generated(config, PAGE, content=generated.page_markdown(meta, STUB))
    feed = File.generated(config, FEED, content="")
    files.append(page)
    page_url = _absolute(config, page)
    feed.content_string = render.feed(
        notices, title=f"{config.site_name}: notices", feed_url=_absolute(config, feed), page_url=page_url,
        id_base=page_url if config.site_url else f"urn:openbook:{settings.of(config).company or 'hub'}:notices",
        today=clock.today(),
    )
    files.append(feed)
    _build = _Build(config, notices, page, feed, clock.today())
    return files


def _href(config: MkDocsConfig, url: str, page: Page) -> str:
    """A notice's link from the notices page: relative when it is on this site, as MkDocs makes links."""
    base = (config.site_url or "/").rstrip("/") + "/"
    if not url.startswith(base):
        return url
    path, _, fragment = url[len(base):].partition("#")
    return get_relative_url(path or ".", page.url) + (f"#{fragment}" if fragment else "")


def on_page_content(html: str, page: Page) -> str:
    build = _build
    if build is None or page.file.src_uri != PAGE:
        return html
    config = build.config
    views = [{"id": n.id, "title": n.title, "kind_words": n.kind_words, "published": n.published,
              "effective": n.effective, "body": n.body, "href": _href(config, n.url, page)}
             for n in build.notices]
    return render.render(
        "page.html", title=TITLE, company=settings.of(config).company, notices=views,
        repo_url=untrusted.web_url(config.repo_url) if config.repo_url else None,
        feed_url=get_relative_url(build.feed.url, page.url),
    )


def on_page_context(page: Page) -> None:
    # The page is made from many sources, none of them a file to edit.
    if _build is not None and page.file.src_uri == PAGE:
        page.edit_url = None


def on_post_page(output: str, page: Page) -> str:
    """Announce the notices feed in the notices page's <head>."""
    build = _build
    if build is None or page.file.src_uri != PAGE:
        return output
    href = untrusted.escape(get_relative_url(build.feed.url, page.url))
    company = settings.of(build.config).company
    title = untrusted.escape(f"{company} notices".strip())
    # "alternate feed": see partials/openbook/history-meta.html for why not "alternate" alone.
    link = f'<link rel="alternate feed" type="application/atom+xml" title="{title}" href="{href}">'
    return output.replace("</head>", f"  {link}\n  </head>", 1)
