"""Front matter Material prints unescaped, made safe before pages are rendered (see openbook.site.front_matter)."""

from mkdocs.plugins import event_priority

from openbook.site import front_matter


# First: other hooks may set engine keys (pricing's Edit URL) on hand-written pages after this.
@event_priority(100)
def on_page_markdown(markdown, *, page, config, files):
    front_matter.secure(page, config)
    return markdown


# First: other handlers read the title, escaped once, as Material prints it.
@event_priority(100)
def on_page_content(html, *, page, config, files):
    front_matter.title(page, html)
    return html
