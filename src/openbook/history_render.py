"""HTML, Markdown and Atom for page history, practices reviews, "What changed" and contributors.

Templates live in openbook/templates/history/ and are autoescaped: git author
names, commit subjects and GitHub logins are untrusted text (anyone can open a
pull request), so they only ever reach a page escaped, inside raw HTML blocks
that Python-Markdown leaves alone.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from functools import cache
from typing import Any

import jinja2

from openbook import templating


def human_date(value: date | datetime) -> str:
    """"2 March 2026": unambiguous in every English-speaking country."""
    if isinstance(value, datetime):
        value = value.astimezone(timezone.utc).date()
    return f"{value.day} {value:%B %Y}"


def iso(value: datetime) -> str:
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@cache
def _environment() -> jinja2.Environment:
    return templating.environment("history", filters={"human_date": human_date, "iso": iso})


def render(template: str, **context: Any) -> str:
    return _environment().get_template(template).render(**context)
