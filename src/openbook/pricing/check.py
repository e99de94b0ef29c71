"""`openbook check` for pricing: bad data in data/pricing.yml, the notice rule, and the append-only record.

Notice counts from the commit that added a change, or from today when it is not
committed yet; with `--base REF`, a change that REF does not have counts from
today, as a pull request's changes are published only when merged. A price,
date or plan that REF (HEAD without --base) published may change only through
a `corrections` entry, which the price history page shows.
"""

from __future__ import annotations

from collections.abc import Iterator

from openbook.findings import CheckContext, Finding, problem_findings, rewrite_findings
from openbook.pricing import history as pricing_history, model as pricing


def check_pricing(ctx: CheckContext) -> Iterator[Finding]:
    options = ctx.settings.pricing
    if not options.enabled:
        return
    path = ctx.root / options.source
    file = ctx.relative(path)
    try:
        data = pricing.load(path, file)
    except pricing.PricingError as exc:
        yield from problem_findings("pricing.data", file, exc.problems)
        return
    history = _history(ctx, options.source)
    if history.shallow:
        yield Finding("warning", "pricing.history", file,
                      "the git history is shallow, so published dates may be too late; fetch the whole history "
                      "(actions/checkout: fetch-depth: 0)")
    text = path.read_text(encoding="utf-8")
    yield from _rewrites(ctx, data, text, options.source, file)
    for violation in pricing.notice_violations(data, history.publications, ctx.today, options.min_notice_days,
                                               history.stated):
        step = violation.step
        loc = ("changes", data.changes.index(step.change), "prices", step.plan, step.currency, step.period)
        yield Finding("error", "pricing.notice", file, violation.message(ctx.base), pricing.line_of(text, loc))



def _rewrites(ctx: CheckContext, data: pricing.PricingData, text: str, source: str, file: str) -> Iterator[Finding]:
    """What the base published and this version rewrites without a correction, and corrections that raise prices."""
    # With --base, ctx.root is the gate's temporary build of the change, which is no repository:
    # the record is read from the hub's own git history.
    published_text = pricing_history.published_text(ctx.git_root or ctx.root, source, ref=ctx.base)
    if published_text is None:
        return
    try:
        published = pricing.parse(published_text, f"{ctx.base or 'HEAD'}:{file}")
    except pricing.PricingError:
        # The published version was broken; there is no record to compare with.
        return
    yield from rewrite_findings(ctx, "pricing.rewritten", file, pricing.rewrites(published, data), text,
                                pricing.line_of, lambda key: pricing.loc_of(data, key))
    for index, message in pricing.correction_rises(published, data, ctx.today, ctx.settings.pricing.min_notice_days):
        yield Finding("error", "pricing.notice", file, f"corrections[{index}]: {message}",
                      pricing.line_of(text, ("corrections", index)))


def _history(ctx: CheckContext, source: str) -> pricing_history.PricingHistory:
    """Price history from the check's one git log, which the notice check of practices reads too."""
    from openbook.history import gitlog

    try:
        log = gitlog.for_check(ctx)
    except gitlog.Unavailable:
        # Not a repository, no commits yet, or an unknown ref.
        return pricing_history.PricingHistory()
    return pricing_history.from_log(log, ctx.git_root or ctx.root, source)
