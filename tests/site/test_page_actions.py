"""The actions around every page: View source, ask, report a problem, "Was this page helpful?".

Unit tests of the URLs, build tests of the HTML (hostile titles included), and
browser tests that the links work and nothing reaches a third party on its own.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from conftest import FIXTURE, build_hub, read_page
from openbook import settings
from openbook.site.page_actions import actions, issue_form_url, view_url

REPO = "https://github.com/larkspur-hq/openbook-hub"
SITE = "https://larkspur-hq.github.io/openbook-hub/"


class Links(HTMLParser):
    """Every <a> of a page: its attributes, decoded as a browser decodes them."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.anchors: list[dict[str, str]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.anchors.append({k: v or "" for k, v in attrs})

    def action(self, name: str) -> str:
        [href] = [a["href"] for a in self.anchors if a.get("data-openbook-action") == name]
        return href

    def titled(self, title: str) -> str:
        [href] = [a["href"] for a in self.anchors if a.get("title") == title]
        return href


def query(url: str) -> dict[str, str]:
    parts = urlsplit(url)
    return {key: values[0] for key, values in parse_qs(parts.query, keep_blank_values=True).items()}


# --- URLs ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("edit", "view"),
    [
        (f"{REPO}/edit/main/docs/practices/support.md", f"{REPO}/blob/main/docs/practices/support.md"),
        ("https://github.com/acme/credit-edits/edit/main/docs/edit/editing.md",
         "https://github.com/acme/credit-edits/blob/main/docs/edit/editing.md"),
        ("https://github.com/edit/edit/edit/edit/docs/a.md", "https://github.com/edit/edit/blob/edit/docs/a.md"),
        (f"{REPO}/blob/main/docs/a.md", f"{REPO}/blob/main/docs/a.md"),
        (f"{REPO}/issues/3", f"{REPO}/issues/3"),
        ("https://gitlab.example/group/hub/-/edit/main/docs/a.md", "https://gitlab.example/group/hub/-/blob/main/docs/a.md"),
        (None, None),
    ],
)
def test_view_source_changes_only_the_edit_path_segment(edit, view):
    assert view_url(edit) == view


def test_issue_form_urls_encode_every_value():
    url = issue_form_url(REPO, "page-problem.yml", 'A & B #1 "quoted"', page=f"{SITE}a/?x=1&y=2", **{"page-title": "<b>x</b>"})

    assert url.startswith(f"{REPO}/issues/new?template=page-problem.yml&title=")
    assert " " not in url and '"' not in url and "<" not in url and url.count("#") == 0
    assert query(url) == {"template": "page-problem.yml", "title": 'A & B #1 "quoted"', "page": f"{SITE}a/?x=1&y=2",
                          "page-title": "<b>x</b>"}


def test_actions_prefill_the_page_title_and_url():
    links = actions(REPO, "Refunds and cancellations", f"{SITE}practices/refunds/", f"{REPO}/edit/main/docs/practices/refunds.md")

    assert links.ask == f"{REPO}/issues/new?template=question.yml"
    assert query(links.report) == {"template": "page-problem.yml", "title": "Problem with the page “Refunds and cancellations”",
                                   "page": f"{SITE}practices/refunds/", "page-title": "Refunds and cancellations"}
    assert query(links.helpful_yes)["helpful"] == "Yes" and query(links.helpful_no)["helpful"] == "No"
    assert query(links.helpful_no)["title"] == "Feedback: “Refunds and cancellations” was not helpful"


def test_a_very_long_title_is_cut_so_the_url_stays_usable():
    links = actions(REPO, "word " * 500, f"{SITE}x/", None)

    assert len(query(links.report)["page-title"]) == 120
    assert len(links.report) < 2000


def test_the_prefilled_fields_exist_in_the_issue_forms():
    forms = {}
    for name in ("question.yml", "page-problem.yml", "feedback.yml"):
        form = yaml.safe_load((FIXTURE / ".github/ISSUE_TEMPLATE" / name).read_text(encoding="utf-8"))
        forms[name] = {item.get("id") for item in form["body"]}
    links = actions(REPO, "T", f"{SITE}x/", None)
    for url in (links.report, links.helpful_yes):
        fields = set(query(url)) - {"template", "title"}
        assert fields <= forms[query(url)["template"]]


def test_the_question_form_applies_the_publish_label(fixture_hub):
    form = yaml.safe_load((FIXTURE / ".github/ISSUE_TEMPLATE/question.yml").read_text(encoding="utf-8"))
    # The hub's own settings, read as openbook reads them (mkdocs.yml uses MkDocs' !ENV tag).
    hub = settings.load(fixture_hub / "mkdocs.yml")
    questions = settings.of(hub).questions
    # Sync publishes an issue with any publish label and no exclude label.
    assert set(form["labels"]) & set(questions.publish_labels)
    assert not set(form["labels"]) & set(questions.exclude_labels)
    assert hub.repo_url == REPO


# --- the built site -----------------------------------------------------------------------

def test_every_page_has_the_actions_and_a_correct_view_source_link(fixture_site):
    html = read_page(fixture_site, "practices/support/")
    links = Links(html)

    assert links.titled("Edit this page") == f"{REPO}/edit/main/docs/practices/support.md"
    assert links.titled("View source of this page") == f"{REPO}/blob/main/docs/practices/support.md"
    # "Ask a question" goes to the hub's Ask page, which searches before it opens the form.
    assert links.action("ask") == "../../questions/ask/"
    assert query(links.action("report"))["page"] == f"{SITE}practices/support/"
    assert query(links.action("report"))["page-title"] == "Support and response times"
    assert query(links.action("helpful-yes"))["page"] == f"{SITE}practices/support/"


def test_a_generated_pages_view_source_is_its_real_source(fixture_site):
    pricing = Links(read_page(fixture_site, "pricing/"))
    assert pricing.titled("View source of this page") == f"{REPO}/blob/main/data/pricing.yml"

    question = Links(read_page(fixture_site, "questions/3/"))
    assert question.titled("Edit this page") == question.titled("View source of this page") == f"{REPO}/issues/3"


def test_hostile_page_titles_stay_inside_the_links(copy_hub, tmp_path):
    title = '"><script>alert(1)</script> & <img src=x onerror=alert(2)> #frag'
    (copy_hub / "docs/hostile.md").write_text(
        f"---\ntitle: {yaml.safe_dump(title).strip().removesuffix('...').strip()}\n---\n\nBody.\n", encoding="utf-8"
    )
    site = tmp_path / "site"
    # Not in the nav, so the page's own (hostile) title is used.
    build_hub(copy_hub / "mkdocs.yml", site)

    html = read_page(site, "hostile/")
    aside = html[html.index('<aside class="openbook-actions"'): html.index("</aside>")]
    assert "<script" not in aside and "<img" not in aside
    links = Links(aside)
    assert query(links.action("report"))["page-title"] == title
    assert query(links.action("helpful-no"))["title"] == f"Feedback: “{title}” was not helpful"


def test_an_escaped_title_is_prefilled_as_the_words_the_reader_saw():
    from types import SimpleNamespace

    from openbook.site.page_actions import for_page

    # A question page's title is HTML-escaped on purpose; the form gets the text.
    page = SimpleNamespace(title="Q&amp;A: why does &lt;b&gt; show?", canonical_url="https://hub.example/questions/7/",
                           abs_url="/questions/7/", url="questions/7/", edit_url=f"{REPO}/issues/7", meta={})
    config = SimpleNamespace(repo_url=REPO, site_url="https://hub.example/")
    report = for_page(page, config).report
    assert query(report)["page-title"] == "Q&A: why does <b> show?"


def test_view_source_keeps_a_repository_name_that_contains_edit(copy_hub, tmp_path):
    config = copy_hub / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(REPO, "https://github.com/acme/credit-edits"),
                      encoding="utf-8")
    # The snapshot and the ledger name the repository they are of: make them this one's.
    for data in ("questions.json", "questions-published.json"):
        path = copy_hub / "data" / data
        path.write_text(path.read_text(encoding="utf-8").replace('"larkspur-hq/openbook-hub"', '"acme/credit-edits"'),
                        encoding="utf-8")
    site = tmp_path / "site"
    build_hub(config, site)

    links = Links(read_page(site, "contributing/"))
    assert links.titled("View source of this page") == "https://github.com/acme/credit-edits/blob/main/docs/contributing.md"
    assert links.action("ask") == "../questions/ask/"
    ask = Links(read_page(site, "questions/ask/"))
    assert ask.action("ask") == "https://github.com/acme/credit-edits/issues/new?template=question.yml"


# --- in the browser -------------------------------------------------------------------------


@pytest.mark.browser
def test_page_actions_in_the_browser_make_no_request_until_clicked(hub_browser):
    page, visit = hub_browser.open("practices/refunds/")
    hrefs = {
        name: page.get_attribute(f'[data-openbook-action="{name}"]', "href")
        for name in ("ask", "report", "helpful-yes", "helpful-no")
    }
    assert hrefs["ask"] == "../../questions/ask/"
    assert query(hrefs["report"])["title"] == "Problem with the page “Refunds and cancellations”"
    assert query(hrefs["report"])["page"] == f"{SITE}practices/refunds/"
    assert query(hrefs["helpful-yes"])["helpful"] == "Yes" and query(hrefs["helpful-no"])["helpful"] == "No"
    assert page.get_by_role("group", name="Was this page helpful?").is_visible()
    # Loading the page contacted no host but the hub's own.
    visit.assert_clean()

    with page.expect_request(lambda request: request.url.startswith("https://github.com/")) as clicked:
        page.get_by_role("link", name="Yes", exact=True).click()

    # The only foreign request is the reader's own click, to the pre-filled issue; the test aborted it.
    assert clicked.value.url == hrefs["helpful-yes"]
    assert clicked.value.is_navigation_request()
    assert visit.foreign_requests == [hrefs["helpful-yes"]]


@pytest.mark.browser
def test_page_actions_pass_the_accessibility_scan(hub_browser):
    page, visit = hub_browser.open("questions/3/")

    assert page.locator('[data-openbook-action="report"]').count() == 1
    assert hub_browser.axe(page) == []
    visit.assert_clean()


# --- "Report this content" ------------------------------------------------------------------

REPORT_FORMS = [FIXTURE / ".github/ISSUE_TEMPLATE/content-report.yml",
                FIXTURE.parent.parent / ".github/ISSUE_TEMPLATE/content-report.yml"]


def _report_links(html: str) -> list[str]:
    """The href of every "Report this content" link of a built page, as a browser reads it."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    return [a.attributes["href"] for a in tree.css("a") if a.text(strip=True) == "Report this content"]


def _canonical(html: str) -> str:
    from selectolax.lexbor import LexborHTMLParser

    return LexborHTMLParser(html).css_first('link[rel="canonical"]').attributes["href"]


@pytest.mark.parametrize("path", REPORT_FORMS, ids=["fixture-hub", "demo"])
def test_the_content_report_form_asks_what_a_notice_needs_and_is_labelled_content_report(path):
    form = yaml.safe_load(path.read_text(encoding="utf-8"))
    fields = {item.get("id"): item for item in form["body"] if item.get("id")}

    assert form["labels"] == ["content-report"]
    # The page's exact address and the reasons are required; who reports is optional.
    for required in ("page", "reason"):
        assert fields[required]["validations"]["required"] is True, required
    assert fields["reason"]["type"] == "textarea"
    for optional in ("name", "email"):
        assert fields[optional]["validations"]["required"] is False, optional
    [statement] = fields["good-faith"]["attributes"]["options"]
    assert statement["required"] is True and "good faith" in statement["label"] and "accurate" in statement["label"]


def test_the_content_report_link_prefills_only_fields_the_form_has():
    form = yaml.safe_load(REPORT_FORMS[0].read_text(encoding="utf-8"))
    ids = {item.get("id") for item in form["body"]}
    link = actions(REPO, "A title with someone's phone number", f"{SITE}questions/7/", None, reportable=True).content_report

    assert set(query(link)) - {"template", "title"} <= ids
    # The public report's title names the address, never the reported page's words.
    assert query(link) == {"template": "content-report.yml", "title": f"Content report: {SITE}questions/7/",
                           "page": f"{SITE}questions/7/"}
    assert actions(REPO, "T", f"{SITE}x/", None).content_report is None


def test_the_content_report_link_follows_a_github_enterprise_repo_url():
    enterprise = "https://github.acme.example/support/open-book"
    link = actions(enterprise, "T", f"{SITE}questions/7/", None, reportable=True).content_report

    assert link.startswith(f"{enterprise}/issues/new?")
    assert query(link)["page"] == f"{SITE}questions/7/"


@pytest.mark.parametrize("path", ["questions/3/", "questions/33/", "consultations/25/", "consultations/62/"])
def test_question_and_consultation_pages_link_report_this_content_with_their_canonical_address(fixture_site, path):
    html = read_page(fixture_site, path)
    [link] = _report_links(html)

    assert link.startswith(f"{REPO}/issues/new?")
    assert query(link)["template"] == "content-report.yml"
    assert query(link)["page"] == _canonical(html) == f"{SITE}{path}"


@pytest.mark.parametrize("path", ["practices/support/", "questions/", "questions/ask/", "consultations/", "faq/"])
def test_pages_of_the_hubs_own_words_have_no_content_report_link(fixture_site, path):
    assert _report_links(read_page(fixture_site, path)) == []


def test_a_github_enterprise_hub_reports_content_on_its_own_host(copy_hub, tmp_path):
    enterprise = "https://github.acme.example/larkspur-hq/openbook-hub"
    config = copy_hub / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(REPO, enterprise), encoding="utf-8")
    site = tmp_path / "site"
    build_hub(config, site)

    html = read_page(site, "questions/3/")
    [link] = _report_links(html)
    assert link.startswith(f"{enterprise}/issues/new?template=content-report.yml&")
    assert query(link)["page"] == _canonical(html)
