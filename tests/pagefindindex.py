"""What Pagefind indexed in a built site: one record per page, read from its fragments.

A fragment is gzip-compressed JSON behind a `pagefind_dcd` signature, holding
the page's URL, its indexed text, its title and its headings' anchors. This is
what a search result shows, so tests judge the index through it.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

SIGNATURE = b"pagefind_dcd"


def records(site: Path) -> dict[str, dict]:
    """Every indexed page of a built site by URL path ("/questions/12/")."""
    folder = site / "pagefind" / "fragment"
    assert folder.is_dir(), f"no Pagefind index in {site} (is hooks/engine.py in mkdocs.yml?)"
    out = {}
    for file in folder.glob("*.pf_fragment"):
        data = gzip.decompress(file.read_bytes())
        assert data.startswith(SIGNATURE), file
        record = json.loads(data[len(SIGNATURE):])
        out[record["url"]] = record
    return out
