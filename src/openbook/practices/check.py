"""`openbook check` for practices: malformed front matter is an error, an overdue review a warning.

An overdue review is an error instead when `extra.openbook.practices.fail_on_overdue` is true.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from openbook.findings import CheckContext, Finding
from openbook.practices import model as practices

_REVIEWED_LINE = re.compile(r"^last_reviewed\s*:", re.MULTILINE)


def check_practices(ctx: CheckContext) -> Iterator[Finding]:
    options = ctx.settings.practices
    if not options.enabled:
        return
    for src_uri, file, text in ctx.pages(options.folder, practices.is_practice):
        try:
            practice = practices.parse(text, src_uri, default_review_every=options.review_every, file=file)
        except practices.PracticeError as exc:
            for problem in exc.problems:
                yield Finding("error", "practices.front-matter", file, f"{problem.key}: {problem.message}",
                              problem.line)
            continue
        match = _REVIEWED_LINE.search(text)
        line = text.count("\n", 0, match.start()) + 1 if match else None
        if practice.last_reviewed > ctx.today:
            # A review cannot happen in the future: a typo, or a date set ahead to
            # keep a page from going overdue. Either way readers would be misled.
            yield Finding(
                "error",
                "practices.future-review",
                file,
                f"last_reviewed: {practice.last_reviewed.isoformat()} is after today ({ctx.today.isoformat()}); "
                "set it to the date the page was actually reviewed",
                line,
            )
        elif practice.overdue(ctx.today):
            yield Finding(
                "error" if options.fail_on_overdue else "warning",
                "practices.overdue",
                file,
                f"review overdue: last reviewed {practice.last_reviewed.isoformat()}, due "
                f"{practice.next_review.isoformat()} ({practice.days_overdue(ctx.today)} days ago); "
                "review the page, then set last_reviewed to the date of the review",
                line,
            )
