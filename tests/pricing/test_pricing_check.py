"""`openbook check` for pricing: bad data and the notice rule, with their exit codes."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pytest

from openbook import cli, settings
from openbook.contribution import check
from openbook.pricing import check as pricing_check

# Each of these builds hubs; `python3 dev.py test --quick` leaves them out.
pytestmark = pytest.mark.slow


def epoch(day: str) -> str:
    return str(int(datetime.fromisoformat(day).replace(tzinfo=timezone.utc).timestamp()))


@pytest.fixture
def hub(copy_hub, monkeypatch) -> Path:
    """A copy of the demo hub outside git (every change counts as published today), on 2026-11-22."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch("2026-11-22T10:00:00"))
    return copy_hub


def pricing_findings(hub: Path) -> list[check.Finding]:
    config = settings.load(hub / "mkdocs.yml")
    return check.run(config, checkers=[pricing_check.check_pricing])


def set_min_notice(hub: Path, days: int) -> None:
    config = hub / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "min_notice_days: 30" in text
    config.write_text(text.replace("min_notice_days: 30", f"min_notice_days: {days}"), encoding="utf-8")


def test_the_demo_hub_gives_enough_notice(hub):
    assert pricing_findings(hub) == []


def test_a_short_notice_increase_is_an_error_naming_plan_prices_dates_and_notice(hub):
    set_min_notice(hub, 60)
    findings = pricing_findings(hub)
    # Team and Business, two periods, two currencies each.
    assert len(findings) == 8
    first = findings[0]
    assert (first.level, first.rule, first.file) == ("error", "pricing.notice", "data/pricing.yml")
    text = (hub / "data" / "pricing.yml").read_text(encoding="utf-8").splitlines()
    assert "GBP: {monthly: 32" in text[first.line - 1]
    assert first.message == (
        "change '2027-team-business' raises Team monthly GBP from £29 to £32 from 2027-01-01, not committed yet, "
        "so counted from today, 2026-11-22: 40 days' notice, but the minimum is 60 days; move `effective` to "
        "2027-01-21 or later"
    )


def test_notice_counts_from_today_for_an_uncommitted_change(hub, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch("2026-12-15T10:00:00"))
    findings = pricing_findings(hub)
    assert findings and all("17 days' notice, but the minimum is 30 days" in f.message for f in findings)


def test_raising_the_minimum_later_does_not_fail_changes_already_in_effect(hub):
    set_min_notice(hub, 60)
    # The 2024 rise gave 49 days' notice; only the upcoming one is judged again.
    assert {f.message.split("'")[1] for f in pricing_findings(hub)} == {"2027-team-business"}


def test_an_increase_recorded_after_it_took_effect_is_caught(hub):
    path = hub / "data" / "pricing.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("effective: 2027-01-01", "effective: 2026-11-01"),
                    encoding="utf-8")
    findings = pricing_findings(hub)
    assert len(findings) == 8
    assert "no notice (21 days after it took effect), but the minimum is 30 days" in findings[0].message


def test_a_decrease_with_no_notice_is_fine(hub):
    path = hub / "data" / "pricing.yml"
    text = path.read_text(encoding="utf-8")
    # Effective tomorrow, listed before the 2027 change to keep date order.
    path.write_text(text.replace("  - id: 2027-team-business", """  - id: 2026-starter-cut
    effective: 2026-11-23
    reason: Starter costs less from tomorrow.
    prices:
      starter:
        GBP: {monthly: 11}

  - id: 2027-team-business"""), encoding="utf-8")
    assert pricing_findings(hub) == []
    assert "2026-starter-cut" in path.read_text(encoding="utf-8")


def test_bad_data_is_reported_with_file_line_and_key(hub):
    path = hub / "data" / "pricing.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("GBP: {monthly: 12, yearly: 120}",
                                                             "GBP: {monthly: -12, yearly: 120}"), encoding="utf-8")
    [finding] = pricing_findings(hub)
    assert finding.rule == "pricing.data"
    assert finding.text() == ("data/pricing.yml:20: error: plans[0].prices.GBP.monthly: found -12, expected a "
                              "price above zero [pricing.data]")


def test_pricing_can_be_switched_off(hub):
    config = hub / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("    pricing:\n", "    pricing:\n      enabled: false\n"),
                      encoding="utf-8")
    (hub / "data" / "pricing.yml").write_text("not: [valid", encoding="utf-8")
    assert pricing_findings(hub) == []


def test_check_exits_0_when_the_pricing_is_sound(hub, capsys):
    assert cli.main(["check", "-f", str(hub / "mkdocs.yml"), "--format", "json"]) == cli.EXIT_OK
    report = json.loads(capsys.readouterr().out)
    assert not [f for f in report["findings"] if f["rule"].startswith("pricing.")]


def test_check_exits_1_on_short_notice(hub, capsys):
    set_min_notice(hub, 45)
    assert cli.main(["check", "-f", str(hub / "mkdocs.yml"), "--format", "text"]) == cli.EXIT_FAILED
    out = capsys.readouterr().out
    assert "data/pricing.yml:185: error: change '2027-team-business' raises Team monthly GBP from £29 to £32" in out
    assert "[pricing.notice]" in out


def test_check_exits_2_on_a_misspelt_pricing_setting(hub, capsys):
    config = hub / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("min_notice_days: 30", "min_notice_day: 30"),
                      encoding="utf-8")
    assert cli.main(["check", "-f", str(config)]) == cli.EXIT_USAGE
    assert "extra.openbook.pricing.min_notice_day: unknown key" in capsys.readouterr().err


def git(hub: Path, *args: str, when: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Staff", "GIT_AUTHOR_EMAIL": "s@example.com",
           "GIT_COMMITTER_NAME": "Staff", "GIT_COMMITTER_EMAIL": "s@example.com",
           "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when,
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}
    subprocess.run(["git", *args], cwd=hub, env=env, check=True, capture_output=True)


def test_against_a_base_a_pull_requests_change_counts_from_today_not_from_its_commit(hub, monkeypatch):
    git(hub, "init", "-q", "-b", "main", when="2026-10-01T09:00:00+00:00")
    git(hub, "add", "data/pricing.yml", when="2026-10-01T09:00:00+00:00")
    git(hub, "commit", "-q", "-m", "Prices", when="2026-10-01T09:00:00+00:00")
    git(hub, "checkout", "-q", "-b", "rise", when="2026-10-01T09:00:00+00:00")
    path = hub / "data" / "pricing.yml"
    path.write_text(path.read_text(encoding="utf-8") + """
  - id: 2027-starter
    effective: 2027-01-15
    reason: Starter costs more.
    prices:
      starter:
        GBP: {monthly: 13}
""", encoding="utf-8")
    git(hub, "commit", "-q", "-am", "Raise Starter", when="2026-11-01T09:00:00+00:00")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch("2026-12-20T10:00:00"))
    config = settings.load(hub / "mkdocs.yml")
    # Committed on the branch 75 days ahead: enough, by the branch's own history.
    assert check.run(config, checkers=[pricing_check.check_pricing]) == []
    # Not on main yet: published when merged, today at the earliest, 26 days ahead.
    [finding] = check.run(config, base="main", checkers=[pricing_check.check_pricing])
    assert "raises Starter monthly GBP from £12 to £13 from 2027-01-15" in finding.message
    assert "26 days' notice, but the minimum is 30 days" in finding.message


def test_raising_an_announced_rise_later_needs_notice_of_its_own(hub, monkeypatch):
    git(hub, "init", "-q", "-b", "main", when="2026-10-01T09:00:00+00:00")
    git(hub, "add", "data/pricing.yml", when="2026-10-01T09:00:00+00:00")
    git(hub, "commit", "-q", "-m", "Prices", when="2026-10-01T09:00:00+00:00")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch("2026-12-20T10:00:00"))
    config = settings.load(hub / "mkdocs.yml")
    # Published on 2026-10-01 for 2027-01-01: 92 days' notice.
    assert check.run(config, checkers=[pricing_check.check_pricing]) == []
    path = hub / "data" / "pricing.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("GBP: {monthly: 32,", "GBP: {monthly: 35,"),
                    encoding="utf-8")
    git(hub, "commit", "-q", "-am", "Team costs more still", when="2026-12-20T09:00:00+00:00")
    # Customers hear of £35 only now: 12 days ahead, whatever the change's first commit said.
    [finding] = check.run(config, checkers=[pricing_check.check_pricing])
    assert "raises Team monthly GBP from £29 to £35 from 2027-01-01, published 2026-12-20: 12 days' notice" \
        in finding.message


def test_with_base_a_change_committed_on_the_branch_is_not_on_the_base_yet_not_uncommitted(hub):
    from gitrepo import GitRepo

    path = hub / "data" / "pricing.yml"
    text = path.read_text(encoding="utf-8")
    # The base has no 2027 change; the branch commits it.
    start = text.index("  - id: 2027-team-business")
    path.write_text(text[:start].rstrip() + "\n", encoding="utf-8")
    repo = GitRepo.hub(hub)
    repo.branch("proposal")
    path.write_text(text, encoding="utf-8")
    set_min_notice(hub, 60)
    repo.commit("Raise Team and Business prices")

    config = settings.load(hub / "mkdocs.yml")
    findings = check.run(config, base="main", checkers=[pricing_check.check_pricing])

    assert findings and all("not on main yet, so counted from today (it is published when merged), 2026-11-22"
                            in f.message for f in findings), findings[0].message
    assert not any("not committed yet" in f.message for f in findings)


# --- the record is append-only ------------------------------------------------------------------


def committed(hub: Path, when: str = "2026-10-01T09:00:00+00:00") -> Path:
    """The hub as a repository whose one commit published its pricing file; returns the file."""
    git(hub, "init", "-q", "-b", "main", when=when)
    git(hub, "add", "data/pricing.yml", when=when)
    git(hub, "commit", "-q", "-m", "Prices", when=when)
    return hub / "data" / "pricing.yml"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


TEAM_LAUNCH = "GBP: {monthly: 25, yearly: 250}"


def test_a_rewritten_launch_price_is_an_error_that_points_to_a_correction(hub):
    path = committed(hub)
    edit(path, TEAM_LAUNCH, "GBP: {monthly: 25, yearly: 240}")

    [finding] = pricing_findings(hub)

    assert (finding.level, finding.rule) == ("error", "pricing.rewritten")
    assert TEAM_LAUNCH.replace("250", "240") in path.read_text().splitlines()[finding.line - 1]
    assert finding.message == (
        "plans.team.prices.GBP.yearly was published by the last commit (HEAD) as £250 and is £240 here; the price "
        "history is append-only. If £250 was wrong, record it under `corrections:` (corrected: YYYY-MM-DD, what: "
        "plans.team.prices.GBP.yearly, published: 250, correct: 240, reason: why), and the price history page will "
        "show it; to change a price from a date on, add a change under `changes:` instead"
    )


CORRECTION = """
corrections:
  - corrected: 2026-11-22
    what: plans.team.prices.GBP.yearly
    published: 250
    correct: 240
    reason: The launch table had a typo; Team yearly customers were always charged £240.
"""


def test_a_rewrite_recorded_as_a_correction_passes(hub):
    path = committed(hub)
    edit(path, TEAM_LAUNCH, "GBP: {monthly: 25, yearly: 240}")
    path.write_text(path.read_text(encoding="utf-8") + CORRECTION, encoding="utf-8")

    assert pricing_findings(hub) == []


def test_a_rewritten_past_change_is_an_error_for_its_date_and_its_price(hub, monkeypatch):
    path = committed(hub)
    edit(path, "effective: 2025-09-01", "effective: 2025-08-15")
    edit(path, "GBP: {yearly: 108}", "GBP: {yearly: 100}")
    # Against the base branch, as in a pull request.
    git(hub, "checkout", "-q", "-b", "tidy", when="2026-11-01T09:00:00+00:00")
    git(hub, "commit", "-q", "-am", "Tidy", when="2026-11-01T09:00:00+00:00")
    config = settings.load(hub / "mkdocs.yml")

    findings = check.run(config, base="main", checkers=[pricing_check.check_pricing])

    assert [f.rule for f in findings] == ["pricing.rewritten", "pricing.rewritten"]
    assert findings[0].message.startswith(
        "changes.2025-starter-yearly.effective was published by the base branch (main) as 2025-09-01 and is "
        "2025-08-15 here; the price history is append-only.")
    assert "record it under `corrections:`" in findings[0].message
    assert "changes:" not in findings[0].message.split("page will show it")[1]
    assert findings[1].message.startswith("changes.2025-starter-yearly.prices.starter.GBP.yearly was published "
                                          "by the base branch (main) as £108 and is £100 here")


def test_a_published_plan_or_change_cannot_be_removed(hub):
    path = committed(hub)
    text = path.read_text(encoding="utf-8")
    path.write_text(text[:text.index("  - id: 2027-team-business")], encoding="utf-8")

    [finding] = pricing_findings(hub)

    assert finding.message.startswith("change '2027-team-business' was published by the last commit (HEAD) and is "
                                      "gone here; what the hub published stays in its history: put it back")


def test_a_correction_that_raises_a_launch_price_is_a_rise_without_notice(hub):
    path = committed(hub)
    edit(path, TEAM_LAUNCH, "GBP: {monthly: 25, yearly: 260}")
    path.write_text(path.read_text(encoding="utf-8") + CORRECTION.replace("correct: 240", "correct: 260"),
                    encoding="utf-8")

    [finding] = pricing_findings(hub)

    assert finding.rule == "pricing.notice"
    assert finding.message == (
        "corrections[0]: this correction raises Team yearly GBP from £250 to £260 from 2021-03-01, told to customers "
        "today, 2026-11-22: no notice, but the minimum is 30 days; customers already pay £250 since 2021-03-01, "
        "and a correction cannot raise what they paid: keep £250, and add a change under `changes:` effective "
        "2026-12-22 or later"
    )


def test_a_correction_that_raises_an_announced_rise_with_short_notice_is_an_error(hub, monkeypatch):
    path = committed(hub)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch("2026-12-20T10:00:00"))
    edit(path, "GBP: {monthly: 32, yearly: 320}", "GBP: {monthly: 35, yearly: 320}")
    path.write_text(path.read_text(encoding="utf-8") + """
corrections:
  - corrected: 2026-12-20
    what: changes.2027-team-business.prices.team.GBP.monthly
    published: 32
    correct: 35
    reason: We announced the wrong figure.
""", encoding="utf-8")

    [finding] = pricing_findings(hub)

    assert finding.rule == "pricing.notice"
    assert finding.message == (
        "change '2027-team-business' raises Team monthly GBP from £29 to £35 from 2027-01-01, not committed yet, so "
        "counted from today, 2026-12-20: 12 days' notice, but the minimum is 30 days; the correction makes it a rise "
        "customers hear of now: keep `effective` at 2027-01-19 or later"
    )


def test_a_correction_that_moves_a_rise_earlier_needs_notice_from_the_correction(hub, monkeypatch):
    path = committed(hub)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch("2026-12-10T10:00:00"))
    edit(path, "effective: 2027-01-01", "effective: 2026-12-20")
    path.write_text(path.read_text(encoding="utf-8") + """
corrections:
  - corrected: 2026-12-10
    what: changes.2027-team-business.effective
    published: 2027-01-01
    correct: 2026-12-20
    reason: The rise was announced with the wrong date.
""", encoding="utf-8")

    findings = pricing_findings(hub)

    assert findings and {f.rule for f in findings} == {"pricing.notice"}
    assert "from 2026-12-20, not committed yet, so counted from today, 2026-12-10: 10 days' notice" \
        in findings[0].message


def test_a_past_rise_in_a_new_repository_points_to_announced_not_to_moving_effective(hub):
    # No git history: the file is recorded now, after the rise took effect.
    path = hub / "data" / "pricing.yml"
    edit(path, "effective: 2027-01-01", "effective: 2026-11-01")

    findings = pricing_findings(hub)

    assert findings
    for finding in findings:
        assert "move `effective`" not in finding.message
        assert finding.message.endswith(
            "it took effect before this file recorded it: if customers were told of it at least 30 days before, "
            "record the day they were told as `announced:` (2026-10-02 or earlier)")


def test_a_correction_must_name_a_fact_and_give_its_value_now(hub):
    path = hub / "data" / "pricing.yml"
    path.write_text(path.read_text(encoding="utf-8") + CORRECTION.replace("plans.team.", "plans.teams."), encoding="utf-8")
    [finding] = pricing_findings(hub)
    assert finding.rule == "pricing.data" and finding.message.startswith(
        "corrections[0].what: found 'plans.teams.prices.GBP.yearly', expected a date or price this file states")

    path.write_text(path.read_text(encoding="utf-8").replace("plans.teams.", "plans.team."), encoding="utf-8")
    [finding] = pricing_findings(hub)
    assert finding.message == ("corrections[0].correct: found 240, but plans.team.prices.GBP.yearly is 250 in this "
                               "file; expected the value the file gives")


def test_a_rewritten_launch_price_fails_the_gate_through_base(hub, capsys):
    # The gate builds a temporary copy with no git: the published version is read from the hub's repository.
    from gitrepo import GitRepo

    repo = GitRepo.hub(hub)
    repo.branch("proposal")
    edit(hub / "data" / "pricing.yml", TEAM_LAUNCH, "GBP: {monthly: 25, yearly: 240}")
    repo.commit("Team yearly is 240")

    code = cli.main(["check", "-f", str(hub / "mkdocs.yml"), "--base", "main", "--format", "json"])
    findings = json.loads(capsys.readouterr().out)["findings"]

    assert code == cli.EXIT_FAILED
    [rewrite] = [f["message"] for f in findings if f["rule"] == "pricing.rewritten"]
    assert rewrite.startswith("plans.team.prices.GBP.yearly was published by the base branch (main) as £250 and is "
                              "£240 here")
