"""Put the page's action links in the template context (see openbook.site.page_actions)."""

from mkdocs.plugins import event_priority

from openbook.questions import site as questions_site
from openbook.site import page_actions


# After hooks/generated.py has pointed generated pages' Edit URL at their real source.
@event_priority(-50)
def on_page_context(context, *, page, config, nav):
    context["openbook_actions"] = page_actions.for_page(page, config, ask_page=questions_site.ask_page_url())
    return context
