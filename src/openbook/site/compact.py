"""Smaller pages: the indentation the theme's templates leave between tags, removed from every built page.

Material's templates are indented for their authors, and Jinja keeps the
indentation of every `{% if %}` and `{% include %}` it skips: a fifth of a
question page was blank lines and spaces. A browser collapses any run of white
space in running text to one space, so a run that holds a line break becomes a
single line break and the page renders the same; between a tag's attributes
it is one separator as any other. Only that is done: comments are left as
they are (hooks and the versions' writer find their placeholders in them), and
so are attribute values and the elements whose white space is meaningful
(`pre`, `textarea`, `script`, `style`). A minifier that
drops optional tags and quotes would save a little more, and make every built
page harder to read for the parsers and people who check it.
"""

from __future__ import annotations

import re

# Kept as written: comments (hooks and the versions' writer find their
# placeholders in them) and the elements whose white space is meaningful.
_RAW = re.compile(r"<(?:!--.*?-->|(pre|textarea|script|style)\b.*?</\1\s*>)", re.S | re.I)
# Kept as written: an attribute value that spans lines (quoted, as the theme and MkDocs write them).
_VALUE = re.compile(r'="[^"]*\n[^"]*"')
# A line break and the white space after it. HTML's white space is these five
# characters only; a no-break space is text. Each pattern starts with one
# literal character, so a page is scanned at the regular expression engine's
# fastest: about 0.2 ms for a question page.
_BLANK = re.compile(r"\n[ \t\r\n\f]+")


def compact(html: str) -> str:
    """`html` with every line break and the white space after it made one line break, but where it is kept."""
    kept = [found.span() for found in _RAW.finditer(html)]
    kept += [found.span() for found in _VALUE.finditer(html)]
    kept.sort()
    parts: list[str] = []
    position = 0
    for start, end in kept:
        if end <= position:
            continue
        if start > position:
            parts.append(_BLANK.sub("\n", html[position:start]))
            position = start
        parts.append(html[position:end])
        position = end
    parts.append(_BLANK.sub("\n", html[position:]))
    return "".join(parts)
