"""When each price change was published: one `git log` pass over data/pricing.yml (GitPython).

A change is identified by its `id`; it was published by the first commit on the
branch's main line (first parents, so a merged pull request counts from its
merge) whose version of the file contains that id. Renames are followed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import yaml

from openbook.pricing import Publication


_RECORD = "\x1e"
_FIELD = "\x1f"


@dataclass
class PricingHistory:
    """Publications by change id, and whether git could tell us anything."""

    publications: dict[str, Publication] = field(default_factory=dict)
    # False: not a git repository, or the file was never committed.
    tracked: bool = False
    # A shallow clone knows only its last commits, so older changes look newly published.
    shallow: bool = False


# libyaml when PyYAML has it: each version of the file is parsed, and the
# pure-Python parser is 20 times slower on a long history.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:", re.MULTILINE)
_ID = re.compile(r"""(?:^|[\s{,-])id[ \t]*:[ \t]*["']?([a-z0-9][a-z0-9-]*)""", re.MULTILINE)
_COMMENT = re.compile(r"(?:^|\s)#.*$", re.MULTILINE)


def _candidate_ids(text: str) -> set[str]:
    """The ids under the top-level `changes:` key, found cheaply (a superset at worst)."""
    keys = list(_TOP_KEY.finditer(text))
    for i, match in enumerate(keys):
        if match.group(1) == "changes":
            end = keys[i + 1].start() if i + 1 < len(keys) else len(text)
            return set(_ID.findall(_COMMENT.sub("", text[match.end():end])))
    return set()


def _change_ids(text: str) -> list[str]:
    """The ids of `changes`, read from the YAML node tree (no need to construct the whole document)."""
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError:
        # A version that did not parse published nothing; the next good one will.
        return []
    if not isinstance(root, yaml.MappingNode):
        return []
    changes = next((value for key, value in root.value if key.value == "changes"), None)
    if not isinstance(changes, yaml.SequenceNode):
        return []
    ids = []
    for item in changes.value:
        if isinstance(item, yaml.MappingNode):
            ids += [str(value.value) for key, value in item.value
                    if key.value == "id" and isinstance(value, yaml.ScalarNode)]
    return ids


def read(root: Path, path: str, *, ref: str | None = None) -> PricingHistory:
    """The publication of every change id in the history of `path` (relative to `root`) up to `ref` (HEAD)."""
    import git

    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return PricingHistory()
    try:
        top = Path(repo.working_tree_dir or root).resolve()
        rel = (Path(root) / path).resolve().relative_to(top).as_posix()
        output = repo.git.log(
            ref or "HEAD",
            "--first-parent",
            "--diff-merges=first-parent",
            "--follow",
            "--name-status",
            f"--format={_RECORD}%H{_FIELD}%an{_FIELD}%cI",
            "--",
            rel,
        )
        shallow = repo.git.rev_parse("--is-shallow-repository").strip() == "true"
    except (git.GitCommandError, ValueError):
        # No commits yet, an unknown ref, or a file outside the repository.
        return PricingHistory()
    history = PricingHistory(tracked=bool(output.strip()), shallow=shallow)
    commits = []
    for record in output.split(_RECORD)[1:]:
        lines = [line for line in record.splitlines() if line.strip()]
        sha, author, committed = lines[0].split(_FIELD)
        status = lines[1].split("\t") if len(lines) > 1 else ["M", rel]
        if status[0].startswith("D"):
            continue
        commits.append((sha, author, committed, status[-1]))
    # Oldest first: the first commit that contains an id published it.
    for sha, author, committed, file_path in reversed(commits):
        try:
            blob = repo.commit(sha).tree / file_path
            text = blob.data_stream.read().decode("utf-8", errors="replace")
        except (KeyError, ValueError):
            continue
        # Most commits publish nothing new: parse a version only when it may.
        if _candidate_ids(text) <= history.publications.keys():
            continue
        when = datetime.fromisoformat(committed).astimezone(timezone.utc).date()
        for change_id in _change_ids(text):
            history.publications.setdefault(change_id, Publication(when, author, sha))
    return history
