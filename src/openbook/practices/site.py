"""MkDocs adapter for practices: validate their front matter, show each review, fill the index table.

`on_files` reads every practices page once and stops the build on malformed front
matter (naming the file, line and key); the index gets its table at the marker
`<!-- openbook:practices-table -->`, and each practice its "Reviewed on" box.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from openbook import clock, settings
from openbook.consultations import model as consultations_model
from openbook.practices import model as practices, render

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

MARKER = "<!-- openbook:practices-table -->"


@dataclass(frozen=True)
class _Row:
    practice: practices.Practice
    url: str
    overdue: bool
    days_overdue: int


# src_uri -> (Practice, page URL). Reset in on_config: hooks outlive `mkdocs serve` rebuilds.
_found: dict[str, tuple[practices.Practice, str]] = {}


def on_config(config: MkDocsConfig) -> None:
    _found.clear()


def on_files(files: Files, config: MkDocsConfig) -> Files:
    _found.clear()
    options = settings.of(config).practices
    if not options.enabled:
        return files
    root = settings.project_root(config)
    problems = []
    for file in files.documentation_pages():
        if not practices.is_practice(file.src_uri, options.folder):
            continue
        where = file.abs_src_path
        name = file.src_uri
        if where:
            try:
                name = Path(where).resolve().relative_to(root).as_posix()
            except ValueError:
                name = where
        try:
            practice = practices.parse(file.content_string, file.src_uri,
                                       default_review_every=options.review_every, file=name)
        except practices.PracticeError as exc:
            problems.extend(exc.problems)
            continue
        _found[file.src_uri] = (practice, file.url)
    if problems:
        raise PluginError("Malformed practices front matter:\n" + "\n".join(p.text() for p in problems))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig) -> str:
    if MARKER not in markdown or not _found:
        return markdown
    today = clock.today()
    rows = [
        _Row(practice, get_relative_url(url, page.url), practice.overdue(today), practice.days_overdue(today))
        for practice, url in sorted(_found.values(), key=lambda item: item[0].title.casefold())
    ]
    # A raw HTML block: Python-Markdown passes it through as it is, with a blank line around it.
    table = render.render("practices-table.html", rows=rows)
    return markdown.replace(MARKER, f"\n{table}\n", 1)


def on_page_content(html: str, page: Page, config: MkDocsConfig) -> str:
    found = _found.get(page.file.src_uri)
    if found is None:
        return html
    practice = found[0]
    today = clock.today()
    asked = [
        {"number": n, "url": get_relative_url(consultations_model.page_url(n, config.use_directory_urls), page.url)}
        for n in practice.consultations
    ] if settings.of(config).consultations.enabled else []
    box = render.render("review.html", practice=practice, overdue=practice.overdue(today),
                        days_overdue=practice.days_overdue(today), consultations=asked)
    # Right under the page's title, where a reader looks before trusting the rest.
    end = html.find("</h1>")
    if end < 0:
        return box + html
    end += len("</h1>")
    return html[:end] + "\n" + box + html[end:]
