"""Untrusted text made safe to print: no character a terminal or a renderer would obey rather than show.

Titles, logins, labels, file names and quoted Markdown come from anyone on
GitHub; the CLI's text output, the review comment and check's findings pass
them through here.
"""

from __future__ import annotations

import re

# C0 and C1 controls (escape sequences start with them), DEL, zero-width
# characters, line and paragraph separators, and bidi overrides and isolates
# (which can make a file name read backwards).
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def printable(text: str) -> str:
    """The text without unprintable characters; line breaks go too."""
    return _UNPRINTABLE.sub("", text)


def one_line(value: object, limit: int) -> str:
    """The value on one line (runs of whitespace become one space), printable, cut to `limit` with an ellipsis."""
    text = printable(" ".join(str(value).split()))
    return text if len(text) <= limit else text[: limit - 1] + "…"
