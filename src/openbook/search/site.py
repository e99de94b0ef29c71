"""The MkDocs side of search: show the header's search box, and index the built site with Pagefind.

Pagefind runs from its binary wheel (`pagefind[bin]`) through its Python API
once MkDocs has written every page, so it indexes exactly what is published,
generated pages included. It is given only each page's article (the element
overrides/partials/content.html marks `data-pagefind-body`), copied as the
page is written: a fifth of the HTML, which is most of Pagefind's work. Pages
without that mark (listings, tombstones, 404) stay out of the index.
"""

from __future__ import annotations

import logging
import re
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError

from openbook.search import attributes

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.openbook.search")

# Where the bundle is written in the site, and read by overrides/assets/javascripts/openbook-search.js.
BUNDLE = "pagefind"
# What overrides/partials/content.html writes around a searchable article.
START = '<div class="openbook-article" data-pagefind-body'
END = "<!-- openbook:article-end -->"
# Parts of an article a reader never searches for: permalink marks, and
# buttons that lead elsewhere ("All questions", "Continue on GitHub").
EXCLUDE = (".headerlink", ".md-button")
# A page that distills other pages (an FAQ entry, the conversations it answers)
# names each of them with this Pagefind filter, valued with that page's URL as
# Pagefind indexes it (`indexed_url`). Whatever the words' scores, the search box
# never lists the page below one it distills, but just above the highest-ranked of
# them: the promise is an order, which weights can only approximate. openbook-search.js reads the same name.
DISTILLS = "openbook_distills"


class _Articles:
    """The articles of one build, written to a scratch folder as MkDocs writes the pages."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="openbook-search-"))
        self.count = 0

    def add(self, dest_uri: str, language: str, article: str) -> None:
        target = self.folder / dest_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f'<!doctype html><html lang="{language}"><head><meta charset="utf-8"></head>'
                          f"<body>{article}</body></html>", encoding="utf-8")
        self.count += 1

    def remove_page(self, dest_uri: str) -> None:
        target = self.folder / dest_uri
        if target.is_file():
            target.unlink()
            self.count -= 1

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


# One build at a time; reset in on_pre_build, as hooks are not reloaded under `mkdocs serve`.
_articles: _Articles | None = None


def on_env(env: Environment) -> None:
    """Tell the templates search is on, so the header shows the search box (partials/header.html)."""
    env.globals["openbook_search"] = {"bundle": BUNDLE}


def on_pre_build() -> None:
    global _articles
    if _articles is not None:
        _articles.remove()
    _articles = _Articles()


def on_page_content(html: str) -> str:
    """The page's content without search attributes: only openbook's templates set them (openbook.search.attributes)."""
    return attributes.strip(html)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> None:
    keep(page.file.dest_uri, output, config)


def keep(dest_uri: str, output: str, config: MkDocsConfig) -> None:
    """Keep the article of the page written at dest_uri for the index, if the page marks one as searchable.

    Pages written outside MkDocs' page loop (question pages) come here as they are written.
    """
    start = output.find(START)
    end = output.rfind(END, start) if start >= 0 else -1
    if end < 0 or _articles is None:
        return
    _articles.add(dest_uri, config.theme.get("language") or "en", output[start:end])


def forget(dest_uri: str) -> None:
    """Leave out the article kept for dest_uri: a page kind's template, rendered with placeholders, is no page."""
    if _articles is not None:
        _articles.remove_page(dest_uri)


def on_post_build(config: MkDocsConfig) -> None:
    global _articles
    articles, _articles = _articles, None
    if articles is None:
        return
    try:
        pages = index(articles.folder, Path(config.site_dir) / BUNDLE, language=config.theme.get("language") or "en")
    finally:
        articles.remove()
    log.info("search: indexed %d pages", pages)


def on_build_error() -> None:
    global _articles
    if _articles is not None:
        _articles.remove()
        _articles = None


def indexed_url(page_url: str) -> str:
    """The URL Pagefind gives the page MkDocs publishes at `page_url` ("questions/12/" is "/questions/12/").

    Pagefind names a page by its path in the folder it indexes, which mirrors the
    site's; the search box adds the site's base path itself, so this holds under any `site_url`.
    """
    return "/" + page_url.lstrip("/")


def distills(page_url: str) -> str:
    """The value of `data-pagefind-filter` that says an article distills the page at `page_url`."""
    return f"{DISTILLS}:{indexed_url(page_url)}"


# Pagefind's summary line: "Indexed 1020 pages".
_INDEXED = re.compile(r"Indexed (\d+) pages?")


def _indexed(said: str) -> int | None:
    found = _INDEXED.findall(said)
    return int(found[-1]) if found else None


def index(pages: Path, output: Path, *, language: str = "en") -> int:
    """Index the HTML pages under `pages` into the bundle folder `output`; returns the number indexed.

    The binary itself, as a process that ends when every file is written. Its
    Python API's service is told to stop once it answers "written", which it may
    say before the last file is: a build then published an empty
    pagefind-worker.js now and then.
    """
    import subprocess

    from pagefind.service import get_executable

    binary = get_executable()
    if binary is None:
        raise PluginError("search needs Pagefind's binary: pip install 'pagefind[bin]' (or set PAGEFIND_BINARY_PATH)")
    # `mkdocs serve` rebuilds into the same folder: fragments of the last build must not linger.
    shutil.rmtree(output, ignore_errors=True)
    command = [str(binary), "--site", str(pages), "--output-path", str(output),
               # One index for the hub: a page that declares another language joins it
               # rather than getting an index of its own that the search box never loads.
               "--force-language", language]
    for selector in EXCLUDE:
        command += ["--exclude-selectors", selector]
    try:
        done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", errors="replace",
                              check=False)
    except OSError as error:
        raise PluginError(f"search: Pagefind's binary {binary} could not run: {error}") from None
    count = _indexed(done.stdout)
    if done.returncode != 0 or count is None or not (output / "pagefind-entry.json").is_file():
        said = (done.stderr.strip() or done.stdout.strip()).splitlines()[-5:]
        raise PluginError(f"search: Pagefind could not index the site (exit {done.returncode}): " + " / ".join(said))
    # The bundle's ready-made interfaces are unused: the search box is ours.
    for name in ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
                 "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js"):
        (output / name).unlink(missing_ok=True)
    return count
