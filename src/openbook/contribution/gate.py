"""The contribution gate: build the base and the head with the base's code, and judge the head's output.

No pull-request code runs. Both builds are made in temporary folders from the
base's tree (engine hooks, mkdocs.yml, overrides, templates), and the head
build takes only content (docs/, data/) from the change, so a change to hooks
or config cannot silence what is judged. What counts as code, symlinks,
disallowed files and edits to sync-owned data are decided from git before
anything is built.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from openbook import urls
from openbook.contribution import changeset, published, scan
from openbook.findings import Finding

if TYPE_CHECKING:
    import git

    from openbook.site.build import BuildResult

SYMLINK_MODE = 0o120000
GITLINK_MODE = 0o160000
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
# Images a browser only ever draws: it runs nothing in them, and no other host is called.
SAFE_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".bmp", ".ico")
# Generated files Material writes for every build; the search index is judged separately, as HTML.
_SEARCH_INDEX = "search/search_index.json"
_HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".svg")


@dataclass
class Workspace:
    """Two hub folders made from git: the base as it is, and the base's code with the head's content."""

    base_dir: Path
    head_dir: Path
    layout: scan.Layout
    # The base's raw mkdocs.yml and the head's, as read from git (never loaded by MkDocs).
    config_before: dict[str, Any]
    config_after: dict[str, Any]
    # Hub-relative paths in the head's content that are symlinks (not copied into the build).
    symlinks: list[str] = field(default_factory=list)
    base_tree: str | None = None
    base_build: BuildResult | None = None
    head_build: BuildResult | None = None


def _tree_entries(repo: git.Repo, ref: str, prefix: str) -> Iterator[tuple[str, int, Any]]:
    """(hub-relative path, mode, blob) of every file in the hub's folder at `ref`."""
    tree = repo.commit(ref).tree
    if prefix:
        try:
            tree = tree / prefix.rstrip("/")
        except KeyError:
            return
    for item in tree.traverse():
        if item.type == "tree":
            continue
        path = item.path[len(prefix):] if prefix else item.path
        yield path, item.mode, item


def _write_blob(target: Path, blob: Any) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as out:
        shutil.copyfileobj(blob.data_stream, out)


def _in_content(path: str, layout: scan.Layout) -> bool:
    return any(path == folder or path.startswith(folder + "/") for folder in content_paths(layout))


def content_paths(layout: scan.Layout) -> tuple[str, ...]:
    """The folders and files a head build takes from the change: the rest is the base's code."""
    return tuple(dict.fromkeys(p for p in (layout.docs_dir, layout.data_dir, layout.pricing_source,
                                           layout.snapshot) if p))


def prepare(root: Path, base: str, head: str | None, folder: Path) -> Workspace:
    """Materialise the two hubs under `folder` from git (`head` None: the working tree, untracked files included)."""
    repo = changeset.open_repo(root)
    prefix = changeset.hub_prefix(root)
    start = changeset.merge_base(repo, base, head)
    config_name = Path(root / "mkdocs.yml").name
    config_before = _raw_config(repo, start, prefix + config_name)
    config_after = _raw_config(repo, changeset.resolve(repo, head), prefix + config_name) if head else \
        _raw_text_config(root / config_name)
    layout = scan.Layout.from_raw(config_before, config_name)
    base_dir, head_dir = folder / "base", folder / "head"
    base_dir.mkdir(parents=True)
    head_dir.mkdir(parents=True)
    workspace = Workspace(base_dir, head_dir, layout, config_before, config_after)
    workspace.base_tree = repo.commit(start).tree.hexsha
    for path, mode, blob in _tree_entries(repo, start, prefix):
        if stat.S_IFMT(mode) != stat.S_IFREG:
            continue  # the base's own symlinks and submodules are not built either
        _write_blob(base_dir / path, blob)
        if not _in_content(path, layout):
            _write_blob(head_dir / path, blob)
    # The snapshot and the ledger are sync's: the head is built with the base's, so an edit to them is
    # reported once (file_findings) and cannot forge what the judged pages show.
    synced = set(sync_owned(layout, config_before))
    if head is not None:
        for path, mode, blob in _tree_entries(repo, changeset.resolve(repo, head), prefix):
            if not _in_content(path, layout) or path in synced:
                continue
            if stat.S_IFMT(mode) == stat.S_IFREG:
                _write_blob(head_dir / path, blob)
            else:
                workspace.symlinks.append(path)
    else:
        _copy_worktree_content(root, head_dir, layout, workspace.symlinks)
    for path in synced:
        (head_dir / path).unlink(missing_ok=True)
        if (base_dir / path).is_file():
            (head_dir / path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(base_dir / path, head_dir / path)
    return workspace


def sync_owned(layout: scan.Layout, config: dict[str, Any]) -> tuple[str, ...]:
    """The files `openbook sync` and the build write, by the base's settings: the snapshot and the ledger."""
    ledger = scan.raw_setting(config, "extra", "openbook", "questions", "ledger")
    ledger = "data/questions-published.json" if ledger is None else ledger
    return tuple(p for p in (layout.snapshot, scan._clean_path(ledger) if isinstance(ledger, str) else "") if p)


def _copy_worktree_content(root: Path, head_dir: Path, layout: scan.Layout, symlinks: list[str]) -> None:
    for name in content_paths(layout):
        source = root / name
        if source.is_symlink():
            symlinks.append(name)
        elif source.is_file():
            (head_dir / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, head_dir / name)
        elif source.is_dir():
            for folder, dirs, files in os.walk(source):
                here = Path(folder)
                for entry in sorted(dirs + files):
                    path = here / entry
                    relative = path.relative_to(root).as_posix()
                    if path.is_symlink():
                        symlinks.append(relative)
                    elif path.is_file():
                        (head_dir / relative).parent.mkdir(parents=True, exist_ok=True)
                        shutil.copyfile(path, head_dir / relative)
                # os.walk does not enter symlinked folders; a symlink is reported, never followed.
                dirs[:] = [d for d in dirs if not (here / d).is_symlink()]
    symlinks[:] = sorted(set(symlinks))


def _raw_config(repo: git.Repo, ref: str, repo_path: str) -> dict[str, Any]:
    from openbook.contribution import review

    from git.exc import GitCommandError

    try:
        text = repo.git.show(f"{ref}:{repo_path}", strip_newline_in_stdout=False)
    except GitCommandError:  # not in that commit
        return {}
    return review.read_config(text)


def _raw_text_config(path: Path) -> dict[str, Any]:
    from openbook.contribution import review

    try:
        return review.read_config(path.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return {}


# Base builds already made in this process, by (base tree, build clock, environment, which
# mkdocs.yml can read with !ENV): the same inputs give the
# same site, so judging many changes against one base (a test corpus, a queue) builds it once.
_BASE_BUILDS: dict[tuple[str, str, int], tuple[Path, Any]] = {}
_BASE_BUILDS_LIMIT = 4


def _env_read_by(config: Path) -> int:
    """The environment variables a mkdocs.yml reads (`!ENV`), which change what it builds."""
    import re

    try:
        text = config.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return 0
    # Blanks taken whole (`*+`): `\s*\[?\s*` split a long run of them every way, in quadratic time.
    names = re.findall(r"!ENV\s*+\[?\s*+['\"]?([A-Za-z_][A-Za-z0-9_]*)", text)
    return hash(tuple((name, os.environ.get(name)) for name in sorted(set(names))))


def build_both(workspace: Workspace, base_tree: str | None = None) -> None:
    from openbook import clock
    from openbook.settings import SettingsError
    from openbook.site import build as sitebuild

    name = workspace.layout.config_file
    key = (base_tree, clock.now().isoformat(), _env_read_by(workspace.base_dir / name)) if base_tree else None
    cached = _BASE_BUILDS.get(key) if key else None
    if cached and cached[0].is_dir():
        shutil.copytree(cached[0], workspace.base_dir / "site")
        workspace.base_build = sitebuild.BuildResult(workspace.base_dir / "site", list(cached[1].warnings),
                                                     cached[1].error)
    else:
        try:
            workspace.base_build = sitebuild.build(workspace.base_dir / name, workspace.base_dir / "site",
                                                   strict=True)
        except SettingsError as exc:
            # Nothing to compare with: the change cannot be judged until the base builds.
            raise changeset.ChangeError(f"the base does not build, so the change cannot be judged against it: {exc}") \
                from None
        # A strict build that only warned still wrote the site (those warnings are not the change's).
        if workspace.base_build.error and not (workspace.base_dir / "site" / "index.html").is_file():
            problems = "; ".join(workspace.base_build.warnings[:3]) or workspace.base_build.error
            raise changeset.ChangeError(f"the base does not build, so the change cannot be judged against it: {problems}")
        if key:
            import atexit
            import tempfile

            keep = Path(tempfile.mkdtemp(prefix="openbook-base-site-"))
            atexit.register(shutil.rmtree, keep, True)
            shutil.copytree(workspace.base_dir / "site", keep / "site")
            _BASE_BUILDS[key] = (keep / "site", workspace.base_build)
            while len(_BASE_BUILDS) > _BASE_BUILDS_LIMIT:
                old_site, _ = _BASE_BUILDS.pop(next(iter(_BASE_BUILDS)))
                shutil.rmtree(old_site.parent, ignore_errors=True)
    try:
        workspace.head_build = sitebuild.build(workspace.head_dir / name, workspace.head_dir / "site", strict=True)
    except SettingsError as exc:
        # The base's config with the change's content (a deleted docs/, say): the change's problem, reported.
        workspace.head_build = sitebuild.BuildResult(workspace.head_dir / "site", [], str(exc))


# --- what the change touches, decided from git -------------------------------------


def inherited(config: dict[str, Any], config_file: str) -> str | None:
    """The hub-relative file a mkdocs.yml pulls in with INHERIT, if any: it is configuration too."""
    value = config.get("INHERIT") if isinstance(config, dict) else None
    if not isinstance(value, str) or not value:
        return None
    folder = PurePosixPath(config_file).parent
    return scan._clean_path(os.path.normpath((folder / value).as_posix()))


def file_findings(workspace: Workspace, changes: list[changeset.ChangedFile], *, root: Path,
                  head: str | None) -> list[Finding]:
    """Findings about the changed files themselves: symlinks, files docs/ may not hold, sync-owned data, code."""
    layout = workspace.layout
    synced = set(sync_owned(layout, workspace.config_before))
    found: list[Finding] = []
    code_files = {inherited(workspace.config_before, layout.config_file),
                  inherited(workspace.config_after, layout.config_file)} - {None}
    symlinked = set(workspace.symlinks) | _changed_symlinks(root, changes, head)
    for change in changes:
        path = change.path
        if path in symlinked:
            found.append(Finding(
                "error", "contribution.symlink", path,
                "symlink: a symlink would copy whatever it points at on the build machine (its environment, "
                ".git/config) into the public site; commit the file itself instead",
            ))
            continue
        if change.status != "deleted" and scan._under(path, layout.docs_dir):
            problem = docs_file_problem(path, _head_bytes(workspace, path))
            if problem:
                found.append(Finding("error", "content.file-type", path, problem))
        if path in synced or change.old_path in synced:
            found.append(Finding(
                "error", "contribution.sync-data", path,
                f"{path} is written by `openbook sync` (and the build) alone, from GitHub; a pull request may not "
                "edit it, since an edited copy could put a forged staff answer on a page. Leave it out of the "
                "change (this check built the pages with the base's copy)",
            ))
            continue
        kinds = {scan.classify(p, layout) for p in (path, change.old_path) if p}
        if "code" in kinds or path in code_files or path.endswith(".pth"):
            if scan._under(path, layout.docs_dir):
                continue  # reported above, as a file docs/ may not hold
            found.append(Finding(
                "warning", "contribution.code", path,
                f"code change ({change.status}): this file runs in or configures the build, so a maintainer must "
                "review it (see CODEOWNERS); this check built the content with the base branch's code",
            ))
    return found


def _head_bytes(workspace: Workspace, path: str) -> bytes | None:
    try:
        return (workspace.head_dir / path).read_bytes()
    except OSError:
        return None


def _changed_symlinks(root: Path, changes: list[changeset.ChangedFile], head: str | None) -> set[str]:
    """Changed paths that are symlinks in the head (git's mode 120000, or the working tree's own)."""
    repo = changeset.open_repo(root)
    top = Path(repo.working_tree_dir or root)
    out = set()
    for change in changes:
        if change.status == "deleted":
            continue
        if head is None:
            if (top / change.repo_path).is_symlink():
                out.add(change.path)
            continue
        listing = repo.git.ls_tree(changeset.resolve(repo, head), "--", change.repo_path)
        if listing.startswith(("120000", "160000")):
            out.add(change.path)
    return out


def docs_file_problem(path: str, data: bytes | None) -> str | None:
    """Why a file may not be added under docs/ by a contribution, or None: Markdown and safe images only."""
    suffix = PurePosixPath(path).suffix.lower()
    if suffix in MARKDOWN_SUFFIXES or suffix in SAFE_IMAGE_SUFFIXES:
        return None
    if suffix == ".svg":
        reason = svg_problem(data or b"")
        if reason is None:
            return None
        return (f"SVG image that could act in a reader's browser ({reason}); MkDocs serves it from the hub's "
                "own origin. Export it as PNG, or remove the scripting, links and styles, or ask a maintainer")
    kind = {".html": "an HTML page", ".htm": "an HTML page", ".xhtml": "an HTML page", ".shtml": "an HTML page",
            ".js": "a script", ".mjs": "a script", ".cjs": "a script", ".css": "a stylesheet",
            ".xml": "XML a browser renders", ".xsl": "a stylesheet"}.get(suffix, f"a {suffix or 'suffix-less'} file")
    return (f"{kind} under docs/: MkDocs copies it into the site as it is, where a browser may run or render it "
            "from the hub's own origin. Contributions may add Markdown pages and PNG, JPEG, GIF, WebP or AVIF "
            "images; a maintainer must add anything else")


def svg_problem(data: bytes) -> str | None:
    """What makes an SVG unsafe to serve from the hub (script, handlers, links, styles, outside resources), or None."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return "not UTF-8 text"
    found = published.items(text, "", body_elements=False)
    if found:
        return found[0].describe()
    lowered = text.lower()
    for needle, reason in (("<!entity", "an XML entity"), ("<a", "a link"), ("xlink:href", "a reference"),
                           ("href=", "a reference"), ("<?xml-stylesheet", "a stylesheet")):
        if needle in lowered:
            return reason
    return None


# --- judging the built output -------------------------------------------------------


def _pages(site: Path) -> dict[str, Path]:
    out = {}
    for path in site.rglob("*"):
        if path.is_file() and path.suffix.lower() in _HTML_SUFFIXES:
            out[path.relative_to(site).as_posix()] = path
    return out


def _is_page(output: str) -> bool:
    """An HTML page, whose body content fills; not an SVG image, whose root is an `<svg>`."""
    return not output.lower().endswith(".svg")


def _url_of(output: str) -> str:
    return output[: -len("index.html")] if output.endswith("index.html") else output


def _sources(workspace: Workspace) -> dict[str, str]:
    """Page URL -> the hub-relative source file, for the head's hand-written pages."""
    from mkdocs.structure.files import File

    docs = workspace.head_dir / workspace.layout.docs_dir
    out = {}
    for path in docs.rglob("*") if docs.is_dir() else []:
        if path.is_file() and path.suffix.lower() in MARKDOWN_SUFFIXES:
            src = path.relative_to(docs).as_posix()
            url = File(src, str(docs), str(workspace.head_dir / "site"), use_directory_urls=True).url
            out[url] = f"{workspace.layout.docs_dir}/{src}"
        elif path.is_file() and path.suffix.lower() in _HTML_SUFFIXES:
            out[path.relative_to(docs).as_posix()] = f"{workspace.layout.docs_dir}/{path.relative_to(docs).as_posix()}"
    return out


def _generated_source(url: str, layout: scan.Layout) -> str:
    if url.startswith("questions/"):
        return layout.snapshot
    if url.startswith("pricing/"):
        return layout.pricing_source
    return f"site: {url or '/'}"


def output_findings(workspace: Workspace, site: urls.Site, before_text: dict[str, str | None]) -> list[Finding]:
    """Every construct the head's built pages have that the base's built site has nowhere, by page."""
    base_site, head_site = workspace.base_dir / "site", workspace.head_dir / "site"
    base_pages, head_pages = _pages(base_site), _pages(head_site)
    baseline: set[published.Item] = set()
    for output, path in base_pages.items():
        baseline.update(published.items(path.read_text(encoding="utf-8", errors="replace"), _url_of(output), site,
                                        body_elements=_is_page(output)))
    base_search = _search(base_site)
    for location, text in base_search.items():
        baseline.update(published.items(text, location, site))
    fresh: dict[str, list[published.Item]] = defaultdict(list)
    for output, path in sorted(head_pages.items()):
        data = path.read_bytes()
        old = base_pages.get(output)
        if old is not None and old.read_bytes() == data:
            continue
        url = _url_of(output)
        for item in published.items(data.decode("utf-8", errors="replace"), url, site, body_elements=_is_page(output)):
            if item not in baseline and item not in fresh[url]:
                fresh[url].append(item)
    for location, text in _search(head_site).items():
        if base_search.get(location) == text:
            continue
        url = location.split("#", 1)[0]
        for item in published.items(text, url, site):
            if item not in baseline and item not in fresh[url]:
                fresh[url].append(item)
    sources = _sources(workspace)
    found = []
    for url, page_items in fresh.items():
        if not page_items:
            continue
        source = sources.get(url) or _generated_source(url, workspace.layout)
        text = _read(workspace.head_dir / source)
        for item in page_items:
            line = locate(text, item, before_text.get(source)) if text is not None else None
            found.append(Finding(
                "error", item.rule, source,
                f"page {url or '/'} would publish {item.describe()}; the base site has nothing like it. "
                + _ADVICE.get(item.rule, "Remove it, or write it in plain Markdown"),
                line,
            ))
    return found


_ADVICE = {
    "html.third-party": "Add the file to the change under docs/ and use a relative link, or link to it instead",
}


def _search(site: Path) -> dict[str, str]:
    path = site / _SEARCH_INDEX
    return published.search_entries(path.read_text(encoding="utf-8", errors="replace")) if path.is_file() else {}


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


_NEEDLES = {
    "html.script": ("<script", "script", "%3cscript", "\\x3cscript", "\\u003cscript"),
    "html.event-handler": (),
    "html.unsafe-url": ("javascript", "vbscript", "data:", "&#", "%6a"),
    "html.element": ("<iframe", "<object", "<embed", "<base", "<form", "<link", "<meta", "<svg", "<math",
                     "iframe", "object", "embed", "form", "base"),
    "html.meta-refresh": ("refresh", "<meta"),
    "html.style": ("<style", "style", "{:", "{ "),
    "html.svg-script": ("<svg", "svg"),
    "html.third-party": ("://", "//", "\\", "url("),
}


def locate(text: str, item: published.Item, before: str | None = None) -> int | None:
    """The line of the source that most likely made `item`: the source scan's line, or a line naming it."""
    import html as htmllib
    import re

    lines = text.splitlines()
    detail = item.detail.lower()
    needles: list[str] = []
    if item.rule == "html.event-handler" and (match := re.match(r"<\w+ (on\w+)=", detail)):
        needles.append(match.group(1))
    if item.rule == "html.third-party" and (match := re.search(r"\(([^()]+)\)$", detail)):
        needles.append(match.group(1))
    if item.rule == "html.element" and (match := re.match(r"<([\w:-]+)", detail)):
        needles.append(f"<{match.group(1)}")
    needles.extend(_NEEDLES.get(item.rule, ()))
    old_lines = set((before or "").splitlines())
    for needle in needles:
        for number, line in enumerate(lines, 1):
            if line in old_lines:
                continue
            decoded = htmllib.unescape(line).lower()
            if needle in line.lower() or needle in decoded:
                return number
    risks = scan.new_risks(before, text)
    if risks:
        return risks[0].line
    return next((n for n, line in enumerate(lines, 1) if line not in old_lines and line.strip()), None)


def unjudged_source_errors(pages: Iterable[tuple[str, str, str | None]], judged: list[Finding]) -> list[Finding]:
    """The source scan's errors for `<link>`, `<meta>`, `<svg>` and `<math>` that the built pages do not confirm.

    The judge reports these elements in a page's body, unless the base has the
    same one somewhere: an `<svg>` written like one of Material's icons is in
    the base's pages, so the built page alone would let it through. Where the
    judge reported the element, its finding already points to the line; the
    rest are reported from the source. `pages` are (file, text, text at the base).
    """
    found = []
    for path, text, before in pages:
        risks: dict[str, list[scan.Risk]] = defaultdict(list)
        for risk in scan.new_risks(before, text):
            tag = risk.rule.removeprefix("content.tag.")
            if risk.level == "error" and tag in published.BODY_ELEMENTS:
                risks[tag].append(risk)
        for tag, tag_risks in risks.items():
            confirmed = [f for f in judged if f.file == path and f.rule == "html.element" and f": <{tag}" in f.message]
            if len(confirmed) >= len(tag_risks):
                continue
            lines = {f.line for f in confirmed}
            found.extend(Finding(r.level, r.rule, path, r.message, r.line) for r in tag_risks if r.line not in lines)
    return found
