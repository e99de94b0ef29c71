"""The register of subprocessors as data: each error message names the file, line and key; the rules in words."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from openbook.subprocessors import model
from openbook.subprocessors.model import Publication, Stated

ROOT = Path(__file__).resolve().parents[2]
FILE = "data/subprocessors.yml"

VALID = """\
subprocessors:
  - id: rackhouse
    name: Rackhouse
    purpose: hosting
    data: everything
    location: GB
    transfer: none-needed
    website: https://rackhouse.example/
    since: 2021-03-01
  - id: postbox
    name: Postbox
    purpose: reminder e-mails
    data: names and e-mail addresses
    location: US
    transfer: dpf
    website: https://postbox.example/
    since: 2021-03-01
  - id: acme-mail
    name: Acme Mail
    purpose: reminder e-mails
    data: names and e-mail addresses
    location: IE
    transfer: none-needed
    website: https://acme-mail.example/
    since: 2027-01-15
changes:
  - id: acme-mail-replaces-postbox
    kind: replace
    effective: 2027-01-15
    subprocessor: acme-mail
    replaces: postbox
    reason: Acme Mail keeps addresses in the EU.
"""
NOV_22 = date(2026, 11, 22)


def errors(text: str) -> list[str]:
    with pytest.raises(model.RegisterError) as caught:
        model.parse(text, FILE)
    return caught.value.lines()


def test_the_valid_register_reads_as_written():
    data = model.parse(VALID, FILE)
    assert [s.id for s in model.in_use(data, NOV_22)] == ["rackhouse", "postbox"]
    assert [s.id for s in model.in_use(data, date(2027, 1, 15))] == ["rackhouse", "acme-mail"]
    assert model.sentence(data, data.changes[0]) == "Acme Mail replaces Postbox for reminder e-mails"
    assert model.objection_deadline(data.changes[0]) == date(2027, 1, 14)


def test_an_empty_file_or_one_of_comments_is_an_empty_register():
    assert model.parse("# nothing yet\n", FILE) == model.Register()
    assert model.parse("subprocessors: []\nchanges: []\ncorrections: []\n", FILE) == model.Register()


@pytest.mark.parametrize(("old", "new", "message"), [
    ("location: US", "location: UK",
     "data/subprocessors.yml:14: subprocessors[1].location: 'UK' is not an ISO 3166 country code; expected e.g. GB"),
    ("location: US", "location: us",
     "data/subprocessors.yml:14: subprocessors[1].location: 'us' is not an ISO 3166 country code; expected e.g. US"),
    ("location: US", "location: '001'",
     "data/subprocessors.yml:14: subprocessors[1].location: '001' is not an ISO 3166 country code; "
     "expected e.g. GB, IE, DE or US"),
    ("transfer: dpf", "transfer: privacy-shield",
     "data/subprocessors.yml:15: subprocessors[1].transfer: found 'privacy-shield', expected one of: none-needed "
     "(none needed (processed in the uk or the eea)), adequacy (adequacy decision), scc (standard contractual "
     "clauses), dpf (eu-us data privacy framework (with its uk extension)), bcr (binding corporate rules)"),
    ("website: https://postbox.example/", "website: javascript:alert(1)",
     "data/subprocessors.yml:16: subprocessors[1].website: found 'javascript:alert(1)', expected a web address "
     "starting https://"),
    ("since: 2021-03-01\n  - id: acme", "since: 2021-02-30\n  - id: acme",
     "data/subprocessors.yml:17: subprocessors[1].since: 2021-02-30 is not a date: February 2021 has 28 days"),
    ("    name: Postbox\n", "",
     "data/subprocessors.yml:10: subprocessors[1].name: the required key `name` is missing"),
    ("    name: Postbox\n", "    name: Postbox\n    country: US\n",
     "data/subprocessors.yml:12: subprocessors[1].country: unknown key 'country'; expected one of: id, name, "
     "purpose, data, location, transfer, website, since"),
    ("kind: replace", "kind: swap",
     "data/subprocessors.yml:28: changes[0].kind: found 'swap', expected add, remove or replace"),
    ("id: postbox", "id: Postbox",
     "data/subprocessors.yml:10: subprocessors[1].id: found 'Postbox', expected an id of lowercase letters, digits "
     "and hyphens"),
    ("    name: Postbox\n", "    name: Postbox\n    name: Postbox2\n",
     "data/subprocessors.yml:12: subprocessors[1].name: found the key `name` twice (first on line 11), expected "
     "each key once"),
])
def test_each_data_error_names_the_file_line_key_what_was_found_and_what_was_expected(old, new, message):
    assert old in VALID
    assert errors(VALID.replace(old, new, 1)) == [message]


def test_a_change_naming_no_entry_and_a_replace_without_replaces_are_errors_at_their_lines():
    text = VALID.replace("subprocessor: acme-mail", "subprocessor: acme-male").replace("    replaces: postbox\n", "")
    assert errors(text) == [
        "data/subprocessors.yml:28: changes[0].kind: a replacement names the entry that stops: add `replaces: ID` "
        "(the old entry) beside `subprocessor: ID` (the new one)",
        "data/subprocessors.yml:30: changes[0].subprocessor: found 'acme-male', expected the id of an entry under "
        "`subprocessors` (rackhouse, postbox, acme-mail)",
    ]


def test_an_added_entry_starts_on_its_changes_date():
    assert errors(VALID.replace("since: 2027-01-15", "since: 2026-12-01")) == [
        "data/subprocessors.yml:25: subprocessors[2].since: found 2026-12-01, but change 'acme-mail-replaces-postbox' "
        "adds 'acme-mail' from 2027-01-15; expected since: 2027-01-15"
    ]


def test_a_syntax_error_and_a_list_at_the_top_name_their_line():
    assert errors("subprocessors:\n  - id: [x\n") == [
        "data/subprocessors.yml:3: YAML syntax error: expected ',' or ']', but got '<stream end>'; check the "
        "indentation and quotes"
    ]
    assert errors("- a\n") == [
        "data/subprocessors.yml:1: found a list, expected a mapping with subprocessors, changes and corrections"
    ]


def test_the_notice_rule_fails_a_replacement_with_short_notice_and_says_what_would_be_enough():
    data = model.parse(VALID.replace("2027-01-15", "2026-12-10"), FILE)
    [violation] = model.notice_violations(data, {}, NOV_22, 30)
    assert violation.message() == (
        "change 'acme-mail-replaces-postbox' (Acme Mail replaces Postbox for reminder e-mails) takes effect on "
        "2026-12-10, not committed yet, so counted from today, 2026-11-22: 18 days' notice, but the minimum is 30 "
        "days; move `effective` to 2026-12-22 or later"
    )


def test_a_removal_needs_no_notice_and_a_published_change_counts_from_its_commit():
    removal = VALID + """\
  - id: rackhouse-goes
    kind: remove
    effective: 2027-01-20
    subprocessor: rackhouse
    reason: We move hosting in-house.
"""
    data = model.parse(removal, FILE)
    assert model.notice_violations(data, {}, date(2027, 1, 19), 30) == [
        v for v in model.notice_violations(data, {}, date(2027, 1, 19), 30) if v.change.id != "rackhouse-goes"]
    stated = {"acme-mail-replaces-postbox": [Stated("replace", "acme-mail", "postbox", date(2027, 1, 15),
                                                    Publication(date(2026, 11, 1), "Ada", "abc1234"))]}
    assert model.notice_violations(data, stated, NOV_22, 30) == []
    # Moved sooner later: it counts from the edit, not from the first commit.
    sooner = model.parse(removal.replace("2027-01-15", "2026-12-01"), FILE)
    [violation] = model.notice_violations(sooner, stated, NOV_22, 30)
    assert violation.notice.source == "uncommitted"


def test_a_rewrite_of_a_published_fact_is_found_and_a_correction_makes_it_public():
    published = model.parse(VALID, FILE)
    moved = model.parse(VALID.replace("location: US", "location: IE"), FILE)
    [rewrite] = model.rewrites(published, moved)
    assert rewrite.message("the base branch (main)") == (
        "subprocessors.postbox.location was published by the base branch (main) as 'US' and is 'IE' here; the "
        "register is append-only. If 'US' was wrong, record it under `corrections:` (corrected: YYYY-MM-DD, what: "
        "subprocessors.postbox.location, published: US, correct: IE, reason: why), and the page will show it; if it "
        "changes from a date on, add a change under `changes:` instead"
    )
    corrected = model.parse(VALID.replace("location: US", "location: IE") + """\
corrections:
  - corrected: 2026-11-20
    what: subprocessors.postbox.location
    published: US
    correct: IE
    reason: Postbox moved our account to Dublin in 2024; we listed it wrongly.
""", FILE)
    assert model.rewrites(published, corrected) == []


def test_the_committed_schema_is_the_models(tmp_path):
    for schema in (ROOT / "data" / "subprocessors.schema.json", ROOT / "tests" / "hub" / "data" / "subprocessors.schema.json"):
        assert json.loads(schema.read_text(encoding="utf-8")) == model.json_schema(), (
            f"{schema} is stale: run {model.SCHEMA_COMMAND}")
    for register in (ROOT / "data" / "subprocessors.yml", ROOT / "tests" / "hub" / "data" / "subprocessors.yml"):
        assert register.read_text(encoding="utf-8").startswith(
            "# yaml-language-server: $schema=./subprocessors.schema.json\n")


def test_announcements_give_the_notices_feature_every_change_with_its_publication():
    data = model.parse(VALID, FILE)
    stated = {"acme-mail-replaces-postbox": [Stated("replace", "acme-mail", "postbox", date(2027, 1, 15),
                                                    Publication(date(2026, 11, 1), "Ada", "abc1234"))]}
    [upcoming] = model.upcoming_changes(data, stated, NOV_22)
    assert (upcoming.id, upcoming.kind, upcoming.name, upcoming.replaces, upcoming.title, upcoming.published,
            upcoming.notice_days, upcoming.objection_deadline) == (
        "acme-mail-replaces-postbox", "replace", "Acme Mail", "Postbox",
        "Acme Mail replaces Postbox for reminder e-mails", date(2026, 11, 1), 75, date(2027, 1, 14))


def test_a_missing_register_says_how_to_create_it_or_turn_it_off(tmp_path):
    with pytest.raises(model.RegisterError) as caught:
        model.load(tmp_path / "registry.yml", "data/registry.yml")
    assert caught.value.lines() == [
        "data/registry.yml: no such file; create it (`openbook new` writes an empty one), or set "
        "extra.openbook.subprocessors.enabled: false"
    ]


def test_corrections_must_name_a_fact_and_give_the_value_the_file_has():
    text = VALID + """\
corrections:
  - corrected: 2026-11-20
    what: subprocessors.postbox.colour
    published: US
    correct: IE
    reason: Typo.
  - corrected: 2026-11-20
    what: subprocessors.postbox.location
    published: US
    correct: IE
    reason: Postbox moved our account.
"""
    assert errors(text) == [
        "data/subprocessors.yml:35: corrections[0].what: found 'subprocessors.postbox.colour', expected a fact this "
        "file states, named by ids: subprocessors.ID.FIELD or changes.ID.FIELD",
        "data/subprocessors.yml:42: corrections[1].correct: found 'IE', but subprocessors.postbox.location is 'US' in "
        "this file; expected the value the file gives",
    ]


def test_an_addition_can_be_cancelled_by_a_removal_on_its_day_but_not_removed_before_it_starts():
    cancel = """\
  - id: acme-mail-cancelled
    kind: remove
    effective: {day}
    subprocessor: acme-mail
    reason: We stay with Postbox after all.
"""
    data = model.parse(VALID + cancel.format(day="2027-01-15"), FILE)
    assert [s.id for s in model.in_use(data, date(2027, 1, 15))] == ["rackhouse"]
    assert model.sentence(data, data.changes[1]) == "we stop using Acme Mail for reminder e-mails"
    assert errors(VALID + cancel.format(day="2027-01-10")) == [
        "data/subprocessors.yml:35: changes[1].effective: found 2027-01-10, after a change effective 2027-01-15; "
        "expected changes in date order, oldest first",
        "data/subprocessors.yml:35: changes[1].effective: found 2027-01-10, but 'acme-mail' is used only from "
        "2027-01-15; expected a date on or after that",
    ]
