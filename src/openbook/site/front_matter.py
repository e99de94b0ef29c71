"""Front matter and titles of hand-written pages, made safe where Material prints them without escaping.

Material writes `description` and `author` into `<meta content="...">`, `status`
into a class attribute in the navigation of every page, and the title into
`<title>`, the heading, the header and the nav, all unescaped (titles are
escaped once in openbook.site.titles). A
quote in a contributed page's front matter would add attributes (a meta
refresh, an onmouseover) without any `<`, so `openbook check`'s Markdown scan
cannot see it. Here such values are escaped, and values that cannot be made
safe are dropped with a warning, which fails `--strict` and `openbook check`.
"""

from __future__ import annotations

import html
import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

from openbook import settings
from openbook.site import generated, titles

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.openbook.front_matter")

# Printed into an attribute value by Material's base.html.
ATTRIBUTE_KEYS = ("description", "author")
# Material's statuses are names (new, deprecated, or a key of extra.status) that become a CSS class.
_STATUS = re.compile(r"[A-Za-z0-9_-]+")
# Keys the engine sets itself: on a hand-written page, the Edit URL would let a contributor
# choose where Edit and View source go (even to a javascript: link). (`openbook_source` is
# fine there: it only adds a file whose changes date the page.)
ENGINE_KEYS = (generated.EDIT_URL,)


def _where(page: Page, config: MkDocsConfig) -> str:
    """The page's file as messages name it: relative to the hub's folder (docs/contributing.md)."""
    source = page.file.abs_src_path
    if source:
        try:
            return Path(source).resolve().relative_to(settings.project_root(config)).as_posix()
        except ValueError:
            pass
    return page.file.src_uri


def secure(page: Page, config: MkDocsConfig) -> None:
    """Escape or drop the front matter values of a hand-written page that Material prints raw."""
    if page.file.generated_by:
        # Generated pages escape their own values (questions) or hold only our words.
        return
    meta = page.meta
    where = _where(page, config)
    for key in ENGINE_KEYS:
        if key in meta:
            del meta[key]
            log.warning("%s: front matter key %s is set by openbook itself and is ignored; remove it",
                        where, key)
    title = meta.get("title")
    if title is not None and not isinstance(title, str):
        # Every template and hook reads a title as text; a list or a number would stop the build.
        # Said in `openbook check`'s words, at its line, so that the check reports it once.
        from openbook.contribution import scan

        del meta["title"]
        problems = scan.front_matter_problems(page.file.content_string)
        line, message = next(((line, message) for line, _, message in problems if message.startswith("title:")),
                             (None, f"title: expected text, found {type(title).__name__}"))
        log.warning("%s: %s", f"{where}:{line}" if line else where, message)
    status = meta.get("status")
    if status is not None and not (isinstance(status, str) and _STATUS.fullmatch(status)):
        del meta["status"]
        log.warning("%s: front matter status %r is not one word (such as `new` or `deprecated`) "
                    "and is left out", where, status)
    if meta.get("template") == "redirect.html" or "location" in meta:
        # Material's redirect template sends every reader to `location`: redirects belong in mkdocs.yml.
        meta.pop("location", None)
        if meta.get("template") == "redirect.html":
            del meta["template"]
        log.warning("%s: a page may not redirect readers (template: redirect.html, location:); "
                    "ask a maintainer to add the redirect to mkdocs.yml", where)
    for key in ATTRIBUTE_KEYS:
        value = meta.get(key)
        if isinstance(value, str):
            meta[key] = html.escape(value, quote=True)
    titles.from_front_matter(page, where)


def title(page: Page, content: str) -> None:
    """Escape a title MkDocs took from the first heading or the file name (see openbook.site.titles).

    Call after the page is rendered: MkDocs takes the first heading then.
    """
    titles.from_rendered(page, content)
