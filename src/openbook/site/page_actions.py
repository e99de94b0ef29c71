"""The links around every page: View source, ask a question, report a problem, and "Was this page helpful?".

Each is a plain link to a pre-filled GitHub issue form, so the reader's browser
contacts no host until the reader clicks. The core is pure (URLs in, URLs out);
`for_page` adapts a MkDocs page.
"""

from __future__ import annotations

import html

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

# The issue forms in .github/ISSUE_TEMPLATE/ these links open.
QUESTION_FORM = "question.yml"
PROBLEM_FORM = "page-problem.yml"
FEEDBACK_FORM = "feedback.yml"
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


def _short(title: str) -> str:
    title = " ".join(title.split())
    return title if len(title) <= TITLE_LIMIT else title[: TITLE_LIMIT - 1] + "…"


def actions(repo_url: str, page_title: str, page_url: str, edit_url: str | None) -> PageActions:
    title = _short(page_title or page_url)
    return PageActions(
        ask=issue_form_url(repo_url, QUESTION_FORM),
        report=issue_form_url(repo_url, PROBLEM_FORM, f"Problem with the page “{title}”",
                              page=page_url, **{"page-title": title}),
        helpful_yes=issue_form_url(repo_url, FEEDBACK_FORM, f"Feedback: “{title}” was helpful",
                                   page=page_url, helpful="Yes"),
        helpful_no=issue_form_url(repo_url, FEEDBACK_FORM, f"Feedback: “{title}” was not helpful",
                                  page=page_url, helpful="No"),
        view=view_url(edit_url),
    )


def for_page(page: Page, config: MkDocsConfig) -> PageActions | None:
    """The actions of a built page, or None when the hub has no repository to send them to."""
    if not config.repo_url:
        return None
    url = page.canonical_url or page.abs_url or ""
    if not url.startswith(("http://", "https://")) and config.site_url:
        url = config.site_url.rstrip("/") + "/" + url.lstrip("/")
    # MkDocs page titles are HTML text (a question's title is escaped on
    # purpose); the issue form wants the words the reader saw, and
    # issue_form_url encodes them again for the URL.
    return actions(config.repo_url, html.unescape(page.title or ""), url, page.edit_url)
