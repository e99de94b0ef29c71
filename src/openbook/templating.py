"""The Jinja environments behind every generated page, feed and summary, defined once.

Each feature package keeps its templates in its own `templates/` folder. HTML and XML environments
autoescape and drop, from every printed value, the characters XML forbids even
escaped; the review's Markdown environment passes every value through its own
`finalize` instead. Undefined names are errors, never empty strings.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, timezone
from typing import Any

import re

import jinja2
from markupsafe import Markup

# Characters XML 1.0 forbids even escaped (a commit subject, or YAML's "\e" in a
# plan name, can carry one): one would make every feed reader reject a whole
# feed, and HTML has no use for them either.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(value: object) -> object:
    """A printed value without the characters XML forbids (Markup stays Markup)."""
    if isinstance(value, Markup):
        return Markup(_NOT_XML.sub("", value))
    if isinstance(value, str):
        return _NOT_XML.sub("", value)
    return value


def human_date(value: date | datetime) -> str:
    """"2 March 2026": unambiguous in every English-speaking country."""
    if isinstance(value, datetime):
        value = value.astimezone(timezone.utc).date()
    return f"{value.day} {value:%B %Y}"


def environment(
    package: str,
    *,
    filters: Mapping[str, Callable[..., Any]] | None = None,
    finalize: Callable[[Any], Any] | None = None,
    autoescape: bool = True,
) -> jinja2.Environment:
    """An environment for the templates in `openbook/<package>/templates/`."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader(f"openbook.{package}", "templates"),
        autoescape=autoescape,
        finalize=finalize if finalize is not None else (xml_safe if autoescape else None),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        # The engine's own templates do not change while it runs: no file check on every lookup.
        auto_reload=False,
    )
    env.filters.update(filters or {})
    return env
