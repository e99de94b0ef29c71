"""`openbook check` for the register of subprocessors: bad data, the notice rule, and the append-only record.

Rules: `subprocessors.invalid` (the file does not validate), `subprocessors.notice`
(an addition or replacement with less notice than `subprocessors.notice_days`, or a
new entry that no change adds), `subprocessors.rewritten` (a published fact changed
or gone without a correction). Notice counts from the commit that stated a change,
or from today when it is not committed yet; with `--base REF`, a change that REF
does not have counts from today, as a pull request's changes are published only
when merged. With --base the settings are the base's, so a branch cannot lower
the notice it owes.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

from openbook.findings import CheckContext, Finding, problem_findings, rewrite_findings
from openbook.subprocessors import history as register_history, model


def check_subprocessors(ctx: CheckContext) -> Iterator[Finding]:
    options = ctx.settings.subprocessors
    if not options.enabled:
        return
    path = ctx.root / options.source
    file = ctx.relative(path)
    if not path.exists() and not is_required(options):
        yield from _register_gone(ctx, options.source, file)
        return
    try:
        data = model.load(path, file)
    except model.RegisterError as exc:
        yield from problem_findings("subprocessors.invalid", file, exc.problems)
        return
    yield from _objections_stay_private(ctx)
    history = _history(ctx, options.source)
    if history.shallow:
        yield Finding("warning", "subprocessors.history", file,
                      "the git history is shallow, so published dates may be too late; fetch the whole history "
                      "(actions/checkout: fetch-depth: 0)")
    text = path.read_text(encoding="utf-8")
    yield from _published(ctx, data, text, options.source, file, options.notice_days)
    for violation in model.notice_violations(data, history.stated, ctx.today, options.notice_days):
        loc = ("changes", data.changes.index(violation.change), "effective")
        yield Finding("error", "subprocessors.notice", file, violation.message(ctx.base), model.line_of(text, loc))


def _objections_stay_private(ctx: CheckContext) -> Iterator[Finding]:
    """The objection form's labels must keep its issues off the hub: an objection is never published."""
    import yaml

    form = ctx.root / ".github" / "ISSUE_TEMPLATE" / ctx.settings.subprocessors.objection_form
    text = _changed_form(ctx, form)
    if text is None:
        if not form.is_file():
            return
        text = form.read_text(encoding="utf-8", errors="replace")
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError:
        # GitHub rejects the form itself; nothing the hub could publish comes from it.
        return
    labels = raw.get("labels") if isinstance(raw, dict) else None
    labels = [labels] if isinstance(labels, str) else labels if isinstance(labels, list) else []
    labels = {str(label).casefold() for label in labels}
    questions = ctx.settings.questions
    published = sorted(labels & {label.casefold() for label in questions.publish_labels})
    excluded = labels & {label.casefold() for label in questions.exclude_labels}
    if published or not excluded:
        problem = (f"applies the publish label {published[0]!r}" if published
                   else f"applies {', '.join(sorted(labels)) or 'no label'}, which questions.exclude_labels does not list")
        yield Finding("error", "subprocessors.objections", ctx.relative(form),
                      f"the objection form {problem}, so an objection could be published on the hub; objections are "
                      "private: give the form only the label subprocessor-objection, and add that label to "
                      "extra.openbook.questions.exclude_labels")


def _changed_form(ctx: CheckContext, form: Path) -> str | None:
    """With --base, the form as the change writes it: the gate builds with the base's .github/ (a form is
    no content), so the head's form is read from git as data and judged by the base's settings."""
    if ctx.git_root is None:
        return None
    from openbook.contribution import changeset

    path = ctx.relative(form)
    for change in ctx.cache.get("contribution.changes", []):  # type: ignore[attr-defined]
        if change.path == path and change.status != "deleted":
            return changeset.read_at(ctx.git_root, ctx.cache.get("contribution.head"), change.repo_path)  # type: ignore[arg-type]
    return None


def is_required(options: object) -> bool:
    """Whether a missing register is an error: only when the hub names its source; a hub from before the
    register existed builds as it did until it adds data/subprocessors.yml."""
    return getattr(options, "source") != DEFAULT_SOURCE


DEFAULT_SOURCE = "data/subprocessors.yml"


def _published(ctx: CheckContext, data: model.Register, text: str, source: str, file: str,
               notice_days: int) -> Iterator[Finding]:
    """What the base published and this version rewrites without a correction, and entries added with no change."""
    # From the hub's own repository: with --base, ctx.root is a temporary copy that has no git.
    published_text = register_history.published_text(ctx.git_root or ctx.root, source, ref=ctx.base)
    try:
        published = model.parse(published_text, f"{ctx.base or 'HEAD'}:{file}") if published_text else None
    except model.RegisterError:
        # The published version was broken; there is no record to compare with.
        return
    if published is None or not (published.subprocessors or published.changes):
        # The register's first version that lists anything (`openbook new` commits an empty one): the
        # entries in use are where the record starts, but one
        # that starts later is an addition, which needs a change and its notice.
        added = {c.subprocessor for c in data.changes if c.kind in ("add", "replace")}
        for index, entry in enumerate(data.subprocessors):
            if entry.since > ctx.today and entry.id not in added:
                yield _unannounced(ctx, data, text, index, notice_days, f"starts on {entry.since}")
        return
    yield from rewrite_findings(ctx, "subprocessors.rewritten", file, model.rewrites(published, data), text,
                                model.line_of, lambda key: model.loc_of(data, key))
    for entry in model.new_entries(published, data):
        yield _unannounced(ctx, data, text, data.subprocessors.index(entry), notice_days, "is new here")


def _register_gone(ctx: CheckContext, source: str, file: str) -> Iterator[Finding]:
    """A register the base (or HEAD) published, gone from this version: its whole record would leave the hub."""
    published_text = register_history.published_text(ctx.git_root or ctx.root, source, ref=ctx.base)
    try:
        published = model.parse(published_text, f"{ctx.base or 'HEAD'}:{file}") if published_text else None
    except model.RegisterError:
        return
    if published is None or not (published.subprocessors or published.changes):
        return
    where = f"the base branch ({ctx.base})" if ctx.base else "the last commit (HEAD)"
    yield Finding("error", "subprocessors.rewritten", file,
                  f"the register of subprocessors was published by {where} and is gone here, so the hub would "
                  f"publish no register and none of its history; put {file} back (it stays where "
                  "extra.openbook.subprocessors.source names it, and what it published stays in it)")


def _unannounced(ctx: CheckContext, data: model.Register, text: str, index: int, notice_days: int,
                 what: str) -> Finding:
    entry = data.subprocessors[index]
    earliest = ctx.today + timedelta(days=notice_days)
    return Finding("error", "subprocessors.notice", ctx.relative(ctx.root / ctx.settings.subprocessors.source),
                   f"subprocessors[{index}]: {entry.name} ({entry.id!r}) {what} and no change adds it, so customers "
                   f"get no notice; add a change under `changes:` (kind: add, subprocessor: {entry.id}, effective: "
                   f"{earliest} or later, reason: why) and set its since to that date",
                   model.line_of(text, ("subprocessors", index)))


def _history(ctx: CheckContext, source: str) -> register_history.RegisterHistory:
    """The register's history from the check's one git log, which pricing and practices read too."""
    from openbook.history import gitlog

    try:
        log = gitlog.for_check(ctx)
    except gitlog.Unavailable:
        # Not a repository, no commits yet, or an unknown ref.
        return register_history.RegisterHistory()
    return register_history.from_log(log, ctx.git_root or ctx.root, source)
