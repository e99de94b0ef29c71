"""openbook.urls: a URL leads where a browser takes it (WHATWG URL standard), and the hub's own host is not another."""

from __future__ import annotations

import pytest

from openbook import urls

SITE = urls.Site.of("https://hub.example/docs/")


@pytest.mark.parametrize(("written", "host"), [
    ("///evil.example/a.png", "evil.example"),
    ("/\\evil.example/a.png", "evil.example"),
    ("\\\\evil.example/a.png", "evil.example"),
    (" //evil.example/a.png", "evil.example"),
    ("\t//evil.example/a.png", "evil.example"),
    ("\n//evil.example/a.png", "evil.example"),
    ("/\t/evil.example/a.png", "evil.example"),  # a tab inside is dropped too
    # A path on an https page, the host on an http one (a preview, a mirror): it leaves the hub.
    ("https:evil.example/a.png", "evil.example"),
    ("HTTPS:evil.example/a.png", "evil.example"),
    ("http:evil.example/a.png", "evil.example"),
    ("https://EVIL.example:8443/a.png", "evil.example:8443"),
    ("https://hub.example.evil.example/a.png", "hub.example.evil.example"),
    ("https://hub.example@evil.example/a.png", "evil.example"),
    ("https://hub.example:8443/a.png", "hub.example:8443"),
    # The hub's own host, in any spelling, by either scheme, and everything relative to the page.
    ("https://hub.example/docs/a.png", None),
    ("http://HUB.example/other/a.png", None),
    ("//hub.example/a.png", None),
    ("a.png", None),
    ("../../../../a.png", None),
    ("/a.png", None),
    ("#top", None),
    ("?q=1", None),
    ("", None),
    ("mailto:help@hub.example", None),
    ("https://[::1", None),  # no URL at all: a browser fetches nothing
])
def test_a_url_reaches_the_host_a_browser_would_call(written, host):
    assert urls.foreign_host(written, "practices/support/", SITE) == host


def test_a_hub_without_site_url_owns_only_relative_urls():
    site = urls.Site.of(None)
    assert urls.foreign_host("img/a.png", "p/", site) is None
    assert urls.foreign_host("https://hub.example/a.png", "p/", site) == "hub.example"


def test_the_site_url_is_normalised_and_pages_are_under_it():
    assert urls.Site.of("https://Hub.example:443/docs?x#y") == urls.Site("https://hub.example/docs/", "hub.example", "")
    assert SITE.page("practices/support/") == "https://hub.example/docs/practices/support/"
    assert SITE.bases("a/") == ("https://hub.example/docs/a/", "http://hub.example/docs/a/")


@pytest.mark.parametrize(("value", "candidates"), [
    ("a.png 1x, ///evil.example/b.png 2x", ["a.png", "///evil.example/b.png"]),
    ("a.png,b.png", ["a.png,b.png"]),  # a comma inside a URL belongs to it
    ("a.png, b.png", ["a.png", "b.png"]),
    ("a.png,, b.png 2x", ["a.png", "b.png"]),
    ("data:image/png;base64,AA,BB 1x, c.png (max-width: 9px, x) 2x, d.png", ["data:image/png;base64,AA,BB", "c.png", "d.png"]),
    ("   ", []),
])
def test_every_srcset_candidate_is_read_as_the_html_standard_splits_it(value, candidates):
    assert urls.srcset_urls(value) == candidates


@pytest.mark.parametrize(("css", "found"), [
    ("url(https://evil.example/m.svg#m)", ["https://evil.example/m.svg#m"]),
    ('URL( "///evil.example/x" )', ["///evil.example/x"]),
    ("\\75 rl(//evil.example/x)", ["//evil.example/x"]),  # an escaped name is still url(
    ("u/**/rl(//evil.example/x)", []),  # a comment splits the name: no url( at all
    ('a{b:image-set("//evil.example/a.png" 1x)}', ["//evil.example/a.png"]),
    ('@import "//evil.example/s.css"; @import url(//evil.example/t.css);', ["//evil.example/s.css", "//evil.example/t.css"]),
    ("src('//evil.example/f')", ["//evil.example/f"]),
    ("url(#local) red", ["#local"]),
    ("M0 0L9 9", []),
])
def test_css_urls_are_read_as_a_css_tokenizer_reads_them(css, found):
    assert urls.css_urls(css) == found


@pytest.mark.parametrize(("rel", "fetches"), [
    ("stylesheet", True), ("alternate stylesheet", True), ("preconnect", True), ("icon", True),
    ("something-new", True), ("canonical", False), ("alternate", False), ("next", False), ("", False),
])
def test_a_link_fetches_unless_every_rel_only_annotates_it(rel, fetches):
    assert urls.link_fetches(rel) is fetches


@pytest.mark.parametrize(("value", "scheme"), [
    (" java\tscript:alert(1)", "javascript:"), ("JAVASCRIPT:x", "javascript:"), ("data:text/html,x", "data:"),
    ("vbscript:x", "vbscript:"), ("https://hub.example/", None), ("javascript-guide/", None),
])
def test_unsafe_schemes_are_found_whatever_the_spacing(value, scheme):
    assert urls.unsafe_scheme(value) == scheme
