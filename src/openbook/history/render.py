"""HTML, Markdown and Atom for page history, "What changed" and contributors.

Templates live in openbook/history/templates/ and are autoescaped: git author
names, commit subjects and GitHub logins are untrusted text (anyone can open a
pull request), so they only ever reach a page escaped, inside raw HTML blocks
that Python-Markdown leaves alone.
"""

from __future__ import annotations

from datetime import datetime, timezone
from functools import cache
from typing import Any

import jinja2

from openbook import templating
from openbook.templating import human_date


def iso(value: datetime) -> str:
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@cache
def _environment() -> jinja2.Environment:
    return templating.environment("history", filters={"human_date": human_date, "iso": iso})


def render(template: str, **context: Any) -> str:
    return _environment().get_template(template).render(**context)
