"""A hub written by `openbook new` publishes every kind of page and feed the demo hub does, so the two cannot drift.

This module, and only this one, reads the demo hub (the repository's mkdocs.yml,
docs/, data/ and .github/): its point is to compare the demo with a new hub.
Both are copied into tmp_path and built there, never in place.

A page's kind comes from the engine itself, not from a list kept here: it is the
engine template that made the page or its generated part (every generated page,
feed and block is rendered from a template in one of openbook's `templates/`
folders or in its theme). Each build records the engine templates it rendered
with some text, so a new kind of page that the demo publishes and a new hub does
not fails here, named by its template, until the starter writes what it needs.
Beside the kinds, it compares what no template makes: every file the build
writes that is not a page (feeds, reports, Pagefind's index, but no lunr
index), the generated pages the nav names, the plugins, Markdown extensions
and theme features of mkdocs.yml, and the issue forms.

A new hub has no questions yet and one commit, so this test gives it what a
company's first weeks would (new_hub_activity()): a synced question with a staff
answer, an FAQ entry drafted from it with `openbook faq new`, an open
consultation opened with the staff form, a question that was published and then
taken down (a tombstone), and a second commit that changes a practice (its
versions and a comparison). Both hubs get the same second commit.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import jinja2
import pytest
import yaml
from selectolax.lexbor import LexborHTMLParser

import openbook
from conftest import FIXTURE_NOW, ROOT, build_hub
from gitrepo import GitRepo
from openbook import cli, settings
from openbook.questions import site as questions_site, snapshot

ENGINE = Path(openbook.__file__).resolve().parent
STARTER = "src/openbook/starter/templates/hub"
DEMO_FILES = ("mkdocs.yml", "docs", "data", ".github", "hooks")

# What a kind is, and what a new hub needs to publish it, for the kinds known when this test was written.
# A kind that is not here is still compared; its message names its template.
KINDS = {
    "questions/templates/index.html": "the questions index (and its recent-activity view)",
    "questions/templates/owed.html": "What we still owe you",
    "questions/templates/question.html": "a question page",
    "questions/templates/tombstone.html": "a question taken down (tombstone)",
    "questions/templates/figures.html": "the questions' figures",
    "consultations/templates/index.html": "the consultations index",
    "consultations/templates/consultation.html": "a consultation page",
    "consultations/templates/open.html": "the open consultations on a page with <!-- openbook:consultations-open -->",
    "consultations/templates/unpublished.html": "a consultation named by a page but not published",
    "consultations/templates/feed.xml": "the consultations feed",
    "faq/templates/index.html": "the FAQ index",
    "faq/templates/entry-top.html": "an FAQ entry",
    "faq/templates/entry-bottom.html": "an FAQ entry's sources and credits",
    "faq/templates/writers.html": "an FAQ entry's writers",
    "faq/templates/banner.html": "a question's link to its FAQ entry",
    "faq/templates/candidates.html": "Worth writing down, on the questions index",
    "pricing/templates/table.html": "the price table on the pricing page",
    "pricing/templates/features.html": "the feature matrix on the pricing page",
    "pricing/templates/upcoming.html": "upcoming price changes on the pricing page",
    "pricing/templates/page-note.html": "the pricing page's note",
    "pricing/templates/history.md": "the price history",
    "pricing/templates/feed.xml": "the price changes feed",
    "subprocessors/templates/list.html": "the subprocessors in use, on a page with <!-- openbook:subprocessors-list -->",
    "subprocessors/templates/upcoming.html": "upcoming subprocessor changes and their objection links",
    "subprocessors/templates/history.html": "every change of the register of subprocessors",
    "subprocessors/templates/feed.xml": "the subprocessor changes feed",
    "practices/templates/practices-table.html": "the practices status table",
    "practices/templates/review.html": "a practice's review box",
    "history/templates/changes.md": "What changed",
    "history/templates/feed.xml": "the What changed feed",
    "history/templates/contributors.md": "the contributors page",
    "history/templates/versions-index.html": "a page's versions page",
    "history/templates/version-banner.html": "an earlier version of a page",
    "history/templates/comparison.html": "the comparison of two versions",
    "history/templates/upcoming-version.html": "a change announced ahead (`effective:`)",
    "theme/openbook-version.html": "the theme's page for versions and comparisons",
    "theme/sitemap.xml": "the sitemap",
}

# The question and the consultation a new hub's first weeks bring, as `openbook sync` writes them.
STAFF = {"login": "hub-staff", "association": "MEMBER"}
CUSTOMER = {"login": "a-customer", "association": "NONE"}
NO_REACTIONS = {"+1": 0, "-1": 0, "confused": 0, "eyes": 0, "heart": 0, "hooray": 0, "laugh": 0, "rocket": 0}


def _comment(number: int, n: int, author: dict, body: str, when: str, votes: int = 0) -> dict:
    return {"author": author, "body": body, "created_at": when, "updated_at": when, "id": 900000 + 10 * number + n,
            "html_url": f"https://github.com/acme-tools/open-book/issues/{number}#issuecomment-{900000 + 10 * number + n}",
            "reactions": {**NO_REACTIONS, "+1": votes}}


def _issue(number: int, title: str, body: str, labels: list[str], author: dict, when: str, comments: list[dict]) -> dict:
    return {"number": number, "title": title, "body": body, "state": "open", "state_reason": None, "closed_at": None,
            "labels": labels, "locked": False, "author": author, "created_at": when,
            "updated_at": comments[-1]["updated_at"] if comments else when,
            "html_url": f"https://github.com/acme-tools/open-book/issues/{number}", "reactions": dict(NO_REACTIONS),
            "comments": comments}


QUESTION = _issue(
    4, "Do I pay the full price for the month I upgrade in?",
    "I want to move to a bigger plan in the middle of the month. Is the first month charged in full?",
    ["question", "billing"], CUSTOMER, "2026-11-05T10:00:00Z",
    [_comment(4, 1, STAFF, "No: you pay only for the days left in the month, on your next invoice.",
              "2026-11-05T14:00:00Z", votes=3)])
CONSULTATION = _issue(
    6, "Consultation: longer support hours on Saturdays",
    "### What we are considering and why\n\nOpening support on Saturday afternoons too.\n\n"
    "### The options\n\nKeep Saturday mornings only; add Saturday afternoons.\n\n"
    "### Closing date\n\n2026-12-15\n\n### Who decides\n\nThe head of support.\n\n"
    "### What we will do with the advice\n\nRead every comment and publish our decision here.",
    ["consultation"], STAFF, "2026-11-10T09:00:00Z",
    [_comment(6, 1, STAFF, "Option: Keep Saturday mornings only", "2026-11-10T09:10:00Z", votes=1),
     _comment(6, 2, STAFF, "Option: Add Saturday afternoons", "2026-11-10T09:11:00Z", votes=4),
     _comment(6, 3, CUSTOMER, "Afternoons, please: our busiest day.", "2026-11-11T08:00:00Z")])
# Published once, then deleted on GitHub: the ledger remembers it, so it gets a tombstone.
TAKEN_DOWN = 2


def new_hub_activity(hub: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A new hub's first weeks: a synced snapshot, an FAQ entry drafted from it, the ledger of what was published."""
    text = (hub / "data" / "questions.json").read_text(encoding="utf-8")
    data = json.loads(text)
    data.update(synced_at="2026-11-21T06:00:00Z", questions=[QUESTION, CONSULTATION])
    # Read back through the engine's own loader: this is a snapshot `openbook sync` could have written.
    snapshot.from_dict(data)
    (hub / "data" / "questions.json").write_text(json.dumps(data, indent=1), encoding="utf-8")
    ledger = settings.of(settings.load(hub / "mkdocs.yml")).questions.ledger
    (hub / ledger).write_text(questions_site.ledger_text([TAKEN_DOWN, QUESTION["number"]], "acme-tools/open-book"),
                              encoding="utf-8")
    # The staff's path to the first FAQ entry, as the starter's FAQ index tells it.
    code = cli.main(["faq", "new", str(QUESTION["number"]), "--owner", "Billing team", "-f", str(hub / "mkdocs.yml")])
    assert code == cli.EXIT_OK, f"`openbook faq new` could not draft an entry in a new hub: {capsys.readouterr().err}"


def change_a_practice(repo: GitRepo) -> None:
    """The same later commit in both hubs: a practice says one more thing (a second version, a comparison)."""
    page = "docs/practices/support.md"
    repo.write(page, repo.read(page) + "\nWe answer in the language you write in.\n")
    repo.commit("Support: we answer in the language you write in", "2026-11-15T10:00:00Z")


@dataclass
class Built:
    site: Path
    config_file: Path
    # Engine templates (relative to the package) the build rendered with some text, or included.
    kinds: set[str] = field(default_factory=set)


@pytest.fixture
def record_kinds(monkeypatch):
    """Record, per build, every engine template looked up and whether a render of it gave any text."""
    looked_up: set[str] = set()
    rendered: dict[str, bool] = {}
    get_template, render = jinja2.Environment.get_template, jinja2.Template.render

    def engine_name(template: jinja2.Template) -> str | None:
        path = Path(template.filename).resolve() if template.filename else None
        return path.relative_to(ENGINE).as_posix() if path and path.is_relative_to(ENGINE) else None

    def recording_get_template(self, *args, **kwargs):
        template = get_template(self, *args, **kwargs)
        if name := engine_name(template):
            looked_up.add(name)
        return template

    def recording_render(self, *args, **kwargs):
        out = render(self, *args, **kwargs)
        if name := engine_name(self):
            rendered[name] = rendered.get(name, False) or bool(out.strip())
        return out

    monkeypatch.setattr(jinja2.Environment, "get_template", recording_get_template)
    monkeypatch.setattr(jinja2.Template, "render", recording_render)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXTURE_NOW)

    def build(hub: Path, site: Path) -> Built:
        looked_up.clear()
        rendered.clear()
        build_hub(hub / "mkdocs.yml", site)
        # An included partial is rendered inside its page; a template rendered on its own must have said something.
        return Built(site, hub / "mkdocs.yml", {name for name in looked_up if rendered.get(name, True)})

    return build


def _outputs(site: Path, docs: Path) -> set[str]:
    """What a build wrote besides its pages and copies of docs/ files (feeds, reports, indexes), a hash as `*`,
    a page's own feed as `PAGE/...`."""
    found = set()
    for path in site.rglob("*"):
        relative = path.relative_to(site).as_posix()
        if path.is_file() and path.suffix != ".html" and not (docs / relative).is_file():
            relative = re.sub(r"[0-9a-f]{7,}", "*", relative)
            # Each page with versions has its own feed; pages are each hub's own content, the kind is what counts.
            found.add(re.sub(r"^.+/versions/feed\.xml$", "PAGE/versions/feed.xml", relative))
    return found


def _linked_forms(site: Path) -> set[str]:
    """The issue forms the built pages link to (`.../issues/new?template=NAME`)."""
    forms = set()
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if "/issues/new?" not in html:
            continue
        for link in LexborHTMLParser(html).css("a[href*='/issues/new?']"):
            query = parse_qs(urlsplit(link.attributes.get("href") or "").query)
            forms.update(query.get("template", []))
    return forms


def _nav_pages(nav: object) -> set[str]:
    if isinstance(nav, str):
        return {nav}
    if isinstance(nav, dict):
        return set().union(*(_nav_pages(value) for value in nav.values()))
    if isinstance(nav, list):
        return set().union(*(_nav_pages(value) for value in nav))
    return set()


def _config(path: Path) -> dict:
    # The config as YAML data: the demo's site_url is an !ENV tag, read here as its default.
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", lambda loader, node: (
        loader.construct_sequence(node)[-1] if isinstance(node, yaml.SequenceNode) else None))
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)  # noqa: S506 - SafeLoader with one tag


def _names(items: list) -> set[str]:
    return {next(iter(item)) if isinstance(item, dict) else item for item in items or []}


def test_a_new_hub_publishes_every_kind_of_page_and_feed_the_demo_does(tmp_path, record_kinds, capsys):
    acme = tmp_path / "acme"
    assert cli.main(["new", str(acme), "--company", "Acme Tools Ltd", "--repo", "acme-tools/open-book"]) == cli.EXIT_OK
    new_repo = GitRepo(acme)
    new_repo.commit("A new Open Book", "2026-11-01T09:00:00Z")
    new_hub_activity(acme, capsys)
    new_repo.commit("The first synced questions and FAQ entry", "2026-11-12T09:00:00Z")
    change_a_practice(new_repo)

    demo = tmp_path / "demo"
    demo.mkdir()
    for name in DEMO_FILES:
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy2)(ROOT / name, demo / name)
    demo_repo = GitRepo(demo)
    demo_repo.commit("The demo hub", "2026-11-01T09:00:00Z")
    change_a_practice(demo_repo)

    # The new hub first: nothing the demo's build leaves in memory can stand in for the new hub's own work.
    new = record_kinds(acme, tmp_path / "acme-site")
    old = record_kinds(demo, tmp_path / "demo-site")

    missing = []
    for kind in sorted(old.kinds - new.kinds):
        what = KINDS.get(kind, f"a kind of page or block made from openbook's template {kind}")
        missing.append(f"{what} ({kind}): the demo publishes it and a hub written by `openbook new` does not; "
                       f"make the starter ({STARTER}/) write what the demo has for it (settings in mkdocs.yml, "
                       "a nav entry, a marker on a page, an issue form), and if it needs data a new hub cannot "
                       "have yet, add that data to new_hub_activity() in tests/starter/test_parity.py")

    for output in sorted(_outputs(old.site, demo / "docs") - _outputs(new.site, acme / "docs")):
        what = "the feed" if output.endswith(".xml") else "the file"
        missing.append(f"{what} {output}: the demo's build writes it and a new hub's does not")

    for built, who in ((old, "the demo"), (new, "a new hub")):
        if not (built.site / "pagefind" / "pagefind.js").is_file():
            missing.append(f"{who} has no Pagefind index (pagefind/pagefind.js)")
        if (built.site / "search" / "search_index.json").exists():
            missing.append(f"{who} builds Material's lunr index (search/search_index.json) beside Pagefind's: "
                           "take `search` out of its mkdocs.yml plugins")

    old_config, new_config = _config(old.config_file), _config(new.config_file)
    # Every generated page the demo's nav names (questions, FAQ, consultations, price history, ...) is named in a
    # new hub's; the demo's hand-written pages are its own content.
    demo_docs = {p.relative_to(demo / "docs").as_posix() for p in (demo / "docs").rglob("*.md")}
    for page in sorted(_nav_pages(old_config["nav"]) - demo_docs - _nav_pages(new_config["nav"])):
        missing.append(f"the nav entry {page}: the demo's navigation names this generated page and a new hub's "
                       f"does not; add it to {STARTER}/mkdocs.yml's nav")
    for key, what in (("plugins", "plugin"), ("markdown_extensions", "Markdown extension")):
        for name in sorted(_names(old_config.get(key)) - _names(new_config.get(key))):
            missing.append(f"the {what} {name}: the demo's mkdocs.yml has it and a new hub's does not; "
                           f"add it to {STARTER}/mkdocs.yml's {key}")
    for feature in sorted(set(old_config["theme"]["features"]) - set(new_config["theme"]["features"])):
        missing.append(f"the theme feature {feature}: add it to {STARTER}/mkdocs.yml's theme.features")
    for form in sorted(p.name for p in (demo / ".github" / "ISSUE_TEMPLATE").glob("*.yml")):
        if not (acme / ".github" / "ISSUE_TEMPLATE" / form).is_file():
            missing.append(f"the issue form {form}: the demo has it and a new hub does not; add it to "
                           f"{STARTER}/github/ISSUE_TEMPLATE/ (with the company's name where the demo names its own)")

    for built, hub, who in ((old, demo, "the demo"), (new, acme, "a new hub")):
        for form in sorted(_linked_forms(built.site) - {p.name for p in (hub / ".github" / "ISSUE_TEMPLATE").iterdir()}):
            missing.append(f"the issue form {form}: a page of {who} links to it and its .github/ISSUE_TEMPLATE/ "
                           "does not have it")

    assert not missing, "A new hub lacks what the demo has:\n- " + "\n- ".join(missing)
    # The comparison is only as strong as what the demo shows: it must show every main kind of page.
    for kind in ("questions/templates/question.html", "consultations/templates/consultation.html",
                 "faq/templates/entry-top.html", "history/templates/comparison.html", "pricing/templates/history.md",
                 "subprocessors/templates/history.html"):
        assert kind in old.kinds, f"the demo's build no longer uses {kind}; this test compares too little"


def test_a_new_hubs_first_faq_entry_and_consultation_check_clean_and_are_listed(tmp_path, capsys, monkeypatch):
    # The starter's guidance, followed: sync, `openbook faq new NUMBER`, `openbook check`, merge.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXTURE_NOW)
    acme = tmp_path / "acme"
    assert cli.main(["new", str(acme), "--company", "Acme Tools Ltd", "--repo", "acme-tools/open-book"]) == cli.EXIT_OK
    repo = GitRepo(acme)
    repo.commit("A new Open Book", "2026-11-01T09:00:00Z")
    new_hub_activity(acme, capsys)
    repo.commit("The first synced questions and FAQ entry", "2026-11-12T09:00:00Z")
    capsys.readouterr()

    assert cli.main(["check", "-f", str(acme / "mkdocs.yml")]) == cli.EXIT_OK, capsys.readouterr().out
    site = tmp_path / "site"
    build_hub(acme / "mkdocs.yml", site)

    faq = LexborHTMLParser((site / "faq" / "index.html").read_text(encoding="utf-8"))
    entries = {a.text(strip=True): a.attributes["href"] for a in faq.css("ul.openbook-faq a")}
    assert entries == {QUESTION["title"]: "do-i-pay-the-full-price-for-the/"}, entries
    assert faq.css_first("h2").text(strip=True) == "Billing and plans"
    home = LexborHTMLParser((site / "index.html").read_text(encoding="utf-8"))
    assert [a.text(strip=True) for a in home.css(".openbook-consultations-open li a")] == [CONSULTATION["title"]]
    consultations = LexborHTMLParser((site / "consultations" / "index.html").read_text(encoding="utf-8"))
    assert [a.attributes["href"] for a in consultations.css("#open + ul a")] == ["6/"]
