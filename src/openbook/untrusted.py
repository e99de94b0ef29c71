"""The one place where untrusted text (issue titles, bodies, comments, labels, logins) becomes HTML.

Customer Markdown is rendered as GitHub renders issues and comments (cmark-gfm, each
text on its own), sanitized by nh3 with an allowlist modelled on GitHub's, given
GitHub's additions (alerts, @mentions, :emoji:, #123) and redacted as a reader reads
it; plain strings are escaped for HTML and for JSON inside a `<script>`.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import unquote, urlsplit

import cmarkgfm
import emoji
import nh3
from cmarkgfm.cmark import Options

from openbook import buildcache, urls
from openbook.buildcache import Cache

# A `#123` reference, as GitHub writes it: not part of a word, a URL path or an entity.
REFERENCE = re.compile(r"(?<![\w&/#])#(\d{1,9})\b")
# `@login` as GitHub links it: not inside a word or an e-mail address, not a team (`@org/team`).
MENTION = re.compile(r"(?<![\w@/.`])@([A-Za-z0-9](?:-?[A-Za-z0-9]){0,38})(?![\w/@-])")
# An e-mail address: a local part, `@`, labels and a top-level domain of two letters or more. A
# backslash may escape a dot in Markdown: `ana@example\.com` still shows an address.
#
# Redaction runs on a stranger's text, so it must take linear time whatever the text is. Two
# things make that so. The patterns cannot backtrack: `++` takes a whole run of local-part or
# label characters and never gives one back (a shorter run can never match: the character after
# it would be one of the same run, where `@`, `.` or `\` is needed), and only the top-level
# domain, at the end, is tried shorter. And no address is looked for from the middle of a run of
# local-part characters: `EMAIL_START` only starts where the run starts (its lookbehind), and the
# one place a run's middle may start an address, right after the previous address (which is where
# a plain `re.sub` would look next), is tried once with `EMAIL`. Without that, each start inside
# a long run (`a-a-a-…@b.b.!`) read the whole run again: quadratic time.
_LOCAL = r"[A-Za-z0-9._%+-]"
_DOMAIN = r"[A-Za-z0-9-]++(?:\\?\.[A-Za-z0-9-]++)*\\?\.[A-Za-z]{2,}"
EMAIL = re.compile(rf"{_LOCAL}++@{_DOMAIN}")
EMAIL_START = re.compile(rf"(?<!{_LOCAL}){_LOCAL}++@{_DOMAIN}")
# Phone numbers: an optional +country code, then 2 to 5 groups of digits. Fewer
# than 9 digits is left alone, so dates (2026-11-21) and versions survive.
PHONE = re.compile(r"(?<![\w/#.-])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,5}\)[ .-]?)?\d{2,5}(?:[ .-]\d{2,5}){1,4}(?![\w/-])")
EMAIL_REDACTED = "[email address removed]"
PHONE_REDACTED = "[phone number removed]"

# GitHub's alerts: `> [!NOTE]` alone on the quote's first line. Each becomes the Material
# admonition closest in meaning (Material has no "important" or "caution" type).
ALERTS = {
    "NOTE": ("note", "Note"),
    "TIP": ("tip", "Tip"),
    "IMPORTANT": ("info", "Important"),
    "WARNING": ("warning", "Warning"),
    "CAUTION": ("danger", "Caution"),
}
_ALERT_MARKER = re.compile(r"\s*\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*$", re.I)

# cmark-gfm as GitHub runs it on issues and comments: its extensions and footnotes, a
# newline is a line break, and raw HTML kept for the allowlist below to judge (`UNSAFE`
# only means "not escaped by cmark": nothing reaches a page without the sanitizer). A fence's
# language stays `<code class="language-x">`, as the spec writes it: GitHub's `<pre lang="x">`
# would tell a screen reader the code is in a human language called "x".
CMARK_OPTIONS = (
    Options.CMARK_OPT_UNSAFE
    | Options.CMARK_OPT_HARDBREAKS
    | Options.CMARK_OPT_FOOTNOTES
)
CMARK_EXTENSIONS = ("table", "strikethrough", "autolink", "tagfilter", "tasklist")

# The allowlist, modelled on GitHub's (html-pipeline's SanitizationFilter), minus what
# could fake the page around the text (ids, classes, roles, names, targets, tabindex).
ALLOWED_TAGS = frozenset({
    "h1", "h2", "h3", "h4", "h5", "h6", "br", "b", "i", "strong", "em", "a", "pre", "code", "img", "tt",
    "div", "ins", "del", "sup", "sub", "p", "ol", "ul", "table", "thead", "tbody", "tfoot", "blockquote",
    "dl", "dt", "dd", "kbd", "q", "samp", "var", "hr", "ruby", "rt", "rp", "li", "tr", "td", "th", "s",
    "strike", "summary", "details", "caption", "figure", "figcaption", "abbr", "bdo", "cite", "dfn",
    "mark", "small", "span", "time", "wbr", "input", "section",
})
_COMMON = {"title", "lang", "dir"}
ALLOWED_ATTRIBUTES = {
    "*": _COMMON,
    "a": {"href", "id", "class", "aria-label"},
    "img": {"src", "alt", "width", "height"},
    "code": {"class"},
    "sup": {"class"},
    "section": {"class"},
    "li": {"id"},
    "div": {"align"},
    "p": {"align"},
    **{f"h{level}": {"align"} for level in range(1, 7)},
    "th": {"align", "colspan", "rowspan"},
    "td": {"align", "colspan", "rowspan"},
    "ol": {"start"},
    "details": {"open"},
    "time": {"datetime"},
    # Only task-list checkboxes, always disabled: see _Transform.input.
    "input": {"type", "checked"},
}
# What openbook's own additions need on top, allowed only in the last pass: the
# customer's HTML went through the first pass, which removed any such attribute.
ADDED_ATTRIBUTES = {"div": {"class", "role"}, "p": {"class"}, "li": {"class"}, "input": {"aria-label"}}
_ADDED_CLASSES = frozenset(
    {"openbook-alert", "admonition", "admonition-title", "task-list-item", "user-mention"}
    | {kind for kind, _ in ALERTS.values()}
)
_CLASSES = {
    "code": re.compile(r"language-[A-Za-z0-9_+#.-]{1,40}"),
    "sup": re.compile(r"footnote-ref"),
    "section": re.compile(r"footnotes"),
    "a": re.compile(r"footnote-backref"),
}
# Footnote anchors (cmark-gfm's `fn-1` and `fnref-1`, prefixed per text so that two
# texts on one page never share one): the only ids a customer's text may carry.
_FOOTNOTE_ID = re.compile(r"(?:[a-z0-9-]{1,40}-)?fn(?:ref)?-[\w-]{1,80}")
_ALIGN = frozenset({"left", "right", "center"})
_VOID = frozenset({"br", "hr", "img", "input", "wbr"})
_HEADINGS = {f"h{level}": f"h{min(level + 2, 6)}" for level in range(1, 7)}
_BLOCKS = frozenset({
    "p", "div", "li", "ul", "ol", "blockquote", "pre", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
    "details", "summary", "section", "dd", "dt", "dl", "hr", "br", "figure", "figcaption", "caption",
})


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
    # The hub's own address (its site_url): images that stay on its host always show.
    site_url: str = ""
    # Where `@login` links: the GitHub host's root ("https://github.com/"); empty for no links.
    profile_root: str = "https://github.com/"


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def email_addresses(text: str) -> Iterator[re.Match[str]]:
    """The e-mail addresses in a text, left to right, as `EMAIL.finditer` finds them, in linear time."""
    position = 0
    while text.find("@", position) != -1:
        found = EMAIL.match(text, position) or EMAIL_START.search(text, position)
        if found is None:
            return
        yield found
        position = found.end()


def redact_emails(text: str) -> str:
    """The text with each e-mail address replaced by a note that one was removed."""
    pieces: list[str] = []
    last = 0
    for found in email_addresses(text):
        pieces += [text[last : found.start()], EMAIL_REDACTED]
        last = found.end()
    return "".join(pieces) + text[last:] if pieces else text


def redact(text: str, options: RenderOptions) -> str:
    """Remove e-mail addresses and phone numbers from published text, as configured."""
    if options.redact_emails and "@" in text:
        text = redact_emails(text)
    if options.redact_phones:
        text = PHONE.sub(lambda m: PHONE_REDACTED if 9 <= _digits(m.group()) <= 15 else m.group(), text)
    return text


# --- a small tree of the sanitized HTML ----------------------------------------------------------


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Any] = field(default_factory=list)  # Node | str


class _TreeBuilder(HTMLParser):
    """nh3's output (well-formed, entities decoded here) as a tree of Node and str."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        children = self.stack[-1].children
        if children and isinstance(children[-1], str):
            children[-1] += data
        else:
            children.append(data)


def html_tree(markup: str) -> Node:
    """Sanitized HTML as a tree of Node and text (FAQ drafts read it too)."""
    builder = _TreeBuilder()
    builder.feed(markup)
    builder.close()
    return builder.root


def _serialize(node: Node, out: list[str]) -> None:
    for child in node.children:
        if isinstance(child, str):
            out.append(html.escape(child, quote=False))
            continue
        attrs = "".join(f' {name}="{html.escape(value, quote=True)}"' for name, value in child.attrs.items())
        out.append(f"<{child.tag}{attrs}>")
        if child.tag not in _VOID:
            _serialize(child, out)
            out.append(f"</{child.tag}>")


def _text_of(node: Node, out: list[str]) -> None:
    for child in node.children:
        if isinstance(child, str):
            out.append(child)
        else:
            if child.tag in _BLOCKS:
                out.append(" ")
            _text_of(child, out)
            if child.tag in _BLOCKS:
                out.append(" ")


@dataclass(frozen=True)
class Rendered:
    """One text rendered: its sanitized HTML, and the plain text a reader reads in it (redacted)."""

    html: str
    text: str


class _Transform:
    """GitHub's steps after parsing, and the hub's policies, on one text's tree."""

    def __init__(self, options: RenderOptions, link_for: Callable[[int], str | None] | None, anchor: str) -> None:
        self.options = options
        self.link_for = link_for
        self.anchor = anchor

    def run(self, root: Node) -> None:
        self.children(root, in_link=False, in_code=False)

    def children(self, node: Node, *, in_link: bool, in_code: bool) -> None:
        result: list[Any] = []
        for child in node.children:
            if isinstance(child, str):
                result.extend(self.text(child, in_link=in_link, in_code=in_code))
            else:
                result.extend(self.element(child, in_link=in_link, in_code=in_code))
        node.children = result

    def element(self, node: Node, *, in_link: bool, in_code: bool) -> list[Any]:
        tag = node.tag
        for name in ("title", "alt"):
            if name in node.attrs:
                node.attrs[name] = redact(node.attrs[name], self.options)
        if "id" in node.attrs:
            node.attrs["id"] = f"{self.anchor}{node.attrs['id']}"
        if tag in _HEADINGS:
            # The page owns h1 (the title) and h2 (its sections).
            node.tag = _HEADINGS[tag]
        elif tag == "a":
            href = node.attrs.get("href")
            if href is not None and self._has_email(href):
                del node.attrs["href"]
                href = None
            if href is None:
                # A link whose URL the sanitizer (or redaction) removed is its text, not a dead link.
                self.children(node, in_link=in_link, in_code=in_code)
                return node.children
            if href.startswith("#") and _FOOTNOTE_ID.fullmatch(href[1:]):
                node.attrs["href"] = f"#{self.anchor}{href[1:]}"
            self.children(node, in_link=True, in_code=in_code)
            return [node]
        elif tag == "img":
            return self.image(node, in_link=in_link)
        elif tag == "input":
            return self.input(node)
        elif tag == "li":
            first = next((c for c in node.children if not (isinstance(c, str) and not c.strip())), None)
            if isinstance(first, Node) and first.tag == "input" and first.attrs.get("type") == "checkbox":
                node.attrs["class"] = "task-list-item"
                # A checkbox needs a name for assistive technology: the item's own words
                # (not its nested lists'), as a label around block content would be invalid.
                words: list[str] = []
                _text_of(Node("li", {}, [c for c in node.children if not (isinstance(c, Node) and c.tag in ("ul", "ol"))]), words)
                first.attrs["aria-label"] = shorten(redact("".join(words), self.options), 100) or "Task"
        elif tag == "blockquote":
            alert = self.alert(node)
            if alert is not None:
                node = alert
        self.children(node, in_link=in_link, in_code=in_code or tag in ("code", "pre"))
        return [node]

    def _has_email(self, url: str) -> bool:
        return self.options.redact_emails and next(email_addresses(unquote(url)), None) is not None

    def input(self, node: Node) -> list[Any]:
        # A text field or a button in a customer's text would only mislead: keep checkboxes, disabled.
        if node.attrs.get("type") != "checkbox":
            return []
        attrs = {"type": "checkbox"}
        if "checked" in node.attrs:
            attrs["checked"] = ""
        attrs["disabled"] = ""
        if "aria-label" in node.attrs:  # set by the task-list item, from its own words
            attrs["aria-label"] = node.attrs["aria-label"]
        node.attrs = attrs
        return [node]

    def image(self, node: Node, *, in_link: bool) -> list[Any]:
        src = node.attrs.get("src")
        alt = node.attrs.get("alt", "")
        if src is not None and self._has_email(src):
            src = None
        if not src:
            return [alt] if alt else []
        # As a reader's browser reads the URL (openbook.urls): " //h", "///h", "/\\h" and, on an
        # http page, "https:h" all call the host h.
        site = urls.Site.of(self.options.site_url)
        resolved = urls.parse(src, site.url)
        if resolved is None or resolved.protocol not in ("http:", "https:"):
            # Neither a web URL nor relative to the hub (the sanitizer keeps only those).
            return [alt] if alt else []
        # The host a URL reaches depends on the page's scheme and host, never its path: the site's
        # root stands for every page this text lands on.
        elsewhere = urls.reach(src, "", site)
        if elsewhere is None or self.options.allow_external_images:
            return [node]
        # Another host's image would tell that host who reads this page: link to it instead.
        host = elsewhere.host
        label = f"Image: {alt} ({host})" if alt else f"Image ({host})"
        if in_link:
            return [label]
        return [Node("a", {"href": elsewhere.href}, [label])]

    def alert(self, quote: Node) -> Node | None:
        """`> [!NOTE]` on a quote's first line: a callout with Material's admonition look."""
        first = next((c for c in quote.children if isinstance(c, Node)), None)
        if first is None or first.tag != "p" or not first.children or not isinstance(first.children[0], str):
            return None
        head = first.children[0]
        line, newline, rest = head.partition("\n")
        # The marker stands alone on its line: followed by a line break or the paragraph's end.
        marker = _ALERT_MARKER.fullmatch(line)
        if marker is None:
            return None
        after = first.children[1:]
        if newline:
            after = [rest, *after] if rest else after
        elif after:
            if not (isinstance(after[0], Node) and after[0].tag == "br"):
                return None
            after = after[1:]
            if after and isinstance(after[0], str):
                after[0] = after[0].lstrip("\n")
        kind, title = ALERTS[marker.group(1).upper()]
        body = [c for c in quote.children if c is not first]
        if any(not (isinstance(c, str) and not c.strip()) for c in after):
            body.insert(0, Node("p", {}, after))
        # role="note" tells assistive technology what Material's colour and icon tell the eye.
        return Node(
            "div",
            {"class": f"admonition {kind} openbook-alert", "role": "note"},
            [Node("p", {"class": "admonition-title"}, [title]), *body],
        )

    def text(self, text: str, *, in_link: bool, in_code: bool) -> list[Any]:
        text = redact(text, self.options)
        if in_code or in_link:
            return [text]
        if ":" in text:
            text = emoji.emojize(text, language="alias")
        pieces: list[Any] = [text]
        if "@" in text and self.options.profile_root:
            pieces = list(self._split(pieces, MENTION, self._mention))
        if "#" in text and self.link_for is not None:
            pieces = list(self._split(pieces, REFERENCE, self._reference))
        return pieces

    def _mention(self, match: re.Match[str]) -> Node | None:
        return Node("a", {"href": f"{self.options.profile_root}{match.group(1)}", "class": "user-mention"},
                     [match.group()])

    def _reference(self, match: re.Match[str]) -> Node | None:
        assert self.link_for is not None
        url = self.link_for(int(match.group(1)))
        return Node("a", {"href": url}, [match.group()]) if url else None

    @staticmethod
    def _split(pieces: list[Any], pattern: re.Pattern[str], make: Callable[[re.Match[str]], Node | None]) -> Iterator[Any]:
        for piece in pieces:
            if not isinstance(piece, str):
                yield piece
                continue
            last = 0
            for match in pattern.finditer(piece):
                node = make(match)
                if node is None:
                    continue
                if match.start() > last:
                    yield piece[last : match.start()]
                yield node
                last = match.end()
            if last < len(piece):
                yield piece[last:]


def _filter_attribute(element: str, attribute: str, value: str) -> str | None:
    if attribute == "href":
        # Protocol-relative links leave the site like absolute ones do, without a scheme to check.
        if "\\" in value or value.startswith("//"):
            return None
        return value
    if attribute == "src":
        # Images are judged where the URL is read as a browser reads it (_Transform.image).
        return value
    if attribute == "class":
        pattern = _CLASSES.get(element)
        return value if pattern is not None and pattern.fullmatch(value) else None
    if attribute == "id":
        return value if _FOOTNOTE_ID.fullmatch(value) else None
    if attribute == "align":
        return value if value in _ALIGN else None
    if attribute in ("width", "height", "colspan", "rowspan", "start"):
        return value if value.isdigit() and len(value) <= 5 else None
    if attribute == "type":
        return value if value == "checkbox" else None
    return value


def _filter_added(element: str, attribute: str, value: str) -> str | None:
    if attribute == "class" and element in ADDED_ATTRIBUTES:
        return value if set(value.split()) <= _ADDED_CLASSES else None
    if attribute == "class" and element == "a" and value == "user-mention":
        return value
    if attribute == "role":
        return value if value == "note" else None
    if attribute == "aria-label":
        return value
    if attribute == "id":
        return value if _FOOTNOTE_ID.fullmatch(value) else None
    return _filter_attribute(element, attribute, value)


def _cleaner(attributes: dict[str, set[str]], attribute_filter: Callable[[str, str, str], str | None], link_rel: str | None) -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        # Scripts and styles go with their content; any other unknown tag keeps its text.
        clean_content_tags={"script", "style", "textarea", "select", "template", "noscript", "title"},
        attributes=attributes,
        attribute_filter=attribute_filter,
        link_rel=link_rel,
        # A checkbox in a customer's text is a picture of one: nobody can tick it.
        set_tag_attribute_values={"input": {"disabled": ""}},
        url_schemes={"http", "https", "mailto"},
        strip_comments=True,
    )


class Renderer:
    """Customer Markdown -> sanitized HTML, one text at a time. Reuse one per build."""

    def __init__(self, options: RenderOptions | None = None, cache: Cache | None = None) -> None:
        self.options = options or RenderOptions()
        # Rendered texts kept across builds (openbook.buildcache), under a key of the text, this module's
        # code, the libraries' versions and the options; None renders every text.
        self.cache = cache
        self._code: str | None = None
        base = {tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()}
        self._first = _cleaner(base, _filter_attribute, None)
        added = {tag: set(names) for tag, names in base.items()}
        for tag, names in ADDED_ATTRIBUTES.items():
            added.setdefault(tag, set()).update(names)
        added["a"].add("class")
        # The sanitizer is the last step: what the transform made goes through it again.
        self._last = _cleaner(added, _filter_added, "nofollow ugc noopener noreferrer")

    def redact(self, text: str) -> str:
        return redact(text, self.options)

    def render(self, text: str, link_for: Callable[[int], str | None] | None = None, *, anchor: str = "user-content-") -> Rendered:
        """One customer text, on its own, as HTML and plain text.

        link_for maps a `#123` reference to a URL (None: no link); anchor prefixes the
        text's footnote ids, so that texts sharing a page keep their footnotes apart.
        """
        if self.cache is None:
            return self._render(text, link_for, anchor)
        name = buildcache.key(self.fingerprint(), anchor, link_for is not None, text)
        found = self.cache.get(name)
        if found is not None:
            entry = json.loads(found)
            # A cached text is reused only if each `#123` it links still links where it did.
            if link_for is None or all(link_for(number) == url for number, url in entry["links"]):
                return Rendered(entry["html"], entry["text"])
        asked: list[tuple[int, str | None]] = []

        def recording(number: int) -> str | None:
            assert link_for is not None
            url = link_for(number)
            asked.append((number, url))
            return url

        result = self._render(text, recording if link_for is not None else None, anchor)
        self.cache.put(name, json.dumps({"html": result.html, "text": result.text, "links": asked}))
        return result

    def fingerprint(self) -> str:
        """The code, libraries and options every rendered text depends on, besides the text: part of cache keys."""
        if self._code is None:
            from importlib.metadata import version

            # urls.py judges images here: a change to it must not reuse the old judgement either.
            self._code = buildcache.key(buildcache.source_fingerprint(__file__, urls.__file__), version("cmarkgfm"),
                                        version("nh3"), version("emoji"), version("ada-url"), repr(self.options))
        return self._code

    def _render(self, text: str, link_for: Callable[[int], str | None] | None, anchor: str) -> Rendered:
        produced = cmarkgfm.markdown_to_html_with_extensions(text, CMARK_OPTIONS, list(CMARK_EXTENSIONS))
        tree = html_tree(self._first.clean(produced))
        _Transform(self.options, link_for, anchor).run(tree)
        out: list[str] = []
        _serialize(tree, out)
        words: list[str] = []
        _text_of(tree, words)
        return Rendered(self._last.clean("".join(out)), " ".join("".join(words).split()))

    def markdown(self, text: str, link_for: Callable[[int], str | None] | None = None, *, anchor: str = "user-content-") -> str:
        """Sanitized HTML for untrusted Markdown; link_for maps a `#123` reference to a URL."""
        return self.render(text, link_for, anchor=anchor).html

    def markdown_many(self, texts: list[str], link_for: Callable[[int], str | None] | None = None) -> list[str]:
        """Sanitized HTML for several texts (a question and its answers), each rendered on its own.

        Kept for callers of the earlier one-pass version: one text's link reference
        definitions must never change another's links, so nothing is shared.
        """
        return [self.markdown(text, link_for, anchor=f"t{index}-") for index, text in enumerate(texts)]

    def plain(self, text: str) -> str:
        """The words a reader reads in a Markdown text, redacted, on one line (escape it where it lands)."""
        return self.render(text).text

    def excerpt(self, text: str, limit: int = 160) -> str:
        """A one-line summary of a Markdown text as a reader reads it, for meta descriptions."""
        return shorten(self.plain(text), limit)

    def text(self, value: str) -> str:
        """A plain untrusted string (a title, a login, a label), redacted; escape it where it lands."""
        return self.redact(value)


def shorten(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return text


def _link_texts(text: str) -> str:
    """Each `[text](url)` and `![alt](url)` as its text, what `re.sub(r"!?\\[([^\\]]*)\\]\\([^)]*\\)", r"\\1", text)` does.

    In linear time: every `[` before the same `]` shares that `]`'s verdict, so each `]` is judged
    once, and once no `)` follows, nothing later can be a link (the pattern read to the text's
    end again from each `[`: quadratic time on `[[[[…`).
    """
    pieces: list[str] = []
    done = 0
    opening = text.find("[")
    while opening != -1:
        closing = text.find("]", opening + 1)
        if closing == -1:
            break
        if not text.startswith("(", closing + 1):
            opening = text.find("[", closing + 1)
            continue
        end = text.find(")", closing + 2)
        if end == -1:
            break
        start = opening - 1 if opening > done and text[opening - 1] == "!" else opening
        pieces += [text[done:start], text[opening + 1 : closing]]
        done = end + 1
        opening = text.find("[", done)
    return "".join(pieces) + text[done:] if pieces else text


def excerpt(markdown_text: str, limit: int = 160) -> str:
    """A one-line plain-text summary of Markdown, for meta descriptions (escape it where it lands).

    Prefer Renderer.excerpt, which reads the text as rendered (entities decoded, redacted).
    """
    text = re.sub(r"```.*?```", " ", markdown_text, flags=re.S)
    text = _link_texts(text)
    text = re.sub(r"[`*_>#|~]+", " ", text)
    return shorten(text, limit)
