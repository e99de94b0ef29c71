"""Find executable or tracking content in built HTML: the assertions behind the hostile-input tests."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from openbook import urls

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcset"}
# Elements that have no business in a page built from customer text (`<details>` has: GitHub
# keeps it for logs, and its one risk, an `ontoggle` handler, is among the handlers found below).
FORBIDDEN = {"iframe", "object", "embed", "base", "frame", "frameset", "applet", "math", "textarea", "select"}
_INVISIBLE = re.compile(r"[\x00-\x20]+")


@dataclass
class Findings:
    scripts: list[str] = field(default_factory=list)  # inline script texts, with their type
    script_srcs: list[str] = field(default_factory=list)
    handlers: list[str] = field(default_factory=list)
    bad_urls: list[str] = field(default_factory=list)
    forbidden: list[str] = field(default_factory=list)
    forms: int = 0
    styles: int = 0
    images: list[str] = field(default_factory=list)
    json_ld: list[str] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found = Findings()
        self._script: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.found.handlers.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and value is not None:
                bare = _INVISIBLE.sub("", value).lower()
                if bare.startswith(("javascript:", "vbscript:", "data:")):
                    self.found.bad_urls.append(f"<{tag} {name}={value!r}>")
            if tag == "meta" and name == "http-equiv" and (value or "").lower() == "refresh":
                self.found.forbidden.append("meta refresh")
        attributes = dict(attrs)
        if tag in FORBIDDEN:
            self.found.forbidden.append(tag)
        if tag == "form":
            self.found.forms += 1
        if tag == "style":
            self.found.styles += 1
        if tag == "img":
            self.found.images.append(attributes.get("src") or "")
        if tag == "script":
            if attributes.get("src"):
                self.found.script_srcs.append(attributes["src"])
            self._script = (attributes.get("type") or "", [])

    def handle_data(self, data):
        if self._script is not None:
            self._script[1].append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            kind, parts = self._script
            text = "".join(parts)
            if kind == "application/ld+json":
                self.found.json_ld.append(text)
            elif text.strip():
                self.found.scripts.append(text.strip())
            self._script = None


def scan(html: str) -> Findings:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.found


def assert_inert(html: str, baseline: Findings, where: str) -> Findings:
    """No script, handler, dangerous URL or element beyond what a hand-written page of the hub has.

    Material's inline scripts name the site root relative to the page, so the
    baseline must be a hand-written page at the same folder depth.
    """
    found = scan(html)
    assert not found.handlers, f"{where}: event-handler attributes: {found.handlers}"
    assert not found.bad_urls, f"{where}: javascript:/data: URLs: {found.bad_urls}"
    assert not found.forbidden, f"{where}: forbidden elements: {found.forbidden}"
    extra_scripts = [s for s in found.scripts if s not in baseline.scripts]
    assert not extra_scripts, f"{where}: inline scripts a hand-written page does not have: {extra_scripts}"
    extra_srcs = sorted(set(found.script_srcs) - set(baseline.script_srcs))
    assert not extra_srcs, f"{where}: script files a hand-written page does not load: {extra_srcs}"
    assert found.forms <= baseline.forms, f"{where}: {found.forms} forms, a hand-written page has {baseline.forms}"
    assert found.styles <= baseline.styles, f"{where}: <style> elements added"
    # Read as a browser reads it (" //h" and "///h" are the host h): any host at all counts, the hub's own too.
    foreign = [src for src in found.images if urls.foreign_host(src, "", urls.Site.of(None))]
    assert not foreign, f"{where}: images from other hosts: {foreign}"
    for text in found.json_ld:
        assert "<" not in text, f"{where}: '<' inside JSON-LD can close the script: {text[:200]}"
        json.loads(text)
    return found


class _Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(f"<{tag}{''.join(' ' + n for n, _ in attrs)}>")


def markup_in(text: str) -> list[str]:
    """The elements a browser would make of a string rendered as HTML (Material's search results do)."""
    parser = _Markup()
    parser.feed(text)
    parser.close()
    return parser.tags
