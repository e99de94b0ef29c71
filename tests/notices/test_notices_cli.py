"""`openbook notices` over a hub with history: every kind, newest first, stable ids, text and JSON."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from openbook import cli
from noticeshub import notices_hub  # noqa: F401 - a fixture


def notices(hub: Path, *args: str, capsys) -> tuple[int, str, str]:
    code = cli.main(["notices", "-f", str(hub / "mkdocs.yml"), *args])
    out, err = capsys.readouterr()
    return code, out, err


def listed(hub: Path, capsys) -> list[dict]:
    code, out, err = notices(hub, "--format", "json", capsys=capsys)
    assert code == 0, err
    return json.loads(out)["notices"]


def test_it_lists_every_kind_of_notice_newest_first_with_dates_and_links(notices_hub, capsys):
    found = listed(notices_hub.root, capsys)
    by_id = {n["id"]: n for n in found}
    practice = by_id["practice-practices-refunds-2027-01-15"]
    assert practice["kind"] == "practice"
    assert practice["title"] == "Refunds and cancellations: changes from 15 January 2027"
    assert practice["dates"] == {"published": "2026-11-20", "effective": "2027-01-15"}
    assert practice["url"] == "https://larkspur-hq.github.io/openbook-hub/practices/refunds/"
    assert "versions/2/changes/" in practice["body"]

    price = by_id["price-2027-team-business"]
    assert price["kind"] == "price"
    # Published when git first saw its id: the base commit of the fixture hub.
    assert price["dates"] == {"published": "2026-10-01", "effective": "2027-01-01"}
    assert price["url"].endswith("/pricing/history/#change-2027-team-business")
    assert "Team costs £32 a month instead of £29" in price["body"]
    assert "Why: Text message costs rose again" in price["body"]
    # An old change recorded after the fact counts from when it was announced.
    assert by_id["price-2024-team-sms"]["dates"]["published"] == "2024-02-12"

    opened = by_id["consultation-34-opened"]
    assert opened["kind"] == "consultation-opened"
    assert opened["dates"] == {"published": "2026-08-24"}
    assert opened["url"].endswith("/consultations/34/")
    assert "https://github.com/larkspur-hq/openbook-hub/issues/34" in opened["body"]
    outcomes = [n for n in found if n["kind"] == "consultation-outcome"]
    assert outcomes and all(n["id"].startswith("consultation-") and "-outcome-" in n["id"] for n in outcomes)

    published = [n["dates"]["published"] for n in found]
    assert published == sorted(published, reverse=True), "newest first"
    assert found[0]["id"] == "practice-practices-refunds-2027-01-15"
    # Every id can name a git tag.
    for notice in found:
        subprocess.run(["git", "check-ref-format", f"refs/tags/notice-{notice['id']}"], check=True)


def test_the_text_listing_says_each_notice_in_words(notices_hub, capsys):
    code, out, err = notices(notices_hub.root, capsys=capsys)
    assert code == 0, err
    block = out.split("\n\n")[0]
    assert block.splitlines()[:4] == [
        "practice-practices-refunds-2027-01-15  [practice]",
        "  Refunds and cancellations: changes from 15 January 2027",
        "  Published 20 November 2026 · effective 15 January 2027 (56 days' notice)",
        "  https://larkspur-hq.github.io/openbook-hub/practices/refunds/",
    ]
    assert "the version before it stays in force" in block


def test_a_change_that_applies_when_published_is_no_notice(notices_hub, capsys):
    # `effective:` on the day it is published: nothing was announced ahead.
    text = notices_hub.read("docs/practices/security.md").replace("review_every:", "effective: 2026-11-21\nreview_every:", 1)
    text = text.replace("\n\n", "\n\nWe now encrypt backups twice.\n\n", 2)
    notices_hub.commit("Security: from today", "2026-11-21T10:00:00+00:00", write={"docs/practices/security.md": text})
    ids = [n["id"] for n in listed(notices_hub.root, capsys)]
    assert "practice-practices-refunds-2027-01-15" in ids
    assert not [i for i in ids if "security" in i]


def test_ids_are_stable_across_runs_commits_and_clones(notices_hub, tmp_path, capsys):
    first = [n["id"] for n in listed(notices_hub.root, capsys)]
    assert first == [n["id"] for n in listed(notices_hub.root, capsys)]
    # An unrelated commit changes no id and no date.
    before = listed(notices_hub.root, capsys)
    notices_hub.commit("FAQ: wording", "2026-11-21T10:00:00+00:00",
                       write={"docs/faq/calendars.md": notices_hub.read("docs/faq/calendars.md") + "\nMore.\n"})
    assert listed(notices_hub.root, capsys) == before
    # A fresh clone elsewhere tells the same notices.
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(notices_hub.root), str(clone)], check=True,
                   env={**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull})
    assert listed(clone, capsys) == before


def test_the_same_announcement_corrected_before_it_applies_stays_one_notice(notices_hub, capsys):
    text = notices_hub.read("docs/practices/refunds.md").replace("none will ever be added", "none will be added")
    notices_hub.commit("Refunds: wording", "2026-11-21T10:00:00+00:00", write={"docs/practices/refunds.md": text})
    refunds = [n for n in listed(notices_hub.root, capsys) if "refunds" in n["id"]]
    assert [(n["id"], n["dates"]["published"]) for n in refunds] == [
        ("practice-practices-refunds-2027-01-15", "2026-11-20")]


def test_a_broken_pricing_file_stops_with_its_own_message(notices_hub, capsys):
    notices_hub.write("data/pricing.yml", notices_hub.read("data/pricing.yml").replace("effective: 2027-01-01",
                                                                                       "effective: 2027-02-30", 1))
    code, out, err = notices(notices_hub.root, capsys=capsys)
    assert code == 1
    assert "data/pricing.yml" in err and "2027-02-30 is not a date" in err
    assert "Traceback" not in err and out == ""


def test_a_hub_without_git_history_lists_what_needs_none(copy_hub, monkeypatch, capsys):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795348800")
    found = listed(copy_hub, capsys)
    kinds = {n["kind"] for n in found}
    # Consultations come from the snapshot; prices count from today or their announcement; practices need git.
    assert {"price", "consultation-opened", "consultation-outcome"} <= kinds
    assert "practice" not in kinds


def test_consultation_text_cannot_drive_the_terminal(notices_hub, capsys):
    path = notices_hub.root / "data" / "questions.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    issue = next(q for q in data["questions"] if q["number"] == 34)
    issue["title"] = "Prices \x1b[2J\x1b]8;;https://evil.example\x07here\u202etxt.exe"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = notices(notices_hub.root, capsys=capsys)
    assert code == 0, err
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "Consultation opened: Prices [2J]8;;https://evil.example" in out
    found = listed(notices_hub.root, capsys)
    title = next(n["title"] for n in found if n["id"] == "consultation-34-opened")
    assert "\x1b" not in title and "\u202e" not in title


def test_without_versions_pages_a_practice_notice_links_no_comparison(notices_hub, capsys):
    config = notices_hub.read("mkdocs.yml").replace("  openbook:\n", "  openbook:\n    history:\n      versions: []\n", 1)
    notices_hub.write("mkdocs.yml", config)
    practice = next(n for n in listed(notices_hub.root, capsys) if n["kind"] == "practice")
    assert practice["id"] == "practice-practices-refunds-2027-01-15"
    assert "versions/" not in practice["body"]
