"""HTML for practices: the review box on each practice and the review table on the index.

Templates live in openbook/practices/templates/ and are autoescaped: owners and
titles come from pages anyone can propose edits to.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2

from openbook import templating


@cache
def _environment() -> jinja2.Environment:
    return templating.environment("practices", filters={"human_date": templating.human_date})


def render(template: str, **context: Any) -> str:
    return _environment().get_template(template).render(**context)
