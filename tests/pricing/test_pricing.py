"""The pricing model and its rules: prices at a date, notice, comparisons, and a clear message for bad data."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from openbook.pricing import model as pricing, render as pricing_render
from openbook.pricing.model import Publication

FIXTURE = Path(__file__).resolve().parents[1] / "hub"

VALID = """\
currencies: [GBP, EUR]
plans:
  - id: basic
    name: Basic
    description: For one person.
    audience: Sole traders
    since: 2024-01-01
    prices:
      GBP: {monthly: 10, yearly: 100}
      EUR: {monthly: 12, yearly: 120}
    features:
      booking: true
      sms: 50
  - id: pro
    name: Pro
    description: For teams.
    audience: Teams
    since: 2024-01-01
    prices:
      GBP: {monthly: 20, yearly: 200}
      EUR: {monthly: 24, yearly: 240}
    features:
      booking: true
      sms: unlimited
features:
  - id: booking
    name: Online booking
  - id: sms
    name: SMS reminders
    unit: a month
changes:
  - id: pro-2025
    effective: 2025-01-01
    reason: Costs went up.
    prices:
      pro:
        GBP: {monthly: 22}
  - id: basic-2026
    effective: 2026-06-01
    reason: Yearly is better value now.
    prices:
      basic:
        GBP: {yearly: 90}
  - id: pro-2027
    effective: 2027-01-01
    reason: SMS costs.
    prices:
      pro:
        GBP: {monthly: 25, yearly: 250}
"""

NOV_22 = date(2026, 11, 22)


def data(text: str = VALID) -> pricing.PricingData:
    return pricing.parse(text, "data/pricing.yml")


def line(text: str, fragment: str) -> int:
    """The 1-based line where fragment starts (after its leading spaces and newlines)."""
    at = text.find(fragment)
    assert at >= 0, f"{fragment!r} is not in the text"
    at += len(fragment) - len(fragment.lstrip(" \n"))
    return text.count("\n", 0, at) + 1


# --- the model and its timelines ---------------------------------------------


def test_the_demo_hub_data_is_valid_and_realistic():
    demo = pricing.load(FIXTURE / "data" / "pricing.yml")
    assert [p.name for p in demo.plans] == ["Starter", "Team", "Business"]
    assert demo.currencies == ["GBP", "EUR"] and demo.periods == ["monthly", "yearly"]
    assert 14 <= len(demo.features) <= 20
    past = [c for c in demo.changes if c.effective <= NOV_22]
    assert len(past) == 2
    assert [c.effective for c in pricing.upcoming(demo, NOV_22)] == [date(2027, 1, 1)]


def test_the_demo_data_names_its_schema_on_the_first_line():
    first = (FIXTURE / "data" / "pricing.yml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=./pricing.schema.json"


def test_the_committed_json_schema_is_the_one_the_model_generates():
    committed = json.loads((FIXTURE / "data" / "pricing.schema.json").read_text(encoding="utf-8"))
    assert committed == pricing.json_schema(), f"data/pricing.schema.json is stale; run `{pricing.SCHEMA_COMMAND}`"


def test_the_schema_offers_editors_the_keys_and_the_periods():
    schema = pricing.json_schema()
    plan = schema["$defs"]["Plan"]
    assert set(plan["required"]) >= {"id", "name", "since", "prices"}
    assert plan["additionalProperties"] is False
    assert "monthly" in json.dumps(schema["$defs"]["Change"])


def test_the_current_price_is_the_latest_one_in_effect():
    d = data()
    assert pricing.price_at(d, "pro", "GBP", "monthly", date(2024, 12, 31)).amount == 20
    assert pricing.price_at(d, "pro", "GBP", "monthly", date(2025, 1, 1)).amount == 22
    assert pricing.price_at(d, "pro", "GBP", "monthly", date(2027, 1, 1)).amount == 25
    assert pricing.price_at(d, "pro", "EUR", "monthly", date(2027, 1, 1)).amount == 24
    assert pricing.price_at(d, "pro", "GBP", "monthly", date(2023, 12, 31)) is None


def test_upcoming_changes_are_those_after_today_soonest_first():
    d = data()
    assert [c.id for c in pricing.upcoming(d, NOV_22)] == ["pro-2027"]
    assert [c.id for c in pricing.upcoming(d, date(2025, 1, 1))] == ["basic-2026", "pro-2027"]


def test_each_step_knows_the_price_it_replaces_and_whether_it_is_an_increase():
    steps = {(s.change.id, s.plan, s.currency, s.period): s for s in pricing.steps(data())}
    assert steps[("pro-2025", "pro", "GBP", "monthly")].old == 20
    assert steps[("pro-2025", "pro", "GBP", "monthly")].kind == "increase"
    assert steps[("basic-2026", "basic", "GBP", "yearly")].kind == "decrease"
    assert steps[("pro-2027", "pro", "GBP", "monthly")].old == 22


def test_decimal_prices_keep_their_pennies():
    d = data(VALID.replace("GBP: {monthly: 10, yearly: 100}", "GBP: {monthly: 9.99, yearly: 99.5}"))
    assert pricing.price_at(d, "basic", "GBP", "monthly", NOV_22).amount == Decimal("9.99")
    assert pricing.money(Decimal("99.5"), "GBP") == "£99.50"
    assert pricing.money(Decimal("25"), "EUR") == "€25"


# --- notice ---------------------------------------------------------------------


def test_notice_counts_from_the_commit_that_published_the_change():
    change = data().change("pro-2027")
    notice = pricing.notice_for(change, Publication(date(2026, 11, 1), "Dana", "abc"), NOV_22)
    assert (notice.published, notice.source) == (date(2026, 11, 1), "commit")
    assert notice.days_before(change.effective) == 61


def test_notice_counts_from_today_for_an_uncommitted_change():
    notice = pricing.notice_for(data().change("pro-2027"), None, NOV_22)
    assert (notice.published, notice.source) == (NOV_22, "uncommitted")


def test_an_announcement_date_counts_only_for_a_change_recorded_after_it_took_effect():
    text = VALID.replace("reason: Costs went up.", "reason: Costs went up.\n    announced: 2024-11-01")
    recorded_late = data(text).change("pro-2025")
    notice = pricing.notice_for(recorded_late, Publication(date(2026, 11, 22)), NOV_22)
    assert (notice.published, notice.source) == (date(2024, 11, 1), "announced")
    # A future change cannot backdate its own announcement in a pull request.
    text = VALID.replace("reason: SMS costs.", "reason: SMS costs.\n    announced: 2020-01-01")
    notice = pricing.notice_for(data(text).change("pro-2027"), None, NOV_22)
    assert (notice.published, notice.source) == (NOV_22, "uncommitted")


def test_an_increase_with_too_little_notice_is_a_violation_naming_plan_prices_dates_and_days():
    publications = {"pro-2025": Publication(date(2024, 11, 1)), "basic-2026": Publication(date(2026, 5, 25))}
    violations = pricing.notice_violations(data(), publications, date(2026, 12, 10), 30)
    assert [(v.step.change.id, v.step.period) for v in violations] == [("pro-2027", "monthly"), ("pro-2027", "yearly")]
    message = violations[0].message()
    for part in ("Pro", "monthly", "£22", "£25", "2027-01-01", "22 days' notice", "the minimum is 30 days",
                 "2027-01-09 or later"):
        assert part in message, message


def test_exactly_the_minimum_notice_is_enough_and_one_day_less_is_not():
    publications = {"pro-2025": Publication(date(2024, 1, 1))}
    assert not pricing.notice_violations(data(), publications, date(2026, 12, 2), 30)
    assert pricing.notice_violations(data(), publications, date(2026, 12, 3), 30)


NEW_PLAN = """\
  - id: studio
    name: Studio
    description: For studios.
    audience: Studios
    since: 2026-11-25
    prices:
      GBP: {monthly: 40, yearly: 400}
      EUR: {monthly: 48, yearly: 480}
features:
"""


def test_decreases_and_new_plans_need_no_notice():
    # The decrease was published the day before it took effect; the new plan launches in 3 days.
    publications = {"pro-2025": Publication(date(2024, 1, 1)), "basic-2026": Publication(date(2026, 5, 31)),
                    "pro-2027": Publication(date(2026, 11, 1))}
    with_new_plan = data(VALID.replace("features:\n  - id: booking", NEW_PLAN + "  - id: booking"))
    assert pricing.notice_violations(with_new_plan, publications, NOV_22, 30) == []
    differences = pricing.compare(data(), with_new_plan, today=NOV_22, min_notice_days=30)
    assert differences and not any(d.short_notice for d in differences)
    assert "Studio, monthly, GBP: new at 40 from 2026-11-25 (launch price)" in [d.text for d in differences]


def test_a_plan_launched_later_has_no_price_before_its_launch_and_is_not_on_sale_yet():
    d = data(VALID.replace("features:\n  - id: booking", NEW_PLAN + "  - id: booking"))
    assert pricing.price_at(d, "studio", "GBP", "monthly", date(2026, 11, 24)) is None
    assert [p.id for p in pricing.available_plans(d, NOV_22)] == ["basic", "pro"]
    assert "a new plan: Studio" in pricing_render.upcoming_notice(d, {}, NOV_22)


# --- comparing two versions (for `openbook review`) ----------------------------


def test_compare_describes_a_new_increase_in_words_with_its_notice():
    old = data(VALID.split("  - id: pro-2027")[0])
    differences = pricing.compare(old, data(), today=NOV_22, min_notice_days=30)
    assert [d.text for d in differences] == [
        "Pro, monthly, GBP: 22 → 25 from 2027-01-01 (40 days' notice; the minimum is 30)",
        "Pro, yearly, GBP: 200 → 250 from 2027-01-01 (40 days' notice; the minimum is 30)",
    ]
    assert not any(d.short_notice for d in differences)
    late = pricing.compare(old, data(), today=date(2026, 12, 20), min_notice_days=30)
    assert all(d.short_notice for d in late) and late[0].notice_days == 12


def test_compare_reports_a_removed_price_and_an_edited_past_one():
    edited = data(VALID.replace("GBP: {monthly: 22}", "GBP: {monthly: 23}"))
    texts = [d.text for d in pricing.compare(data(), edited, today=NOV_22, min_notice_days=30)]
    assert "removed: Pro, monthly, GBP: 20 → 22 from 2025-01-01" in texts
    assert any(t.startswith("Pro, monthly, GBP: 20 → 23 from 2025-01-01") for t in texts)


def test_compare_with_nothing_before_lists_launch_prices():
    differences = pricing.compare(None, data(), today=NOV_22, min_notice_days=30)
    assert "Basic, monthly, GBP: new at 10 from 2024-01-01 (launch price)" in [d.text for d in differences]


def test_identical_versions_have_no_differences():
    assert pricing.compare(data(), data(), today=NOV_22, min_notice_days=30) == []


# --- bad input: each gives file:line, the key, what was found and what was expected ---

BAD_INPUTS = {
    "name of the wrong type": ("name: Basic", "name: 42", "name: 42",
                               ["plans[0].name", "found 42", "expected text"]),
    "price that is not a number": ("GBP: {monthly: 10,", "GBP: {monthly: ten,", "monthly: ten",
                                   ["plans[0].prices.GBP.monthly", "found 'ten'", "expected a number"]),
    "prices given as a list": ("GBP: {monthly: 10, yearly: 100}", "GBP: [10, 100]", "GBP: [10, 100]",
                               ["plans[0].prices.GBP", "found a list", "expected a mapping"]),
    "negative price": ("GBP: {monthly: 10,", "GBP: {monthly: -5,", "monthly: -5",
                       ["plans[0].prices.GBP.monthly", "found -5", "expected a price above zero"]),
    "zero price": ("GBP: {monthly: 10,", "GBP: {monthly: 0,", "monthly: 0,",
                   ["plans[0].prices.GBP.monthly", "found 0", "expected a price above zero"]),
    "price with fractions of a penny": ("GBP: {monthly: 10,", "GBP: {monthly: 10.999,", "10.999",
                                        ["found 10.999", "expected at most 2 decimal places"]),
    "unknown currency": ("EUR", "EUX", "currencies:",
                         ["currencies[1]", "found 'EUX'", "expected an ISO 4217 currency code"]),
    "lower-case currency": ("currencies: [GBP, EUR]", "currencies: [gbp, EUR]", "currencies:",
                            ["currencies[0]", "found 'gbp'", "ISO 4217"]),
    "currency not listed in currencies": ("EUR: {monthly: 12, yearly: 120}",
                                          "EUR: {monthly: 12, yearly: 120}\n      USD: {monthly: 9, yearly: 90}",
                                          "USD:", ["plans[0].prices.USD", "found the currency 'USD'",
                                                   "expected one of the currencies listed in `currencies`: GBP, EUR"]),
    "plan without a price in a listed currency": ("      EUR: {monthly: 12, yearly: 120}\n", "", "    prices:",
                                                  ["plans[0].prices", "plan 'basic' has no monthly price in EUR"]),
    "unknown billing period": ("GBP: {monthly: 10, yearly: 100}", "GBP: {monthly: 10, weekly: 100}", "weekly",
                               ["plans[0].prices.GBP.weekly", "found 'weekly'", "expected 'monthly' or 'yearly'"]),
    "duplicate plan id": ("  - id: pro\n", "  - id: basic\n", "  - id: basic\n    name: Pro",
                          ["plans[1].id", "found the plan id 'basic' twice", "expected each plan id once"]),
    "duplicate feature id": ("  - id: sms\n", "  - id: booking\n", "  - id: booking\n    name: SMS",
                             ["features[1].id", "found the feature id 'booking' twice"]),
    "duplicate change id": ("  - id: basic-2026", "  - id: pro-2025", "  - id: pro-2025\n    effective: 2026",
                            ["changes[1].id", "found the change id 'pro-2025' twice"]),
    "change for an unknown plan": ("      pro:\n        GBP: {monthly: 25", "      premium:\n        GBP: {monthly: 25",
                                   "premium:", ["changes[2].prices.premium", "found the plan 'premium'",
                                                "expected a plan defined under `plans` (basic, pro)"]),
    "changes out of date order": ("effective: 2026-06-01", "effective: 2024-06-01", "effective: 2024-06-01",
                                  ["changes[1].effective", "found 2024-06-01", "expected changes in date order"]),
    "change before the plan launched": ("effective: 2025-01-01", "effective: 2023-06-01", "effective: 2023-06-01",
                                        ["changes[0].effective", "launched on 2024-01-01"]),
    "missing reason": ("    reason: SMS costs.\n", "", "  - id: pro-2027",
                       ["changes[2].reason", "the required key `reason` is missing"]),
    "blank reason": ("reason: SMS costs.", 'reason: "   "', 'reason: "   "',
                     ["changes[2].reason", "expected some text"]),
    "feature referenced but not defined": ("      sms: 50", "      sms-pack: 50", "sms-pack: 50",
                                           ["plans[0].features.sms-pack", "found the feature 'sms-pack'",
                                            "expected a feature defined under `features` (booking, sms)"]),
    "feature limit that is not a number": ("sms: 50", "sms: lots", "sms: lots",
                                           ["plans[0].features.sms", "found 'lots'",
                                            "expected true, false, a limit above zero, or unlimited"]),
    "YAML syntax error": ("GBP: {monthly: 10, yearly: 100}", "GBP: {monthly: 10, yearly: 100", "EUR: {monthly: 12",
                          ["YAML syntax error", "check the indentation and quotes"]),
    "date that does not exist": ("effective: 2027-01-01", "effective: 2027-13-01", "2027-13-01",
                                 ["changes[2].effective", "2027-13-01 is not a date: there is no month 13"]),
    "day that February does not have": ("effective: 2027-01-01", "effective: 2026-02-30", "2026-02-30",
                                        ["changes[2].effective", "2026-02-30 is not a date: February 2026 has 28 days"]),
    # pydantic would read a whole number as seconds since 1970, and 0 is a valid midnight.
    "date given as a number": ("since: 2024-01-01", "since: 0", "since: 0",
                               ["plans[0].since", "found 0", "expected a date written YYYY-MM-DD"]),
    "misspelt key": ("    unit: a month", "    units: a month", "units:",
                     ["features[1].units", "unknown key 'units'", "expected one of: id, name, description, group, unit"]),
    # A misspelt required key is also a missing one: both are said, the missing one on the item's first line.
    "misspelt plan key": ("    audience: Sole traders", "    audiences: Sole traders", "  - id: basic",
                          ["plans[0].audience: the required key `audience` is missing", "plans[0].audiences", "unknown key 'audiences'",
                           "expected one of: id, name, description, audience, since, prices, features"]),
    "misspelt change key": ("    reason: SMS costs.", "    reasons: SMS costs.", "  - id: pro-2027",
                            ["changes[2].reason: the required key `reason` is missing", "changes[2].reasons", "unknown key 'reasons'",
                             "expected one of: id, effective, reason, announced, prices"]),
    "misspelt top-level key": ("changes:\n", "change:\n", "change:",
                               ["change: unknown key 'change'",
                                "expected one of: currencies, periods, plans, features, changes"]),
    "key given twice": ("    audience: Sole traders\n", "    audience: Sole traders\n    audience: Everyone\n",
                        "audience: Everyone", ["plans[0].audience", "found the key `audience` twice (first on line 6)"]),
    "change that sets the price it already has": ("GBP: {monthly: 22}", "GBP: {monthly: 20}", "GBP: {monthly: 20}\n",
                                                  ["changes[0].prices.pro.GBP.monthly",
                                                   "found 20, which is already the monthly GBP price of Pro"]),
    "two prices for the same day": ("effective: 2026-06-01\n    reason: Yearly is better value now.\n    prices:\n"
                                    "      basic:\n        GBP: {yearly: 90}",
                                    "effective: 2025-01-01\n    reason: Yearly is better value now.\n    prices:\n"
                                    "      pro:\n        GBP: {monthly: 23}", "GBP: {monthly: 23}",
                                    ["changes[1].prices.pro.GBP.monthly",
                                     "change 'pro-2025' already sets Pro monthly GBP from 2025-01-01",
                                     "expected one price per date"]),
    "plan id with spaces and capitals": ("  - id: pro\n", "  - id: Pro Plan\n", "id: Pro Plan",
                                         ["plans[1].id", "found 'Pro Plan'", "expected an id of lowercase letters"]),
    "change without prices": ("    prices:\n      basic:\n        GBP: {yearly: 90}\n", "    prices: {}\n",
                              "prices: {}", ["changes[1].prices", "expected at least one item"]),
    "price given as true": ("GBP: {monthly: 10,", "GBP: {monthly: true,", "monthly: true",
                            ["plans[0].prices.GBP.monthly", "found true", "expected a number"]),
    "price with too many digits": ("GBP: {monthly: 10,", "GBP: {monthly: 12345678901234,", "12345678901234",
                                   ["found 12345678901234", "expected at most 12 digits"]),
    "change that sets no price for its plan": ("      pro:\n        GBP: {monthly: 25, yearly: 250}", "      pro: {}",
                                               "pro: {}", ["changes[2].prices.pro", "expected at least one item"]),
    "change that sets no price in a currency": ("        GBP: {monthly: 25, yearly: 250}", "        GBP: {}",
                                                "GBP: {}", ["changes[2].prices.pro.GBP", "expected at least one item"]),
    "announcement after the change took effect": ("reason: SMS costs.", "reason: SMS costs.\n    announced: 2027-02-01",
                                                  "announced: 2027-02-01",
                                                  ["changes[2].announced", "found 2027-02-01",
                                                   "expected a date on or before `effective` (2027-01-01)"]),
    "duplicate currency": ("currencies: [GBP, EUR]", "currencies: [GBP, EUR, GBP]", "currencies:",
                           ["currencies[2]", "found the currency 'GBP' twice"]),
    "period not listed in periods": ("currencies: [GBP, EUR]\n", "currencies: [GBP, EUR]\nperiods: [monthly]\n",
                                     "yearly: 100", ["plans[0].prices.GBP.yearly", "found the period 'yearly'",
                                                     "expected one of the periods listed in `periods`: monthly"]),
    "feature limit of zero": ("sms: 50", "sms: 0", "sms: 0",
                              ["plans[0].features.sms", "found 0", "expected true, false, a limit above zero"]),
    "no plans": (VALID, "currencies: [GBP]\nplans: []\n", "plans: []", ["plans", "expected at least one item"]),
    "empty file": (VALID, "", None, ["data/pricing.yml:1:", "found an empty file, expected a mapping"]),
    "a list instead of a mapping": (VALID, "- GBP\n- EUR\n", None, ["found a list, expected a mapping"]),
}


@pytest.mark.parametrize("kind", list(BAD_INPUTS))
def test_bad_input_gets_one_clear_message_with_file_line_key_found_and_expected(kind):
    old, new, at, fragments = BAD_INPUTS[kind]
    assert old in VALID, f"the test's mutation for {kind!r} no longer applies"
    text = VALID.replace(old, new, 1)
    with pytest.raises(pricing.PricingError) as caught:
        pricing.parse(text, "data/pricing.yml")
    message = str(caught.value)
    first = message.splitlines()[0]
    if at is not None:
        assert first.startswith(f"data/pricing.yml:{line(text, at)}:"), f"{kind}: wrong line in {first!r}"
    for fragment in fragments:
        assert fragment in message, f"{kind}: {fragment!r} not in {message!r}"
    assert "Traceback" not in message and "pydantic" not in message and "For further information" not in message


def test_at_least_twenty_kinds_of_bad_input_are_covered():
    assert len(BAD_INPUTS) >= 20


def test_a_missing_file_says_how_to_turn_pricing_off(tmp_path):
    with pytest.raises(pricing.PricingError, match=r"data/pricing.yml: no such file; create it, or set "
                                                   r"extra.openbook.pricing.enabled: false"):
        pricing.load(tmp_path / "nope.yml", "data/pricing.yml")


def test_every_problem_is_reported_not_just_the_first():
    text = VALID.replace("name: Basic", "name: 42").replace("sms: 50", "sms: lots")
    with pytest.raises(pricing.PricingError) as caught:
        pricing.parse(text, "data/pricing.yml")
    assert len(caught.value.problems) == 2


def test_the_schema_command_prints_the_schema(capsys):
    assert pricing.main(["--schema"]) == 0
    assert json.loads(capsys.readouterr().out) == pricing.json_schema()


# --- rendering -----------------------------------------------------------------


def test_the_upcoming_notice_says_what_changes_when_and_why():
    html = pricing_render.upcoming_notice(data(), {}, NOV_22)
    assert "From 2027-01-01</strong>" in html
    assert "Pro costs £25 a month instead of £22 and £250 a year instead of £200." in html
    assert "<strong>Why:</strong> SMS costs." in html


def test_no_upcoming_change_says_so():
    assert "No price changes are planned." in pricing_render.upcoming_notice(data(), {}, date(2027, 6, 1))


def test_data_is_escaped_wherever_it_lands():
    hostile = '<img src=x onerror=alert(1)>'
    text = VALID.replace("name: Pro", f"name: '{hostile}'").replace("reason: SMS costs.", f"reason: '{hostile}'")
    d = data(text)
    outputs = [
        pricing_render.price_table(d, NOV_22),
        pricing_render.feature_matrix(d, NOV_22),
        pricing_render.upcoming_notice(d, {}, NOV_22),
        pricing_render.history_page(d, {}, NOV_22, company="X", min_notice_days=30),
        pricing_render.feed(d, {}, NOV_22, company="X", feed_url="f", history_url="h", id_base="urn:x"),
    ]
    for output in outputs:
        assert "<img" not in output
    assert "### &#60;img src=x onerror=alert&#40;1&#41;&#62;" in outputs[3]


def test_markdown_text_disarms_attribute_lists_and_links():
    assert pricing_render.markdown_text("Pro {onclick=x} [a](b)") == "Pro &#123;onclick=x&#125; &#91;a&#93;&#40;b&#41;"


CORRECTIONS = """
corrections:
  - corrected: 2024-01-03
    what: plans.basic.since
    published: 2024-01-02
    correct: 2024-01-01
    reason: The launch was a day earlier.
  - corrected: 2026-11-01
    what: changes.pro-2027.effective
    published: 2027-02-01
    correct: 2027-01-01
    reason: A typo in the date.
  - corrected: 2026-11-02
    what: plans.pro.prices.EUR.yearly
    published: 250
    correct: 240
    reason: A typo in the price.
"""


def test_each_kind_of_correction_reads_as_a_sentence_newest_first():
    views = pricing_render.correction_views(data(VALID + CORRECTIONS), NOV_22)
    assert [v.text for v in views] == [
        "the Pro yearly price was listed as €250; it was €240",
        "the price change 'pro-2027' was listed as taking effect on 2027-02-01; it takes effect on 2027-01-01",
        "the Basic plan's launch date was listed as 2024-01-02; it was 2024-01-01",
    ]


def test_a_chain_of_corrections_of_one_fact_must_follow_on():
    text = VALID + CORRECTIONS + """\
  - corrected: 2026-11-03
    what: plans.pro.prices.EUR.yearly
    published: 250
    correct: 240
    reason: Again.
"""
    with pytest.raises(pricing.PricingError) as caught:
        data(text)
    assert "corrections[3].published: found 250, but corrections[2] corrected plans.pro.prices.EUR.yearly to 240; " \
        "expected that value" in str(caught.value)


def test_a_correction_of_a_date_with_a_price_is_refused():
    text = VALID + CORRECTIONS.replace("published: 2024-01-02", "published: 12")
    with pytest.raises(pricing.PricingError, match=r"corrections\[0\]\.published: found 12, expected a date"):
        data(text)


def test_rewrites_compare_what_was_published_with_what_is_there_now():
    before = data(VALID)
    after = data(VALID.replace("GBP: {monthly: 22}", "GBP: {monthly: 21}"))
    [rewrite] = pricing.rewrites(before, after)
    assert (rewrite.key, rewrite.published, rewrite.now) == ("changes.pro-2025.prices.pro.GBP.monthly",
                                                             Decimal("22"), Decimal("21"))
    # Adding is never a rewrite.
    added = VALID + """\
  - id: basic-2028
    effective: 2028-01-01
    reason: Later.
    prices:
      basic:
        GBP: {monthly: 11}
"""
    assert pricing.rewrites(before, data(added)) == []


def test_reviewers_see_a_new_correction_and_a_rewrite_in_words():
    before = data(VALID)
    corrected = data(VALID.replace("EUR: {monthly: 24, yearly: 240}", "EUR: {monthly: 24, yearly: 230}") + """
corrections:
  - corrected: 2026-11-22
    what: plans.pro.prices.EUR.yearly
    published: 240
    correct: 230
    reason: A typo.
""")
    texts = [d.text for d in pricing.compare(before, corrected, today=NOV_22, min_notice_days=30)]
    assert "correction of plans.pro.prices.EUR.yearly: published as €240, correct is €230 (corrected 2026-11-22)" \
        in texts
    assert not [t for t in texts if t.startswith("rewrites")]

    rewritten = data(VALID.replace("EUR: {monthly: 24, yearly: 240}", "EUR: {monthly: 24, yearly: 230}"))
    texts = [d.text for d in pricing.compare(before, rewritten, today=NOV_22, min_notice_days=30)]
    assert ("rewrites what was published: plans.pro.prices.EUR.yearly was €240, now €230, with no correction "
            "recorded") in texts
