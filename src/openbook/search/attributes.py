"""Search attributes belong to openbook's templates: a page's own content may set none.

Pagefind reads `data-pagefind-*` attributes anywhere in an article: `filter`, `weight`,
`meta`, `sort`, `body`, `ignore`, `index-attrs`, `default-meta`. openbook's templates use
them to rank answers (partials/content.html, the FAQ entry's answer and the questions it
distills), so an attribute written in a page (raw HTML or an attribute list in Markdown)
could put that page above a staff answer, or hide one. The content of every page is
cleared of them before the page is assembled; the templates add theirs afterwards.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

PREFIX = "data-pagefind-"
# Content is parsed as what it is: the inside of <body>. There, <style>, <link> or <meta>
# stay where they are written, as a browser keeps them, instead of moving to a <head>.
_IN_BODY = "<!doctype html><html><head></head><body>"


def strip(html: str) -> str:
    """The HTML without any `data-pagefind-*` attribute, as a browser and Pagefind would parse it.

    HTML with none is returned as it is, byte for byte; HTML with one is parsed (lexbor, an
    HTML5 parser, so names in any case and unquoted values count as a browser counts them)
    and written out again without it.
    """
    if PREFIX not in html.lower():
        return html
    tree = LexborHTMLParser(_IN_BODY + html)
    body = tree.body
    if body is None:
        return html
    found = False
    templates = []
    for node in body.traverse(include_text=False):
        names = [name for name in node.attributes if name.lower().startswith(PREFIX)]
        for name in names:
            del node.attrs[name]
        found = found or bool(names)
        if node.tag == "template" and PREFIX in (node.html or "").lower():
            templates.append(node)
    # A template's content is a fragment of its own, out of the traversal's reach, but a tokenizer
    # such as Pagefind's reads its tags all the same; a template shows nothing in a page anyway.
    for node in reversed(templates):
        node.decompose()
    found = found or bool(templates)
    if not found:
        return html
    # A <body data-pagefind-…> inside the content was merged into the document's body above, and
    # is gone with it: a browser would have merged it into the page's own <body>.
    return body.inner_html or ""
