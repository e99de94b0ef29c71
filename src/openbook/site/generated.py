"""Conventions shared by every generated page (questions, pricing, history, ...).

A generated page is a real MkDocs page made in `on_files` with
`File.generated`. Its Markdown starts with front matter that may carry:

- `openbook_edit_url`: the full URL of the page's real source (a GitHub issue,
  `data/pricing.yml` on GitHub). Setting `file.edit_uri` to a full URL gives
  `repo_url/edit/main/docs/https:/...`, so the URL is put on the page itself.
- `openbook_source`: the repository path whose git history dates the page
  (`data/pricing.yml`).
- `openbook_updated`: an ISO 8601 time that dates the page when its source is
  not a file in git (a question's `updated_at`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import yaml

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File
    from mkdocs.structure.pages import Page

EDIT_URL = "openbook_edit_url"
SOURCE = "openbook_source"
UPDATED = "openbook_updated"


def page_markdown(meta: dict[str, Any], body: str) -> str:
    """Markdown for a generated page: YAML front matter, then the body."""
    front = yaml.safe_dump(meta, sort_keys=True, allow_unicode=True, default_flow_style=False)
    return f"---\n{front}---\n\n{body}"


def add_page(config: MkDocsConfig, src_uri: str, meta: dict[str, Any], body: str) -> File:
    """A generated File for src_uri, kept out of nav unless the nav names it."""
    from mkdocs.structure.files import File

    return File.generated(config, src_uri, content=page_markdown(meta, body))


def repo_file_url(config: MkDocsConfig, path: str, action: str = "edit") -> str | None:
    """The GitHub URL to edit, view or see the history of a repository file."""
    from openbook import settings

    if not config.repo_url:
        return None
    branch = settings.of(config).branch
    return f"{config.repo_url.rstrip('/')}/{action}/{branch}/{path.lstrip('/')}"


def apply_edit_url(page: Page) -> None:
    """Point the page's Edit action at its real source, if it declared one (a web URL only)."""
    url = page.meta.get(EDIT_URL)
    # The template escapes the URL, but a javascript: link survives escaping.
    if isinstance(url, str) and urlsplit(url).scheme in ("http", "https"):
        page.edit_url = url


def write_report(site_dir: str, name: str, data: Any) -> None:
    """A build report as JSON in the site, inert even if a browser opens it as HTML (it holds GitHub's labels)."""
    text = json.dumps(data, indent=1, ensure_ascii=True, sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"
    target = Path(site_dir) / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
