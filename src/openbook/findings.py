"""What `openbook check` reports: findings, the context its checkers share, and the report formats.

Every checker (pricing, practices, contribution) yields Findings from a
CheckContext; this module sits below all of them, so no checker imports the
runner. A finding names the file, the line where known, and what to do.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from openbook import plaintext, settings

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from openbook.datafile import Problem
    from openbook.record import Rewrite

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
    # The hub's folder inside its git repository, when `root` is a temporary
    # build of the change (`openbook check --base`): git history is read here.
    git_root: Path | None = None
    # Checkers may share expensive results here (a parsed git log, say).
    cache: dict[str, object] = field(default_factory=dict)
    # What the checkers before this one found, in order.
    findings: list[Finding] = field(default_factory=list)
    # Called once the checkers are done: what closes the shared results (a git log's object database).
    closers: list[Callable[[], None]] = field(default_factory=list)

    def close(self) -> None:
        closers, self.closers = self.closers, []
        for close in reversed(closers):
            close()

    @property
    def settings(self) -> settings.Settings:
        return settings.of(self.config)

    def relative(self, path: Path | str) -> str:
        try:
            return Path(path).resolve().relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def pages(self, folder: str, keep: Callable[[str, str], bool]) -> Iterator[tuple[str, str, str]]:
        """(src_uri, file, text) of each page under docs/`folder` that `keep(src_uri, folder)` takes, in name order."""
        docs = Path(self.config.docs_dir)
        found = docs / folder.strip("/")
        for path in sorted(found.rglob("*.md")) if found.is_dir() else []:
            src_uri = path.relative_to(docs).as_posix()
            if keep(src_uri, folder):
                # A page that is not UTF-8 is still checked; its odd bytes show as such.
                yield src_uri, self.relative(path), path.read_text(encoding="utf-8", errors="replace")


Checker = Callable[[CheckContext], Iterable[Finding]]


def problem_findings(rule: str, file: str, problems: Iterable[Problem]) -> Iterator[Finding]:
    """A data file's problems (openbook.datafile) as errors at their lines, each naming its key."""
    for problem in problems:
        message = f"{problem.key()}: {problem.message}" if problem.loc else problem.message
        yield Finding("error", rule, file, message, problem.line)


def rewrite_findings(ctx: CheckContext, rule: str, file: str, rewrites: Iterable[Rewrite], text: str,
                     line_of: Callable[[str, tuple[str | int, ...]], int | None],
                     loc_of: Callable[[str], tuple[str | int, ...]]) -> Iterator[Finding]:
    """What a change rewrites of a published record (openbook.record), as errors at the lines of the file now."""
    where = f"the base branch ({ctx.base})" if ctx.base else "the last commit (HEAD)"
    for rewrite in rewrites:
        line = None
        if rewrite.correction is not None:
            line = line_of(text, ("corrections", rewrite.correction))
        elif rewrite.now is not None:
            line = line_of(text, loc_of(rewrite.key))
        # A fact gone from the file has no line in it.
        yield Finding("error", rule, file, rewrite.message(where), line)


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
