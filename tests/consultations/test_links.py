"""The two fields that name a consultation: `consultation:` on a price change, `consultations:` on a practice."""

from __future__ import annotations

from pathlib import Path

import pytest

from openbook.practices import model as practices
from openbook.pricing import model as pricing

HUB = Path(__file__).resolve().parents[1] / "hub"


def test_a_price_change_names_the_consultation_it_came_from():
    data = pricing.load(HUB / "data" / "pricing.yml", "data/pricing.yml")
    assert data.change("2027-team-business").consultation == 34
    assert all(c.consultation is None for c in data.changes if c.id != "2027-team-business")


@pytest.mark.parametrize("value", ["0", "-3", "'34'", "thirty-four", "true", "[34]"])
def test_a_consultation_that_is_not_an_issue_number_is_an_error_on_its_line(value):
    text = (HUB / "data" / "pricing.yml").read_text().replace("consultation: 34", f"consultation: {value}")
    with pytest.raises(pricing.PricingError) as caught:
        pricing.parse(text, "data/pricing.yml")
    line = pricing.line_of(text, ("changes", 2, "consultation"))
    assert line is not None and f"data/pricing.yml:{line}: changes[" in str(caught.value)
    assert ".consultation: found" in str(caught.value)


def test_the_committed_schema_knows_the_field():
    assert '"consultation"' in (HUB / "data" / "pricing.schema.json").read_text()


PAGE = "---\nowner: Support team\nlast_reviewed: 2026-09-14\n{extra}---\n\n# Support\n"


def test_a_practice_names_its_consultations_once_each():
    practice = practices.parse(PAGE.format(extra="consultations: [25, 40, 25]\n"), "practices/support.md",
                               default_review_every=365)
    assert practice.consultations == (25, 40)
    assert practices.parse(PAGE.format(extra=""), "practices/support.md", default_review_every=365).consultations == ()


@pytest.mark.parametrize("value", ["25", "[0]", "[true]", "['25']", "{a: 1}"])
def test_a_consultations_list_of_anything_but_numbers_is_an_error_on_its_line(value):
    with pytest.raises(practices.PracticeError) as caught:
        practices.parse(PAGE.format(extra=f"consultations: {value}\n"), "practices/support.md",
                        default_review_every=365)
    assert str(caught.value).startswith("practices/support.md:4: consultations: expected a list of consultation numbers")
