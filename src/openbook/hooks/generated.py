"""Point generated pages' Edit actions at their real sources (see openbook.site.generated)."""

from openbook.site import generated


def on_page_context(context, *, page, config, nav):
    generated.apply_edit_url(page)
    return context
