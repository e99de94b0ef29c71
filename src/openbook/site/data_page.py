"""A hand-written page whose markers a data file fills (the pricing page, the register of subprocessors).

What such pages share as MkDocs pages: the page's language for numbers and
names, absolute URLs for feeds, Edit opening the data file, the markers filled
once each, and the feed announced in the page's <head>.
"""

from __future__ import annotations

import logging
import os
import posixpath
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from openbook import settings
from openbook.site import generated

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File
    from mkdocs.structure.pages import Page


def locale(config: MkDocsConfig) -> str:
    """The theme's language as a CLDR locale (en_GB), or en when CLDR does not know it."""
    from babel import Locale, UnknownLocaleError

    language = str(config.theme.get("language") or "en")
    try:
        Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return "en"
    return language.replace("-", "_")


def absolute_url(config: MkDocsConfig, file: File) -> str:
    """The file's URL from the site's root: with site_url when set, as a feed needs."""
    base = config.site_url or ""
    return f"{base.rstrip('/')}/{file.url}" if base else f"/{file.url}"


def text_edit_url(config: MkDocsConfig, page: File) -> str | None:
    """Where to edit the Markdown around the markers (the page's own source in the repository)."""
    docs = Path(os.path.relpath(config.docs_dir, settings.project_root(config))).as_posix()
    return generated.repo_file_url(config, posixpath.join(docs, page.src_uri))


def prepare(markdown: str, page: Page, config: MkDocsConfig, source: str, markers: dict[str, str],
            log: logging.Logger, whose: str, shows: str) -> str:
    """Point the page's Edit at the data file, and warn when none of its markers is on the page."""
    # The page's content comes from the data file, so Edit opens the data file;
    # the note at the end links to the Markdown for the text around it.
    edit_url = generated.repo_file_url(config, source)
    if edit_url:
        page.meta[generated.EDIT_URL] = edit_url
    if not any(marker in markdown for marker in markers.values()):
        # `log` is the feature's own, so that `mkdocs build --strict` fails on it.
        log.warning("%s: none of %s (%s) is on the page, so it shows no %s",
                    page.file.src_uri, whose, ", ".join(markers.values()), shows)
    return markdown


def fill(html: str, markers: dict[str, str], parts: dict[str, Callable[[], str]]) -> str:
    """Each marker on the page replaced once by its part (made only when the marker is there)."""
    for name, marker in markers.items():
        if marker in html:
            html = html.replace(marker, parts[name](), 1)
    return html


def with_feed_link(output: str, page: File, feed: File, title: str) -> str:
    """The page's HTML announcing the feed to feed readers from its <head>."""
    from html import escape

    href = escape(feed.url_relative_to(page), quote=True)
    # "alternate feed", not "alternate": Material fetches sitemap.xml beside every
    # link whose rel is exactly "alternate" (its language switcher), a 404 here;
    # feed readers look for the "alternate" token, which this keeps.
    link = f'<link rel="alternate feed" type="application/atom+xml" title="{escape(title, quote=True)}" href="{href}">'
    return output.replace("</head>", f"  {link}\n  </head>", 1)
