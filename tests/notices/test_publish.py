"""`openbook notices --publish` against the fake GitHub: one release per notice, idempotent, and refusals handled."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fakegithub import FakeGitHub
from fakegithub_releases import FakeReleases
from openbook import cli
from noticeshub import notices_hub  # noqa: F401 - a fixture

TOKEN = "ghp_notices-secret-0123456789abcdef"


@pytest.fixture
def github(monkeypatch):
    fake = FakeGitHub("larkspur-hq", "openbook-hub").start()
    fake.token = TOKEN
    releases = FakeReleases(fake)
    for name in ("GITHUB_TOKEN", "GH_TOKEN", "GITHUB_API_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GITHUB_API_URL", fake.url)
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    yield fake, releases
    fake.stop()


def run(hub: Path, *args: str, capsys) -> tuple[int, str, str]:
    code = cli.main(["notices", "-f", str(hub / "mkdocs.yml"), *args])
    out, err = capsys.readouterr()
    assert TOKEN not in out + err, "the token was printed"
    return code, out, err


def notices_of(hub: Path, capsys) -> list[dict]:
    code, out, _ = run(hub, "--format", "json", capsys=capsys)
    assert code == 0
    return json.loads(out)["notices"]


def test_a_first_run_creates_one_release_per_notice_and_a_second_none(notices_hub, github, capsys):
    fake, releases = github
    expected = notices_of(notices_hub.root, capsys)
    code, out, err = run(notices_hub.root, "--publish", capsys=capsys)
    assert code == 0, err
    assert f"published {len(expected)} notices as GitHub Releases; 0 already had one" in out
    # Oldest first, so subscribers read them in the order they were published.
    assert releases.tags() == [f"notice-{n['id']}" for n in reversed(expected)]
    head = notices_hub.git("rev-parse", "HEAD").strip()
    by_tag = {r.body["tag_name"]: r.body for r in releases.creates()}
    practice = by_tag["notice-practice-practices-refunds-2027-01-15"]
    assert practice["name"] == "Refunds and cancellations: changes from 15 January 2027"
    assert practice["target_commitish"] == head
    assert practice["make_latest"] == "false" and practice["draft"] is False and practice["prerelease"] is False
    body = practice["body"]
    assert "Published 20 November 2026 · effective 15 January 2027 (56 days' notice)" in body
    assert "<https://larkspur-hq.github.io/openbook-hub/practices/refunds/>" in body
    assert "the version before it stays in force" in body
    price = by_tag["notice-price-2027-team-business"]
    assert price["name"] == "Price change from 1 January 2027: Team and Business"
    assert "Team costs £32 a month instead of £29" in price["body"]
    # Each request carried the token, and the token never appears in what was sent to be published.
    assert all(r.headers.get("authorization", "").endswith(TOKEN) for r in fake.log)
    assert all(TOKEN not in json.dumps(r.body) for r in releases.creates())

    fake.reset_log()
    code, out, err = run(notices_hub.root, "--publish", capsys=capsys)
    assert code == 0, err
    assert releases.creates() == []
    assert f"published 0 notices as GitHub Releases; {len(expected)} already had one" in out


def test_it_lists_every_page_of_releases_before_deciding(notices_hub, github, capsys):
    fake, releases = github
    for i in range(230):
        releases.add(f"v1.{i}")
    first = notices_of(notices_hub.root, capsys)[-1]
    releases.add(f"notice-{first['id']}", "made earlier")
    fake.reset_log()
    code, out, err = run(notices_hub.root, "--publish", capsys=capsys)
    assert code == 0, err
    pages = [r for r in fake.log if r.method == "GET" and r.path.endswith("/releases")]
    assert len(pages) == 3
    tags = [r.body["tag_name"] for r in releases.creates()]
    assert f"notice-{first['id']}" not in tags and tags
    assert "1 already had one" in out


@pytest.mark.parametrize("status, message, errors, says", [
    (403, "Resource not accessible by integration", None, "contents: write"),
    (422, "Validation Failed", [{"resource": "Release", "code": "invalid", "field": "target_commitish"}],
     "GitHub would not accept the release"),
])
def test_a_refusal_midway_names_the_notice_keeps_what_was_made_and_a_rerun_finishes(
        notices_hub, github, capsys, status, message, errors, says):
    fake, releases = github
    expected = list(reversed(notices_of(notices_hub.root, capsys)))
    releases.refuse_create(status, message, after=2, errors=errors)
    code, out, err = run(notices_hub.root, "--publish", capsys=capsys)
    assert code == 1
    refused = expected[2]
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert f"notice {refused['id']} (“{refused['title']}”)" in err
    assert f"{status} {message}" in err and says in err
    assert "2 releases made before it stay" in err
    assert "Traceback" not in err
    assert releases.tags() == [f"notice-{n['id']}" for n in expected[:2]]

    code, out, err = run(notices_hub.root, "--publish", capsys=capsys)
    assert code == 0, err
    assert releases.tags() == [f"notice-{n['id']}" for n in expected]
    assert "2 already had one" in out


def test_a_rate_limit_stops_with_when_to_run_again(notices_hub, github, capsys):
    fake, releases = github
    releases.refuse_create(403, "API rate limit exceeded for installation.", after=1,
                           headers={"x-ratelimit-remaining": "0", "x-ratelimit-reset": "4102444800"})
    code, out, err = run(notices_hub.root, "--publish", capsys=capsys)
    assert code == 1
    assert "rate limit" in err and "run `openbook notices --publish` again after 2100-01-01" in err
    assert len(releases.tags()) == 1


def test_a_release_made_meanwhile_counts_as_made(notices_hub, github, capsys):
    fake, releases = github
    expected = notices_of(notices_hub.root, capsys)
    oldest = expected[-1]

    # Another run made the oldest notice's release between this run's listing and its create.
    def race(request):
        if request.method == "POST" and not releases.releases:
            releases.add(f"notice-{oldest['id']}", "made by another run")

    fake.on_request = race
    code, out, err = run(notices_hub.root, "--publish", capsys=capsys)
    assert code == 0, err
    assert sorted(releases.tags()) == sorted(f"notice-{n['id']}" for n in expected)
    assert [r["name"] for r in releases.releases].count("made by another run") == 1


def test_listing_failure_creates_nothing(notices_hub, github, capsys):
    fake, releases = github
    fake.fail("/releases", status=404, body={"message": "Not Found"})
    code, out, err = run(notices_hub.root, "--publish", capsys=capsys)
    assert code == 1
    assert "Nothing was published" in err and releases.creates() == []


@pytest.mark.parametrize("change, says", [
    ("token", "no GITHUB_TOKEN or GH_TOKEN is set"),
    ("site_url", "site_url is not set"),
    ("repo_url", "no repository"),
])
def test_usage_errors_exit_2_and_publish_nothing(notices_hub, github, capsys, monkeypatch, change, says):
    fake, releases = github
    if change == "token":
        monkeypatch.delenv("GITHUB_TOKEN")
    else:
        config = notices_hub.read("mkdocs.yml")
        key = "site_url:" if change == "site_url" else "repo_url:"
        notices_hub.write("mkdocs.yml", "\n".join(line for line in config.splitlines() if not line.startswith(key)))
    code, out, err = run(notices_hub.root, "--publish", capsys=capsys)
    assert code == 2
    assert says in err and "Nothing was published" in err
    assert releases.creates() == []


def test_hostile_consultation_text_reaches_a_release_as_plain_words(notices_hub, github, capsys):
    fake, releases = github
    path = notices_hub.root / "data" / "questions.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    issue = next(q for q in data["questions"] if q["number"] == 34)
    issue["title"] = "Prices @everyone <img src=x onerror=alert(1)> [click](https://evil.example) #12"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run(notices_hub.root, "--publish", capsys=capsys)
    assert code == 0, err
    body = next(r.body["body"] for r in releases.creates() if r.body["tag_name"] == "notice-consultation-34-opened")
    assert "@everyone" not in body and "@\u2060everyone" in body
    assert "#12" not in body
    # As GitHub renders the body (cmark-gfm, raw HTML kept): the words, with no element from the title.
    import cmarkgfm
    from cmarkgfm.cmark import Options
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    html = HTMLParser(cmarkgfm.github_flavored_markdown_to_html(body, options=Options.CMARK_OPT_UNSAFE))
    assert html.css("img") == []
    # A web address shows as itself (GitHub links any); no link text hides where a link goes.
    links = {a.attributes.get("href"): a.text() for a in html.css("a")}
    assert links and all(text == href for href, text in links.items())
    assert "https://larkspur-hq.github.io/openbook-hub/consultations/34/" in links
    assert "Prices @\u2060everyone <img src=x onerror=alert(1)> [click](https://evil.example)" in html.text()


def test_a_mention_or_reference_behind_a_scheme_is_no_mention_in_a_release(notices_hub, github, capsys):
    # Text that only starts like a web address (no host GitHub would link) is words, and words mention no one.
    fake, releases = github
    path = notices_hub.root / "data" / "questions.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    issue = next(q for q in data["questions"] if q["number"] == 34)
    issue["title"] = "Prices https://@everyone and http://#12 and https://a_b/@octocat, see https://example.com/a#b."
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run(notices_hub.root, "--publish", capsys=capsys)
    assert code == 0, err
    body = next(r.body["body"] for r in releases.creates() if r.body["tag_name"] == "notice-consultation-34-opened")
    import re

    import cmarkgfm
    from cmarkgfm.cmark import Options
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    html = HTMLParser(cmarkgfm.github_flavored_markdown_to_html(body, options=Options.CMARK_OPT_UNSAFE))
    for a in html.css("a"):
        a.decompose()
    # GitHub makes a mention or an issue link of what stays text: `@name` or `#number` after a non-word character.
    assert not re.search(r"(?<!\w)(?:@[A-Za-z0-9]|#\d)", html.text()), html.text()
    links = {a.attributes.get("href") for a in HTMLParser(
        cmarkgfm.github_flavored_markdown_to_html(body, options=Options.CMARK_OPT_UNSAFE)).css("a")}
    assert "https://example.com/a#b" in links, links


def test_a_subprocessors_name_reaches_a_release_without_bidi_or_control_characters(notices_hub, github, capsys):
    # The register is data a pull request edits: a right-to-left override in a name would reorder the
    # release's name and body in every subscriber's e-mail, and the reviewer's diff hides it.
    fake, releases = github
    register = notices_hub.root / "data" / "subprocessors.yml"
    register.write_text(register.read_text(encoding="utf-8").replace(
        "name: Acme Mail", "name: \"Acme \\u202eliaM\\u202c \\x1b[2J\""), encoding="utf-8")
    code, out, err = run(notices_hub.root, "--publish", capsys=capsys)
    assert code == 0, err
    [release] = [r.body for r in releases.creates() if r.body["tag_name"].startswith("notice-subprocessor-acme")]
    for text in (release["name"], release["body"]):
        assert not any(ch in text for ch in "\u202e\u202c\x1b"), repr(text)
    assert "Acme liaM" in release["name"]
