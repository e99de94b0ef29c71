"""`openbook check` for policy changes: a practice that requires notice must announce a change before it applies.

Notice counts from publication on the branch: the first-parent commit that
published the version (from the hub's one git pass), or today for a change not
committed yet; with `--base REF`, versions are read up to REF, so a change that
REF lacks counts from today, as a pull request is published only when merged.
A change that leaves the text as readers read it (front matter only) needs none,
nor does one declared editorial (the trailer `Change-Type: editorial` on a
commit of the change, which the versions page shows beside its comparison), nor
a new page unless it sets a future `effective:`; a change already in force is
history, not judged again.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from openbook.findings import CheckContext, Finding
from openbook.history import versions as model
from openbook.history.gitlog import CHANGE_TYPE, EDITORIAL, Commit

_EFFECTIVE_LINE = re.compile(r"^effective\s*:", re.MULTILINE)
# Set by `openbook check --base` (contribution.check.run_change): a commit of the change carries the trailer.
DECLARED_EDITORIAL = "contribution.editorial"


@dataclass(frozen=True)
class Short:
    """A change with less notice than its page requires."""

    path: str
    title: str
    effective: date
    published: date
    notice: int
    minimum: int
    pending: bool

    def message(self) -> str:
        when = "today (not yet published)" if self.pending else f"on {self.published.isoformat()}"
        declared = "" if self.effective > self.published else " (no later `effective:` date is declared)"
        return (f"{self.title}: a change published {when} applies from {self.effective.isoformat()}{declared}: "
                f"{self.notice} days' notice, but this page requires {self.minimum}; set `effective:` to "
                f"{(self.published + timedelta(days=self.minimum)).isoformat()} or later, or, if the change "
                f"alters no commitment (a typo, a clearer wording), declare it editorial with the trailer "
                f"`{CHANGE_TYPE}: {EDITORIAL}` at the end of a commit message of the change")


def judge(found: list[tuple[Commit, str, str]], current: str | None, *, today: date, minimum: int, path: str,
          title: str, editorial: frozenset[str] = frozenset(), pending_editorial: bool = False) -> list[Short]:
    """The changes to one page with too little notice: its published versions (commit, path, text), oldest
    first, and its working text, published today if it differs from the last version.

    `editorial`: the commits that published a change declared editorial; `pending_editorial`: the working
    text's change is declared editorial (a commit of the pull request carries the trailer).
    """
    if minimum <= 0:
        return []
    pending = current is not None and (not found or found[-1][2] != current)
    if pending:
        # Not on the branch yet: it would be published today, at the earliest.
        now = datetime.combine(today, time(0), tzinfo=timezone.utc)
        found = [*found, (Commit("", "", "", now, "", committed=now), path, current or "")]
    versions = model.build(found, editorial)
    shorts = []
    for i, version in enumerate(versions):
        is_pending = pending and i == len(versions) - 1
        # Already in force and published: history, not judged again.
        if not is_pending and version.start <= today:
            continue
        # Its author says it alters no commitment; reviewers judge that claim, and the record shows it.
        if pending_editorial if is_pending else version.editorial:
            continue
        previous = versions[i - 1] if i else None
        if previous is None and version.start_at <= version.commit.published:
            # A new page changes no published version: only a commitment it announces ahead needs notice.
            continue
        if previous is not None and model.same_reading(previous.text, version.text):
            continue
        notice = model.notice_days(version)
        if notice < minimum:
            shorts.append(Short(path, title, version.start, version.published, notice, minimum, is_pending))
    return shorts


def check_notice(ctx: CheckContext) -> Iterator[Finding]:
    from openbook.history import gitlog
    from openbook.practices import model as practices

    options = ctx.settings
    if not options.practices.enabled or not options.history.versions:
        return
    docs = Path(ctx.config.docs_dir)
    folder = docs / options.practices.folder.strip("/")
    pages = [p for p in sorted(folder.rglob("*.md")) if folder.is_dir()
             and practices.is_practice(p.relative_to(docs).as_posix(), options.practices.folder)]
    if not pages:
        return
    try:
        log = gitlog.for_check(ctx)
    except gitlog.Unavailable:
        log = None
    if log is not None and log.shallow:
        yield Finding("warning", "practices.notice", ctx.relative(folder),
                      "the git history is shallow, so publication dates may be too late; fetch the whole "
                      "history (actions/checkout: fetch-depth: 0)")
    # With --base, a page the change moves keeps its versions: judged as a change of them, never as a new page.
    changes = ctx.cache.get("contribution.changes", [])
    moved = {change.repo_path: change.old_repo_path for change in changes  # type: ignore[attr-defined]
             if change.status == "renamed" and change.old_repo_path}
    for page in pages:
        text = page.read_text(encoding="utf-8", errors="replace")
        src_uri = page.relative_to(docs).as_posix()
        try:
            practice = practices.parse(text, src_uri, default_review_every=options.practices.review_every)
        except practices.PracticeError:
            # Reported by the practices checker.
            continue
        found = []
        if log is not None:
            from openbook.history import versions_site

            repo_path = _repo_path(ctx, page, log.top)
            found = versions_site.read_versions(log, moved.get(repo_path, repo_path))
        # The page's own `notice_days` is a rule too: with --base it is the base's, so a pull request
        # cannot lower the notice its own change needs (the hub's default is the base's already).
        rule_text = found[-1][2] if ctx.base is not None and found else text
        minimum = _minimum(rule_text, src_uri, practice.notice_days, options)
        file = ctx.relative(page)
        match = _EFFECTIVE_LINE.search(text)
        line = text.count("\n", 0, match.start()) + 1 if match else 1
        for short in judge(found, text, today=ctx.today, minimum=minimum, path=file, title=practice.title,
                           editorial=log.editorial if log is not None else frozenset(),
                           pending_editorial=bool(ctx.cache.get(DECLARED_EDITORIAL))):
            yield Finding("error", "practices.notice", file, short.message(), line)


def _minimum(text: str, src_uri: str, fallback: int | None, options) -> int:
    """The notice a page requires: its own `notice_days`, else the hub's `practices.notice_days`."""
    from openbook.practices import model as practices

    try:
        own = practices.parse(text, src_uri, default_review_every=options.practices.review_every).notice_days
    except practices.PracticeError:
        own = fallback
    return own if own is not None else options.practices.notice_days


def _repo_path(ctx: CheckContext, page: Path, top: Path) -> str:
    """The page's path in the repository; with `--base` the page is in a copy of the change, not in it."""
    hub = page.resolve().relative_to(ctx.root.resolve())
    return ((ctx.git_root or ctx.root) / hub).resolve().relative_to(top).as_posix()
