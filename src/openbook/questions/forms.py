"""The issue forms' labels: a form that applies an approval label would let anyone publish at once.

GitHub applies an issue form's `labels:` for whoever submits it, whatever their
permissions, while only people with triage rights can add any other label. So a
label is approval (questions.approval_labels) only while no form applies it;
`openbook check` says so, on the form's line, for the hub's forms and for a
change that edits one (read from git as text, never run).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

import yaml

from openbook.findings import Finding

if TYPE_CHECKING:
    from openbook.contribution.changeset import ChangedFile
    from openbook.findings import CheckContext

FOLDER = ".github/ISSUE_TEMPLATE"
RULE = "questions.approval-label"


def is_form(repo_path: str) -> bool:
    """An issue template: a YAML form or a Markdown template directly in .github/ISSUE_TEMPLATE/.

    GitHub applies a Markdown template's front-matter `labels:` for whoever submits it too.
    config.yml is read as well: it applies no label, so it only fails if it claims to.
    """
    path = PurePosixPath(repo_path)
    return path.parent.as_posix().endswith(FOLDER) and path.suffix.lower() in {".yml", ".yaml", ".md"}


def _front_matter(text: str) -> str:
    """A Markdown template's front matter, with its opening `---` (so lines count from the file's start)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return ""
    for n, line in enumerate(lines[1:], 1):
        if line.rstrip() == "---":
            return "".join(lines[:n])
    return ""


def applied_labels(text: str, *, markdown: bool = False) -> list[tuple[str, int]]:
    """(label, 1-based line) for each label the form applies: `labels:` as a list or as a comma-separated string."""
    try:
        # compose keeps each node's line, and constructs nothing from the (untrusted) text. Only the first
        # document counts for a loader that reads only one (Ruby's): it ignores the rest.
        root = next(yaml.compose_all(_front_matter(text) if markdown else text), None)
    except yaml.YAMLError:
        return []  # GitHub refuses a form it cannot parse, and applies no label from it
    if not isinstance(root, yaml.MappingNode):
        return []
    return _labels_of(root)


def _labels_of(root: yaml.MappingNode) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "<<":
            # A merge key brings another mapping's keys in, `labels:` with them.
            for merged in value.value if isinstance(value, yaml.SequenceNode) else [value]:
                if isinstance(merged, yaml.MappingNode):
                    found.extend(_labels_of(merged))
            continue
        if not isinstance(key, yaml.ScalarNode) or key.value != "labels":
            continue
        items = value.value if isinstance(value, yaml.SequenceNode) else [value]
        for item in items:
            if not isinstance(item, yaml.ScalarNode):
                continue
            line = item.start_mark.line + 1
            # GitHub reads `labels: question, billing` as two labels.
            for name in item.value.split(",") if isinstance(value, yaml.ScalarNode) else [item.value]:
                if name.strip():
                    found.append((name.strip(), line))
    return found


def findings(shown: str, text: str, approval_labels: Iterable[str]) -> Iterator[Finding]:
    """An error for each approval label the form at `shown` applies (labels compare ignoring case, as on GitHub)."""
    approval = {label.strip().casefold() for label in approval_labels}
    for label, line in applied_labels(text, markdown=shown.lower().endswith(".md")):
        if label.casefold() in approval:
            yield Finding(
                "error", RULE, shown,
                f"this issue form applies the label {label!r}, which approves a question for publishing "
                "(extra.openbook.questions.approval_labels); GitHub applies a form's labels for whoever submits it, "
                "so anyone could publish their own question at once. Remove it from the form's labels: staff "
                "add it by hand",
                line,
            )


def hub_forms(root: Path) -> Iterator[tuple[str, Path]]:
    """(shown path, file) of each issue form of the hub at `root`: its own .github/, else its repository's above it.

    The shown path is relative to the folder that holds .github/, as the gate names a changed form.
    """
    for folder in (root, *root.parents):
        forms = folder / FOLDER
        if forms.is_dir():
            for path in sorted(forms.iterdir()):
                shown = path.relative_to(folder).as_posix()
                if path.is_file() and is_form(shown):
                    yield shown, path
            return
        if (folder / ".git").exists():
            return


def check_issue_forms(ctx: CheckContext) -> Iterator[Finding]:
    """`openbook check`: no issue form of the hub applies an approval label."""
    qs = ctx.settings.questions
    if not qs.enabled or qs.publish != "approved":
        return
    for shown, path in hub_forms(ctx.root):
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        yield from findings(shown, text, qs.approval_labels)


def change_findings(changes: Iterable[ChangedFile], base_config: dict[str, Any], read: Any) -> list[Finding]:
    """The gate: a changed issue form, read from the head as text by `read(repo_path)`, judged by the base's settings.

    The gate builds with the base's .github/ (a form is no content), so the head's form
    is read here as data: merging it would let strangers approve their own questions.
    """
    from openbook.contribution.scan import raw_setting

    questions = raw_setting(base_config, "extra", "openbook", "questions")
    publish = raw_setting(questions, "publish")
    labels = raw_setting(questions, "approval_labels")
    if raw_setting(questions, "enabled") is False or (publish or "approved") != "approved":
        return []
    if not isinstance(labels, list):
        labels = ["approved"]
    found: list[Finding] = []
    for change in changes:
        if change.status == "deleted" or not is_form(change.repo_path):
            continue
        text = read(change.repo_path)
        if text is not None:
            found.extend(findings(change.path, text, [str(label) for label in labels]))
    return found
