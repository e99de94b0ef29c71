"""The one place where untrusted text (issue titles, bodies, comments, labels, logins) becomes HTML.

Customer Markdown goes through a restricted Python-Markdown (no raw HTML, no
attribute lists, no snippets) and then through nh3's allowlist; plain strings
are escaped for HTML attributes and text, and for JSON inside a `<script>`.
"""

from __future__ import annotations

import html
import json
import re
import secrets
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import markdown
import nh3
from markdown.blockprocessors import HashHeaderProcessor
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

# A `#123` reference, as GitHub writes it: not part of a word, a URL path or an entity.
REFERENCE = re.compile(r"(?<![\w&/#])#(\d{1,9})\b")
# A backslash may escape a dot in Markdown: `ana@example\.com` still shows an address.
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\?\.[A-Za-z0-9-]+)*\\?\.[A-Za-z]{2,}")
# Phone numbers: an optional +country code, then 2 to 5 groups of digits. Fewer
# than 9 digits is left alone, so dates (2026-11-21) and versions survive.
PHONE = re.compile(r"(?<![\w/#.-])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,5}\)[ .-]?)?\d{2,5}(?:[ .-]\d{2,5}){1,4}(?![\w/-])")
EMAIL_REDACTED = "[email address removed]"
PHONE_REDACTED = "[phone number removed]"

ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "del", "s", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td",
    "sup", "sub", "kbd", "dl", "dt", "dd",
})
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "code": {"class"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
}
_LANGUAGE_CLASS = re.compile(r"language-[A-Za-z0-9_+#.-]{1,40}")
_ALIGN = frozenset({"left", "right", "center"})
_SKIP_REFERENCES = frozenset({"a", "code", "pre"})


def escape(text: object) -> str:
    """Escape a plain string for HTML text and double-quoted attributes."""
    return html.escape(str(text), quote=True)


def json_for_script(value: Any) -> str:
    """JSON that is safe inside `<script type="application/ld+json">`: no `<`, `>` or `&` survives."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def web_url(url: object) -> str | None:
    """The URL if it is an absolute http(s) URL with a host and nothing that breaks out of an attribute."""
    if not isinstance(url, str) or not url.isascii() or any(ch in url for ch in "\"'<>`\\") or not url.isprintable() or " " in url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return url


@dataclass(frozen=True)
class RenderOptions:
    redact_emails: bool = True
    redact_phones: bool = False
    # Show images from other hosts inline (they let that host see every reader).
    allow_external_images: bool = False
    # Hosts that count as the hub's own (its site_url's host): images from there always show.
    own_hosts: frozenset[str] = field(default_factory=frozenset)


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def redact(text: str, options: RenderOptions) -> str:
    """Remove e-mail addresses and phone numbers from published text, as configured."""
    if options.redact_emails:
        text = EMAIL.sub(EMAIL_REDACTED, text)
    if options.redact_phones:
        text = PHONE.sub(lambda m: PHONE_REDACTED if 9 <= _digits(m.group()) <= 15 else m.group(), text)
    return text


class _GitHubHashHeader(HashHeaderProcessor):
    """`# Title` is a heading but `#12 is related` is not, as on GitHub."""

    RE = re.compile(r"(?:^|\n)(?P<level>#{1,6})(?=[ \t]|\n|$)(?P<header>(?:\\.|[^\\#]|#+(?=[^#\n]))*?)#*(?:\n|$)")


class _Untrusted(Treeprocessor):
    """Make the parsed tree fit a question page: headings demoted, images checked, `#123` linked."""

    def __init__(self, md: markdown.Markdown, options: RenderOptions) -> None:
        super().__init__(md)
        self.options = options
        self.link_for: Callable[[int], str | None] | None = None

    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag in ("h1", "h2", "h3", "h4", "h5"):
                    # The page owns h1 (the title) and h2 (its sections).
                    child.tag = f"h{min(int(child.tag[1]) + 2, 6)}"
                elif child.tag == "img":
                    self._image(parent, index, child)
        if self.link_for is not None:
            self._references(root)

    def _image(self, parent: etree.Element, index: int, img: etree.Element) -> None:
        src = web_url(img.get("src"))
        host = urlsplit(src).hostname if src else None
        if src and (self.options.allow_external_images or host in self.options.own_hosts):
            return
        alt = img.get("alt") or ""
        if src:
            # Another host's image would tell that host who reads this page: link to it instead.
            replacement = etree.Element("a", {"href": src})
            replacement.text = f"Image: {alt} ({host})" if alt else f"Image ({host})"
        else:
            replacement = etree.Element("span")
            replacement.text = alt
        replacement.tail = img.tail
        parent.remove(img)
        parent.insert(index, replacement)

    def _references(self, element: etree.Element) -> None:
        if element.tag in _SKIP_REFERENCES:
            return
        if element.text and "#" in element.text:
            nodes = self._split(element.text)
            element.text = nodes[0]
            for offset, node in enumerate(nodes[1:]):
                element.insert(offset, node)
        for child in list(element):
            self._references(child)
            if child.tail and "#" in child.tail:
                nodes = self._split(child.tail)
                child.tail = nodes[0]
                position = list(element).index(child) + 1
                for offset, node in enumerate(nodes[1:]):
                    element.insert(position + offset, node)

    def _split(self, text: str) -> list[Any]:
        """Text with `#123` references as [leading text, <a>, <a>, ...], each link carrying its tail."""
        assert self.link_for is not None
        head: str = ""
        links: list[etree.Element] = []
        last = 0
        for match in REFERENCE.finditer(text):
            url = self.link_for(int(match.group(1)))
            if not url:
                continue
            before = text[last : match.start()]
            if links:
                links[-1].tail = before
            else:
                head = before
            link = etree.Element("a", {"href": url})
            link.text = match.group()
            links.append(link)
            last = match.end()
        if not links:
            return [text]
        links[-1].tail = text[last:]
        return [head, *links]


class _Redact(Treeprocessor):
    """Redact what a reader sees, once backslash escapes are undone (`ana@example\\.com`).

    Text, titles, alt texts and code blocks are redacted in place. A URL cannot be:
    half a URL is a broken link, so a link or image whose URL holds an e-mail
    address loses the URL and keeps its (redacted) text.
    """

    def __init__(self, md: markdown.Markdown, options: RenderOptions) -> None:
        super().__init__(md)
        self.options = options

    def run(self, root: etree.Element) -> None:
        options = self.options
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.text:
                    child.text = type(child.text)(redact(child.text, options))
                if child.tail:
                    child.tail = type(child.tail)(redact(child.tail, options))
                for name in ("title", "alt"):
                    if child.get(name):
                        child.set(name, redact(child.get(name), options))
                if options.redact_emails and EMAIL.search(child.get("href") or ""):
                    del child.attrib["href"]
                if options.redact_emails and EMAIL.search(child.get("src") or ""):
                    alt = etree.Element("span")
                    alt.text, alt.tail = child.get("alt") or "", child.tail
                    parent.remove(child)
                    parent.insert(index, alt)
        # Fenced code was set aside as finished HTML, out of the tree.
        blocks = self.md.htmlStash.rawHtmlBlocks
        for index, block in enumerate(blocks):
            if isinstance(block, str):
                blocks[index] = redact(block, options)


class _Restricted(Extension):
    def __init__(self, options: RenderOptions) -> None:
        super().__init__()
        self.options = options
        self.processor: _Untrusted | None = None

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        # No raw HTML: `<script>` and friends become visible text, not markup.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.parser.blockprocessors.register(_GitHubHashHeader(md.parser), "hashheader", 70)
        self.processor = _Untrusted(md, self.options)
        # After 'inline' (20), so that links and code spans exist; before 'prettify' (10).
        md.treeprocessors.register(self.processor, "openbook-untrusted", 15)
        if self.options.redact_emails or self.options.redact_phones:
            # After 'unescape' (0), which turns `\\.` back into the `.` a reader sees.
            md.treeprocessors.register(_Redact(md, self.options), "openbook-redact", -1)
        if self.options.redact_emails:
            # `<ana@example.com>` would become a link spelled in entities; as text it is redacted.
            md.inlinePatterns.deregister("automail")


def _filter_attribute(element: str, attribute: str, value: str) -> str | None:
    if attribute == "href":
        # Protocol-relative URLs leave the site like absolute ones do, without a scheme to check.
        if value.startswith("//") or "\\" in value:
            return None
        return value
    if attribute == "src":
        return web_url(value)
    if attribute == "class":
        return value if _LANGUAGE_CLASS.fullmatch(value) else None
    if attribute == "align":
        return value if value in _ALIGN else None
    return value


class Renderer:
    """Customer Markdown -> sanitized HTML. Reuse one per build: building it costs more than a page."""

    def __init__(self, options: RenderOptions | None = None) -> None:
        self.options = options or RenderOptions()
        self._extension = _Restricted(self.options)
        self._md = markdown.Markdown(
            extensions=[
                "fenced_code",
                "tables",
                "nl2br",
                "sane_lists",
                self._extension,
            ],
            extension_configs={"tables": {"use_align_attribute": True}},
            output_format="html",
        )
        self._split = f"openbook-split-{secrets.token_hex(16)}"
        self._cleaner = nh3.Cleaner(
            tags=set(ALLOWED_TAGS),
            attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
            attribute_filter=_filter_attribute,
            link_rel="nofollow ugc noopener noreferrer",
            url_schemes={"http", "https", "mailto"},
            strip_comments=True,
        )

    def redact(self, text: str) -> str:
        return redact(text, self.options)

    def markdown(self, text: str, link_for: Callable[[int], str | None] | None = None) -> str:
        """Sanitized HTML for untrusted Markdown; link_for maps a `#123` reference to a URL."""
        assert self._extension.processor is not None
        self._extension.processor.link_for = link_for
        try:
            produced = self._md.reset().convert(text)
        finally:
            self._extension.processor.link_for = None
        # The sanitizer is the last step, whatever the Markdown stage let through.
        return self._cleaner.clean(produced)

    def markdown_many(self, texts: list[str], link_for: Callable[[int], str | None] | None = None) -> list[str]:
        """Sanitized HTML for several texts (a question and its answers), in one Markdown pass.

        One pass costs far less than one per text. The texts are joined by a paragraph
        holding a random per-build token that no customer can know; if a text swallows
        a separator (an unclosed code fence), the count is off and each text is
        rendered on its own instead.
        """
        if len(texts) < 2 or any(self._split in text for text in texts):
            return [self.markdown(text, link_for) for text in texts]
        joined = f"\n\n{self._split}\n\n".join(texts)
        parts = self.markdown(joined, link_for).split(f"<p>{self._split}</p>")
        if len(parts) != len(texts):
            return [self.markdown(text, link_for) for text in texts]
        return [part.strip("\n") for part in parts]

    def text(self, value: str) -> str:
        """A plain untrusted string (a title, a login, a label), redacted; escape it where it lands."""
        return self.redact(value)


def excerpt(markdown_text: str, limit: int = 160) -> str:
    """A one-line plain-text summary of Markdown, for meta descriptions (escape it where it lands)."""
    text = re.sub(r"```.*?```", " ", markdown_text, flags=re.S)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[`*_>#|~]+", " ", text)
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return text
