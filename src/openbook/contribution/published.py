"""What a built page would publish that can act in a reader's browser, read as a browser reads it.

The parser is Lexbor (through selectolax), which follows the HTML standard's
parsing rules, so a short comment (`<!-->`) or a stray tag is read as Chromium
reads it, not as a lenient parser guesses.

Pure: HTML in, `Item`s out. An item is one construct that could run script,
load another document or resource, restyle the page or collect input, written
so that the same construct on two pages (Material's own chrome at any folder
depth) compares equal. The gate flags the items a head build has that the base
build has nowhere.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from openbook import plaintext, urls

# Elements that load another document, change where links go, or collect input.
ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "form", "portal", "fencedframe"}
# Elements contributed content may not hold, judged where content lands (the body): `<link>`
# and `<meta>` belong in the head, which only the templates write; `<svg>` and `<math>` draw
# over and restyle text and are foreign content to the HTML parser. Material's own icons are
# inline SVG: a contributed one is new only if no page of the base has the same.
BODY_ELEMENTS = {"link", "meta", "svg", "math"}
# Material's inline scripts name the site root relative to the page ("../..", "."): one value at any depth.
_RELATIVE_ROOT = re.compile(r"""(["'])\.\.?(?:/\.\.)*/?\1""")


@dataclass(frozen=True, order=True)
class Item:
    """One construct of a page that can act in a reader's browser."""

    rule: str
    # The construct, normalised: relative URLs resolved, Material's root paths made one value.
    detail: str

    def describe(self) -> str:
        return _DESCRIPTIONS.get(self.rule, self.rule) + f": {plaintext.one_line(self.detail, 120)}"


_DESCRIPTIONS = {
    "html.script": "a script",
    "html.event-handler": "an event-handler attribute, which runs script",
    "html.unsafe-url": "a javascript:, vbscript: or data: URL",
    "html.element": "an element that loads another document or resource, draws over the page or collects input",
    "html.meta-refresh": "a meta refresh, which sends the reader elsewhere",
    "html.style": "inline style, which can hide or disguise text",
    "html.svg-script": "SVG that can run script",
    "html.third-party": "a resource from another host, which every reader's browser would call",
}


def unsafe_scheme(value: str) -> str | None:
    """The dangerous scheme of a URL (as parsed: entities decoded), or None (openbook.urls judges it)."""
    return urls.unsafe_scheme(value)


class _Reader:
    """Walks the tree a browser would build (Lexbor, an HTML5 parser) and collects the items."""

    def __init__(self, page_url: str, site: urls.Site, body_elements: bool) -> None:
        self.page_url = page_url
        self.site = site
        self.body_elements = body_elements
        self.items: list[Item] = []

    # -- helpers ----------------------------------------------------------------

    def _add(self, rule: str, detail: str) -> None:
        self.items.append(Item(rule, detail))

    def _resolve(self, url: str) -> str:
        """A URL as a browser resolves it on this page, so the same file compares equal from any page."""
        if url.strip().startswith("#"):
            return url.strip()  # this page itself, whichever it is
        target = urls.parse(url, self.site.page(self.page_url))
        return target.href if target is not None else url.strip()

    def _foreign(self, tag: str, name: str, url: str, shown: str | None = None) -> None:
        if url and (host := urls.foreign_host(url, self.page_url, self.site)):
            self._add("html.third-party", f"{shown or f'<{tag} {name}={url!r}>'} ({host})")

    @staticmethod
    def _urls(name: str, value: str) -> list[str]:
        return urls.srcset_urls(value) if name in urls.SRCSET_ATTRIBUTES else [value]

    # -- the tree ---------------------------------------------------------------------

    def walk(self, node: Any, in_svg: bool = False, in_body: bool = False) -> None:
        while node is not None:
            tag = (node.tag or "").lower()
            if not tag.startswith("-"):  # "-text", "-comment", "-doctype": no markup of their own
                svg = in_svg or tag == "svg"
                body = in_body or tag == "body"
                self._element(node, tag, svg, body)
                if node.child is not None:
                    self.walk(node.child, svg, body)
            node = node.next

    def _element(self, node: Any, tag: str, in_svg: bool, in_body: bool) -> None:
        attrs = [(str(name).lower(), "" if value is None else str(value)) for name, value in node.attributes.items()]
        values = dict(attrs)
        shown = _tag_text(tag, attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self._add("html.event-handler", f"<{tag} {name}={value!r}>")
            if name in urls.URL_ATTRIBUTES:
                for url in self._urls(name, value):
                    if scheme := unsafe_scheme(url):
                        self._add("html.unsafe-url", f"<{tag} {name}={url!r}> ({scheme})")
            if name == "style":
                self._add("html.style", f"<{tag} style={value!r}>")
        # A declarative shadow root (`<template shadowrootmode>`, `shadowroot` before Chromium 124) is
        # rendered at once, images, styles and all, but its content is a fragment the tree walk cannot
        # reach: the element itself is the item.
        shadow_root = tag == "template" and ("shadowrootmode" in values or "shadowroot" in values)
        if tag in ELEMENTS or shadow_root or (self.body_elements and in_body and tag in BODY_ELEMENTS):
            self._add("html.element", self._normalised_tag(tag, attrs))
        refresh = tag == "meta" and values.get("http-equiv", "").strip().lower() == "refresh"
        if refresh:
            self._add("html.meta-refresh", shown)
        if in_svg and tag in {"foreignobject", "handler", "listener"}:
            self._add("html.svg-script", shown)
        if in_svg and tag in {"set", "animate", "animatemotion", "animatetransform"} and \
                values.get("attributename", "").lower() in {"href", "xlink:href"}:
            self._add("html.svg-script", shown)
        self._loads(node, tag, attrs, values, shown, in_svg, refresh)
        if tag == "script" and _is_data_block(values, node.text(deep=True) or ""):
            # Structured data (the engine's QAPage and FAQPage JSON-LD): a browser never runs a
            # data block, and one that parses as JSON holds nothing but data.
            pass
        elif tag == "script":
            text = _RELATIVE_ROOT.sub(r"\1<root>\1", (node.text(deep=True) or "").strip())
            self._add("html.svg-script" if in_svg else "html.script", f"{self._normalised_tag(tag, attrs)}{text}")
        if tag == "style":
            self._add("html.style", "<style>" + (node.text(deep=True) or "").strip())

    def _loads(self, node: Any, tag: str, attrs: list[tuple[str, str]], values: dict[str, str], shown: str,
               in_svg: bool, refresh: bool) -> None:
        """Resources the page would load from another host (openbook.urls.FETCHED says which attributes fetch)."""
        names = set(urls.FETCHED["*"]) | set(urls.FETCHED.get(tag, ()))
        if tag == "link" and not urls.link_fetches(values.get("rel", "")):
            names -= {"href", "imagesrcset"}
        if in_svg and tag != "a":
            names |= set(urls.SVG_REFERENCES)
        for name, value in attrs:
            if name in names:
                for url in self._urls(name, value):
                    self._foreign(tag, name, url)
            # CSS url(...) in a style attribute, or in any attribute of an SVG element (presentation attributes).
            # Every CSS function that loads (url, src, image-set) needs a "(": the rest are skipped unparsed.
            if (name == "style" or in_svg) and "(" in value:
                for url in urls.css_urls(value):
                    self._foreign(tag, name, url, f"<{tag} {name}={value!r}>")
        if tag == "style":
            text = node.text(deep=True) or ""
            for url in urls.css_urls(text):
                self._foreign(tag, "", url, f"<style> url({url!r})")
        if refresh:
            target = re.sub(r"^[\d\s.;,]*(url\s*=\s*)?", "", values.get("content", ""), flags=re.I).strip("'\" ")
            self._foreign(tag, "content", target, shown)

    def _normalised_tag(self, tag: str, attrs: list[tuple[str, str]]) -> str:
        parts = []
        for name, value in attrs:
            if name in urls.URL_ATTRIBUTES and name not in urls.SRCSET_ATTRIBUTES:
                value = self._resolve(value)
            parts.append(f"{name}={value!r}")
        return f"<{tag}{''.join(' ' + p for p in parts)}>"


def _is_data_block(values: dict[str, str], text: str) -> bool:
    """A `<script type="application/ld+json">` with JSON in it and nothing to load: data, never code."""
    if values.get("type", "").strip().lower() != "application/ld+json" or set(values) - {"type"}:
        return False
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _tag_text(tag: str, attrs: list[tuple[str, str]]) -> str:
    shown = "".join(f" {name}={value!r}" for name, value in attrs)
    return f"<{tag}{shown}>"


def items(text: str, page_url: str = "", site: urls.Site | None = None, *, body_elements: bool = True) -> list[Item]:
    """Every item of one HTML document (or fragment), in document order.

    `page_url` is the page's path under the site ("practices/support/"), against
    which URLs resolve as a browser resolves them; `site` is the hub's own
    address (openbook.urls.Site.of(site_url)), whose host is not another's.
    `body_elements` False reads a standalone SVG file, whose root is an `<svg>`.
    """
    from selectolax.lexbor import LexborHTMLParser

    reader = _Reader(page_url, site or urls.Site.of(None), body_elements)
    reader.walk(LexborHTMLParser(text).root)
    return reader.items


def search_entries(text: str) -> dict[str, str]:
    """Material's search index (search/search_index.json): the HTML its results show, by location.

    Material renders each entry's title and text as HTML in the search results,
    so they are judged as pages are.
    """
    try:
        docs = json.loads(text).get("docs", [])
    except (ValueError, AttributeError):
        return {}
    out: dict[str, str] = {}
    for doc in docs if isinstance(docs, list) else []:
        if isinstance(doc, dict):
            location = str(doc.get("location", ""))
            out[location] = out.get(location, "") + f"{doc.get('title', '')}\n{doc.get('text', '')}\n"
    return out
