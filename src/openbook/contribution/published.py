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
import posixpath
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from openbook import plaintext

# Attributes whose value a browser reads as a URL, in any element.
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "srcset", "imagesrcset", "poster", "data", "xlink:href", "background",
    "cite", "codebase", "longdesc", "usemap", "manifest", "icon", "ping", "lowsrc", "dynsrc", "profile", "archive",
    "classid", "itemtype",
}
UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:")
# Elements that load another document, change where links go, or collect input.
ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "form", "portal", "fencedframe"}
# Attributes that make the browser fetch something as the page loads (links a reader clicks are not loads).
LOADING = {
    "img": ("src", "srcset"), "source": ("src", "srcset"), "script": ("src",), "iframe": ("src",),
    "frame": ("src",), "embed": ("src",), "object": ("data",), "video": ("src", "poster"), "audio": ("src",),
    "track": ("src",), "input": ("src",), "image": ("href", "xlink:href"), "use": ("href", "xlink:href"),
    "feimage": ("href", "xlink:href"), "body": ("background",), "table": ("background",), "td": ("background",),
}
# `<link rel=...>` values that fetch: stylesheets, icons, preloads. canonical/alternate/prev/next are only links.
LOADING_RELS = {"stylesheet", "icon", "apple-touch-icon", "preload", "prefetch", "modulepreload", "manifest",
                "dns-prefetch", "preconnect", "prerender", "import", "mask-icon"}
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
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
    "html.element": "an element that loads another document or collects input",
    "html.meta-refresh": "a meta refresh, which sends the reader elsewhere",
    "html.style": "inline style, which can hide or disguise text",
    "html.svg-script": "SVG that can run script",
    "html.third-party": "a resource from another host, which every reader's browser would call",
}


def unsafe_scheme(value: str) -> str | None:
    """The dangerous scheme of a URL (as parsed: entities decoded) with whitespace and controls dropped, or None."""
    squeezed = _INVISIBLE.sub("", value).lower()
    return next((scheme for scheme in UNSAFE_SCHEMES if squeezed.startswith(scheme)), None)


class _Reader:
    """Walks the tree a browser would build (Lexbor, an HTML5 parser) and collects the items."""

    def __init__(self, page_url: str, own: tuple[str, str]) -> None:
        self.page_url = page_url
        self.own_host, self.own_path = own
        self.items: list[Item] = []

    # -- helpers ----------------------------------------------------------------

    def _add(self, rule: str, detail: str) -> None:
        self.items.append(Item(rule, detail))

    def _resolve(self, url: str) -> str:
        """A URL as a site-absolute path when it is relative, so the same file compares equal from any page."""
        url = url.strip()
        parts = urlsplit(url)
        if parts.scheme or url.startswith("//") or url.startswith("#"):
            return url
        joined = urljoin("https://site.invalid/" + self.page_url.lstrip("/"), url)
        return "/" + posixpath.normpath(urlsplit(joined).path.lstrip("/") or ".").lstrip("./") + (
            "?" + parts.query if parts.query else "")

    def _foreign(self, url: str) -> str | None:
        url = url.strip()
        parts = urlsplit(url if not url.startswith("//") else "https:" + url)
        if not parts.netloc:
            return None
        if parts.hostname == self.own_host and (parts.path or "/").startswith(self.own_path):
            return None
        return parts.hostname or url

    @staticmethod
    def _urls(name: str, value: str) -> list[str]:
        if name in {"srcset", "imagesrcset"}:
            return [candidate.strip().split()[0] for candidate in value.split(",") if candidate.strip()]
        return [value]

    # -- the tree ---------------------------------------------------------------------

    def walk(self, node: Any, in_svg: bool = False) -> None:
        while node is not None:
            tag = (node.tag or "").lower()
            if not tag.startswith("-"):  # "-text", "-comment", "-doctype": no markup of their own
                svg = in_svg or tag == "svg"
                self._element(node, tag, svg)
                if node.child is not None:
                    self.walk(node.child, svg)
            node = node.next

    def _element(self, node: Any, tag: str, in_svg: bool) -> None:
        attrs = [(str(name).lower(), "" if value is None else str(value)) for name, value in node.attributes.items()]
        values = dict(attrs)
        shown = _tag_text(tag, attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self._add("html.event-handler", f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES:
                for url in self._urls(name, value):
                    if scheme := unsafe_scheme(url):
                        self._add("html.unsafe-url", f"<{tag} {name}={url!r}> ({scheme})")
            if name == "style":
                self._add("html.style", f"<{tag} style={value!r}>")
        if tag in ELEMENTS:
            self._add("html.element", self._normalised_tag(tag, attrs))
        refresh = tag == "meta" and values.get("http-equiv", "").strip().lower() == "refresh"
        if refresh:
            self._add("html.meta-refresh", shown)
        if in_svg and tag in {"foreignobject", "handler", "listener"}:
            self._add("html.svg-script", shown)
        if in_svg and tag in {"set", "animate", "animatemotion", "animatetransform"} and \
                values.get("attributename", "").lower() in {"href", "xlink:href"}:
            self._add("html.svg-script", shown)
        # Resources the page loads from another host.
        names = LOADING.get(tag, ())
        if tag == "link" and LOADING_RELS & set(values.get("rel", "").lower().split()):
            names = ("href", "imagesrcset")
        if refresh:
            target = re.sub(r"^[\d\s.;,]*(url\s*=\s*)?", "", values.get("content", ""), flags=re.I).strip("'\" ")
            if target and (host := self._foreign(target)):
                self._add("html.third-party", f"{shown} ({host})")
        for name in names:
            for url in self._urls(name, values.get(name, "")) if name in values else []:
                if url and (host := self._foreign(url)):
                    self._add("html.third-party", f"<{tag} {name}={url!r}> ({host})")
        if tag == "script" and _is_data_block(values, node.text(deep=True) or ""):
            # Structured data (the engine's QAPage and FAQPage JSON-LD): a browser never runs a
            # data block, and one that parses as JSON holds nothing but data.
            pass
        elif tag == "script":
            text = _RELATIVE_ROOT.sub(r"\1<root>\1", (node.text(deep=True) or "").strip())
            self._add("html.svg-script" if in_svg else "html.script", f"{self._normalised_tag(tag, attrs)}{text}")
        if tag == "style":
            self._add("html.style", "<style>" + (node.text(deep=True) or "").strip())

    def _normalised_tag(self, tag: str, attrs: list[tuple[str, str]]) -> str:
        parts = []
        for name, value in attrs:
            if name in URL_ATTRIBUTES and name not in {"srcset", "imagesrcset"}:
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


def own_site(site_url: str | None) -> tuple[str, str]:
    """The host and path prefix of the hub's own URL: resources there are not another host's."""
    parts = urlsplit(site_url or "")
    return (parts.hostname or "", parts.path or "/")


def items(text: str, page_url: str = "", own: tuple[str, str] = ("", "/")) -> list[Item]:
    """Every item of one HTML document (or fragment), in document order.

    `page_url` is the page's path under the site ("practices/support/"), against
    which relative URLs resolve.
    """
    from selectolax.lexbor import LexborHTMLParser

    reader = _Reader(page_url, own)
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
