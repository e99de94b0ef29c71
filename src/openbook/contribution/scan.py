"""What a contribution touches and whether its Markdown is safe to publish.

The core is pure: repository paths are sorted into kinds (content, pricing,
practices, questions, code, other), and Markdown text is scanned for content
that could run code in a reader's browser or pull files into the build. The
two `openbook check` checkers at the end read the change through
`openbook.contribution.changeset` (git) and report both.
"""

from __future__ import annotations

import bisect
import html
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Literal

import yaml

from openbook import plaintext, settings, urls
from openbook.findings import CheckContext, Finding
from openbook.site import titles

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from openbook.contribution.changeset import ChangedFile

Kind = Literal["content", "pricing", "practices", "questions", "code", "other"]
Level = Literal["error", "warning"]

# Files that run, or decide what runs, when the hub is built or tested. A
# change to any of them can execute code in CI, so a maintainer reviews it.
CODE_FOLDERS = ("hooks/", "src/", "overrides/", ".github/", ".ci/", "scripts/", "tests/", "bench/")
CODE_FILES = {
    "pyproject.toml", "constraints.txt", "package.json", "package-lock.json", "dev.py",
    "setup.py", "setup.cfg", "requirements.txt", "Pipfile", "Pipfile.lock", "poetry.lock",
    "uv.lock", "yarn.lock", "pnpm-lock.yaml", "Makefile", "Dockerfile", "tox.ini", "noxfile.py",
}
# Outside docs/ these are configuration (mkdocs.yml can INHERIT another YAML
# file) or code; inside docs/ they are served from the hub's own origin, where a
# script or an SVG runs with the hub's authority.
CODE_SUFFIXES = {".py", ".pth", ".yml", ".yaml", ".toml", ".cfg", ".ini", ".sh", ".js", ".mjs", ".cjs", ".ts"}
DOCS_CODE_SUFFIXES = {".js", ".mjs", ".cjs", ".css", ".html", ".htm", ".svg", ".xml", ".xhtml", ".py"}
# Repository documents that nothing executes.
OTHER_NAMES = re.compile(r"^(README|CONTRIBUTING|LICENSE|LICENCE|CHANGELOG|NOTICE|SECURITY|CODE_OF_CONDUCT)(\.\w+)?$|^\.(gitignore|gitattributes|editorconfig)$")


@dataclass(frozen=True)
class Layout:
    """Where a hub keeps each kind of file, as paths relative to the hub's folder."""

    docs_dir: str = "docs"
    config_file: str = "mkdocs.yml"
    pricing_source: str = "data/pricing.yml"
    practices_folder: str = "practices"
    snapshot: str = "data/questions.json"
    data_dir: str = "data"
    custom_dir: str = "overrides"

    @classmethod
    def from_raw(cls, raw: dict[str, Any] | None, config_file: str = "mkdocs.yml") -> Layout:
        """The layout a raw mkdocs.yml mapping declares (as read from git, unvalidated)."""

        def path(*keys: str, default: str) -> str:
            value = raw_setting(raw, *keys)
            return _clean_path(value) if isinstance(value, str) and value else default

        return cls(
            docs_dir=path("docs_dir", default=cls.docs_dir),
            config_file=config_file,
            pricing_source=path("extra", "openbook", "pricing", "source", default=cls.pricing_source),
            practices_folder=path("extra", "openbook", "practices", "folder", default=cls.practices_folder),
            snapshot=path("extra", "openbook", "questions", "snapshot", default=cls.snapshot),
            custom_dir=path("theme", "custom_dir", default=cls.custom_dir),
        )


def raw_setting(raw: object, *keys: str) -> Any:
    """raw[key][key]... in a raw mkdocs.yml mapping (read from git, unvalidated); None where a level is missing.

    Any level may be of the wrong type in a pull request (`theme: material` is a
    string), so each is checked rather than trusted.
    """
    for key in keys:
        if not isinstance(raw, dict):
            return None
        raw = raw.get(key)
    return raw


def _clean_path(value: str) -> str:
    return PurePosixPath(value.replace("\\", "/")).as_posix().removeprefix("./").rstrip("/")


def _under(path: str, folder: str) -> bool:
    return bool(folder) and path.startswith(folder.rstrip("/") + "/")


def classify(path: str, layout: Layout = Layout()) -> Kind:
    """The kind of a hub-relative path: what a change to it needs in review."""
    path = _clean_path(path)
    name = PurePosixPath(path).name
    suffix = PurePosixPath(path).suffix.lower()
    if path == layout.pricing_source:
        return "pricing"
    if path == layout.snapshot:
        return "questions"
    if _under(path, layout.docs_dir):
        if suffix in DOCS_CODE_SUFFIXES:
            return "code"
        if _under(path, f"{layout.docs_dir}/{layout.practices_folder}") and suffix == ".md":
            return "practices"
        return "content"
    if (
        path == layout.config_file
        or path.startswith(CODE_FOLDERS)
        or _under(path, layout.custom_dir)
        or name in CODE_FILES
        or name.endswith(".lock")
        or (name.startswith("requirements") and suffix == ".txt")
    ):
        return "code"
    if _under(path, layout.data_dir) and suffix not in {".py", ".pth", ".sh"}:
        return "content"
    if suffix in CODE_SUFFIXES:
        return "code"
    if "/" not in path and OTHER_NAMES.match(name):
        return "other"
    # Anything else outside the content folders is unknown to the build; a
    # maintainer decides whether it is harmless.
    return "code"


def is_markdown(path: str, layout: Layout = Layout()) -> bool:
    return _under(_clean_path(path), layout.docs_dir) and path.lower().endswith((".md", ".markdown"))


# --- risky Markdown --------------------------------------------------------


@dataclass(frozen=True)
class Risk:
    """One risky construct in a Markdown file."""

    line: int
    rule: str
    level: Level
    message: str
    # The construct itself, to tell a new risk from one the base already had.
    snippet: str


# Tags that run script, load another document, restyle the page or collect
# input: never acceptable in contributed content.
DANGEROUS_TAGS = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "style", "form",
    "input", "button", "textarea", "select", "option", "link", "meta", "base", "svg", "math",
    "template", "portal", "noscript",
}
# Tags the gate's judge of built pages has no rule for: form controls (Material's own tabbed blocks
# and task lists write <input> from Markdown, so the built page cannot tell a contributed one), and
# <template> and <noscript>, whose content a parser keeps out of the page's tree. Written as raw HTML
# in a change's Markdown, the source scan's error is the verdict, with or without --base.
UNJUDGED_TAGS = {"input", "button", "textarea", "select", "option", "template", "noscript"}
URL_ATTRIBUTES = urls.URL_ATTRIBUTES
UNSAFE_SCHEMES = urls.UNSAFE_SCHEMES

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_BACKTICKS = re.compile(r"`+")
# A tag, even an unclosed one: a browser and Python-Markdown both accept more than a strict grammar would.
_TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][A-Za-z0-9-]*)(?=[\s/>]|$)((?:\"[^\"]*\"|'[^']*'|[^'\">])*)>?")
# The space before `=` belongs to the value part: a bare attribute (`<a download href=...>`,
# `{#id onclick=...}`) must leave the separator for the attribute after it.
_ATTRIBUTE = re.compile(
    r"""(?:^|[\s/"'])([^\s"'<>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""",
)
_EVENT_NAME = re.compile(r"^on[a-z]+$", re.I)
_SNIPPET = re.compile(r"(?<![;-])-+8<-+")
_INLINE_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*<?([^\s>]+)", re.M)
_ANGLE_LINK = re.compile(r"<\s*([A-Za-z][A-Za-z0-9+.-]*:[^>\s]*)>?")
# An attribute list holding a `=`: the lookahead finds the `=` in the list's one run of characters, which
# is then taken whole (`*+`). `[^{}\n]*=[^{}\n]*` tried each `=` of a long run as the split: quadratic.
_ATTR_LIST = re.compile(r"\{:?(?=[^{}\n]*=)([^{}\n]*+)\}")


def unsafe_url(value: str) -> str | None:
    """The dangerous scheme of a URL as a browser would read it, or None."""
    # Browsers decode entities in attributes and drop whitespace and control
    # characters inside a scheme, so `jav&#x61;\tscript:` is still javascript:.
    return urls.unsafe_scheme(html.unescape(html.unescape(value)))


def shown(text: str, limit: int = 80) -> str:
    """A construct quoted in a message: one line, no control characters, bounded."""
    return plaintext.one_line(text, limit)


def _mask_inline_code(line: str) -> str:
    """The line with its code spans blanked, as Python-Markdown finds them, in linear time.

    Python-Markdown's pattern is `(`+)(.+?)(?<!`)\\2(?!`)`, searched from each position: a span
    may open inside a run of backticks (its last N), and closes at the next run of exactly N.
    So for each run the longest N (the leftmost start) that a later run matches is looked up,
    trying N from the run's length down: each run costs its own length, and the line is read
    once (the pattern read the rest of the line again from each backtick).
    """
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(line)]
    spans: list[tuple[int, int] | None] = [None] * len(runs)  # (opener's length, closing run) per run
    nearest_of_length: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        start, end = runs[index]
        for length in range(end - start, 0, -1):
            if length in nearest_of_length:
                spans[index] = (length, nearest_of_length[length])
                break
        nearest_of_length[end - start] = index
    pieces: list[str] = []
    done = 0
    index = 0
    while index < len(runs):
        span = spans[index]
        if span is None:
            index += 1
            continue
        length, closer = span
        start, end = runs[index][1] - length, runs[closer][1]
        pieces += [line[done:start], " " * (end - start)]
        done = end
        index = closer + 1
    return "".join(pieces) + line[done:] if pieces else line


def _mask_comments(text: str) -> str:
    """The text with each HTML comment's characters but newlines blanked (`<!--` to the next `-->`)."""
    pieces: list[str] = []
    done = 0
    while (start := text.find("<!--", done)) != -1:
        end = text.find("-->", start + 4)
        if end == -1:
            break  # no comment closes after this one, so none after it does either
        end += 3
        pieces += [text[done:start], re.sub(r"[^\n]", " ", text[start:end])]
        done = end
    return "".join(pieces) + text[done:] if pieces else text


def _mask_code(text: str) -> str:
    """The text with fenced code blocks, inline code and HTML comments blanked out.

    Blanked characters become spaces (newlines stay), so offsets and line
    numbers still match the original. A fence only counts when it is closed:
    an unclosed "fence" is not code to every Markdown parser, so what follows it
    is still scanned. Each step takes time linear in the text, since a
    contributor's file may be built to make a scanner slow.
    """
    lines = text.split("\n")
    masked = list(lines)
    # The shortest fence of each character found unclosed: no line after it closes a fence that
    # long or longer, so no later opener of that length is looked up again.
    unclosed: dict[str, int] = {}
    index = 0
    while index < len(lines):
        opener = _FENCE.match(lines[index])
        if opener and len(opener.group(1)) < unclosed.get(opener.group(1)[0], len(lines[index]) + 1):
            marker = opener.group(1)
            close = re.compile(rf"^ {{0,3}}{re.escape(marker[0])}{{{len(marker)},}}\s*$")
            end = next((j for j in range(index + 1, len(lines)) if close.match(lines[j])), None)
            if end is not None:
                for j in range(index + 1, end):
                    masked[j] = " " * len(lines[j])
                index = end + 1
                continue
            unclosed[marker[0]] = len(marker)
        masked[index] = _mask_inline_code(lines[index])
        index += 1
    return _mask_comments("\n".join(masked))


class _Lines:
    """Line numbers of offsets in one text: its line starts found once, each offset looked up (bisect).

    Counting newlines from the start for each finding took time quadratic in a file of many findings.
    """

    def __init__(self, text: str) -> None:
        self.breaks = [index for index, char in enumerate(text) if char == "\n"]

    def at(self, offset: int) -> int:
        return bisect.bisect_left(self.breaks, offset) + 1


def _attribute_risks(attributes: str, line: int, snippet: str, place: str, handler_rule: str) -> Iterator[Risk]:
    """Risky attributes of one raw HTML tag or one attribute list (`{: onclick=... }`), which set the same ones."""
    for attribute in _ATTRIBUTE.finditer(attributes):
        key = attribute.group(1).lower()
        value = (attribute.group(2) or "").strip("\"'")
        if _EVENT_NAME.match(key):
            yield Risk(line, handler_rule, "error",
                       f"event handler {key}= {place} runs script in the reader's browser ({snippet})", snippet)
        elif key.startswith("data-pagefind-"):
            # The build removes it (openbook.search.attributes); the error says so at the line that set it.
            yield Risk(line, "search.attribute", "error",
                       f"search attribute {key}= {place}: only openbook's templates set search attributes "
                       f"(data-pagefind-*), so that no page can rank itself above an answer; remove it ({snippet})",
                       snippet)
        elif key in URL_ATTRIBUTES and (scheme := unsafe_url(value)):
            yield Risk(line, "content.unsafe-link", "error", f"{scheme} URL in {key}= {place} ({snippet})", snippet)
        elif key == "style":
            yield Risk(line, "content.style-attribute", "warning",
                       f"style= {place} can hide or disguise text ({snippet})", snippet)


def _boost_risks(text: str) -> Iterator[Risk]:
    """Front matter `search: {boost: N}` above 1: partials/content.html weighs the whole page N times
    (data-pagefind-weight), the claim to rank above an answer that a search attribute makes."""
    found = _front_matter(text)
    if found is None:
        return
    for key, value in found[2].value:
        if str(key.value) != "search" or not isinstance(value, yaml.MappingNode):
            continue
        for inner, number in value.value:
            boost = (found[3].get("search") or {}).get("boost") if str(inner.value) == "boost" else None
            if isinstance(boost, (int, float)) and not isinstance(boost, bool) and boost > 1:
                snippet = f"search: {{boost: {number.value}}}"
                yield Risk(inner.start_mark.line + 2, "search.boost", "error",
                           f"front matter {snippet} weighs every word of the page {number.value} times in search: "
                           "a pull request may not weigh its pages, so that no page can rank itself above an "
                           "answer; remove it (a maintainer sets it on the main branch)", snippet)


def scan_markdown(text: str) -> list[Risk]:
    """Every risky construct in a Markdown file, in file order."""
    risks: list[Risk] = []
    # Titles are text wherever they land (openbook.site.titles); check_titles reports their markup.
    text = _mask_titles(text)
    body = _mask_code(text)
    # Masking keeps every newline where it was: one index of lines serves the text and the body.
    lines = _Lines(text)

    # Snippet includes are expanded before code blocks are parsed, so they count even inside code.
    for match in _SNIPPET.finditer(text):
        end = text.find("\n", match.start())
        risks.append(Risk(
            lines.at(match.start()), "content.snippet-include", "error",
            "snippet include (--8<--) pulls another file into the page; quote it as ;--8<-- or remove it",
            text[match.start(): len(text) if end == -1 else end].strip(),
        ))

    for match in _TAG.finditer(body):
        closing, name, attributes = match.group(1), match.group(2).lower(), match.group(3) or ""
        line = lines.at(match.start())
        snippet = shown(match.group(0))
        if closing:
            continue
        if name in DANGEROUS_TAGS:
            risks.append(Risk(line, f"content.tag.{name}", "error",
                              f"<{name}> tag: contributed pages may not contain {name} elements ({snippet})", snippet))
        else:
            risks.append(Risk(line, "content.raw-html", "warning",
                              f"raw HTML <{name}>: prefer Markdown, or ask a maintainer to confirm it is safe ({snippet})",
                              snippet))
        risks.extend(_attribute_risks(attributes, line, snippet, "in raw HTML", "content.event-handler"))

    for pattern in (_INLINE_LINK, _REFERENCE, _ANGLE_LINK):
        for match in pattern.finditer(body):
            scheme = unsafe_url(match.group(1))
            if scheme:
                snippet = shown(match.group(0))
                risks.append(Risk(lines.at(match.start()), "content.unsafe-link", "error",
                                  f"{scheme} link: only http(s), mailto and relative links are allowed ({snippet})",
                                  snippet))

    for match in _ATTR_LIST.finditer(body):
        risks.extend(_attribute_risks(" " + match.group(1), lines.at(match.start()), shown(match.group(0)),
                                      "in an attribute list", "content.attr-list-handler"))

    risks.extend(_boost_risks(text))

    # One finding per construct and rule, in file order.
    unique = {(r.line, r.rule, r.snippet): r for r in risks}
    return sorted(unique.values(), key=lambda r: (r.line, r.rule))


def new_risks(before: str | None, after: str) -> list[Risk]:
    """The risks in `after` that `before` did not already have.

    Risks are matched on their rule and text, not their line, so moving a
    paragraph that staff accepted earlier is not a new finding, while an edit
    that turns old text risky (removing a closing fence, say) is.
    """
    if before is None:
        return scan_markdown(after)
    known = Counter((r.rule, r.snippet) for r in scan_markdown(before))
    fresh = []
    for risk in scan_markdown(after):
        key = (risk.rule, risk.snippet)
        if known[key]:
            known[key] -= 1
        else:
            fresh.append(risk)
    return fresh


# --- openbook check --------------------------------------------------------


def layout_for(config: MkDocsConfig) -> Layout:
    """The layout of a loaded hub: its docs folder, config file and data paths from its settings."""
    root = settings.project_root(config)
    hub = settings.of(config)

    def rel(path: str) -> str:
        try:
            return PurePosixPath(Path(path).resolve().relative_to(root).as_posix()).as_posix()
        except ValueError:
            return _clean_path(path)

    custom_dir = config.theme.custom_dir if config.theme else None
    return Layout(
        docs_dir=rel(config.docs_dir),
        config_file=rel(config.config_file_path),
        pricing_source=_clean_path(hub.pricing.source),
        practices_folder=_clean_path(hub.practices.folder),
        snapshot=_clean_path(hub.questions.snapshot),
        custom_dir=rel(custom_dir) if custom_dir else Layout.custom_dir,
    )


def _changes(ctx: CheckContext) -> list[ChangedFile]:
    from openbook.contribution import changeset

    key = "contribution.changes"
    if key not in ctx.cache:
        ctx.cache[key] = changeset.changed_files(ctx.git_root or ctx.root, ctx.base)
    return ctx.cache[key]  # type: ignore[return-value]


def _finding(level: Level, rule: str, file: str, message: str, line: int | None = None) -> Finding:
    return Finding(level, rule, file, message, line)


@dataclass(frozen=True)
class _Page:
    path: str
    text: str
    # The page's text on the base branch: None when it is new, or without --base.
    before: str | None


def _touched_markdown(ctx: CheckContext) -> Iterator[_Page]:
    """The docs Markdown a change adds or modifies (every docs page without --base)."""
    from openbook.contribution import changeset

    layout = layout_for(ctx.config)
    if ctx.base is None:
        docs = ctx.root / layout.docs_dir
        for path in sorted(docs.rglob("*")) if docs.is_dir() else []:
            relative = ctx.relative(path)
            if path.is_file() and is_markdown(relative, layout):
                yield _Page(relative, path.read_text(encoding="utf-8", errors="replace"), None)
        return
    git_root = ctx.git_root or ctx.root
    for change in _changes(ctx):
        if change.status == "deleted" or not is_markdown(change.path, layout):
            continue
        if ctx.git_root is not None:
            # The gate's head build: the change's content as it was copied there (symlinks left out).
            path = ctx.root / change.path
            after = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else None
        else:
            after = changeset.read_worktree(ctx.root, change.repo_path)
        if after is None:
            continue
        before = None if change.status == "added" else \
            changeset.read_at(git_root, change.base_ref, change.old_repo_path or change.repo_path)
        yield _Page(change.path, after, before)


def check_risky_markdown(ctx: CheckContext) -> Iterator[Finding]:
    """Risky content in the Markdown a change touches (every docs page without --base).

    With --base the built HTML is the judge (openbook.contribution.gate), and
    this scan only adds what the HTML cannot show: raw HTML worth a reviewer's
    look, search attributes (the build removes them, so the page can only show
    their absence), and snippet includes when the base enables them (they read
    files of the build machine into a page), and the tags the judge has no rule
    for (UNJUDGED_TAGS: form controls, `<template>`, `<noscript>`). Its errors
    for `<link>`, `<meta>`,
    `<svg>` and `<math>` are weighed against the built pages after the judge
    has run (gate.unjudged_source_errors), so one the pages do not show still
    stands.
    """
    snippets = any("snippets" in str(name) for name in ctx.config.markdown_extensions or [])
    for page in _touched_markdown(ctx):
        for risk in new_risks(page.before, page.text):
            if ctx.git_root is not None and not (
                risk.rule in ("content.raw-html", "search.attribute", "search.boost")
                or (risk.rule == "content.snippet-include" and snippets)
                or risk.rule.removeprefix("content.tag.") in UNJUDGED_TAGS
            ):
                continue
            # A maintainer's own boost (manual: features/search) is the hub's choice; a pull request's is a claim.
            if ctx.git_root is None and risk.rule == "search.boost":
                continue
            yield _finding(risk.level, risk.rule, page.path, risk.message, risk.line)


# --- front matter ------------------------------------------------------------

_FRONT_START = re.compile(r"\A---[ \t]*\n")
_FRONT_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)
STRING_KEYS = ("title", "description", "subtitle", "template", "icon", "status")


def front_matter_problems(text: str) -> list[tuple[int, Level, str]]:
    """Problems with a page's front matter, as (line, level, message).

    MkDocs renders front matter it cannot read as page text, silently, so a
    stray colon in a title would put raw YAML at the top of the page.
    """
    start = _FRONT_START.match(text)
    if not start:
        return []
    end = _FRONT_END.search(text, start.end())
    if not end:
        # A page may open with a thematic break (---), so this is only a warning.
        return [(1, "warning", "front matter starts with --- but never ends; add a line of --- after it")]
    block = text[start.end(): end.start()]
    try:
        data = yaml.safe_load(block)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        reason = getattr(exc, "problem", None) or "not valid YAML"
        hint = "; quote values that contain a colon, # or brackets" if "mapping" in reason or "expected" in reason else ""
        return [((mark.line + 2) if mark else 2, "error", f"front matter is not valid YAML ({reason}){hint}")]
    if data is None:
        return []
    if not isinstance(data, dict):
        return [(2, "error", "front matter must be key: value lines, such as `title: My page`")]
    lines = {}
    node = yaml.compose(block)
    if isinstance(node, yaml.MappingNode):
        lines = {str(k.value): k.start_mark.line + 2 for k, _ in node.value}
    problems = []
    for key in STRING_KEYS:
        if key in data and not isinstance(data[key], str):
            problems.append((lines.get(key, 2), "error", f"{key}: expected text, found {type(data[key]).__name__}"))
    tags = data.get("tags")
    if tags is not None and not (isinstance(tags, list) and all(isinstance(t, str) for t in tags)):
        problems.append((lines.get("tags", 2), "error", "tags: expected a list of words, such as `tags: [billing]`"))
    # Material prints these raw (the header, the tags page): judge them as YAML decoded
    # them, since an escape such as "\x3c" is only markup after decoding. Titles are
    # escaped wherever they land; their markup is check_titles' finding.
    for key, value in data.items():
        if key in titles.KEYS:
            continue
        values = value if isinstance(value, list) else [value]
        for item in values:
            if isinstance(item, str) and (markup := _markup(item)):
                problems.append((lines.get(str(key), 2), "error",
                                 f"{key}: decodes to markup ({shown(markup)}), which pages print as it is; "
                                 "write plain text without < or &"))
                break
    return problems


def _markup(text: str) -> str | None:
    """The first element (or comment) a browser would make of `text`, or None."""
    return titles.markup(text)


def _front_matter(text: str) -> tuple[int, int, yaml.MappingNode, dict[Any, Any]] | None:
    """A page's front matter: its offsets, its YAML node and its data, if it is a mapping MkDocs reads."""
    start = _FRONT_START.match(text)
    end = _FRONT_END.search(text, start.end()) if start else None
    if not start or not end:
        return None
    block = text[start.end(): end.start()]
    try:
        node = yaml.compose(block, Loader=yaml.SafeLoader)
        data = yaml.safe_load(block)
    except (yaml.YAMLError, ValueError):
        # Not YAML, or a value YAML cannot build (a date such as 2026-02-30): front_matter_problems says so.
        return None
    if not isinstance(node, yaml.MappingNode) or not isinstance(data, dict):
        return None
    return start.end(), end.start(), node, data


def title_problems(text: str) -> list[tuple[int, str]]:
    """Markup in a page's title (`title`, an FAQ entry's `question`), as (line of the key, message).

    Pages show a title as text, markup and all (openbook.site.titles), so it is
    harmless; but a title that reads as HTML is a paste gone wrong or a probe,
    and a reader would see the tags: the reviewer must see it first.
    """
    found = _front_matter(text)
    if found is None:
        return []
    problems = []
    for key, value in found[2].value:
        if str(key.value) not in titles.KEYS or not isinstance(value, yaml.ScalarNode):
            continue
        decoded = found[3].get(str(key.value))
        if isinstance(decoded, str) and (markup := titles.markup(decoded)):
            problems.append((key.start_mark.line + 2,
                             f"{key.value}: the title holds markup ({shown(markup)}), which the page shows as text, "
                             f"tags and all: {shown(decoded)}; write it in plain words"))
    return problems


def _mask_titles(text: str) -> str:
    """The text with the values of its front matter titles blanked (line numbers kept): check_titles judges them."""
    found = _front_matter(text)
    if found is None:
        # Front matter MkDocs cannot read is page text: scan it as Markdown.
        return text
    offset = found[0]
    chars = list(text)
    for key, value in found[2].value:
        if str(key.value) in titles.KEYS and isinstance(value, yaml.ScalarNode):
            for index in range(offset + value.start_mark.index, offset + value.end_mark.index):
                if chars[index] != "\n":
                    chars[index] = " "
    return "".join(chars)


def check_titles(ctx: CheckContext) -> Iterator[Finding]:
    """Markup in the title of every docs page a change touches, practices and FAQ entries included."""
    for page in _touched_markdown(ctx):
        for line, message in title_problems(page.text):
            yield _finding("error", "content.title-markup", page.path, message, line)


def check_front_matter(ctx: CheckContext) -> Iterator[Finding]:
    """Front matter of the docs pages a change touches (practices pages have their own checker)."""
    layout = layout_for(ctx.config)
    for page in _touched_markdown(ctx):
        if classify(page.path, layout) == "practices":
            continue
        for line, level, message in front_matter_problems(page.text):
            yield _finding(level, "content.front-matter", page.path, message, line)


def check_code_changes(ctx: CheckContext) -> Iterable[Finding]:
    """Every changed file outside content: code that runs in the build, for a maintainer to review."""
    if ctx.base is None or ctx.git_root is not None:
        # The gate reports code changes itself, decided from git (openbook.contribution.gate).
        return []
    layout = layout_for(ctx.config)
    return [
        _finding(
            "warning", "contribution.code", change.path,
            f"code change ({change.status}): this file runs in or configures the build, "
            "so a maintainer must review it (see CODEOWNERS)",
        )
        for change in _changes(ctx)
        if classify(change.path, layout) == "code"
        or (change.old_path and classify(change.old_path, layout) == "code")
    ]
