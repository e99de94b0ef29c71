"""`openbook check` for the FAQ: malformed front matter is an error; a source not in the snapshot and an overdue review are warnings.

A missing source is never a dead link on the page (it is left out), but it may be
a typo, or a question that left the hub: the author should know.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from openbook.faq import model
from openbook.findings import CheckContext, Finding
from openbook.questions import rules as questions, snapshot

_REVIEWED_LINE = re.compile(r"^last_reviewed\s*:", re.MULTILINE)


def _published(ctx: CheckContext) -> tuple[frozenset[int], str] | None:
    """The published question numbers and the snapshot's name, or None without a readable snapshot."""
    options = ctx.settings.questions
    if not options.enabled:
        return None
    path = ctx.root / options.snapshot
    try:
        loaded = snapshot.load(path)
    except snapshot.SnapshotError:
        # The strict build reports a broken snapshot, once.
        return None
    return questions.moderate(loaded, questions.Policy.from_settings(options)).numbers(), options.snapshot


def check_faq(ctx: CheckContext) -> Iterator[Finding]:
    options = ctx.settings.faq
    if not options.enabled:
        return
    categories = list(ctx.settings.questions.categories)
    published = None
    for src_uri, file, text in ctx.pages(options.folder, model.is_entry):
        try:
            entry = model.parse(text, src_uri, categories=categories, default_review_every=options.review_every,
                                file=file)
        except model.EntryError as exc:
            for problem in exc.problems:
                yield Finding("error", "faq.front-matter", file, f"{problem.key}: {problem.message}", problem.line)
            continue
        if published is None:
            published = _published(ctx) or (frozenset(), "")
        numbers, where = published
        if where:
            for number, line in zip(entry.sources, entry.source_lines):
                if number not in numbers:
                    yield Finding(
                        "warning", "faq.missing-source", file,
                        f"sources: question #{number} is not published in {where}, so it is neither linked nor "
                        "counted; check the number, or remove it if the question left the hub",
                        line,
                    )
        match = _REVIEWED_LINE.search(text)
        line = text.count("\n", 0, match.start()) + 1 if match else None
        if entry.last_reviewed > ctx.today:
            yield Finding(
                "error", "faq.future-review", file,
                f"last_reviewed: {entry.last_reviewed.isoformat()} is after today ({ctx.today.isoformat()}); "
                "set it to the date the answer was actually reviewed",
                line,
            )
        elif entry.overdue(ctx.today):
            yield Finding(
                "warning", "faq.overdue", file,
                f"review overdue: last reviewed {entry.last_reviewed.isoformat()}, due "
                f"{entry.next_review.isoformat()} ({entry.days_overdue(ctx.today)} days ago); "
                "review the answer, then set last_reviewed to the date of the review",
                line,
            )
