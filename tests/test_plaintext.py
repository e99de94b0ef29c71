"""Untrusted text printed by the CLI and the review: nothing a terminal or renderer would obey survives."""

from __future__ import annotations

from openbook import plaintext
from openbook.findings import Finding


def test_escape_sequences_bidi_overrides_and_zero_width_characters_are_dropped():
    text = "evil\x1b]0;title\x07 \u202egnp.exe\u202c pay\u200bpal\ufeff"
    assert plaintext.printable(text) == "evil]0;title gnp.exe paypal"


def test_one_line_joins_lines_and_cuts_long_text_with_an_ellipsis():
    assert plaintext.one_line("a\n\n  b\u2028c", 80) == "a b c"
    assert plaintext.one_line("x" * 50, 10) == "x" * 9 + "…"


def test_a_check_finding_keeps_its_lines_but_loses_what_the_terminal_would_obey():
    finding = Finding("error", "build.warning", "docs/a\u202e.md", "first line\x1b[2J\nsecond line")
    assert finding.text() == "docs/a.md: error: first line[2J\nsecond line [build.warning]"
