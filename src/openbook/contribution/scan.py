"""What a contribution touches and whether its Markdown is safe to publish.

The core is pure: repository paths are sorted into kinds (content, pricing,
practices, questions, code, other), and Markdown text is scanned for content
that could run code in a reader's browser or pull files into the build. The
two `openbook check` checkers at the end read the change through
`openbook.contribution.changeset` (git) and report both.
"""

from __future__ import annotations

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
URL_ATTRIBUTES = urls.URL_ATTRIBUTES
UNSAFE_SCHEMES = urls.UNSAFE_SCHEMES

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
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
_ATTR_LIST = re.compile(r"\{:?([^{}\n]*=[^{}\n]*)\}")


def unsafe_url(value: str) -> str | None:
    """The dangerous scheme of a URL as a browser would read it, or None."""
    # Browsers decode entities in attributes and drop whitespace and control
    # characters inside a scheme, so `jav&#x61;\tscript:` is still javascript:.
    return urls.unsafe_scheme(html.unescape(html.unescape(value)))


def shown(text: str, limit: int = 80) -> str:
    """A construct quoted in a message: one line, no control characters, bounded."""
    return plaintext.one_line(text, limit)


def _mask_code(text: str) -> str:
    """The text with fenced code blocks, inline code and HTML comments blanked out.

    Blanked characters become spaces (newlines stay), so offsets and line
    numbers still match the original. A fence only counts when it is closed:
    an unclosed "fence" is not code to every Markdown parser, so what follows it
    is still scanned.
    """
    lines = text.split("\n")
    masked = list(lines)
    index = 0
    while index < len(lines):
        opener = _FENCE.match(lines[index])
        if opener:
            marker = opener.group(1)
            close = re.compile(rf"^ {{0,3}}{re.escape(marker[0])}{{{len(marker)},}}\s*$")
            end = next((j for j in range(index + 1, len(lines)) if close.match(lines[j])), None)
            if end is not None:
                for j in range(index + 1, end):
                    masked[j] = " " * len(lines[j])
                index = end + 1
                continue
        masked[index] = _INLINE_CODE.sub(lambda m: " " * len(m.group(0)), lines[index])
        index += 1
    joined = "\n".join(masked)
    return _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), joined)


def _line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _attribute_risks(attributes: str, line: int, snippet: str, place: str, handler_rule: str) -> Iterator[Risk]:
    """Risky attributes of one raw HTML tag or one attribute list (`{: onclick=... }`), which set the same ones."""
    for attribute in _ATTRIBUTE.finditer(attributes):
        key = attribute.group(1).lower()
        value = (attribute.group(2) or "").strip("\"'")
        if _EVENT_NAME.match(key):
            yield Risk(line, handler_rule, "error",
                       f"event handler {key}= {place} runs script in the reader's browser ({snippet})", snippet)
        elif key in URL_ATTRIBUTES and (scheme := unsafe_url(value)):
            yield Risk(line, "content.unsafe-link", "error", f"{scheme} URL in {key}= {place} ({snippet})", snippet)
        elif key == "style":
            yield Risk(line, "content.style-attribute", "warning",
                       f"style= {place} can hide or disguise text ({snippet})", snippet)


def scan_markdown(text: str) -> list[Risk]:
    """Every risky construct in a Markdown file, in file order."""
    risks: list[Risk] = []
    body = _mask_code(text)

    # Snippet includes are expanded before code blocks are parsed, so they count even inside code.
    for match in _SNIPPET.finditer(text):
        risks.append(Risk(
            _line_at(text, match.start()), "content.snippet-include", "error",
            "snippet include (--8<--) pulls another file into the page; quote it as ;--8<-- or remove it",
            text[match.start(): text.find("\n", match.start()) if "\n" in text[match.start():] else len(text)].strip(),
        ))

    for match in _TAG.finditer(body):
        closing, name, attributes = match.group(1), match.group(2).lower(), match.group(3) or ""
        line = _line_at(body, match.start())
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
                risks.append(Risk(_line_at(body, match.start()), "content.unsafe-link", "error",
                                  f"{scheme} link: only http(s), mailto and relative links are allowed ({snippet})",
                                  snippet))

    for match in _ATTR_LIST.finditer(body):
        risks.extend(_attribute_risks(" " + match.group(1), _line_at(body, match.start()), shown(match.group(0)),
                                      "in an attribute list", "content.attr-list-handler"))

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
    look, and snippet includes when the base enables them (they read files of
    the build machine into a page). Its errors for `<link>`, `<meta>`, `<svg>`
    and `<math>` are weighed against the built pages after the judge has run
    (gate.unjudged_source_errors), so one the pages do not show still stands.
    """
    snippets = any("snippets" in str(name) for name in ctx.config.markdown_extensions or [])
    for page in _touched_markdown(ctx):
        for risk in new_risks(page.before, page.text):
            if ctx.git_root is not None and not (
                risk.rule == "content.raw-html" or (risk.rule == "content.snippet-include" and snippets)
            ):
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
    # Material prints these raw (the title, the header, the tags page): judge them as YAML decoded
    # them, since an escape such as "\x3c" is only markup after decoding.
    for key, value in data.items():
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
    from html.parser import HTMLParser

    found: list[str] = []

    class _Tags(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append(f"<{tag}>")

        def handle_comment(self, data: str) -> None:
            found.append("<!--")

    parser = _Tags(convert_charrefs=False)
    parser.feed(text)
    parser.close()
    return found[0] if found else None


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
