"""The MkDocs side of search: mark the header's search box as present, and index the built site with Pagefind.

Pagefind runs from its binary wheel (`pagefind[bin]`), in-process through its
Python API, after MkDocs has written every page, so it indexes exactly what is
published, including generated pages. It reads only the element a page marks
with `data-pagefind-body` (the article; see overrides/partials/content.html),
so pages that carry no such element (listing pages, tombstones, 404) stay out.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig

log = logging.getLogger("mkdocs.plugins.openbook.search")

# Where the bundle is written in the site, and read by overrides/assets/javascripts/openbook-search.js.
BUNDLE = "pagefind"
# Parts of an article a reader never searches for: permalink marks, buttons
# that lead elsewhere, and anything the page marks as not searchable.
EXCLUDE = (".headerlink", ".md-source-file", ".md-feedback", ".md-button")


def on_env(env: Environment) -> None:
    """Tell the templates search is on, so the header shows the search box (partials/header.html)."""
    env.globals["openbook_search"] = {"bundle": BUNDLE}


def on_post_build(config: MkDocsConfig) -> None:
    pages = index(Path(config.site_dir), language=config.theme.get("language") or "en")
    log.info("search: indexed %d pages", pages)


def index(site_dir: Path, *, language: str = "en") -> int:
    """Index the built site in site_dir into site_dir/pagefind; returns the number of pages indexed."""
    try:
        from pagefind.index import IndexConfig, PagefindIndex
        from pagefind.service import get_executable
    except ImportError as error:  # pragma: no cover - a dependency of openbook
        raise PluginError(f"search needs the pagefind package ({error}): pip install 'pagefind[bin]'") from None
    if get_executable() is None:
        raise PluginError("search needs Pagefind's binary: pip install 'pagefind[bin]' (or set PAGEFIND_BINARY_PATH)")
    output = site_dir / BUNDLE
    # `mkdocs serve` rebuilds into the same folder: fragments of the last build must not linger.
    shutil.rmtree(output, ignore_errors=True)
    config = IndexConfig(
        output_path=str(output),
        exclude_selectors=list(EXCLUDE),
        # One index for the hub: a page that declares another language joins it
        # rather than getting an index of its own that the search box never loads.
        force_language=language,
    )

    async def run() -> int:
        async with PagefindIndex(config) as pagefind:
            result = await pagefind.add_directory(str(site_dir))
            return int(result["page_count"])

    try:
        # A thread of its own: the caller may already run an event loop
        # (`mkdocs serve` does not, but a build inside Playwright or Jupyter does).
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(lambda: asyncio.run(run())).result()
    except Exception as error:  # noqa: BLE001 - Pagefind's service raises plain Exceptions, said once as a PluginError
        raise PluginError(f"search: Pagefind could not index {site_dir}: {error}") from None
