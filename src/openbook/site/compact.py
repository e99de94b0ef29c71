"""Smaller pages: the indentation the theme's templates leave between tags, removed from every built page.

Material's templates are indented for their authors, and Jinja keeps the
indentation of every `{% if %}` and `{% include %}` it skips: a fifth of a
question page was blank lines and spaces. A browser collapses any run of white
space in running text to one space, so a run that holds a line break becomes a
single line break and the page renders the same. Only that is done: markup,
attributes and comments are left as they are (hooks and the versions' writer
find their placeholders in comments), and so are the elements whose white
space is meaningful (`pre`, `textarea`, `script`, `style`). A minifier that
drops optional tags and quotes would save a little more, and make every built
page harder to read for the parsers and people who check it.
"""

from __future__ import annotations

import re

# A comment, an element whose text is kept as written, or a tag (quoted
# attribute values may hold ">"); the text between them is what gets compacted.
_KEPT = re.compile(
    r"<!--.*?-->"
    r"|<(pre|textarea|script|style)\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>.*?</\1\s*>"
    r"|<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>",
    re.S | re.I,
)
# A run of white space with a line break in it. HTML's white space is these
# five characters only; a no-break space is text.
_BLANK = re.compile(r"[ \t\r\n\f]*\n[ \t\r\n\f]*")


def compact(html: str) -> str:
    """`html` with every run of white space that spans lines, outside tags and kept elements, made one line break."""
    parts: list[str] = []
    position = 0
    for kept in _KEPT.finditer(html):
        parts.append(_BLANK.sub("\n", html[position:kept.start()]))
        parts.append(kept.group(0))
        position = kept.end()
    parts.append(_BLANK.sub("\n", html[position:]))
    return "".join(parts)
