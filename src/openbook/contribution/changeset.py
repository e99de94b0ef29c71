"""What a change touches, read from git with GitPython: changed files and file text at a ref.

This is the git adapter for `openbook check --base` and `openbook review`. A
change is compared against the merge base of the base ref and the head, as a
GitHub pull request is, so commits added to main meanwhile are not part of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Literal

import git
from git.exc import GitCommandError, InvalidGitRepositoryError, NoSuchPathError

Status = Literal["added", "modified", "deleted", "renamed"]
_STATUS: dict[str, Status] = {"A": "added", "M": "modified", "D": "deleted", "R": "renamed", "C": "added", "T": "modified"}


class ChangeError(Exception):
    """The change cannot be read from git (not a repository, an unknown ref); the message says what to do."""


@dataclass(frozen=True)
class ChangedFile:
    status: Status
    # Relative to the hub's folder (the folder of mkdocs.yml), as findings name files.
    path: str
    # Relative to the repository's top folder, as git names it.
    repo_path: str
    # The commit the change is compared against: the merge base.
    base_ref: str
    old_path: str | None = None
    old_repo_path: str | None = None


def open_repo(root: Path) -> git.Repo:
    try:
        return git.Repo(root, search_parent_directories=True)
    except (InvalidGitRepositoryError, NoSuchPathError):
        raise ChangeError(f"{root}: not inside a git repository; comparing with a base ref needs the hub's git history") from None


def resolve(repo: git.Repo, ref: str) -> str:
    """The commit SHA a ref names, or ChangeError saying how to get it."""
    try:
        return repo.git.rev_parse("--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    except GitCommandError:
        raise ChangeError(
            f"unknown git ref {ref!r}: fetch it first (for example `git fetch origin main`, "
            "or actions/checkout with fetch-depth: 0) or check its spelling"
        ) from None


def _prefix(repo: git.Repo, root: Path) -> str:
    top = Path(repo.working_tree_dir or root).resolve()
    relative = Path(root).resolve().relative_to(top).as_posix()
    return "" if relative == "." else relative + "/"


def _hub_path(repo_path: str, prefix: str) -> str:
    # Files outside the hub's folder (a .github/ one level up) keep their repository path.
    return repo_path[len(prefix):] if prefix and repo_path.startswith(prefix) else repo_path


def merge_base(repo: git.Repo, base: str, head: str | None) -> str:
    base_sha = resolve(repo, base)
    head_sha = resolve(repo, head or "HEAD")
    try:
        return repo.git.merge_base(base_sha, head_sha)
    except GitCommandError:
        # Unrelated histories: compare with the base itself.
        return base_sha


def changed_files(root: Path, base: str | None, head: str | None = None) -> list[ChangedFile]:
    """The files a change adds, modifies, deletes or renames, compared with the merge base.

    Without `head`, the change is the working tree (uncommitted edits and
    untracked files included), which in CI is the checked-out head.
    """
    if base is None:
        return []
    repo = open_repo(root)
    prefix = _prefix(repo, root)
    start = merge_base(repo, base, head)
    args = ["--name-status", "-z", "-M", "--no-color", "--no-ext-diff", start]
    if head is not None:
        args.append(resolve(repo, head))
    fields = repo.git.diff(*args).split("\0")
    changes: list[ChangedFile] = []
    index = 0
    while index < len(fields) and fields[index]:
        code = fields[index][0]
        if code in "RC":
            old, new = fields[index + 1], fields[index + 2]
            index += 3
        else:
            old, new = None, fields[index + 1]
            index += 2
        status = _STATUS.get(code, "modified")
        changes.append(ChangedFile(
            status=status, path=_hub_path(new, prefix), repo_path=new, base_ref=start,
            old_path=_hub_path(old, prefix) if old and code == "R" else None,
            old_repo_path=old if code == "R" else None,
        ))
    if head is None:
        untracked = repo.git.ls_files("--others", "--exclude-standard", "-z", "--full-name").split("\0")
        changes.extend(
            ChangedFile(status="added", path=_hub_path(name, prefix), repo_path=name, base_ref=start)
            for name in untracked if name
        )
    return sorted(changes, key=lambda change: change.path)


def read_at(root: Path, ref: str | None, repo_path: str) -> str | None:
    """A file's text at a ref (None: the working tree), or None if it does not exist there."""
    if ref is None:
        return read_worktree(root, repo_path)
    repo = open_repo(root)
    try:
        return repo.git.show(f"{ref}:{repo_path}", strip_newline_in_stdout=False)
    except GitCommandError:
        return None


def read_worktree(root: Path, repo_path: str) -> str | None:
    repo = open_repo(root)
    path = Path(repo.working_tree_dir or root) / PurePosixPath(repo_path)
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except (FileNotFoundError, IsADirectoryError):
        return None


def hub_prefix(root: Path) -> str:
    """The hub's folder relative to the repository's top, with a trailing slash ("" at the top)."""
    return _prefix(open_repo(root), root)


def subjects(root: Path, base: str, head: str | None = None) -> list[str]:
    """The subjects of the commits in the change, oldest first."""
    repo = open_repo(root)
    start = merge_base(repo, base, head)
    end = resolve(repo, head or "HEAD")
    output = repo.git.log("--format=%s", "--reverse", "--no-color", f"{start}..{end}")
    return [line for line in output.splitlines() if line]


def declared_editorial(root: Path, base: str, head: str | None = None) -> bool:
    """Whether a commit of the change (a merge's or squash's message included) declares it editorial.

    The trailer `Change-Type: editorial`, as git itself parses trailers: in the
    message's last paragraph, key and value in any case.
    """
    from openbook.history import gitlog

    repo = open_repo(root)
    start = merge_base(repo, base, head)
    end = resolve(repo, head or "HEAD")
    output = repo.git.execute(
        ["git", *gitlog.TRAILER_PINS, "log", "--no-color", f"--format={gitlog.CHANGE_TYPE_FORMAT}",
         f"{start}..{end}", "--"],
    )
    return any(gitlog.declares_editorial(line) for line in str(output).splitlines())
