"""The hub's ONE pass over git: page history, policy versions and price history all read this log.

`parse_log`, `build` and `first_parent_versions` are pure: text in, typed
histories out, so renames and odd file names are unit-testable. `open_log` is
the git adapter: one `git log` process for the whole repository, and file
contents through one `git cat-file --batch` process (GitPython's object
database), never one process per page or version (DESIGN.md rule 6).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openbook.findings import CheckContext

# A change that alters no commitment (a typo, a clearer sentence) says so with this
# trailer on one of its commits; the notice rule then lets it apply at once.
CHANGE_TYPE = "Change-Type"
EDITORIAL = "editorial"
# Git parses the trailers itself, by its own rules (only the message's last
# paragraph, `Key: value` lines, a key matched case-insensitively, folded values
# unfolded): one line of values, separated by group separators.
CHANGE_TYPE_FORMAT = f"%(trailers:key={CHANGE_TYPE},valueonly,unfold,separator=%x1d)"
# Git settings that would change how trailers are recognised are pinned to git's defaults.
TRAILER_PINS = ["-c", "trailer.separators=:"]


def declares_editorial(change_types: str | tuple[str, ...]) -> bool:
    """Whether `Change-Type` values (as CHANGE_TYPE_FORMAT prints them, or a tuple) declare an editorial change."""
    values = change_types.split("\x1d") if isinstance(change_types, str) else change_types
    return any(value.strip().casefold() == EDITORIAL for value in values)


# One record per commit: a record separator, the header fields separated by unit
# separators (the subject last, so it may hold anything but a newline), then on a
# line of its own the values of the commit's `Change-Type` trailers, then with -z a
# NUL-terminated header and NUL-separated `--name-status` tokens.
FORMAT = f"%x1e%H%x1f%P%x1f%aN%x1f%aE%x1f%aI%x1f%cI%x1f%s%n{CHANGE_TYPE_FORMAT}"
SHALLOW_FIX = (
    "fetch the full history: in GitHub Actions set `fetch-depth: 0` on actions/checkout, "
    "elsewhere run `git fetch --unshallow`"
)


@dataclass(frozen=True)
class Commit:
    sha: str
    author: str
    email: str
    # The author date, in UTC: when the change was written, as `git log` and GitHub show it.
    date: datetime
    subject: str
    parents: int = 1
    # When the commit reached its branch (the committer date, UTC): what publication
    # dates count from. Defaults to the author date for hand-made commits in tests.
    committed: datetime | None = None
    parent_shas: tuple[str, ...] = ()
    # The values of the message's own `Change-Type` trailers, as git parsed them.
    change_types: tuple[str, ...] = ()

    @property
    def editorial(self) -> bool:
        """The message itself declares the change editorial (`Change-Type: editorial`)."""
        return declares_editorial(self.change_types)

    @property
    def is_merge(self) -> bool:
        return self.parents > 1

    @property
    def published(self) -> datetime:
        return self.committed or self.date


@dataclass(frozen=True)
class Change:
    """One file changed by one commit: A(dded), M(odified), D(eleted), R(enamed), T(ype changed)."""

    status: str
    path: str
    old_path: str | None = None


@dataclass(frozen=True)
class LogEntry:
    commit: Commit
    changes: tuple[Change, ...] = ()


@dataclass(frozen=True)
class Contributor:
    name: str
    changes: int


@dataclass
class FileHistory:
    """The commits that changed one file under its current name, newest first."""

    path: str
    commits: list[Commit] = field(default_factory=list)

    @property
    def updated(self) -> datetime:
        return self.commits[0].date

    @cached_property
    def contributors(self) -> list[Contributor]:
        """Names (after .mailmap) with their number of changes, most changes first."""
        counts = Counter(commit.author for commit in self.commits)
        return [Contributor(name, n) for name, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


@dataclass
class History:
    """The whole repository's history, keyed by each file's current repository path."""

    files: dict[str, FileHistory] = field(default_factory=dict)
    # Every non-merge commit, newest first, with the changes renamed to current paths.
    entries: list[LogEntry] = field(default_factory=list)

    def of(self, path: str) -> FileHistory | None:
        return self.files.get(path)

    def of_all(self, paths: list[str]) -> FileHistory | None:
        """One history for a page made from several files (its Markdown and the data it shows)."""
        found = [self.files[path] for path in paths if path in self.files]
        if len(found) < 2:
            return found[0] if found else None
        commits = {commit.sha: commit for history in found for commit in history.commits}
        return FileHistory(found[0].path, sorted(commits.values(), key=lambda c: c.date, reverse=True))


def parse_log(text: str) -> list[LogEntry]:
    """Parse `git log -z --name-status --format=FORMAT` output, in the order given."""
    entries = []
    for record in text.split("\x1e"):
        if not record.strip("\0\n"):
            continue
        header, _, rest = record.partition("\0")
        fields = header.split("\x1f", 6)
        if len(fields) == 7:
            sha, parents, name, email, when, committed, subject = fields
        else:
            # The format before the committer date was added (and hand-written test logs).
            sha, parents, name, email, when, subject = fields
            committed = when
        # A subject never holds a newline: what follows it is the trailers' line.
        subject, _, trailers = subject.partition("\n")
        commit = Commit(
            sha=sha,
            author=name,
            email=email,
            date=datetime.fromisoformat(when).astimezone(timezone.utc),
            subject=subject,
            parents=len(parents.split()),
            committed=datetime.fromisoformat(committed).astimezone(timezone.utc),
            parent_shas=tuple(parents.split()),
            change_types=tuple(value.strip() for value in trailers.split("\x1d") if value.strip()),
        )
        tokens = rest.lstrip("\n").split("\0")
        changes = []
        i = 0
        while i < len(tokens):
            status = tokens[i].strip()
            if not status:
                i += 1
                continue
            # Renames and copies carry a similarity score (R087) and two paths.
            if status[0] in "RC":
                changes.append(Change(status[0], tokens[i + 2], tokens[i + 1]))
                i += 3
            else:
                changes.append(Change(status[0], tokens[i + 1]))
                i += 2
        entries.append(LogEntry(commit, tuple(changes)))
    return entries


def build(entries: list[LogEntry]) -> History:
    """Group the log (newest first) by each file's current name, following renames.

    Walking back in time, a rename `old -> new` means that older changes to `old`
    belong to whatever `new` is called today; an addition ends a file's history,
    so a page deleted and later re-created does not inherit the old page's past.
    """
    history = History()
    # Path at some point in the past -> its current path, or None once its history ended.
    current: dict[str, str | None] = {}
    for entry in entries:
        if entry.commit.is_merge:
            continue
        renamed = []
        for change in entry.changes:
            now = current.get(change.path, change.path)
            if now is None:
                continue
            renamed.append(Change(change.status, now, change.old_path))
            file = history.files.get(now)
            if file is None:
                file = history.files[now] = FileHistory(now)
            if not file.commits or file.commits[-1] is not entry.commit:
                file.commits.append(entry.commit)
            if change.status in "AR":
                # Before this commit the name belonged to no file, or to another one.
                current[change.path] = None
            if change.status == "R" and change.old_path:
                current[change.old_path] = now
        history.entries.append(LogEntry(entry.commit, tuple(renamed)))
    return history


class Unavailable(Exception):
    """There is no trustworthy history: the message says why and what to do.

    `warn` is True when this is a problem to fix (a shallow clone, git missing in
    a checkout) and False when it is expected (a hub built from a tarball).
    """

    def __init__(self, message: str, *, warn: bool) -> None:
        super().__init__(message)
        self.warn = warn


def _in_checkout(root: Path) -> bool:
    return any((folder / ".git").exists() for folder in (root, *root.parents))


@dataclass(frozen=True)
class FileVersion:
    """One published version of a file: the first-parent commit that made it, and the file's name then."""

    commit: Commit
    path: str


def first_parent_versions(entries: list[LogEntry], path: str, tip: str | None = None) -> list[FileVersion]:
    """The commits on the branch's main line (first parents from `tip`) that changed `path`, oldest first.

    What a branch published, as a reader saw it: a merged pull request counts
    from its merge (a merge's changes are its diff against its first parent).
    Walking back, a rename moves to the old name, as `git log --follow` does; an
    addition ends the file's past.
    """
    by_sha = {entry.commit.sha: entry for entry in entries}
    sha = tip if tip is not None else (entries[0].commit.sha if entries else None)
    name: str | None = path
    versions: list[FileVersion] = []
    while sha and name is not None and sha in by_sha:
        entry = by_sha[sha]
        for change in entry.changes:
            if change.path != name:
                continue
            if change.status == "D":
                # Deleted here, so not the file we follow; keep walking under the same name.
                break
            versions.append(FileVersion(entry.commit, name))
            if change.status == "A":
                name = None
            elif change.status == "R" and change.old_path:
                name = change.old_path
            break
        parents = entry.commit.parent_shas
        sha = parents[0] if parents else None
    versions.reverse()
    return versions


@dataclass
class Log:
    """One `git log` of the repository, and its object database for reading files at any commit.

    `shallow`: git's `shallow` file exists, so the oldest commits are missing and
    anything dated by them would be wrong; each reader decides what that means.
    """

    entries: list[LogEntry]
    top: Path
    shallow: bool = False
    # Hub folder inside the repository ("" or "hub/"): only its changes are the hub's.
    prefix: str = ""
    _repo: Any = None
    _history: History | None = None

    @property
    def tip(self) -> str | None:
        return self.entries[0].commit.sha if self.entries else None

    @property
    def history(self) -> History:
        """Page history (non-merge commits grouped by each file's current name), built once."""
        if self._history is None:
            entries = self.entries
            if self.prefix:
                entries = [
                    LogEntry(e.commit, tuple(c for c in e.changes if c.path.startswith(self.prefix)))
                    for e in entries
                ]
                entries = [e for e in entries if e.changes]
            self._history = build(entries)
        return self._history

    @cached_property
    def published_by(self) -> dict[str, str]:
        """Which first-parent commit published each commit: itself, or the merge that brought in a pull request's."""
        by_sha = {entry.commit.sha: entry.commit for entry in self.entries}
        chain = []
        sha = self.tip
        while sha and sha in by_sha:
            chain.append(by_sha[sha])
            sha = by_sha[sha].parent_shas[0] if by_sha[sha].parent_shas else None
        found: dict[str, str] = {}
        # Oldest first, so a merge claims only the commits no earlier version published.
        for commit in reversed(chain):
            found[commit.sha] = commit.sha
            stack = list(commit.parent_shas[1:])
            while stack:
                other = stack.pop()
                if other in found or other not in by_sha:
                    continue
                found[other] = commit.sha
                stack.extend(by_sha[other].parent_shas)
        return found

    @cached_property
    def editorial(self) -> frozenset[str]:
        """The first-parent commits that published a change declared editorial.

        Declared by the commit's own message (a squash commit's, a merge's), or by
        any commit of the pull request a merge brought in.
        """
        published_by = self.published_by
        return frozenset(published_by[e.commit.sha] for e in self.entries
                         if e.commit.editorial and e.commit.sha in published_by)

    def versions(self, path: str) -> list[FileVersion]:
        """Every version of `path` (a repository path) the branch published, oldest first."""
        return first_parent_versions(self.entries, path, self.tip)

    def hub_versions(self, root: Path, path: str) -> list[FileVersion] | None:
        """Every version of the hub's file `path` (relative to `root`), oldest first; None: a file outside the repository."""
        try:
            rel = (Path(root) / path).resolve().relative_to(self.top).as_posix()
        except ValueError:
            return None
        return self.versions(rel)

    def read(self, commit: str, path: str) -> bytes | None:
        """The file at `path` in `commit`, from git's object database (one `cat-file --batch` for all reads)."""
        if self._repo is None or "\n" in path:
            return None
        try:
            return self._repo.git.get_object_data(f"{commit}:{path}")[3]
        except ValueError:
            # Not in that commit (or not a file).
            return None

    def close(self) -> None:
        if self._repo is not None:
            self._repo.close()
            self._repo = None


def for_check(ctx: CheckContext) -> Log:
    """The check's one git log (up to `--base`, else HEAD), shared by every checker that reads history.

    Opened on first use and closed when the checks end; raises Unavailable (each time) if there is none.
    """
    name = "history.git_log"
    found = ctx.cache.get(name)
    if found is None:
        try:
            found = open_log(ctx.git_root or ctx.root, ctx.base)
            ctx.closers.append(found.close)
        except Unavailable as exc:
            found = exc
        ctx.cache[name] = found
    if isinstance(found, Unavailable):
        raise found
    assert isinstance(found, Log)
    return found


def open_log(root: Path, ref: str | None = None) -> Log:
    """One `git log` over the repository that holds root, up to `ref` (HEAD); keep the repository open for reads.

    A shallow clone is read too, with `shallow` set: page history refuses it,
    pricing warns. Raises Unavailable when root is not in a git repository, the
    repository has no commits, git cannot run, or `ref` is unknown.
    """
    root = root.resolve()
    try:
        import git
    except ImportError as exc:
        # GitPython refuses to import when it cannot run the git executable.
        raise Unavailable(f"git cannot be run, so pages show no history ({exc}); install git",
                          warn=_in_checkout(root)) from None
    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise Unavailable(f"{root} is not in a git repository, so pages show no history", warn=False) from None
    try:
        top = Path(repo.working_tree_dir or root).resolve()
        # Git itself decides "shallow" by this file; reading it costs no git process.
        shallow = Path(repo.common_dir, "shallow").is_file()
        # Settings that would add lines we do not parse, quote unusual file names or
        # re-encode names and subjects are pinned, whatever the user's config says.
        pinned = ["-c", "log.showSignature=false", "-c", "core.quotePath=false", "-c", "i18n.logOutputEncoding=UTF-8",
                  *TRAILER_PINS]
        # Merges carry their diff against the first parent: what the branch published
        # (versions, prices). Page history skips merges, so it sees what it always did.
        # No pathspec, even in a monorepo: a pathspec would simplify the history and
        # drop the merges that published a change; the hub's folder is filtered after.
        output = repo.git.execute(
            ["git", *pinned, "log", "-z", "--name-status", "-M", "--diff-merges=first-parent", "--date-order",
             "--no-color", f"--format={FORMAT}", ref or "HEAD", "--"],
            stdout_as_string=False,
        )
    except git.GitCommandError as exc:
        repo.close()
        if not repo.head.is_valid():
            raise Unavailable(f"{root} is in a repository with no commits yet, so pages show no history",
                              warn=False) from None
        raise Unavailable(f"git log failed in {root}, so pages show no history: {str(exc.stderr).strip() or exc}",
                          warn=True) from None
    except BaseException:
        repo.close()
        raise
    # Old commits may carry Latin-1 names or subjects: show them mangled, never fail the build.
    entries = parse_log(bytes(output).decode("utf-8", errors="replace"))
    prefix = "" if root == top else root.relative_to(top).as_posix() + "/"
    return Log(entries, top, shallow=shallow, prefix=prefix, _repo=repo)


def file_at(root: Path, path: str, *, ref: str | None = None) -> str | None:
    """The hub's file `path` as `ref` (HEAD) has it, or None: no repository, no such commit, or the file not in it yet."""
    import git

    try:
        repo = git.Repo(root, search_parent_directories=True)
        top = Path(repo.working_tree_dir or root).resolve()
        rel = (Path(root) / path).resolve().relative_to(top).as_posix()
        blob = repo.commit(ref or "HEAD").tree / rel
        return blob.data_stream.read().decode("utf-8", errors="replace")
    except (git.InvalidGitRepositoryError, git.NoSuchPathError, git.BadName, KeyError, ValueError):
        # ValueError: no commits yet, or a file outside the repository.
        return None


def read(root: Path) -> tuple[History, Path]:
    """Page history of root's folder: the history, and the repository's top folder.

    Paths in the history are relative to the top folder. Raises Unavailable when
    root is not in a git repository, the repository has no commits, or it is a
    shallow clone, whose boundary commit would date every page wrongly.
    """
    log = open_log(root)
    try:
        refuse_shallow(log)
        return log.history, log.top
    finally:
        log.close()


def refuse_shallow(log: Log) -> None:
    if log.shallow:
        raise Unavailable(
            f"{log.top} is a shallow clone: its oldest commit would date every page wrongly, so pages show no "
            f"history; {SHALLOW_FIX}",
            warn=True,
        )
