"""The contribution gate: every hostile pull request fails `openbook check --base` naming its page; benign edits pass.

The corpus is data (tests/contribution/hostile_prs.py). Each pull request is
applied to a fresh copy of the fixture hub, committed on a branch, and checked
through the real command line, as the pull-request workflow runs it.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from conftest import FIXTURE_NOW
from gitrepo import GitRepo
from hostile_prs import BENIGN, CORPUS, FIVE_HOSTS, BenignPR, HostilePR
from openbook import cli, urls
from openbook.contribution import gate, published

# Each of these builds hubs; `python3 dev.py test --quick` leaves them out.
pytestmark = pytest.mark.slow


HUB = urls.Site.of("https://hub.example/")


def apply(hub: GitRepo, pr: HostilePR | BenignPR) -> None:
    for path, old, new in pr.replace:
        hub.replace(path, old, new)
    for path, text in getattr(pr, "append", {}).items():
        hub.write(path, hub.read(path) + text)
    for path, content in pr.write.items():
        target = hub.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    for link, target in getattr(pr, "symlinks", {}).items():
        (hub.root / link).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, hub.root / link)
    for old, new in getattr(pr, "move", {}).items():
        hub.git("mv", old, new)
    hub.commit(f"Proposal: {pr.name}")


@pytest.fixture
def hub(copy_hub, monkeypatch) -> GitRepo:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXTURE_NOW)
    repo = GitRepo.hub(copy_hub)
    repo.branch("proposal")
    return repo


def check(hub: GitRepo, capsys) -> tuple[int, list[dict]]:
    code = cli.main(["check", "-f", str(hub.config_file), "--base", "main", "--format", "json"])
    return code, json.loads(capsys.readouterr().out)["findings"]


def test_the_corpus_covers_every_class_of_the_issue_with_at_least_40_pull_requests():
    kinds = {pr.kind for pr in CORPUS}
    assert len(CORPUS) >= 40
    assert kinds >= {"parser", "front-matter", "files", "symlink", "code", "rules", "sync-data", "third-party"}
    assert len({pr.name for pr in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize("pr", CORPUS, ids=lambda pr: pr.name)
def test_a_hostile_pull_request_fails_the_check_with_an_error_naming_its_page(hub, capsys, pr):
    apply(hub, pr)

    code, findings = check(hub, capsys)

    errors = [f for f in findings if f["level"] == "error"]
    assert code == cli.EXIT_FAILED, f"{pr.name}: check passed; findings: {findings}"
    assert any(f["file"] == pr.names for f in errors), f"{pr.name}: no error names {pr.names}: {errors}"
    if pr.names.endswith(".md") and pr.kind not in ("symlink",):
        # Judged on the built page: the message names the page a reader would open.
        url = Path(pr.names).relative_to("docs").with_suffix("").as_posix() + "/"
        assert any(f"page {url} would publish" in f["message"] or f["rule"].startswith("content.")
                   for f in errors if f["file"] == pr.names), errors
    if pr.line is not None:
        # An annotation lands on the line that holds the construct.
        assert any(f["line"] == pr.line for f in errors if f["file"] == pr.names), f"{pr.name}: {errors}"


@pytest.mark.parametrize("pr", BENIGN, ids=lambda pr: pr.name)
def test_a_benign_customer_edit_passes_without_false_alarms(hub, capsys, pr):
    apply(hub, pr)

    code, findings = check(hub, capsys)

    errors = [f for f in findings if f["level"] == "error"]
    assert code == cli.EXIT_OK and not errors, f"{pr.name}: {errors}"
    # The only warnings are the ones this edit deserves: a settings change, or the fixture's overdue pages.
    unexpected = [f for f in findings if f["rule"] not in ("practices.overdue", "faq.overdue", "contribution.code",
                                                           "contribution.settings", "content.raw-html")]
    assert unexpected == [], f"{pr.name}: {unexpected}"


def test_a_hooks_change_is_reported_and_the_content_is_still_judged_with_the_bases_hooks(hub, capsys):
    hub.write("hooks/engine.py", "")  # the base's engine escapes what Material prints raw
    hub.write("docs/practices/security.md", hub.read("docs/practices/security.md").replace(
        "# ", "<img src=x onerror=alert(1)>\n\n# ", 1))
    hub.commit("Tidy the hooks")

    code, findings = check(hub, capsys)

    assert code == cli.EXIT_FAILED
    assert ("hooks/engine.py", "contribution.code", "warning") in {(f["file"], f["rule"], f["level"]) for f in findings}
    assert any(f["rule"] == "html.event-handler" and f["file"] == "docs/practices/security.md" for f in findings)


def test_a_relaxed_notice_rule_is_a_settings_change_and_the_base_rule_still_applies(hub, capsys):
    [pr] = [pr for pr in CORPUS if pr.name == "lower-notice-for-own-rise"]
    apply(hub, pr)

    code, findings = check(hub, capsys)

    by_rule = {f["rule"]: f for f in findings}
    assert code == cli.EXIT_FAILED
    assert "the minimum is 30 days" in by_rule["pricing.notice"]["message"]
    assert "extra.openbook.pricing.min_notice_days 30 → 1" in by_rule["contribution.settings"]["message"]


def test_each_other_host_a_page_would_call_is_an_error_on_its_line_and_the_review_says_so(hub, capsys):
    hub.write("docs/hours.md", FIVE_HOSTS)
    hub.commit("Opening hours")

    code, findings = check(hub, capsys)

    assert code == cli.EXIT_FAILED
    loads = {(f["line"], re.search(r"\((evil\d\.example)\)", f["message"]).group(1)) for f in findings
             if f["rule"] == "html.third-party"}
    assert loads == {(5, "evil1.example"), (7, "evil2.example"), (9, "evil3.example"), (11, "evil4.example"),
                     (13, "evil5.example")}
    for f in findings:
        if f["rule"] == "html.third-party":
            assert (f["level"], f["file"]) == ("error", "docs/hours.md")
            assert f["message"].startswith("page hours/ would publish a resource from another host, which every "
                                           "reader's browser would call"), f
    # The stylesheet and the SVG are refused as elements too, where they are.
    elements = {(f["line"], f["message"].split(": ", 1)[1][:5]) for f in findings if f["rule"] == "html.element"}
    assert elements == {(11, "<link"), (13, "<svg ")}

    assert cli.main(["review", "-f", str(hub.config_file), "--base", "main"]) == cli.EXIT_OK
    review = capsys.readouterr().out
    assert "**❌ Check fails:** 7 findings that must be fixed before merging" in review
    for line, host in sorted(loads):
        assert f"`docs/hours.md:{line}`: page hours/ would publish a resource from another host" in review
        assert host in review


def test_check_names_the_line_of_a_new_risk_in_the_source(hub, capsys):
    hub.write("docs/hostile.md", "# Page\n\nFine.\n\nMore.\n\n<img src=x onerror=alert(1)>\n")
    hub.commit("Add a page")

    code, findings = check(hub, capsys)

    [finding] = [f for f in findings if f["rule"] == "html.event-handler"]
    assert (finding["file"], finding["line"]) == ("docs/hostile.md", 7)
    assert finding["message"].startswith("page hostile/ would publish an event-handler attribute")


def test_an_uncommitted_symlink_in_the_working_tree_is_an_error_and_is_not_built(hub, capsys):
    os.symlink("/etc/hostname", hub.root / "docs" / "host.md")

    code, findings = check(hub, capsys)

    assert code == cli.EXIT_FAILED
    assert [(f["file"], f["rule"]) for f in findings if f["level"] == "error"] == [("docs/host.md", "contribution.symlink")]


def test_the_review_lists_an_edit_of_the_snapshot_and_the_same_findings_as_check(hub, capsys):
    hub.replace("data/questions.json", '"association": "NONE"', '"association": "OWNER"')
    hub.commit("Forge an answer")
    _, findings = check(hub, capsys)

    assert cli.main(["review", "-f", str(hub.config_file), "--base", "main"]) == cli.EXIT_OK
    out = capsys.readouterr().out

    assert "- changed `data/questions.json`: questions" in out
    for finding in (f for f in findings if f["level"] == "error"):
        assert f"`{finding['file']}`: {finding['message'][:40]}" in out.replace("\\", "")


# --- the judge on its own ---------------------------------------------------------------


@pytest.mark.parametrize(("markup", "rule"), [
    ("<script>x()</script>", "html.script"),
    ("<a href=' java\tscript:x()'>y</a>", "html.unsafe-url"),
    ("<img src=/a.png srcset='data:image/svg+xml,<svg onload=x()> 2x'>", "html.unsafe-url"),
    ("<div onpointerenter=x()>", "html.event-handler"),
    ("<iframe srcdoc='<script>x()</script>'></iframe>", "html.element"),
    ("<meta http-equiv=Refresh content='0;url=https://evil.example'>", "html.meta-refresh"),
    ("<p style='color:red'>", "html.style"),
    ("<svg><foreignObject><p>x</p></foreignObject></svg>", "html.svg-script"),
    ("<img src='https://pixel.example/p.gif'>", "html.third-party"),
    ("<script>never closed", "html.script"),
])
def test_the_judge_finds_each_construct_in_built_html(markup, rule):
    assert rule in {item.rule for item in published.items(markup, "page/", HUB)}


def test_the_hubs_own_resources_and_links_to_other_hosts_are_not_loads():
    html = ("<head><link rel=canonical href='https://other.example/'></head>"
            "<body><img src='https://hub.example/docs/a.png'><a href='https://github.com/x'>x</a></body>")
    assert published.items(html, "p/", urls.Site.of("https://hub.example/docs/")) == []


def test_materials_inline_scripts_compare_equal_at_any_depth():
    top = published.items('<script>__md_scope=new URL(".",location)</script>', "")
    deep = published.items('<script>__md_scope=new URL("../..",location)</script>', "a/b/")
    assert top == deep


@pytest.mark.parametrize(("path", "allowed"), [
    ("docs/a.md", True), ("docs/a.markdown", True), ("docs/a.mdown", True), ("docs/img/a.png", True),
    ("docs/a.webp", True), ("docs/a.html", False), ("docs/a.js", False), ("docs/a.css", False),
    ("docs/a.xml", False), ("docs/a.svgz", False), ("docs/a", False),
])
def test_docs_holds_markdown_and_safe_images_only(path, allowed):
    assert (gate.docs_file_problem(path, b"") is None) is allowed


def test_structured_data_is_data_but_a_script_dressed_as_it_is_still_a_script():
    data = '<script type="application/ld+json">{"@type": "FAQPage", "name": "a \\u003c b"}</script>'
    assert published.items(data, "faq/", HUB) == []
    for markup in ('<script type="application/ld+json">alert(1)</script>',
                   '<script type="application/ld+json" src="x.js">{}</script>',
                   '<script type="text/javascript">{"a": 1}</script>'):
        assert "html.script" in {item.rule for item in published.items(markup, "faq/", HUB)}, markup


def test_a_declarative_shadow_root_fails_the_gate_whatever_it_holds(hub, capsys):
    # A browser renders `<template shadowrootmode>` at once, as a shadow root of its parent: its image
    # loads and its style applies, although a template's content is out of an HTML parser tree's reach.
    hub.write("docs/hours.md", "# Opening hours\n\nWe answer on weekdays.\n\n"
                               '<div><template shadowrootmode="open"><img src="https://evil-shadow.example/p.png" alt="">'
                               "<style>:host{display:none}</style></template>Closed on Sundays.</div>\n")
    hub.commit("Opening hours")

    code, findings = check(hub, capsys)

    assert code == cli.EXIT_FAILED
    [element] = [f for f in findings if f["rule"] == "html.element"]
    assert (element["level"], element["file"]) == ("error", "docs/hours.md")
    assert "<template shadowrootmode='open'>" in element["message"]
