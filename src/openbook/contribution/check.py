"""`openbook check`: everything a contribution can touch, validated in one run.

Each concern contributes a checker: a function that takes the CheckContext and
yields Findings (openbook.findings). The checkers are listed in CHECKERS below,
in report order; the runner imports them, never the reverse.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from openbook import clock, settings
from openbook.contribution import scan as contribution
from openbook.findings import Checker, CheckContext, Finding
from openbook.practices import check as practices_check
from openbook.pricing import check as pricing_check
from openbook.site import build as sitebuild
from openbook.starter import identity

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


def check_build(ctx: CheckContext) -> Iterator[Finding]:
    """A strict build: broken links, missing nav targets and every other MkDocs warning."""
    with tempfile.TemporaryDirectory(prefix="openbook-check-") as site_dir:
        result = sitebuild.build(ctx.config.config_file_path, site_dir, strict=True)
    config_name = ctx.relative(ctx.config.config_file_path)
    # Broken data stops the build with the message its own checker already
    # reported; say each problem once.
    reported = {f"{f.file}:{f.line}: {f.message}" if f.line else f"{f.file}: {f.message}" for f in ctx.findings}
    for message in result.warnings:
        # A heading line ("Malformed practices front matter:") introduces problems already listed.
        details = [line for line in message.splitlines() if line.strip() and not line.rstrip().endswith(":")]
        if details and all(line in reported for line in details):
            continue
        file, line = _warning_location(ctx, message)
        yield Finding("error", "build.warning", file or config_name, message, line)
    if result.error and not result.warnings:
        yield Finding("error", "build.failed", config_name, result.error)


# MkDocs names a page and the link it cannot resolve, or the nav entry it cannot find, but no line.
_DOC_LINK = re.compile(r"^Doc file '(?P<page>[^']+)' contains (?:a|an unrecognized relative) link '(?P<target>[^']+)'")
_NAV_REFERENCE = re.compile(r"^A reference to '(?P<target>[^']+)' is included in the 'nav' configuration")


def _warning_location(ctx: CheckContext, message: str) -> tuple[str | None, int | None]:
    """The file (hub-relative) and line a build warning is about, so an annotation lands where the fix goes."""
    if match := _DOC_LINK.match(message):
        path = Path(ctx.config.docs_dir) / match["page"]
    elif match := _NAV_REFERENCE.match(message):
        path = Path(ctx.config.config_file_path)
    else:
        return None, None
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None, None
    # The first line that names the target; a link written twice is fixed there first.
    line = next((number for number, content in enumerate(text.splitlines(), 1) if match["target"] in content), None)
    return ctx.relative(path), line


# In report order: data and rules first, the slow full build last.
CHECKERS: list[Checker] = [
    contribution.check_front_matter,
    contribution.check_risky_markdown,
    contribution.check_code_changes,
    practices_check.check_practices,
    pricing_check.check_pricing,
    identity.check_identity,
    check_build,
]


def run(config: MkDocsConfig, *, base: str | None = None, checkers: Iterable[Checker] | None = None) -> list[Finding]:
    ctx = CheckContext(config=config, root=settings.project_root(config), today=clock.today(), base=base)
    for checker in CHECKERS if checkers is None else checkers:
        ctx.findings.extend(checker(ctx))
    return ctx.findings
