"""The links around every page: View source, ask a question, report a problem, "Was this page helpful?",
and on pages of customers' words, "Report this content".

Each is a plain link to a pre-filled GitHub issue form, so the reader's browser
contacts no host until the reader clicks. The core is pure (URLs in, URLs out);
`for_page` adapts a MkDocs page.
"""

from __future__ import annotations

import html

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

from mkdocs.utils import get_relative_url

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

# The issue forms in .github/ISSUE_TEMPLATE/ these links open.
QUESTION_FORM = "question.yml"
PROBLEM_FORM = "page-problem.yml"
FEEDBACK_FORM = "feedback.yml"
# A notice that published content is illegal or breaks the rules (EU Digital Services
# Act, Art. 16): the form asks for the reasons and a good-faith statement; the link
# fills in the page's exact address. Its issues are never published (questions.rules).
CONTENT_REPORT_FORM = "content-report.yml"
# Front matter of a page that shows customers' words (a question, a consultation):
# the page gets "Report this content".
REPORTABLE = "openbook_reportable"
# GitHub refuses very long URLs; a page title longer than this is cut.
TITLE_LIMIT = 120


@dataclass(frozen=True)
class PageActions:
    ask: str
    report: str
    helpful_yes: str
    helpful_no: str
    # Where "View source" goes; None when the page has no source link.
    view: str | None
    # "Report this content", on pages that show customers' words; None elsewhere.
    content_report: str | None = None


def issue_form_url(repo_url: str, template: str, title: str | None = None, **fields: str) -> str:
    """A new-issue URL that opens an issue form with its title and fields filled in.

    Issue forms take each field's value from a query parameter named by the
    field's `id` (a form ignores `body`). Every value is percent-encoded, so a
    title with `&`, `#` or quotes cannot add or change parameters.
    """
    params = [("template", template)]
    if title:
        params.append(("title", title))
    params.extend(fields.items())
    return f"{repo_url.rstrip('/')}/issues/new?{urlencode(params, quote_via=quote)}"


def view_url(edit_url: str | None) -> str | None:
    """The URL that shows a page's source, given its Edit URL.

    A GitHub edit URL (`/{owner}/{repo}/edit/{branch}/{path}`) becomes the
    matching `/blob/` URL; only that path segment changes, so a repository
    named `credit-edits` or `edit` keeps its name (Material's own template
    replaces every "edit" in the URL). Any other source, such as a question's
    GitHub issue, is its own view.
    """
    if not edit_url:
        return None
    parts = urlsplit(edit_url)
    segments = parts.path.split("/")
    # segments[0] is "" (the path starts with "/"): owner, repo, then the action.
    for index in (3, 4):
        if len(segments) > index and segments[index] == "edit" and (index == 3 or segments[3] == "-"):
            segments[index] = "blob"
            return urlunsplit(parts._replace(path="/".join(segments)))
    return edit_url


def short(title: str) -> str:
    title = " ".join(title.split())
    return title if len(title) <= TITLE_LIMIT else title[: TITLE_LIMIT - 1] + "…"


def content_report_url(repo_url: str, page_url: str) -> str:
    """The content-report form, with the page's exact address filled in.

    The title names the address, not the page's title: the title may be the
    very words reported, and the report is public on GitHub.
    """
    return issue_form_url(repo_url, CONTENT_REPORT_FORM, f"Content report: {page_url}", page=page_url)


def actions(repo_url: str, page_title: str, page_url: str, edit_url: str | None, *,
            ask_url: str | None = None, reportable: bool = False) -> PageActions:
    """The page's links; `ask_url` is the hub's "Ask a question" page, else the question form is linked."""
    title = short(page_title or page_url)
    return PageActions(
        ask=ask_url or issue_form_url(repo_url, QUESTION_FORM),
        report=issue_form_url(repo_url, PROBLEM_FORM, f"Problem with the page “{title}”",
                              page=page_url, **{"page-title": title}),
        helpful_yes=issue_form_url(repo_url, FEEDBACK_FORM, f"Feedback: “{title}” was helpful",
                                   page=page_url, helpful="Yes"),
        helpful_no=issue_form_url(repo_url, FEEDBACK_FORM, f"Feedback: “{title}” was not helpful",
                                  page=page_url, helpful="No"),
        view=view_url(edit_url),
        content_report=content_report_url(repo_url, page_url) if reportable else None,
    )


def for_page(page: Page, config: MkDocsConfig, ask_page: str | None = None) -> PageActions | None:
    """The actions of a built page, or None when the hub has no repository to send them to.

    `ask_page` is the URL of the hub's "Ask a question" page, if it has one; the link is relative to the page.
    """
    if not config.repo_url:
        return None
    url = page.canonical_url or page.abs_url or ""
    if not url.startswith(("http://", "https://")) and config.site_url:
        url = config.site_url.rstrip("/") + "/" + url.lstrip("/")
    # MkDocs page titles are HTML text (a question's title is escaped on
    # purpose); the issue form wants the words the reader saw, and
    # issue_form_url encodes them again for the URL.
    meta = getattr(page, "meta", None) or {}
    ask_url = None
    # On the Ask page itself, its "Ask a question" is the form.
    if ask_page is not None and ask_page != page.url:
        ask_url = get_relative_url(ask_page, page.url)
    return actions(config.repo_url, html.unescape(page.title or ""), url, page.edit_url,
                   ask_url=ask_url, reportable=meta.get(REPORTABLE) is True)
