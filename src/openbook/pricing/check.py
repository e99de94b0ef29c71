"""`openbook check` for pricing: bad data in data/pricing.yml, and the notice rule for price increases.

Notice counts from the commit that added a change, or from today when it is not
committed yet; with `--base REF`, a change that REF does not have counts from
today, as a pull request's changes are published only when merged.
"""

from __future__ import annotations

from collections.abc import Iterator

from openbook.findings import CheckContext, Finding
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
        for problem in exc.problems:
            message = f"{problem.key()}: {problem.message}" if problem.loc else problem.message
            yield Finding("error", "pricing.data", file, message, problem.line)
        return
    history = pricing_history.read(ctx.root, options.source, ref=ctx.base)
    if history.shallow:
        yield Finding("warning", "pricing.history", file,
                      "the git history is shallow, so published dates may be too late; fetch the whole history "
                      "(actions/checkout: fetch-depth: 0)")
    text = path.read_text(encoding="utf-8")
    for violation in pricing.notice_violations(data, history.publications, ctx.today, options.min_notice_days,
                                               history.stated):
        step = violation.step
        loc = ("changes", data.changes.index(step.change), "prices", step.plan, step.currency, step.period)
        yield Finding("error", "pricing.notice", file, violation.message(ctx.base), pricing.line_of(text, loc))
