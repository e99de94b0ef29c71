"""`openbook check`: text of the demo company left in a hub that is not the demo.

A hub made from a copy of this repository keeps the demo's name in issue
forms, CODEOWNERS, CONTRIBUTING and links long after its pages are replaced;
every such line is an error until the company's own words replace it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from openbook.findings import CheckContext, Finding

# The demo hub's repository: only it may name the demo company.
DEMO_REPO_URL = "https://github.com/larkspur-hq/openbook-hub"
DEMO_NAME = "larkspur"
# Folders that are not the hub's own files: tools, caches and build output.
_SKIP = {".git", ".venv", "venv", "node_modules", "__pycache__", ".cache", ".pytest_cache", "site"}


def _files(root: Path, site_dir: Path) -> Iterator[Path]:
    for folder, dirs, names in os.walk(root):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if d not in _SKIP and (here / d).resolve() != site_dir
                         and not d.endswith(".egg-info"))
        for name in sorted(names):
            yield here / name


def check_identity(ctx: CheckContext) -> Iterator[Finding]:
    """One error per file that still names the demo company, on its first such line."""
    repo_url = (ctx.config.repo_url or "").rstrip("/").removesuffix(".git").lower()
    if repo_url == DEMO_REPO_URL:
        return
    for file, text in _texts(ctx):
        lines = [number for number, line in enumerate(text.splitlines(), 1) if DEMO_NAME in line.lower()]
        if lines:
            more = f" (and {len(lines) - 1} more line(s))" if len(lines) > 1 else ""
            yield Finding("error", "identity.demo", file,
                          f"names the demo company Larkspur{more}, but this hub's repo_url is {repo_url or 'not set'}; "
                          "replace it with your own company's text", lines[0])


def _texts(ctx: CheckContext) -> Iterator[tuple[str, str]]:
    """(hub-relative file, text) of every text file of the hub, or with `--base` of every file the change writes.

    With `--base`, ctx.root is the gate's build of the change, which holds the
    base's copy of everything but content; the change's files are read from git
    instead (as data: nothing of the change runs). Demo text the base already
    holds is not the change's to fix, so only the change's files are judged.
    """
    if ctx.git_root is None:
        site_dir = Path(ctx.config.site_dir).resolve()
        for path in _files(ctx.root, site_dir):
            try:
                yield ctx.relative(path), path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue  # binary files (images, fonts) hold no words to replace
        return
    from openbook.contribution import changeset

    head = ctx.cache.get("contribution.head")
    # A symlink is reported by the gate and never read: it could point anywhere on the build machine.
    symlinks = {f.file for f in ctx.findings if f.rule == "contribution.symlink"}
    for change in ctx.cache.get("contribution.changes", []):  # type: ignore[attr-defined]
        if change.status == "deleted" or change.path in symlinks:
            continue
        text = changeset.read_at(ctx.git_root, head if isinstance(head, str) else None, change.repo_path)
        if text is not None and "\0" not in text:  # binary files hold no words to replace
            yield change.path, text
