"""Nothing a stranger writes is published until staff let it in, and what waits is counted (DESIGN rule 10).

End to end, as a hub runs it: issues and comments on the fake GitHub, `openbook sync`
(which keeps the record of authors published before), then a strict build of a copy
of the fixture hub, each at a pinned moment.
"""

from __future__ import annotations

import gzip
import json
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from conftest import build_hub, copy_hub_sources, read_page
from fakegithub import FakeGitHub
from openbook import cli

# Each of these builds hubs; `python3 dev.py test --quick` leaves them out.
pytestmark = pytest.mark.slow

ASKED = datetime(2026, 12, 2, 9, 0, tzinfo=timezone.utc)
# Words only the stranger wrote: none may reach any file of the built site.
TITLE = "Quokka7731 wants a refund"
BODY = "Marmalade4432 is my card number"
LOGIN = "stranger-kq9z"
STAFF = "priya-larkspur"


@pytest.fixture
def fake():
    fake = FakeGitHub("larkspur-hq", "openbook-hub").start()
    fake.clock = ASKED - timedelta(seconds=1)
    yield fake
    fake.stop()


@pytest.fixture
def hub(tmp_path, monkeypatch, fake) -> Path:
    """The fixture hub, its questions replaced by the fake GitHub's at the first sync, with no ledger yet."""
    hub = copy_hub_sources(tmp_path / "hub")
    (hub / "data" / "questions-published.json").unlink()
    for name in ("GITHUB_TOKEN", "GH_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GITHUB_API_URL", fake.url)
    return hub


def at(monkeypatch, moment: datetime) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(moment.timestamp())))


def sync(hub: Path, monkeypatch, capsys, moment: datetime) -> str:
    """`openbook sync --full` at `moment` (a full one sees deletions at once)."""
    at(monkeypatch, moment)
    code = cli.main(["sync", "-f", str(hub / "mkdocs.yml"), "--full"])
    out, err = capsys.readouterr()
    assert code == cli.EXIT_OK, err
    return out


def build(hub: Path, monkeypatch, moment: datetime) -> Path:
    at(monkeypatch, moment)
    site = hub / "site"
    shutil.rmtree(site, ignore_errors=True)
    build_hub(hub / "mkdocs.yml", site)
    return site


def page(site: Path, path: str) -> HTMLParser:
    return HTMLParser(read_page(site, path))


def answers(site: Path, number: int) -> list[str]:
    return [node.text(strip=True) for node in page(site, f"questions/{number}/").css(".openbook-answer")]


def held_note(site: Path, number: int) -> str | None:
    node = page(site, f"questions/{number}/").css_first(".openbook-held")
    return node.text(strip=True) if node else None


def every_text(site: Path) -> str:
    """Every file of the built site as text, compressed ones (the search index) unpacked."""
    texts = []
    for file in sorted(site.rglob("*")):
        if not file.is_file():
            continue
        data = file.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        texts.append(data.decode("utf-8", errors="replace"))
    return "\n".join(texts)


def published_question(fake: FakeGitHub, title: str = "How do refunds work?") -> int:
    """A question staff answered: published whatever the policy."""
    number = fake.add_issue(title, "Please explain.", login="regular-customer")
    fake.add_comment(number, "Here is how.", login=STAFF, association="MEMBER")
    return number


def test_a_strangers_question_stays_off_the_site_counted_without_its_text(hub, fake, monkeypatch, capsys):
    number = fake.add_issue(TITLE, BODY, login=LOGIN)
    fake.add_comment(number, f"{BODY} again", login=LOGIN, association="NONE")
    sync(hub, monkeypatch, capsys, ASKED + timedelta(hours=1))
    site = build(hub, monkeypatch, ASKED + timedelta(days=2))

    assert not (site / "questions" / str(number)).exists()
    owed = page(site, "questions/owed/")
    (entry,) = owed.css(".openbook-awaiting-review li")
    assert " ".join(entry.text().split()) == f"#{number} · asked 2 December 2026 · awaiting review (waiting 2 days)"
    assert entry.css_first("a").attributes["href"] == f"https://github.com/larkspur-hq/openbook-hub/issues/{number}"
    figures = " ".join(page(site, "questions/").css_first(".openbook-figures").text().split())
    assert "waiting for us to review them before they are published: 1, the longest for 2 days." in figures
    report = json.loads((site / "questions" / "report.json").read_text())
    assert report["awaiting_review"] == [number] and report["figures"]["awaiting_review"] == 1
    # Nothing its author wrote, anywhere: pages, search index, feeds, sitemap, reports.
    text = every_text(site)
    for words in ("Quokka7731", "Marmalade4432", LOGIN):
        assert words not in text, f"{words!r} reached the built site"
    # And the stranger is not recorded as published: their next reply waits too.
    ledger = hub / "data" / "questions-published.json"
    assert not ledger.exists() or "trusted_authors" not in json.loads(ledger.read_text())


@pytest.mark.parametrize("let_in", ["staff answer", "approval label"])
def test_it_is_published_after_a_staff_answer_or_the_approval_label(hub, fake, monkeypatch, capsys, let_in):
    number = fake.add_issue(TITLE, BODY, login=LOGIN)
    sync(hub, monkeypatch, capsys, ASKED + timedelta(hours=1))
    assert not (build(hub, monkeypatch, ASKED + timedelta(hours=2)) / "questions" / str(number)).exists()

    if let_in == "staff answer":
        fake.add_comment(number, "Refunds are pro rata.", login=STAFF, association="MEMBER")
    else:
        fake.update_issue(number, labels=["question", "approved"])
    sync(hub, monkeypatch, capsys, ASKED + timedelta(hours=3))
    site = build(hub, monkeypatch, ASKED + timedelta(hours=3))

    question = page(site, f"questions/{number}/")
    assert question.css_first("h1").text(strip=True) == TITLE
    assert BODY in question.body.text()
    assert page(site, "questions/owed/").css(".openbook-awaiting-review li") == []
    # The approval label is how the hub works, not what the question is about: no chip for it.
    assert "approved" not in [chip.text(strip=True) for chip in question.css("nav.md-tags > *")]


def test_a_strangers_reply_appears_24_hours_after_it_was_written(hub, fake, monkeypatch, capsys):
    number = published_question(fake)
    fake.clock = ASKED + timedelta(hours=10)
    fake.add_comment(number, "Xylophone5521: same for me", login=LOGIN, association="NONE")
    fake.add_comment(number, "Me too", login="another-stranger", association="NONE")
    written = ASKED + timedelta(hours=10)
    sync(hub, monkeypatch, capsys, written + timedelta(hours=1))

    site = build(hub, monkeypatch, written + timedelta(hours=1))
    assert held_note(site, number) == "2 replies awaiting review."
    assert "Xylophone5521" not in every_text(site)

    # The hold is judged by the build's clock: a day later the replies are published, with no new sync.
    site = build(hub, monkeypatch, written + timedelta(hours=24, seconds=2))
    assert any("Xylophone5521" in text for text in answers(site, number))
    assert held_note(site, number) is None


def test_a_reply_appears_at_once_when_its_author_was_published_before_even_renamed(hub, fake, monkeypatch, capsys):
    first = fake.add_issue("A question of mine", "Body", login=LOGIN, labels=["question", "approved"])
    other = published_question(fake)
    out = sync(hub, monkeypatch, capsys, ASKED + timedelta(hours=1))
    assert "newly published authors recorded in data/questions-published.json" in out

    fake.clock = ASKED + timedelta(hours=2)
    fake.add_comment(other, "Kiwi8812: I had this too", login=LOGIN, association="NONE")
    fake.add_comment(other, "Lime3390: and me", login="newcomer-x", association="NONE")
    sync(hub, monkeypatch, capsys, ASKED + timedelta(hours=2, minutes=5))
    site = build(hub, monkeypatch, ASKED + timedelta(hours=2, minutes=5))
    shown = " ".join(answers(site, other))
    assert "Kiwi8812" in shown and "Lime3390" not in shown
    assert held_note(site, other) == "1 reply awaiting review."

    # A new login, the same GitHub user id: still the author the hub published.
    fake.rename_user(LOGIN, "renamed-kq9z")
    fake.clock = ASKED + timedelta(hours=3)
    fake.add_comment(first, "Mango6604: an update", login="renamed-kq9z", association="NONE")
    sync(hub, monkeypatch, capsys, ASKED + timedelta(hours=3, minutes=5))
    site = build(hub, monkeypatch, ASKED + timedelta(hours=3, minutes=5))
    assert any("Mango6604" in text and "renamed-kq9z" in text for text in answers(site, first))


def test_a_reply_deleted_within_its_hold_never_appears(hub, fake, monkeypatch, capsys):
    number = published_question(fake)
    fake.clock = ASKED + timedelta(hours=5)
    spam = fake.add_comment(number, "Cheap watches Papaya1177", login="spammer-77", association="NONE")
    sync(hub, monkeypatch, capsys, ASKED + timedelta(hours=6))
    assert held_note(build(hub, monkeypatch, ASKED + timedelta(hours=6)), number) == "1 reply awaiting review."

    fake.delete_comment(spam)
    sync(hub, monkeypatch, capsys, ASKED + timedelta(hours=7))
    site = build(hub, monkeypatch, ASKED + timedelta(days=3))

    assert "Papaya1177" not in every_text(site)
    assert held_note(site, number) is None
    assert "spammer-77" not in (hub / "data" / "questions-published.json").read_text()


def test_immediately_publishes_every_labelled_question_and_reply_at_once(hub, fake, monkeypatch, capsys):
    config = hub / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "      staff_logins: [larkspur-support]\n", "      staff_logins: [larkspur-support]\n      publish: immediately\n"))
    number = fake.add_issue(TITLE, BODY, login=LOGIN)
    fake.add_comment(number, "Peach2024: a detail", login="another-stranger", association="NONE")
    sync(hub, monkeypatch, capsys, ASKED + timedelta(minutes=5))
    site = build(hub, monkeypatch, ASKED + timedelta(minutes=5))

    assert page(site, f"questions/{number}/").css_first("h1").text(strip=True) == TITLE
    assert any("Peach2024" in text for text in answers(site, number))
    assert page(site, "questions/owed/").css(".openbook-awaiting-review li") == []


def test_a_strangers_advice_on_a_consultation_waits_its_hold_too(hub, fake, monkeypatch, capsys):
    number = fake.add_issue("Text bundles", "### Closing date\n\n2027-01-15", labels=["consultation"], login=STAFF,
                            association="MEMBER")
    fake.add_comment(number, "Grapefruit9090: yearly please", login=LOGIN, association="NONE")
    sync(hub, monkeypatch, capsys, ASKED + timedelta(hours=1))

    site = build(hub, monkeypatch, ASKED + timedelta(hours=1))
    consultation = page(site, f"consultations/{number}/")
    assert " ".join(consultation.css_first(".openbook-held").text().split()) == "1 reply awaiting review."
    assert "Grapefruit9090" not in every_text(site)

    site = build(hub, monkeypatch, ASKED + timedelta(days=2))
    assert "Grapefruit9090" in page(site, f"consultations/{number}/").body.text()


def test_a_hub_made_by_openbook_new_holds_a_strangers_question_back_too(tmp_path, monkeypatch, capsys):
    fake = FakeGitHub("acme-tools", "open-book").start()
    fake.clock = ASKED - timedelta(seconds=1)
    try:
        hub = tmp_path / "acme"
        assert cli.main(["new", str(hub), "--company", "Acme Tools Ltd", "--repo", "acme-tools/open-book"]) == 0
        for name in ("GITHUB_TOKEN", "GH_TOKEN"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("GITHUB_API_URL", fake.url)
        waiting = fake.add_issue(TITLE, BODY, login=LOGIN)
        approved = fake.add_issue("Do you invoice in euros?", "We are in Dublin.", login="dublin-shop",
                                  labels=["question", "approved"])
        sync(hub, monkeypatch, capsys, ASKED + timedelta(hours=1))
        site = build(hub, monkeypatch, ASKED + timedelta(hours=1))
    finally:
        fake.stop()

    assert page(site, f"questions/{approved}/").css_first("h1").text(strip=True) == "Do you invoice in euros?"
    assert not (site / "questions" / str(waiting)).exists()
    (entry,) = page(site, "questions/owed/").css(".openbook-awaiting-review li")
    assert " ".join(entry.text().split()).startswith(f"#{waiting} · asked 2 December 2026 · awaiting review")
    assert "Quokka7731" not in every_text(site)
