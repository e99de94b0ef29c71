"""Every MkDocs event handler of the engine, for a hub's one-line hook file to re-export.

A hub's `hooks/engine.py` is `from openbook.hooks import *`: each `on_<event>`
here is a `CombinedEvent` of the feature handlers below, each keeping its own
`event_priority`, so MkDocs runs them exactly as if every feature had its own
hook file. A new feature adds its module to FEATURES; hubs get it by upgrading.
"""

from __future__ import annotations

from mkdocs.plugins import CombinedEvent

from openbook.hooks import (
    consultations,
    faq,
    front_matter,
    generated,
    history,
    notices,
    page_actions,
    practices,
    pricing,
    questions,
    search,
    settings,
    subprocessors,
    theme,
    versions,
)

# In the order MkDocs runs handlers of equal priority.
FEATURES = (theme, settings, front_matter, generated, questions, consultations, page_actions, practices, history,
            pricing, subprocessors, faq, search, versions, notices)


def _combined(event: str) -> CombinedEvent | None:
    handlers = [getattr(module, event) for module in FEATURES if callable(getattr(module, event, None))]
    return CombinedEvent(*handlers) if handlers else None


# Every event MkDocs 1.6 sends that some feature handles.
_EVENTS = sorted({name for module in FEATURES for name in vars(module) if name.startswith("on_")})
for _event in _EVENTS:
    globals()[_event] = _combined(_event)
__all__ = list(_EVENTS)
