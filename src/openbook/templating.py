"""The Jinja environments behind every generated page, feed and summary, defined once.

Each feature has a folder under `templates/`. HTML and XML environments
autoescape; the review's Markdown environment passes every value through its
own `finalize` instead. Undefined names are errors, never empty strings.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import jinja2


def environment(
    folder: str,
    *,
    filters: Mapping[str, Callable[..., Any]] | None = None,
    finalize: Callable[[Any], Any] | None = None,
    autoescape: bool = True,
) -> jinja2.Environment:
    """An environment for the templates in `templates/<folder>/`."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("openbook", f"templates/{folder}"),
        autoescape=autoescape,
        finalize=finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(filters or {})
    return env
