"""In Chromium, no hostile pull request runs script or calls another host on the built preview without check failing on that page.

Every page-level pull request of the corpus goes into one change, each on its
own page. The preview is built as the preview job builds it (the change's own
tree), every page is opened in Chromium, and each page where a dialog opened
(the payloads call alert) or a request left for another host must carry an
error of `openbook check --base` naming it.
"""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath
from urllib.parse import urlsplit

import pytest

from conftest import FIXTURE_NOW, HubBrowser
from gitrepo import GitRepo
from hostile_prs import CORPUS, FIVE_HOSTS, PAGE
from openbook import cli
from openbook.site import build as sitebuild

pytestmark = pytest.mark.browser

# Pull requests whose harm is not on a page of their own (symlinks, sync data, rules, hooks).
PAGE_KINDS = {"parser", "html", "front-matter", "files", "third-party"}


def _renamed(path: str, index: int) -> str:
    if path == PAGE:
        return f"docs/hostile-{index}.md"
    pure = PurePosixPath(path)
    return str(pure.with_name(f"{pure.stem}-{index}{pure.suffix}"))


def _url(path: str) -> str:
    relative = PurePosixPath(path).relative_to("docs")
    if relative.suffix in (".md", ".markdown", ".mdown", ".mkdn", ".mkd"):
        return relative.with_suffix("").as_posix() + "/"
    return relative.as_posix()


def test_no_hostile_page_runs_script_in_chromium_without_check_naming_it(copy_hub, chromium, serve, tmp_path,
                                                                          capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXTURE_NOW)
    hub = GitRepo.hub(copy_hub)
    hub.branch("proposal")
    pages: dict[str, str] = {}
    for index, pr in enumerate(pr for pr in CORPUS if pr.kind in PAGE_KINDS):
        for path, content in pr.write.items():
            if not path.startswith("docs/"):
                continue
            target = _renamed(path, index)
            (hub.root / target).parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                (hub.root / target).write_bytes(content)
            else:
                (hub.root / target).write_text(content, encoding="utf-8")
            pages[target] = pr.name
    hub.commit("Many hostile pages")

    assert cli.main(["check", "-f", str(hub.config_file), "--base", "main", "--format", "json"]) == cli.EXIT_FAILED
    flagged = {f["file"] for f in json.loads(capsys.readouterr().out)["findings"] if f["level"] == "error"}

    # The preview job's build: the change's own tree, as it is.
    site = tmp_path / "preview"
    sitebuild.build(hub.config_file, site, strict=False)
    browser = HubBrowser(chromium, serve(site))
    acted = {}
    try:
        for path, name in sorted(pages.items()):
            page, visit = browser.open(_url(path))
            page.wait_for_timeout(50)
            if visit.dialogs or visit.foreign_requests:
                acted[path] = (name, visit.dialogs, visit.foreign_requests)
    finally:
        browser.close()

    # The harness sees script run: many payloads fire on load (script, onerror, onload, meta refresh).
    assert len(acted) >= 10, f"only {sorted(acted)} acted in Chromium; is the browser running script?"
    unflagged = {path: detail for path, detail in acted.items() if path not in flagged}
    assert unflagged == {}, f"pages that acted in Chromium but passed check: {unflagged}"


def test_a_page_that_loads_other_hosts_in_spellings_urllib_missed_calls_each_in_chromium_and_check_names_each(
        copy_hub, chromium, serve, tmp_path, capsys, monkeypatch):
    # The hosts are real to a browser: published, the page would call every one of them.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXTURE_NOW)
    hub = GitRepo.hub(copy_hub)
    hub.branch("proposal")
    spelled = [pr for pr in CORPUS if pr.kind == "third-party" and pr.line is not None]
    hub.write("docs/hours.md", FIVE_HOSTS)
    for index, pr in enumerate(spelled):
        hub.write(f"docs/spelled-{index}.md", pr.write[PAGE])
    hub.commit("Opening hours")

    assert cli.main(["check", "-f", str(hub.config_file), "--base", "main", "--format", "json"]) == cli.EXIT_FAILED
    errors = [f for f in json.loads(capsys.readouterr().out)["findings"] if f["level"] == "error"]
    named = {(f["file"], host) for f in errors if f["rule"] == "html.third-party"
             for host in re.findall(r"\(([\w.-]+\.example)\)", f["message"])}

    site = tmp_path / "preview"
    sitebuild.build(hub.config_file, site, strict=False)
    browser = HubBrowser(chromium, serve(site))
    called: dict[str, set[str]] = {}
    try:
        for path in ["docs/hours.md", *(f"docs/spelled-{index}.md" for index in range(len(spelled)))]:
            page, visit = browser.open(_url(path))
            page.wait_for_timeout(100)
            called[path] = {urlsplit(url).hostname for url in visit.foreign_requests}
    finally:
        browser.close()

    assert called["docs/hours.md"] >= {"evil1.example", "evil2.example", "evil3.example", "evil4.example",
                                       "evil5.example"}
    # Every other spelling loads as the page opens. These wait: a ping for a click, a preconnect opens a
    # connection but no request, a track for its video to play; Chromium draws no background on a <div>,
    # which the standard's rendering section leaves to table parts and <body>, but check judges any element;
    # an attributionsrc is fetched only where Chromium's Attribution Reporting is on (not headless here).
    loaded = {host for hosts in called.values() for host in hosts}
    assert {host for _, host in named} - loaded == {"evil-ping.example", "evil-preconnect.example",
                                                    "evil-track.example", "evil-div.example",
                                                    "evil-attribution.example"}
    unnamed = {(path, host) for path, hosts in called.items() for host in hosts if (path, host) not in named}
    assert unnamed == set(), f"hosts Chromium called that check did not name on that page: {sorted(unnamed)}"
