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
from openbook.contribution import gate, scan as contribution
from openbook.faq import check as faq_check
from openbook.findings import Checker, CheckContext, Finding
from openbook.history import check as history_check
from openbook.practices import check as practices_check
from openbook.pricing import check as pricing_check
from openbook.questions import forms as question_forms
from openbook.site import build as sitebuild, longevity
from openbook.starter import identity
from openbook.subprocessors import check as subprocessors_check

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


def check_build(ctx: CheckContext) -> Iterator[Finding]:
    """A strict build: broken links, missing nav targets and every other MkDocs warning."""
    workspace = ctx.cache.get(GATE)
    if isinstance(workspace, gate.Workspace) and workspace.head_build and workspace.base_build:
        # The gate built both already; a warning the base build has too is not this change's.
        result = workspace.head_build
        known = {_neutral(m, workspace.base_dir) for m in workspace.base_build.warnings}
        same_error = result.error is not None and result.error == workspace.base_build.error
        result = sitebuild.BuildResult(
            result.site_dir, [m for m in result.warnings if _neutral(m, workspace.head_dir) not in known],
            None if same_error else result.error,
        )
    else:
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


def _neutral(message: str, folder: Path) -> str:
    return message.replace(str(folder), "<hub>")


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
    contribution.check_titles,
    contribution.check_risky_markdown,
    contribution.check_code_changes,
    practices_check.check_practices,
    history_check.check_notice,
    pricing_check.check_pricing,
    subprocessors_check.check_subprocessors,
    faq_check.check_faq,
    question_forms.check_issue_forms,
    identity.check_identity,
    longevity.check_material_end_of_life,
    check_build,
]


GATE = "contribution.gate"


def check_output(ctx: CheckContext) -> Iterable[Finding]:
    """The gate's verdict on the built pages: what the head would publish that the base does not (--base only)."""
    workspace = ctx.cache.get(GATE)
    if not isinstance(workspace, gate.Workspace) or ctx.git_root is None:
        return []
    from openbook import urls
    from openbook.contribution import changeset

    before = {}
    for change in ctx.cache.get("contribution.changes", []):  # type: ignore[attr-defined]
        if change.status != "added":
            before[change.path] = changeset.read_at(ctx.git_root, change.base_ref,
                                                    change.old_repo_path or change.repo_path)
    found = gate.output_findings(workspace, urls.Site.of(ctx.config.site_url), before)
    # The source scan's errors for elements the built pages may not show (an <svg> like Material's icons).
    pages = [(page.path, page.text, page.before) for page in contribution._touched_markdown(ctx)]
    return [*found, *gate.unjudged_source_errors(pages, found)]


def run(config: MkDocsConfig, *, base: str | None = None, checkers: Iterable[Checker] | None = None) -> list[Finding]:
    ctx = CheckContext(config=config, root=settings.project_root(config), today=clock.today(), base=base)
    try:
        for checker in CHECKERS if checkers is None else checkers:
            ctx.findings.extend(checker(ctx))
    finally:
        ctx.close()
    return ctx.findings


# With --base, in report order: the files themselves (decided from git), then
# the content as the base's code builds it, then the built output. Every checker
# of CHECKERS runs here too, so a rule gives the same verdict on a change as on
# the hub (tests/contribution/test_gate_rules.py holds one row per rule), except:
# - check_code_changes: the gate decides what is code from git before anything
#   runs and reports it itself (gate.file_findings, the same rule id);
# - check_identity judges only the files the change adds or modifies, as
#   check_build leaves out warnings the base has too: demo text the base
#   already holds is not this change's to fix.
GATE_CHECKERS: list[Checker] = [
    contribution.check_front_matter,
    contribution.check_titles,
    contribution.check_risky_markdown,
    practices_check.check_practices,
    history_check.check_notice,
    pricing_check.check_pricing,
    subprocessors_check.check_subprocessors,
    faq_check.check_faq,
    identity.check_identity,
    check_build,
    check_output,
]


def run_change(config_file: str | Path, *, base: str, head: str | None = None,
               checkers: Iterable[Checker] | None = None) -> list[Finding]:
    """Judge a change as the gate does: no code from the change runs, and the built output decides.

    The base's tree and the head's content are copied from git into a
    temporary folder and built there with the base's mkdocs.yml, hooks and
    templates (and this, the base's, engine). The change's own mkdocs.yml is
    never loaded: loading it would import its hooks.
    """
    from openbook.contribution import changeset

    root = Path(config_file).resolve().parent
    changes = changeset.changed_files(root, base, head)
    with tempfile.TemporaryDirectory(prefix="openbook-gate-") as folder:
        workspace = gate.prepare(root, base, head, Path(folder))
        layout = workspace.layout
        found = gate.file_findings(workspace, changes, root=root, head=head)
        # A changed issue form is code to the gate (it builds with the base's .github/), so one that
        # would approve every question it files is judged here, from the head's text.
        head_ref = changeset.resolve(changeset.open_repo(root), head) if head else None
        found.extend(question_forms.change_findings(
            changes, workspace.config_before, lambda repo_path: changeset.read_at(root, head_ref, repo_path)))
        found.extend(settings_findings(workspace))
        if not (workspace.base_dir / layout.config_file).is_file():
            raise changeset.ChangeError(
                f"{layout.config_file} is not in the base {base!r}: the gate builds with the base's config; "
                "pass the hub's mkdocs.yml with --config-file"
            )
        gate.build_both(workspace, workspace.base_tree)
        failed = bool(workspace.head_build and workspace.head_build.error and not (workspace.head_dir / "site").is_dir())
        try:
            config = settings.load(workspace.head_dir / layout.config_file)
        except settings.SettingsError as exc:
            # The base's config does not load with the change's content (its docs/ deleted, say).
            error = workspace.head_build.error if workspace.head_build and workspace.head_build.error else str(exc)
            return [*found, Finding("error", "build.failed", layout.config_file, error)]
        ctx = CheckContext(config=config, root=workspace.head_dir, today=clock.today(), base=base, git_root=root)
        ctx.cache["contribution.changes"] = changes
        ctx.cache[history_check.DECLARED_EDITORIAL] = changeset.declared_editorial(root, base, head)
        # The head as git names it (None: the working tree), for checkers that read a changed file
        # the head build does not hold (it takes only content from the change).
        ctx.cache["contribution.head"] = head
        ctx.cache[GATE] = workspace
        ctx.findings.extend(found)
        try:
            for checker in GATE_CHECKERS if checkers is None else checkers:
                # Broken data stops the head's build: the data checkers still say where (file, line, key).
                if failed and checker in (check_build, check_output):
                    continue
                ctx.findings.extend(checker(ctx))
        finally:
            ctx.close()
        if failed and workspace.head_build:
            ctx.findings.append(Finding("error", "build.failed", layout.config_file, workspace.head_build.error or ""))
        return ctx.findings


def settings_findings(workspace: gate.Workspace) -> list[Finding]:
    """Every extra.openbook setting the change alters: reported, and applied only once merged."""
    from openbook.contribution import review

    return [
        Finding(
            "warning", "contribution.settings", workspace.layout.config_file,
            f"settings change: {change.key} {change.value(change.old) or '(unset)'} → "
            f"{change.value(change.new) or '(unset)'}; it applies once merged: this check used the base's rules",
        )
        for change in review.settings_changes(workspace.config_before, workspace.config_after)
    ]
