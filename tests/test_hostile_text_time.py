"""Every pattern that reads a stranger's text takes time linear in it: no text can stall a build or a check.

Issue text, comments and a contributor's Markdown are untrusted, and a regular expression
that backtracks can take quadratic time on a text built for it (five 64 KB comments once
made a build 35 times slower). Each case here is a text shaped against one pattern: the
time for 128 KB may be at most 64 times the time for 8 KB (16 if linear, 256 if quadratic).
The process's own CPU time is measured, so other work on the machine does not count.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from openbook import untrusted
from openbook.consultations import model
from openbook.contribution import review, scan
from openbook.questions import rules


def _seconds(read: Callable[[str], object], text: str) -> float:
    start = time.process_time()
    read(text)
    return time.process_time() - start


def assert_linear(read: Callable[[str], object], make: Callable[[int], str], what: str) -> None:
    small_text, large_text = make(8_192), make(131_072)
    small = min(_seconds(read, small_text) for _ in range(9))
    large = []
    for _ in range(7):
        large.append(_seconds(read, large_text))
        if large[-1] < 64 * small or large[-1] > 4 * 64 * small:
            break  # linear, or so far beyond it that measuring again only waits
    assert min(large) < 64 * small, f"{what}: 8 KB in {small:.6f} s, 128 KB in {min(large):.6f} s"


def _repeat(unit: str, before: str = "", after: str = "") -> Callable[[int], str]:
    return lambda size: before + unit * (size // len(unit)) + after


CASES = {
    # A consultation's summary (untrusted.excerpt): links without an end.
    "excerpt: [[[[": (untrusted.excerpt, _repeat("[")),
    "excerpt: [](](": (untrusted.excerpt, _repeat("[](")),
    # A staff comment's "Accepted answer:" line, and the question forms' sections.
    "accepted answer: long blanks": (rules.ACCEPT_LINE.findall, _repeat(" ", "Accepted answer: a", "b")),
    "### label: long blanks": (model.sections, _repeat(" ", "### a", "b")),
    "### label: # runs": (model.sections, _repeat("# ", "### a", "b")),
    "Option: long blanks": (model.OPTION.match, _repeat(" ")),
    "Outcome: long blanks and stars": (model.OUTCOME.match, _repeat(" *")),
    "Changed the proposal: long blanks": (model.CHANGED.findall, _repeat(" ", "Changed the proposal: a", "b")),
    "Changed the proposal: stars": (model.CHANGED.findall, _repeat("* ", "Changed the proposal: a", "b")),
    # A contributor's Markdown, as the gate and the review read it.
    "scan: one long backtick run": (scan.scan_markdown, lambda size: "`" * (size // 2) + "a" * (size // 2)),
    "scan: unclosed fences": (scan.scan_markdown, _repeat("```x\n")),
    "scan: unclosed comments": (scan.scan_markdown, _repeat("<!--")),
    "scan: attribute list of =": (scan.scan_markdown, _repeat("=", "{")),
    "scan: attribute list of {=": (scan.scan_markdown, _repeat("{=")),
    "scan: tags": (scan.scan_markdown, _repeat('<a b="')),
    "scan: a finding on every line": (scan.scan_markdown, _repeat("<a>\n")),
    "scan: many snippet includes": (scan.scan_markdown, _repeat('--8<-- "a"\n')),
    "scan: backtick runs of falling lengths": (scan.scan_markdown, lambda size: "".join(
        "`" * n + "a" for n in range(int((2 * size) ** 0.5), 0, -1))[:size]),
    "review: heading with long blanks": (review.sections, _repeat(" ", "# a", "b")),
    "review: heading with long blanks before a brace": (review.sections, _repeat(" ", "# a", "{")),
    "review: many equal headings": (review.sections, _repeat("# a\n")),
    # Customer text as a whole, rendered (Markdown, sanitizer, GitHub's additions, redaction).
    "render: a-a-a-…@b.b.!": (untrusted.Renderer().render, _repeat("a-", after="@b.b.!")),
    "render: @mentions": (untrusted.Renderer().render, _repeat("@a-", after="@b.b.!")),
    "render: #references": (untrusted.Renderer().render, _repeat("#1a ")),
}


@pytest.mark.parametrize("case", list(CASES))
def test_reading_a_hostile_text_takes_linear_time(case):
    read, make = CASES[case]
    assert_linear(read, make, case)
