"""Where a URL written in a page leads, read as a browser reads it: the one judgement the gate and the renderer share.

Browsers parse URLs by the WHATWG URL standard; Python's urllib does not. It
finds no host in `///h`, `/\\h`, `\\\\h` or ` //h`, where every browser calls
the host h, and it reads `https:h` as a path, which a browser on an http page
reads as the host h. So URLs are parsed here by ada-url, a maintained
implementation of the standard (the parser of Node.js), resolved against the
page they are written on as a browser resolves them, and the host they reach is
judged against the hub's own. The contribution gate
(`openbook.contribution.published`, `.scan`) and the renderer of customer text
(`openbook.untrusted`) both ask this module, so they cannot disagree.

Which attributes a browser fetches is data too (FETCHED and the sets below it),
written once from the HTML and SVG standards.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ada_url import URL

# Where relative URLs resolve when the hub has no site_url: a name that can never be a real host.
PLACEHOLDER_SITE = "https://openbook.invalid/"
# Schemes that run script or carry a whole document in the URL itself.
UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")

# --- what a browser fetches ------------------------------------------------------------------
#
# Attributes whose URL a browser fetches, by element (lower-case, as an HTML parser reports
# them), as the page loads or when a reader submits a form or follows a link with `ping`. From
# the HTML standard's index of attributes (every attribute whose value is a URL or a srcset:
# https://html.spec.whatwg.org/multipage/indices.html#attributes-3), its rendering section
# (`background` is a presentational hint, 15.3.10; Chromium honours it on body and every table
# part, so it is judged on any element), and the obsolete ones the issue found browsers or the
# standard still name (object `codebase`, html `manifest`). Plain links (`<a href>`, `cite`,
# `longdesc`, `itemtype`) are followed only by a reader's choice, so they are not here.
FETCHED: dict[str, tuple[str, ...]] = {
    "*": ("background",),
    # attributionsrc: Chromium's Attribution Reporting API fetches it when the page loads (img, script)
    # or when the link is followed (a, area); it is a tracker either way.
    "a": ("ping", "attributionsrc"),
    "area": ("ping", "attributionsrc"),
    "audio": ("src",),
    "button": ("formaction",),
    "embed": ("src",),
    "form": ("action",),
    "frame": ("src",),
    "html": ("manifest",),
    "iframe": ("src",),
    "img": ("src", "srcset", "attributionsrc"),
    "input": ("src", "formaction"),  # src: `<input type=image>`
    "link": ("href", "imagesrcset"),  # unless every rel is a plain link (LINK_ONLY_RELS)
    "object": ("data", "codebase"),
    "script": ("src", "attributionsrc"),
    "source": ("src", "srcset"),
    "track": ("src",),
    "video": ("src", "poster"),
}
# Attributes that hold a srcset: a list of candidates, each one URL (HTML standard, 4.8.4.3.10).
SRCSET_ATTRIBUTES = frozenset({"srcset", "imagesrcset"})
# In SVG, `href` and `xlink:href` fetch or reference a resource on every element but `<a>`
# (SVG 2: image, use, feImage, script, pattern, gradients, filter, textPath, mpath, tref, cursor),
# and any presentation attribute may hold CSS `url(...)` (SVG 2, 6.6: fill, stroke, mask,
# filter, clip-path, marker-start/mid/end, cursor...): every attribute of an SVG element is read
# for it, so a property added to the list later is judged too.
SVG_REFERENCES = ("href", "xlink:href")
# `<link rel>` values that only annotate a link, fetching nothing (HTML standard, 4.6.7, the
# link types whose effect is "Link" or "Annotation", and "feed", the registered extension that
# marks an alternate as a feed). Any other rel, known or not, may fetch.
LINK_ONLY_RELS = frozenset({
    "alternate", "author", "bookmark", "canonical", "external", "feed", "help", "license", "me", "next",
    "nofollow", "noopener", "noreferrer", "opener", "prev", "privacy-policy", "search", "tag",
    "terms-of-service",
})
# Every attribute that holds a URL, fetched or followed: where a javascript: or data: URL is judged.
URL_ATTRIBUTES = frozenset({
    "href", "src", "action", "formaction", "srcset", "imagesrcset", "poster", "data", "xlink:href", "background",
    "cite", "codebase", "longdesc", "usemap", "manifest", "icon", "ping", "lowsrc", "dynsrc", "profile", "archive",
    "classid", "itemtype",
})


def link_fetches(rel: str) -> bool:
    """Whether a `<link>` with this rel makes the browser fetch (or connect to) its href."""
    rels = set(rel.lower().split())
    return bool(rels - LINK_ONLY_RELS)


# --- the hub's own address --------------------------------------------------------------------


def parse(value: str, base: str | None = None) -> URL | None:
    """`value` parsed as a browser parses it (against `base`), or None where a browser would find no URL."""
    try:
        return URL(value, base=base) if base is not None else URL(value)
    except ValueError:
        return None


@dataclass(frozen=True)
class Site:
    """The hub's own address: its pages' URLs are built from it, and its host is the one readers may be sent to."""

    # The site's URL as parsed, ending in "/" (PLACEHOLDER_SITE when the hub sets no site_url).
    url: str
    host: str
    port: str

    @classmethod
    def of(cls, site_url: str | None) -> Site:
        parsed = parse(site_url or "")
        if parsed is None or not parsed.hostname or parsed.protocol not in ("http:", "https:"):
            parsed = URL(PLACEHOLDER_SITE)
        url = parsed.href.split("#", 1)[0].split("?", 1)[0]
        return cls(url if url.endswith("/") else url + "/", parsed.hostname, parsed.port)

    def page(self, path: str) -> str:
        """The URL of the page at `path` under the site ("practices/support/")."""
        target = parse(path.lstrip("/"), self.url)
        return target.href if target is not None else self.url

    @functools.lru_cache(maxsize=1024)  # every URL of a page asks for the same two bases
    def bases(self, path: str) -> tuple[str, str]:
        """The page's URL as served over https and over http.

        `https:h` is a path on an https page and the host h on an http page (a
        preview, a mirror, a site before its certificate): a URL leaves the hub
        if it does so from either.
        """
        page = self.page(path)
        scheme, rest = page.split(":", 1)
        other = "http" if scheme == "https" else "https"
        return page, f"{other}:{rest}"

    def owns(self, url: URL) -> bool:
        return url.hostname == self.host and url.port == self.port


def reach(value: str, page: str, site: Site) -> URL | None:
    """Where a browser goes for `value`, written on the page at `page`, if that is a host other than the hub's."""
    for base in site.bases(page):
        target = parse(value, base)
        if target is not None and target.hostname and not site.owns(target):
            return target
    return None


def foreign_host(value: str, page: str, site: Site) -> str | None:
    """The other host a browser would call for `value` on the page at `page`, or None when it stays on the hub."""
    target = reach(value, page, site)
    return target.host if target is not None else None


def unsafe_scheme(value: str) -> str | None:
    """The dangerous scheme of a URL (attribute value as parsed: entities decoded), or None.

    Browsers strip leading spaces and controls and drop tabs and newlines
    anywhere in a URL; this drops every space and control, which is stricter,
    so `java\\tscript:` and ` javascript:` are both found.
    """
    squeezed = _INVISIBLE.sub("", value).lower()
    return next((scheme for scheme in UNSAFE_SCHEMES if squeezed.startswith(scheme)), None)


# --- URLs inside attribute values -----------------------------------------------------------------


def srcset_urls(value: str) -> list[str]:
    """Every candidate URL of a srcset, split as the HTML standard's srcset parser splits it.

    A URL is a run of non-space characters (commas included: `data:` URLs hold
    them); trailing commas end a candidate; descriptors run to the next comma
    outside parentheses.
    """
    urls: list[str] = []
    position, end = 0, len(value)
    spaces = " \t\n\r\f"
    while True:
        while position < end and (value[position] in spaces or value[position] == ","):
            position += 1
        if position >= end:
            return urls
        start = position
        while position < end and value[position] not in spaces:
            position += 1
        url = value[start:position]
        if url.endswith(","):
            urls.append(url.rstrip(","))
            continue
        urls.append(url)
        depth = 0
        while position < end:
            char = value[position]
            if char == "(":
                depth += 1
            elif char == ")" and depth:
                depth -= 1
            elif char == "," and not depth:
                position += 1
                break
            position += 1


def css_urls(text: str) -> list[str]:
    """Every URL a CSS text (a stylesheet, a declaration list or one value) makes the browser load.

    Read with tinycss2, a CSS tokenizer that follows CSS Syntax Level 3, so an
    escaped `\\75 rl(` or a comment inside the value is read as a browser reads it:
    `url(...)` and `src(...)`, the strings of `image-set(...)`, and `@import`.
    """
    import tinycss2

    found: list[str] = []

    def walk(tokens: list, in_image_set: bool = False) -> None:
        previous = None
        for token in tokens:
            kind = token.type
            if kind == "url":
                found.append(token.value)
            elif kind == "string" and (in_image_set or (previous is not None and previous.type == "at-keyword"
                                                         and previous.lower_value == "import")):
                found.append(token.value)
            elif kind == "function":
                if token.lower_name in ("url", "src"):
                    found.extend(t.value for t in token.arguments if t.type == "string")
                walk(token.arguments, in_image_set or token.lower_name.endswith("image-set"))
            elif kind in ("() block", "[] block", "{} block"):
                walk(token.content, in_image_set)
            if kind not in ("whitespace", "comment"):
                previous = token

    walk(tinycss2.parse_component_value_list(text))
    return found
