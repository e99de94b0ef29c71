"""This hub is healthy: it builds strictly, checks clean, has no broken link, and reads well in a browser.

Unlike the engine's tests (which build tests/hub/), these build the hub at the
repository root and assert nothing about what its pages say, so they pass for
any company's content: they are what a company keeps after adopting openbook.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from conftest import ROOT, HubBrowser, build_hub
from openbook import cli

# Each of these builds hubs; `python3 dev.py test --quick` leaves them out.
pytestmark = pytest.mark.slow

HUB_CONFIG = ROOT / "mkdocs.yml"


@pytest.fixture(scope="module")
def hub_site(tmp_path_factory):
    """The hub at the repository root, built strictly into a temp folder."""
    site = tmp_path_factory.mktemp("hub-health") / "site"
    build_hub(HUB_CONFIG, site)
    return site


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and ((tag == "a" and name == "href") or (tag in {"link", "script", "img"} and name in {"href", "src"})):
                self.links.append(value)


def _pages(site: Path) -> list[Path]:
    # 404.html is served at any depth, so its links are absolute from site_url: not relative to its file.
    return sorted(page for page in site.rglob("*.html") if page.relative_to(site).as_posix() != "404.html")


def test_the_hub_builds_strictly(hub_site):
    assert (hub_site / "index.html").is_file()


def test_openbook_check_finds_no_errors(capsys):
    code = cli.main(["check", "-f", str(HUB_CONFIG), "--format", "text"])
    out = capsys.readouterr().out
    assert code == cli.EXIT_OK, f"`openbook check` found errors:\n{out}"


def test_every_link_within_the_site_leads_to_a_page_or_file_it_holds(hub_site):
    broken = []
    for page in _pages(hub_site):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        base = "file://" + page.as_posix()
        for link in parser.links:
            target = urlsplit(urljoin(base, link))
            if target.scheme != "file":
                continue  # another site, mailto:, an issue form: not this build's to hold
            path = Path(unquote(target.path))
            if path.is_dir():
                path = path / "index.html"
            if not path.exists():
                broken.append(f"{page.relative_to(hub_site)}: {link}")
    assert not broken, "links to nothing in the built site:\n" + "\n".join(broken[:50])


def _nav_paths(site: Path) -> list[str]:
    """The URL paths of the pages in the navigation (and the home page), as readers reach them."""
    parser = _Links()
    parser.feed((site / "index.html").read_text(encoding="utf-8"))
    paths = {""}
    for link in parser.links:
        target = urlsplit(link)
        if not target.scheme and not target.netloc and target.path and not target.path.endswith((".css", ".js", ".xml", ".json", ".png", ".svg", ".ico")):
            path = urlsplit(urljoin("http://hub/", link)).path.lstrip("/")
            if (site / path / "index.html").is_file():
                paths.add(path)
    return sorted(paths)[:12]


@pytest.mark.browser
def test_every_page_in_the_navigation_has_no_serious_accessibility_problem_and_no_script_error(
        chromium, serve, hub_site):
    hub = HubBrowser(chromium, serve(hub_site))
    paths = _nav_paths(hub_site)
    problems = []
    try:
        # Every page once, wide and light; the home page also narrow and dark, where layouts break first.
        runs = [(path, "light", 1280) for path in paths] + [("", "dark", 375), ("", "light", 375)]
        page, visit = hub.open("")
        for path, scheme, width in runs:
            page.emulate_media(color_scheme=scheme)
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(hub.base_url + path, wait_until="networkidle")
            problems += [f"/{path} ({scheme}, {width}px): {v}" for v in hub.axe(page)]
        visit.assert_clean()
    finally:
        hub.close()
    assert not problems, "\n".join(problems)


def test_openbook_notices_announces_every_upcoming_price_change_and_every_consultation(capsys):
    """`openbook notices` over this hub: each price change still to come, and each published consultation."""
    import json
    from datetime import date

    from openbook import clock, settings
    from openbook.consultations import model as consultations
    from openbook.pricing import model as pricing
    from openbook.questions import snapshot
    from openbook.questions.rules import Policy

    code = cli.main(["notices", "-f", str(HUB_CONFIG), "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    ids = {n["id"] for n in json.loads(out)["notices"]}
    options = settings.of(settings.load(HUB_CONFIG))
    today: date = clock.today()
    source = ROOT / options.pricing.source
    data = pricing.load(source, options.pricing.source) if options.pricing.enabled and source.is_file() else None
    for change in pricing.upcoming(data, today) if data else []:
        assert f"price-{change.id}" in ids, f"the price change {change.id} from {change.effective} is no notice"
    path = ROOT / options.questions.snapshot
    if options.consultations.enabled and path.is_file():
        moderation = consultations.moderate(snapshot.load(path), Policy.from_settings(options.questions),
                                            options.consultations.label)
        for item in moderation.published:
            assert f"consultation-{item.number}-opened" in ids
            if item.outcome is not None:
                assert f"consultation-{item.number}-outcome-{item.outcome.comment.id}" in ids
