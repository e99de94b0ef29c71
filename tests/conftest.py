"""Shared fixtures: the tests' own hub built once, and a browser pointed at it.

The engine's tests never read the demo hub's content: they build `tests/hub/`,
a fixture hub they own (config, docs, data and issue forms) with the hub's
one-line hook file and the installed engine, so a company that replaces the demo's content keeps a
green suite. Build tests read `fixture_site`; browser tests use
`hub_browser.open("path/")`, which records console errors and every request,
and `hub_browser.axe(page)` for an accessibility scan.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from openbook.site import build as sitebuild

ROOT = Path(__file__).resolve().parent.parent
# The hub the tests own: its content and data. Its hook file comes from ROOT.
FIXTURE = ROOT / "tests" / "hub"
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def build_hub(config_file: Path, site_dir: Path, **overrides) -> sitebuild.BuildResult:
    """Build a hub strictly and fail the test with MkDocs' own messages if it warns."""
    result = sitebuild.build(config_file, site_dir, strict=True, **overrides)
    assert result.ok, (
        f"`mkdocs build --strict -f {config_file}` failed: {result.error}\n" + "\n".join(result.warnings)
    )
    return result


# The fixture hub's tests see the world as of this moment, so that "overdue",
# "upcoming" and "waiting N days" read the same on any day the suite runs.
FIXTURE_NOW = "1795348800"  # 2026-11-22T12:00:00Z
# What a hub holds: from the fixture hub, its content; from this checkout, the one-line hook
# file(s) every hub has. The engine itself (code, templates, Material overrides, stylesheet)
# comes from the installed openbook package, as in a company's hub.
CONTENT = ("mkdocs.yml", "docs", "data", ".github")
ENGINE = ("hooks",)


def copy_hub_sources(target: Path) -> Path:
    """The fixture hub's content and the hub hook file(s), copied into `target`."""
    target.mkdir(parents=True, exist_ok=True)
    for folder, names in ((FIXTURE, CONTENT), (ROOT, ENGINE)):
        for name in names:
            source = folder / name
            if source.is_dir():
                shutil.copytree(source, target / name)
            elif source.is_file():
                shutil.copy2(source, target / name)
    return target


def commit_all(hub: Path, message: str = "The fixture hub", when: str = "2026-11-01T09:00:00Z") -> None:
    """Make `hub` a git repository with everything in one commit at a fixed date, as a hub in CI is."""
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull,
           "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    for args in (["init", "-q", "-b", "main"], ["add", "-A"],
                 ["-c", "user.name=Hub Staff", "-c", "user.email=staff@hub.example", "commit", "-qm", message]):
        subprocess.run(["git", *args], cwd=hub, env=env, check=True, capture_output=True)


@pytest.fixture(scope="session")
def fixture_hub(tmp_path_factory) -> Path:
    """The fixture hub with the engine, committed into a fresh repository (page history needs one)."""
    hub = copy_hub_sources(tmp_path_factory.mktemp("fixture-repo") / "hub")
    commit_all(hub)
    return hub


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory, fixture_hub) -> Path:
    """The fixture hub built into a temp folder, as of FIXTURE_NOW."""
    site = tmp_path_factory.mktemp("fixture") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", FIXTURE_NOW)
        build_hub(fixture_hub / "mkdocs.yml", site)
    return site


def read_page(site: Path, path: str) -> str:
    """The HTML of a built page by its URL path ("practices/security/")."""
    file = site / path / "index.html" if not path.endswith(".html") else site / path
    assert file.is_file(), f"{path} was not built (looked for {file})"
    return file.read_text(encoding="utf-8")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        pass


@pytest.fixture(scope="session")
def serve():
    """Serve a folder on 127.0.0.1 and return its base URL; servers stop at session end."""
    servers = []

    def start(folder: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@dataclass
class Visit:
    """What happened while a page was open: console errors, requests, dialogs."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert not self.console_errors, f"console errors: {self.console_errors}"
        assert not self.page_errors, f"uncaught page errors: {self.page_errors}"
        assert not self.foreign_requests, f"requests to hosts other than 127.0.0.1: {self.foreign_requests}"
        assert not self.dialogs, f"dialogs opened (script ran): {self.dialogs}"


class HubBrowser:
    """Chromium pointed at one built site; open() records what each page does."""

    def __init__(self, browser, base_url: str) -> None:
        self.browser = browser
        self.base_url = base_url
        self._contexts = []

    def open(self, path: str = "", **context_options):
        """Open a page in a fresh context; context_options are Playwright's (viewport, color_scheme)."""
        context = self.browser.new_context(**context_options)
        self._contexts.append(context)
        page = context.new_page()
        visit = Visit()

        def on_request(route):
            host = urlsplit(route.request.url).hostname
            if route.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
                route.continue_()
            else:
                # Record and refuse: the test must never reach the network.
                visit.foreign_requests.append(route.request.url)
                route.abort()

        def on_dialog(dialog):
            visit.dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        context.route("**/*", on_request)
        page.on("console", lambda msg: msg.type == "error" and visit.console_errors.append(msg.text))
        page.on("pageerror", lambda exc: visit.page_errors.append(str(exc)))
        page.on("dialog", on_dialog)
        page.goto(self.base_url + path.lstrip("/"), wait_until="networkidle")
        return page, visit

    def axe(self, page, *, impacts=("serious", "critical")) -> list[str]:
        """Run axe-core in the page; return the violations of the given impacts, readably."""
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document)")
        return [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]
            if v["impact"] in impacts
        ]

    def close(self) -> None:
        for context in self._contexts:
            context.close()
        self._contexts.clear()


def _need_browser_tools() -> None:
    missing = []
    if not CHROMIUM.exists():
        missing.append("Debian's chromium (apt-get install chromium)")
    if not AXE.exists():
        missing.append("axe-core (npm ci)")
    if missing:
        message = f"browser tests need {' and '.join(missing)}; `python3 dev.py test` installs them"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="session")
def chromium():
    _need_browser_tools()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            # Root in a container needs --no-sandbox; the rest keeps Chromium
            # from calling Google's services, which a closed network refuses.
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def fixture_base_url(fixture_site, serve) -> str:
    return serve(fixture_site)


@pytest.fixture
def hub_browser(chromium, fixture_base_url):
    """A browser on the fixture hub; call .open(path) per page."""
    hub = HubBrowser(chromium, fixture_base_url)
    yield hub
    hub.close()


@pytest.fixture
def copy_hub(tmp_path) -> Path:
    """A copy of the fixture hub with the engine in tmp_path, to change and build; returns its folder."""
    return copy_hub_sources(tmp_path / "hub")


# The fake GitHub REST server (tests/fakegithub.py): `fake_github` is a running
# FakeGitHub serving acme/hub at `fake_github.url`, for anything that syncs or queues.
from fakegithub import fake_github  # noqa: E402, F401
