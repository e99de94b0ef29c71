"""Practices front matter: each malformed page gets an error naming the file, line and key; reviews fall due."""

from __future__ import annotations

from datetime import date

import pytest

from openbook import settings
from openbook.contribution import check
from openbook.practices import check as practices_check, model as practices

GOOD = """---
title: Refunds
owner: Finance team (Jonas Berg)
last_reviewed: 2026-03-02
review_every: 180
tags:
  - billing
---

# Refunds
"""


def parse(text: str, default: int = 365) -> practices.Practice:
    return practices.parse(text, "practices/refunds.md", default_review_every=default,
                           file="docs/practices/refunds.md")


def problems(text: str) -> list[str]:
    with pytest.raises(practices.PracticeError) as caught:
        parse(text)
    return [p.text() for p in caught.value.problems]


def test_a_well_formed_practice_gives_its_owner_review_date_and_next_review():
    practice = parse(GOOD)
    assert practice.owner == "Finance team (Jonas Berg)"
    assert practice.last_reviewed == date(2026, 3, 2)
    assert practice.next_review == date(2026, 8, 29)
    assert practice.title == "Refunds"


def test_review_every_defaults_to_the_hubs_setting():
    practice = parse(GOOD.replace("review_every: 180\n", ""), default=90)
    assert practice.review_every == 90
    assert practice.next_review == date(2026, 5, 31)


def test_a_review_is_overdue_only_after_its_due_date():
    practice = parse(GOOD)
    assert not practice.overdue(date(2026, 8, 29))
    assert practice.overdue(date(2026, 8, 30))
    assert practice.days_overdue(date(2026, 9, 8)) == 10


def test_the_title_falls_back_to_the_first_heading():
    assert parse(GOOD.replace("title: Refunds\n", "").replace("# Refunds", "# Money back")).title == "Money back"


def test_a_bad_date_names_the_file_line_and_key():
    assert problems(GOOD.replace("2026-03-02", "2026-13-02")) == [
        "docs/practices/refunds.md:4: last_reviewed: 2026-13-02 is not a date: there is no month 13"
    ]


def test_a_day_the_month_does_not_have_is_named_not_called_the_wrong_format():
    assert problems(GOOD.replace("2026-03-02", "2026-02-30")) == [
        "docs/practices/refunds.md:4: last_reviewed: 2026-02-30 is not a date: February 2026 has 28 days"
    ]


def test_a_date_in_another_format_is_refused():
    assert problems(GOOD.replace("2026-03-02", "March 2, 2026")) == [
        "docs/practices/refunds.md:4: last_reviewed: 'March 2, 2026' is not a date; write it as YYYY-MM-DD, such as 2027-01-01"
    ]


def test_an_unknown_key_names_the_file_line_and_key():
    (message,) = problems(GOOD.replace("review_every: 180\n", "review_every: 180\nreviewer: Jonas\n"))
    assert message.startswith("docs/practices/refunds.md:6: reviewer: unknown key; a practices page takes owner,")


def test_a_missing_owner_is_an_error():
    (message,) = problems(GOOD.replace("owner: Finance team (Jonas Berg)\n", ""))
    assert message.startswith("docs/practices/refunds.md:1: owner: missing; name the team or person")


def test_an_empty_owner_is_an_error_on_its_line():
    (message,) = problems(GOOD.replace("owner: Finance team (Jonas Berg)", "owner:"))
    assert message.startswith("docs/practices/refunds.md:3: owner: missing")


def test_a_missing_review_date_is_an_error():
    assert problems(GOOD.replace("last_reviewed: 2026-03-02\n", "")) == [
        "docs/practices/refunds.md:1: last_reviewed: missing; give the date of the last review as YYYY-MM-DD"
    ]


def test_review_every_must_be_a_number_of_days_from_one_to_ten_years():
    assert problems(GOOD.replace("review_every: 180", "review_every: yearly")) == [
        "docs/practices/refunds.md:5: review_every: expected a whole number of days up to 3650 (ten years), "
        "found 'yearly'"
    ]
    assert problems(GOOD.replace("review_every: 180", "review_every: 0")) == [
        "docs/practices/refunds.md:5: review_every: expected a whole number of days up to 3650 (ten years), "
        "found 0"
    ]
    # Longer than ten years is a typo (and past year 9999, no date at all): not a crash.
    assert problems(GOOD.replace("review_every: 180", "review_every: 99999999999")) == [
        "docs/practices/refunds.md:5: review_every: expected a whole number of days up to 3650 (ten years), "
        "found 99999999999"
    ]


def test_a_key_given_twice_names_both_lines():
    assert problems(GOOD.replace("review_every: 180", "review_every: 180\nowner: Legal team")) == [
        "docs/practices/refunds.md:6: owner: found twice (first on line 3); give each key once"
    ]


def test_every_problem_on_a_page_is_reported_at_once():
    text = GOOD.replace("owner: Finance team (Jonas Berg)\n", "").replace("2026-03-02", "soon")
    assert [m.split(": ")[1] for m in problems(text)] == ["owner", "last_reviewed"]


def test_a_page_without_front_matter_says_what_to_add():
    (message,) = problems("# Refunds\n")
    assert "no front matter" in message and "owner:" in message


def test_invalid_yaml_names_the_line():
    (message,) = problems(GOOD.replace("owner: Finance team (Jonas Berg)", "owner: [unclosed"))
    assert message.startswith("docs/practices/refunds.md:")
    assert "front matter: not valid YAML" in message


def test_the_index_is_not_a_practice():
    assert practices.is_practice("practices/refunds.md", "practices")
    assert not practices.is_practice("practices/index.md", "practices")
    assert not practices.is_practice("pricing.md", "practices")


# `openbook check`


def run_check(hub, today: date) -> list[check.Finding]:
    config = settings.load(hub / "mkdocs.yml")
    ctx = check.CheckContext(config=config, root=hub.resolve(), today=today)
    return list(practices_check.check_practices(ctx))


def test_check_warns_about_an_overdue_review_on_its_line(copy_hub):
    findings = run_check(copy_hub, date(2026, 9, 1))
    overdue = [f for f in findings if f.file == "docs/practices/refunds.md"]
    assert [(f.level, f.rule, f.line) for f in overdue] == [("warning", "practices.overdue", 5)]
    assert "last reviewed 2026-03-02, due 2026-08-29 (3 days ago)" in overdue[0].message


def test_check_fails_on_an_overdue_review_when_the_hub_says_so(copy_hub):
    config = copy_hub / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("    practices:\n", "    practices:\n      fail_on_overdue: true\n", 1),
                      encoding="utf-8")
    findings = run_check(copy_hub, date(2026, 9, 1))
    assert ("error", "practices.overdue") in {(f.level, f.rule) for f in findings}


def test_check_reports_malformed_front_matter_as_errors_naming_file_line_and_key(copy_hub):
    page = copy_hub / "docs" / "practices" / "security.md"
    page.write_text(page.read_text(encoding="utf-8").replace("last_reviewed: 2026-10-12", "last_reviewed: 12/10/2026"),
                    encoding="utf-8")
    findings = run_check(copy_hub, date(2026, 10, 13))
    assert [f.text() for f in findings if f.level == "error"] == [
        "docs/practices/security.md:5: error: last_reviewed: '12/10/2026' is not a date; write it as YYYY-MM-DD, such as 2027-01-01 "
        "[practices.front-matter]"
    ]


def test_check_is_quiet_when_every_review_is_current(copy_hub):
    refunds = copy_hub / "docs" / "practices" / "refunds.md"
    refunds.write_text(refunds.read_text(encoding="utf-8").replace("last_reviewed: 2026-03-02", "last_reviewed: 2026-10-01"),
                       encoding="utf-8")
    assert run_check(copy_hub, date(2026, 11, 1)) == []


def test_check_refuses_a_review_dated_in_the_future(copy_hub):
    # Dating a review ahead would keep a page from ever showing as overdue.
    findings = run_check(copy_hub, date(2026, 10, 1))
    future = [f for f in findings if f.rule == "practices.future-review"]
    assert [(f.file, f.line, f.level) for f in future] == [("docs/practices/security.md", 5, "error")]
    assert "last_reviewed: 2026-10-12 is after today (2026-10-01)" in future[0].message


def test_the_full_check_reports_and_counts_malformed_practice_front_matter_once(copy_hub, monkeypatch, capsys):
    from openbook import cli

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795348800")  # 2026-11-22
    page = copy_hub / "docs" / "practices" / "security.md"
    page.write_text(page.read_text(encoding="utf-8").replace("last_reviewed: 2026-10-12", "last_reviewed: 2026-02-30"),
                    encoding="utf-8")

    assert cli.main(["check", "-f", str(copy_hub / "mkdocs.yml"), "--format", "text"]) == cli.EXIT_FAILED

    out = capsys.readouterr().out
    assert out.count("2026-02-30 is not a date: February 2026 has 28 days") == 1, out
    assert "Malformed" not in out
    assert [line for line in out.splitlines() if ": error: " in line] == [
        "docs/practices/security.md:5: error: last_reviewed: 2026-02-30 is not a date: February 2026 has 28 days "
        "[practices.front-matter]"]
    assert "openbook check: 1 error(s)" in out
