"""The transparency log: which recent commits changed a watched, published page.

Pure: a History and the published pages in, entries out. A merge commit, or a
commit that touched no published page under the watched paths, is not an entry.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from openbook.history.gitlog import Commit, History


@dataclass(frozen=True)
class PageRef:
    """A published page: its title, its link from the changes page, and its absolute URL."""

    title: str
    href: str
    absolute: str
    # The comparison that shows what this change did to the page, where it has versions.
    compare_href: str | None = None
    compare_absolute: str | None = None


@dataclass(frozen=True)
class Entry:
    commit: Commit
    # The pages the commit changed: PageRefs, or whatever objects `published` held.
    pages: tuple[Any, ...]
    commit_url: str | None = None
    # The feed entry's permanent id.
    id: str = ""


@cache
def _pattern(glob: str) -> re.Pattern[str]:
    """A path glob as a regex: `**` crosses folders, `*` and `?` do not."""
    out = []
    i = 0
    while i < len(glob):
        if glob.startswith("**", i):
            # "docs/**/x.md" also matches "docs/x.md".
            if glob.startswith("**/", i):
                out.append("(?:.*/)?")
                i += 3
            else:
                out.append(".*")
                i += 2
        elif glob[i] == "*":
            out.append("[^/]*")
            i += 1
        elif glob[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(glob[i]))
            i += 1
    return re.compile("".join(out))


def watched(path: str, globs: Iterable[str]) -> bool:
    return any(_pattern(glob).fullmatch(path) for glob in globs)


def select(
    history: History,
    published: Mapping[str, Iterable[Hashable]],
    globs: Iterable[str],
    *,
    limit: int,
    commit_url: str | None = None,
) -> list[Entry]:
    """The newest `limit` commits that changed a published page under the watched globs.

    published maps a repository path to the pages it publishes (a practices page
    to itself, data/pricing.yml to the pricing page); commit_url is a URL prefix
    to which the commit's sha is appended.
    """
    globs = tuple(globs)
    entries: list[Entry] = []
    for item in history.entries:
        if item.commit.is_merge:
            continue
        pages: list[Hashable] = []
        for change in item.changes:
            if change.status == "D" or not watched(change.path, globs):
                continue
            for page in published.get(change.path, ()):
                if page not in pages:
                    pages.append(page)
        if not pages:
            continue
        url = f"{commit_url}{item.commit.sha}" if commit_url else None
        entries.append(Entry(item.commit, tuple(pages), url, url or f"urn:git:{item.commit.sha}"))
        if len(entries) >= limit:
            break
    return entries
