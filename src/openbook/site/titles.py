"""Page titles are text: each page's title is escaped once, here, for every place Material prints it.

Material prints `page.title` and `page.meta.title` unescaped (the heading, `<title>`,
the header, navigation, tabs, the footer), so openbook keeps one value there: the
title a reader should see, HTML-escaped. Where a title comes from:

- front matter (`title`, an FAQ entry's `question`): YAML text, escaped as it is;
- the first heading: MkDocs' title is the heading's HTML with tags cut out and
  entities kept; openbook takes the words a reader sees in that heading (parsed
  as a browser parses it) and escapes them, so `# Fees &amp; more` and the title
  both read "Fees & more";
- the file name: text, escaped.

The escaped value is Markup, so a template that escapes (Material's footer, an
autoescaped openbook template) prints it once; code that writes text elsewhere
(a feed, JSON-LD, versions pages, "What changed") reads the title as text from
the source (`of_source`, an FAQ entry's question) and lets its template escape it.
"""

from __future__ import annotations

import datetime
import html
import logging
import re
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

if TYPE_CHECKING:
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.openbook.titles")

# The title as text, kept on the page object (not in `meta`, which front matter could fill).
_TEXT = "openbook_title_text"
# Front matter keys that are a page's title: `title`, and an FAQ entry's `question` (openbook.faq).
KEYS = ("title", "question")
_HEADING = re.compile(r"^#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE)


def escape(text: str) -> Markup:
    """A title as HTML text, safe in element content and in double-quoted attributes.

    Markup, so that a template that escapes (Material's `| e` in the footer, an
    autoescaped template) keeps it as it is rather than showing `&amp;lt;`; a
    title already escaped here is not escaped again.
    """
    if isinstance(text, Markup):
        return text
    return Markup(html.escape(text, quote=True))


def text_of_html(fragment: str) -> str:
    """The words a browser shows for an HTML fragment: tags dropped, entities decoded, spaces collapsed."""
    from selectolax.lexbor import LexborHTMLParser

    body = LexborHTMLParser(f"<!doctype html><body>{fragment}").body
    words = body.text(deep=True, separator="") if body is not None else ""
    return " ".join(words.split())


def first_heading_text(content: str) -> str | None:
    """The words of the page's first element if it is its `<h1>`, as a reader sees them; None otherwise.

    As MkDocs reads a heading title: without the permalink and footnote marks, an image by its alt text.
    """
    from selectolax.lexbor import LexborHTMLParser

    body = LexborHTMLParser(f"<!doctype html><body>{content}").body
    first = next(iter(body.iter(include_text=False)), None) if body is not None else None
    if first is None or first.tag != "h1":
        return None
    for mark in first.css("a.headerlink, sup[id^='fnref']"):
        mark.decompose()
    for image in first.css("img"):
        image.replace_with(image.attributes.get("alt") or "")
    return " ".join(first.text(deep=True, separator="").split())


def text_of_heading(markdown: str) -> str:
    """The words of a Markdown heading's text (`Fees &amp; *more*` reads "Fees & more")."""
    import markdown as python_markdown

    return text_of_html(python_markdown.markdown(markdown))


def from_value(value: Any) -> str | None:
    """Front matter's title value as text; None for a value that is not text (a list, a mapping)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float, datetime.date)):
        # YAML reads `title: 2026` as a number; Material prints it, so keep it as the text it was.
        return str(value)
    return None


def set_text(page: Page, text: str) -> None:
    """Make `text` the page's title, escaped once, wherever Material prints it."""
    setattr(page, _TEXT, text)
    escaped = escape(text)
    if page.is_homepage and "title" not in page.meta:
        # Material's <title> of the home page is the site's name unless front matter sets one;
        # keep that, and give the header and navigation the escaped title.
        if "title" not in vars(page):
            page.title = escaped
        return
    page.meta["title"] = escaped


def is_set(page: Page) -> bool:
    """Whether set_text gave the page its title (front matter, or the feature that made the page)."""
    return getattr(page, _TEXT, None) is not None


def from_front_matter(page: Page, where: str) -> None:
    """A title in front matter, escaped before any page is rendered (call in on_page_markdown)."""
    if "title" not in page.meta:
        return
    raw = page.meta["title"]
    value = from_value(raw)
    if value is None or not value.strip():
        # An empty title is no title: the first heading or the file name gives it.
        del page.meta["title"]
        if value is None and raw is not None:
            log.warning("%s: front matter title is not text (found %s); write it as `title: Your title`",
                        where, type(raw).__name__)
        return
    set_text(page, value)


def from_rendered(page: Page, content: str) -> None:
    """A title MkDocs took from the first heading or the file name, escaped (call in on_page_content).

    MkDocs' heading title is the heading's HTML with tags cut out by pattern (an
    attribute value holding `>` leaves the rest of the tag behind) and entities
    kept; the title is instead the words the rendered heading shows.
    """
    if is_set(page) or "title" in page.meta:
        # Set from front matter, or by the feature that generated the page (escaped there).
        return
    heading = getattr(page, "_title_from_render", None)
    if heading:
        set_text(page, first_heading_text(content) or text_of_html(heading))
        return
    if page.is_homepage:
        return  # MkDocs calls it "Home".
    # MkDocs' own fallback, as in Page.title.
    name = page.file.name.replace("-", " ").replace("_", " ")
    set_text(page, name.capitalize() if name.lower() == name else name)


def of_source(content: str, src_uri: str) -> str:
    """A page's title as text from its source, before MkDocs reads it: front matter, first heading, file name."""
    from mkdocs.utils.meta import get_data

    body, meta = get_data(content)
    for key in KEYS:
        value = from_value(meta.get(key))
        if value is not None and value.strip():
            return value.strip()
    match = _HEADING.search(body)
    if match and (words := text_of_heading(match.group(1))):
        return words
    return PurePosixPath(src_uri).stem.replace("-", " ").replace("_", " ").capitalize()


def markup(text: str) -> str | None:
    """The first element (or comment) a browser would make of `text`, or None: a title should hold none."""
    from html.parser import HTMLParser

    found: list[str] = []

    class _Tags(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append(f"<{tag}>")

        def handle_comment(self, data: str) -> None:
            found.append("<!--")

    parser = _Tags(convert_charrefs=False)
    parser.feed(text)
    parser.close()
    return found[0] if found else None
