"""The register's rules through the gate: `openbook check --base main` on a branch of a temporary hub, as CI runs it.

Rules: subprocessors.notice (an addition or replacement with short notice, or a new
entry no change adds), subprocessors.rewritten (a published fact changed without a
correction), subprocessors.invalid (data that does not validate). The base commit
is dated 2026-10-01, the branch's 2026-11-20, and the check runs on 2026-11-22.
"""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURE_NOW
from gitrepo import GitRepo
from openbook import cli

# Each of these builds hubs; `python3 dev.py test --quick` leaves them out.
pytestmark = pytest.mark.slow

REGISTER = "data/subprocessors.yml"

CHATLINE = """\
  - id: chatline
    name: Chatline
    purpose: live chat support
    data: your name and what you write in the chat
    location: US
    transfer: scc
    website: https://chatline.example/privacy
    since: {effective}

changes:"""
ADD_CHATLINE = """
  - id: chatline-added
    kind: add
    effective: {effective}
    subprocessor: chatline
    reason: Live chat, which you asked for.
"""


@pytest.fixture
def hub(copy_hub, monkeypatch) -> GitRepo:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXTURE_NOW)
    repo = GitRepo.hub(copy_hub)
    repo.branch("proposal")
    return repo


def check(hub: GitRepo, capsys) -> tuple[int, list[dict]]:
    code = cli.main(["check", "-f", str(hub.config_file), "--base", "main", "--format", "json"])
    return code, json.loads(capsys.readouterr().out)["findings"]


def register_findings(findings: list[dict]) -> list[dict]:
    return [f for f in findings if f["rule"].startswith("subprocessors.")]


def add_chatline(hub: GitRepo, effective: str) -> None:
    hub.replace(REGISTER, "\nchanges:", "\n" + CHATLINE.format(effective=effective))
    # Changes are kept oldest first: before the fixture's 2027-01-15 change.
    hub.replace(REGISTER, "\n  - id: acme-mail-replaces-postbox", ADD_CHATLINE.format(effective=effective)
                + "\n  - id: acme-mail-replaces-postbox")


def line_of(hub: GitRepo, text: str) -> int:
    return next(n for n, line in enumerate(hub.read(REGISTER).splitlines(), 1) if text in line)


def test_an_addition_with_short_notice_fails_naming_the_change_entry_dates_notice_and_line(hub, capsys):
    add_chatline(hub, "2026-12-10")
    hub.commit("Add Chatline for live chat")

    code, findings = check(hub, capsys)

    assert code == cli.EXIT_FAILED
    [finding] = register_findings(findings)
    assert (finding["level"], finding["rule"], finding["file"]) == ("error", "subprocessors.notice", REGISTER)
    assert finding["line"] == line_of(hub, "effective: 2026-12-10")
    assert finding["message"] == (
        "change 'chatline-added' (we add Chatline for live chat support) takes effect on 2026-12-10, not on main "
        "yet, so counted from today (it is published when merged), 2026-11-22: 18 days' notice, but the minimum is "
        "30 days; move `effective` to 2026-12-22 or later"
    )


def test_the_notice_rule_is_the_bases_even_when_the_branch_lowers_it(hub, capsys):
    add_chatline(hub, "2026-12-10")
    hub.replace("mkdocs.yml", "    subprocessors:\n      notice_days: 30", "    subprocessors:\n      notice_days: 1")
    hub.commit("Add Chatline, and ask for one day's notice")

    code, findings = check(hub, capsys)

    assert code == cli.EXIT_FAILED
    [finding] = register_findings(findings)
    assert finding["rule"] == "subprocessors.notice"
    assert "but the minimum is 30 days" in finding["message"]
    settings = [f["message"] for f in findings if f["rule"] == "contribution.settings"]
    assert any("extra.openbook.subprocessors.notice_days 30 → 1" in m for m in settings), settings


def test_an_addition_with_enough_notice_and_a_removal_with_none_pass(hub, capsys):
    hub.replace(REGISTER, "\n  - id: acme-mail-replaces-postbox", """
  - id: rackhouse-goes
    kind: remove
    effective: 2026-11-23
    subprocessor: rackhouse
    reason: We host the service ourselves from now on.

  - id: acme-mail-replaces-postbox""")
    add_chatline(hub, "2026-12-22")
    hub.commit("Add Chatline; stop using Rackhouse")

    code, findings = check(hub, capsys)

    assert register_findings(findings) == []
    assert code == cli.EXIT_OK, findings


def test_a_new_entry_that_no_change_adds_fails_as_an_addition_without_notice(hub, capsys):
    hub.replace(REGISTER, "\nchanges:", "\n" + CHATLINE.format(effective="2026-11-23"))
    hub.commit("List Chatline")

    code, findings = check(hub, capsys)

    assert code == cli.EXIT_FAILED
    [finding] = register_findings(findings)
    assert finding["rule"] == "subprocessors.notice"
    assert finding["line"] == line_of(hub, "- id: chatline")
    assert finding["message"].startswith(
        "subprocessors[5]: Chatline ('chatline') is new here and no change adds it, so customers get no notice; "
        "add a change under `changes:` (kind: add, subprocessor: chatline, effective: 2026-12-22 or later")


def test_a_published_location_rewritten_fails_and_a_correction_makes_it_pass(hub, capsys):
    hub.replace(REGISTER, "    location: US\n    transfer: dpf", "    location: IE\n    transfer: dpf")
    hub.commit("Postbox is in Ireland")

    code, findings = check(hub, capsys)

    assert code == cli.EXIT_FAILED
    [finding] = register_findings(findings)
    assert (finding["rule"], finding["line"]) == ("subprocessors.rewritten", line_of(hub, "location: IE"))
    assert finding["message"].startswith(
        "subprocessors.postbox.location was published by the base branch (main) as 'US' and is 'IE' here; the "
        "register is append-only. If 'US' was wrong, record it under `corrections:`")

    hub.write(REGISTER, hub.read(REGISTER) + """
corrections:
  - corrected: 2026-11-20
    what: subprocessors.postbox.location
    published: US
    correct: IE
    reason: Postbox has kept our account in Dublin since 2024; we listed it wrongly.
""")
    hub.commit("Record the correction")
    code, findings = check(hub, capsys)
    assert register_findings(findings) == []
    assert code == cli.EXIT_OK, findings


def test_a_published_change_removed_fails(hub, capsys):
    text = hub.read(REGISTER)
    start = text.index("  - id: acme-mail-replaces-postbox")
    hub.write(REGISTER, text[:start])
    hub.commit("Drop the Acme Mail change")

    code, findings = check(hub, capsys)

    assert code == cli.EXIT_FAILED
    messages = [(f["rule"], f["message"]) for f in register_findings(findings)]
    assert ("subprocessors.rewritten",
            "change 'acme-mail-replaces-postbox' was published by the base branch (main) and is gone here; what the "
            "hub published stays in its history: put it back (an addition that will not happen after all is "
            "cancelled by a later change of kind remove)") in messages


def test_bad_data_fails_as_invalid_at_its_line(hub, capsys):
    hub.replace(REGISTER, "    location: GB", "    location: UK")
    hub.commit("Rackhouse is in the UK")

    code, findings = check(hub, capsys)

    assert code == cli.EXIT_FAILED
    [finding] = register_findings(findings)
    assert (finding["rule"], finding["file"], finding["line"]) == ("subprocessors.invalid", REGISTER,
                                                                   line_of(hub, "location: UK"))
    assert finding["message"] == "subprocessors[0].location: 'UK' is not an ISO 3166 country code; expected e.g. GB"


def test_the_review_states_a_change_in_words_with_its_notice_and_the_bases_minimum(hub, capsys):
    add_chatline(hub, "2027-01-02")
    hub.commit("Add Chatline for live chat")

    assert cli.main(["review", "-f", str(hub.config_file), "--base", "main"]) == cli.EXIT_OK
    out = capsys.readouterr().out

    assert "### Subprocessors" in out
    assert ("- Subprocessors: We add Chatline for live chat support from 2027-01-02 (41 days' notice; the minimum "
            "is 30)") in out

    add_chatline_soon = hub.read(REGISTER).replace("2027-01-02", "2026-12-02")
    hub.write(REGISTER, add_chatline_soon)
    hub.commit("Sooner")
    assert cli.main(["review", "-f", str(hub.config_file), "--base", "main"]) == cli.EXIT_OK
    assert ("- ⚠️ short notice: Subprocessors: We add Chatline for live chat support from 2026-12-02 (10 days' "
            "notice; the minimum is 30)") in capsys.readouterr().out


def test_a_first_register_may_list_what_is_in_use_but_not_a_future_entry_without_a_change(tmp_path, capsys,
                                                                                          monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXTURE_NOW)
    acme = tmp_path / "acme"
    assert cli.main(["new", str(acme), "--company", "Acme Tools Ltd", "--repo", "acme-tools/open-book"]) == cli.EXIT_OK
    repo = GitRepo(acme)
    repo.commit("A new Open Book", "2026-11-01T09:00:00Z")
    repo.branch("proposal")
    entry = """
  - id: {id}
    name: {name}
    purpose: hosting
    data: everything
    location: DE
    transfer: none-needed
    website: https://{id}.example/
    since: {since}
"""
    register = repo.read(REGISTER).replace("subprocessors: []", "subprocessors:" + entry.format(
        id="hoster", name="Hoster", since="2024-01-01") + entry.format(id="later", name="Later", since="2026-12-01"))
    repo.write(REGISTER, register)
    repo.commit("Our subprocessors")
    capsys.readouterr()

    code, findings = check(repo, capsys)

    assert code == cli.EXIT_FAILED
    [finding] = register_findings(findings)
    assert finding["rule"] == "subprocessors.notice"
    assert finding["message"].startswith("subprocessors[1]: Later ('later') starts on 2026-12-01 and no change adds "
                                         "it, so customers get no notice")


def test_a_published_change_corrected_to_start_sooner_counts_its_notice_from_the_correction(hub, capsys):
    hub.replace(REGISTER, "    since: 2027-01-15", "    since: 2026-12-01")
    hub.replace(REGISTER, "    effective: 2027-01-15", "    effective: 2026-12-01")
    hub.write(REGISTER, hub.read(REGISTER) + """
corrections:
  - corrected: 2026-11-20
    what: subprocessors.acme-mail.since
    published: 2027-01-15
    correct: 2026-12-01
    reason: The contract starts sooner.
  - corrected: 2026-11-20
    what: changes.acme-mail-replaces-postbox.effective
    published: 2027-01-15
    correct: 2026-12-01
    reason: The contract starts sooner.
""")
    hub.commit("Acme Mail starts sooner")

    code, findings = check(hub, capsys)

    assert code == cli.EXIT_FAILED
    [finding] = register_findings(findings)
    assert finding["rule"] == "subprocessors.notice"
    assert finding["message"] == (
        "change 'acme-mail-replaces-postbox' (Acme Mail replaces Postbox for reminder e-mails) takes effect on "
        "2026-12-01, not on main yet, so counted from today (it is published when merged), 2026-11-22: 9 days' "
        "notice, but the minimum is 30 days; move `effective` to 2026-12-22 or later"
    )


def test_a_shallow_clone_warns_that_publication_dates_may_be_late(hub, tmp_path, capsys):
    import subprocess

    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", "--branch", "main", f"file://{hub.root}", str(clone)],
                   check=True, capture_output=True)
    cli.main(["check", "-f", str(clone / "mkdocs.yml"), "--format", "json"])
    findings = json.loads(capsys.readouterr().out)["findings"]

    assert [(f["level"], f["file"]) for f in findings if f["rule"] == "subprocessors.history"] == [
        ("warning", REGISTER)]


def test_an_objection_form_whose_label_the_questions_do_not_exclude_fails(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXTURE_NOW)
    acme = tmp_path / "acme"
    assert cli.main(["new", str(acme), "--company", "Acme Tools Ltd", "--repo", "acme-tools/open-book"]) == cli.EXIT_OK
    config = acme / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "exclude_labels: [private, spam, off-topic, duplicate, subprocessor-objection]",
        "exclude_labels: [private, spam, off-topic, duplicate]"), encoding="utf-8")
    GitRepo(acme).commit("A new Open Book", "2026-11-01T09:00:00Z")
    capsys.readouterr()

    code = cli.main(["check", "-f", str(config), "--format", "json"])
    findings = json.loads(capsys.readouterr().out)["findings"]

    assert code == cli.EXIT_FAILED
    assert [(f["rule"], f["file"], f["message"]) for f in register_findings(findings)] == [(
        "subprocessors.objections", ".github/ISSUE_TEMPLATE/subprocessor-objection.yml",
        "the objection form applies subprocessor-objection, which questions.exclude_labels does not list, so an "
        "objection could be published on the hub; objections are private: give the form only the label "
        "subprocessor-objection, and add that label to extra.openbook.questions.exclude_labels")]


@pytest.mark.parametrize("how", ["deleted", "moved"])
def test_a_published_register_deleted_or_moved_away_fails(hub, capsys, how):
    # The base's settings name the register's file; a branch without it would publish no register at all.
    if how == "moved":
        hub.git("mv", REGISTER, "data/vendors.yml")
    else:
        hub.git("rm", "-q", REGISTER)
    hub.commit("Tidy the data folder")

    code, findings = check(hub, capsys)

    assert code == cli.EXIT_FAILED
    [finding] = [f for f in register_findings(findings) if f["level"] == "error"]
    assert (finding["rule"], finding["file"]) == ("subprocessors.rewritten", REGISTER)
    assert "published by the base branch (main) and is gone here" in finding["message"]
    assert f"put {REGISTER} back" in finding["message"]


def test_a_published_changes_reason_reworded_fails_and_a_correction_makes_it_pass(hub, capsys):
    # The reason is what customers were told when they were asked whether to object: part of the record.
    hub.replace(REGISTER, "reason: Acme Mail keeps your clients' addresses in the EU.", "reason: Acme Mail costs less.")
    hub.commit("Reword the reason")

    code, findings = check(hub, capsys)

    assert code == cli.EXIT_FAILED
    [finding] = register_findings(findings)
    assert (finding["rule"], finding["line"]) == ("subprocessors.rewritten", line_of(hub, "Acme Mail costs less"))
    assert finding["message"].startswith("changes.acme-mail-replaces-postbox.reason was published by the base branch "
                                         "(main) as \"Acme Mail keeps your clients' addresses in the EU.\"")

    hub.write(REGISTER, hub.read(REGISTER) + """
corrections:
  - corrected: 2026-11-20
    what: changes.acme-mail-replaces-postbox.reason
    published: Acme Mail keeps your clients' addresses in the EU.
    correct: Acme Mail costs less.
    reason: We gave the wrong reason; Postbox also keeps addresses in the EU.
""")
    hub.commit("Record the correction")
    code, findings = check(hub, capsys)
    assert register_findings(findings) == []
    assert code == cli.EXIT_OK, findings
