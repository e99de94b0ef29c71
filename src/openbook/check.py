"""`openbook check`: everything a contribution can touch, validated in one run.

Each concern contributes a checker: a function that takes the CheckContext and
yields Findings. The checkers are listed in CHECKERS below, in report order.
A finding names the file, the line where known, and what to do.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from openbook import clock, contribution, plaintext, practices_check, pricing_check, settings, sitebuild

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

Level = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    level: Level
    # A short, stable identifier of the rule ("pricing.notice", "build.warning").
    rule: str
    # The file, relative to the hub's folder.
    file: str
    message: str
    line: int | None = None

    def text(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        # File names and quoted content come from pull requests: no escape sequence reaches the terminal.
        # Line by line, because a build warning can span lines.
        text = f"{where}: {self.level}: {self.message} [{self.rule}]"
        return "\n".join(plaintext.printable(line) for line in text.split("\n"))

    def annotation(self) -> str:
        """A GitHub Actions workflow command that shows the finding on the changed line."""
        props = f"file={_escape_property(self.file)}"
        if self.line:
            props += f",line={self.line}"
        props += f",title={_escape_property(self.rule)}"
        return f"::{self.level} {props}::{_escape_data(self.message)}"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


@dataclass
class CheckContext:
    config: MkDocsConfig
    root: Path
    today: date
    # The git ref a change is compared against (`--base`), if any.
    base: str | None = None
    # Checkers may share expensive results here (a parsed git log, say).
    cache: dict[str, object] = field(default_factory=dict)
    # What the checkers before this one found, in order.
    findings: list[Finding] = field(default_factory=list)

    @property
    def settings(self) -> settings.Settings:
        return settings.of(self.config)

    def relative(self, path: Path | str) -> str:
        try:
            return Path(path).resolve().relative_to(self.root).as_posix()
        except ValueError:
            return str(path)


Checker = Callable[[CheckContext], Iterable[Finding]]


def check_build(ctx: CheckContext) -> Iterator[Finding]:
    """A strict build: broken links, missing nav targets and every other MkDocs warning."""
    with tempfile.TemporaryDirectory(prefix="openbook-check-") as site_dir:
        result = sitebuild.build(ctx.config.config_file_path, site_dir, strict=True)
    config_name = ctx.relative(ctx.config.config_file_path)
    # Broken data stops the build with the message its own checker already
    # reported; say each problem once.
    reported = {f"{f.file}:{f.line}: {f.message}" if f.line else f"{f.file}: {f.message}" for f in ctx.findings}
    for message in result.warnings:
        if all(line in reported for line in message.splitlines() if line.strip()):
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
    check_build,
]


def run(config: MkDocsConfig, *, base: str | None = None, checkers: Iterable[Checker] | None = None) -> list[Finding]:
    ctx = CheckContext(config=config, root=settings.project_root(config), today=clock.today(), base=base)
    for checker in CHECKERS if checkers is None else checkers:
        ctx.findings.extend(checker(ctx))
    return ctx.findings


def render(findings: list[Finding], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(
            {
                "errors": sum(f.level == "error" for f in findings),
                "warnings": sum(f.level == "warning" for f in findings),
                "findings": [asdict(f) for f in findings],
            },
            indent=2,
        )
    if fmt == "github":
        return "\n".join(f.annotation() for f in findings)
    if not findings:
        return "openbook check: no problems found"
    errors = sum(f.level == "error" for f in findings)
    lines = [f.text() for f in findings]
    lines.append(f"openbook check: {errors} error(s), {len(findings) - errors} warning(s)")
    return "\n".join(lines)


def default_format() -> str:
    # In GitHub Actions, annotations put each finding on the line it is about.
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
