"""The append-only record that pricing and the register of subprocessors share (openbook.record).

The features' own tests cover each record's messages; these cover what the
shared rules now give both: a fact corrected twice in one change is no rewrite.
"""

from __future__ import annotations

from decimal import Decimal

from openbook.pricing import model as pricing
from openbook.subprocessors import model as register

PRICING = """\
currencies: [GBP]
plans:
  - id: team
    name: Team
    description: For teams.
    audience: Teams
    since: 2024-01-01
    prices:
      GBP: {monthly: 30, yearly: 300}
"""

REGISTER = """\
subprocessors:
  - id: postbox
    name: Postbox
    purpose: reminder e-mails
    data: names, e-mail addresses
    location: US
    transfer: dpf
    website: https://postbox.example
    since: 2024-01-01
"""


def test_a_price_corrected_twice_in_one_change_is_no_rewrite_but_a_skipped_step_is():
    published = pricing.parse(PRICING)
    twice = pricing.parse(PRICING.replace("monthly: 30", "monthly: 28") + """\
corrections:
  - corrected: 2026-11-20
    what: plans.team.prices.GBP.monthly
    published: 30
    correct: 29
    reason: A typo.
  - corrected: 2026-11-21
    what: plans.team.prices.GBP.monthly
    published: 29
    correct: 28
    reason: Another typo, found the next day.
""")
    assert pricing.rewrites(published, twice) == []
    # Without the first step, 30 -> 28 is recorded nowhere: a rewrite.
    skipped = pricing.parse(PRICING.replace("monthly: 30", "monthly: 28") + """\
corrections:
  - corrected: 2026-11-21
    what: plans.team.prices.GBP.monthly
    published: 29
    correct: 28
    reason: A typo.
""")
    [rewrite] = pricing.rewrites(published, skipped)
    assert (rewrite.key, rewrite.published, rewrite.now) == ("plans.team.prices.GBP.monthly", Decimal("30"),
                                                             Decimal("28"))
    assert rewrite.message("the base branch (main)").startswith(
        "plans.team.prices.GBP.monthly was published by the base branch (main) as £30 and is £28 here; the price "
        "history is append-only.")


def test_an_edited_correction_is_a_rewrite_of_the_public_record_in_both_records():
    for model, text, what, was, now in (
        (pricing, PRICING, "plans.team.since", "2023-12-01", "2024-01-01"),
        (register, REGISTER, "subprocessors.postbox.location", "GB", "US"),
    ):
        correction = (f"corrections:\n  - corrected: 2026-11-20\n    what: {what}\n    published: {was}\n"
                      f"    correct: {now}\n    reason: A typo.\n")
        published = model.parse(text + correction)
        edited = model.parse(text + correction.replace("A typo.", "A different reason."))
        [rewrite] = model.rewrites(published, edited)
        assert rewrite.message("the last commit (HEAD)") == (
            "corrections[0] was published by the last commit (HEAD) and is changed or gone here; corrections are "
            "public record: put it back as it was, and add a new correction after it")
