"""The question snapshot: the file `openbook sync` writes and the build reads.

Format `openbook-questions`, version 1 (documented in README.md, "The snapshot format"):

    {
      "format": "openbook-questions",
      "version": 1,
      "source": {"api_url": "https://api.github.com", "repo": "owner/name"},
      "synced_at": "2026-11-20T10:00:00Z",
      "cursor": {                      # sync's own state, opaque to the build
        "issues": {"since": "...Z", "etag": "..."},  # the next conditional request
        "comments": {"since": "...Z", "etag": "..."},
        "filter": {"publish_labels": [...], "exclude_labels": [...]}
      },
      "questions": [                   # sorted by number
        {
          "number": 12, "title": "...", "body": "...",
          "state": "open" | "closed", "state_reason": null | "completed" | ...,
          "labels": ["question", ...], "locked": false,
          "author": {"login": "...", "association": "NONE", "id": 123},  # id: GitHub's user id, kept
                                       # across renames; absent in snapshots synced before it was kept
          "created_at": "...Z", "updated_at": "...Z", "closed_at": null | "...Z",
          "reactions": {"+1": 0, "-1": 0, "laugh": 0, "hooray": 0,
                        "confused": 0, "heart": 0, "rocket": 0, "eyes": 0},
          "html_url": "https://github.com/owner/name/issues/12",
          "comments": [                # sorted by created_at, then id
            {"id": 1, "author": {...}, "body": "...", "created_at": "...Z",
             "updated_at": "...Z", "reactions": {...}, "html_url": "..."}
          ]
        }
      ],
      "duplicates": [                  # issues GitHub closed as duplicates of a question; sorted by number
        {"number": 40, "of": 12, "marked_by": {"login": "...", "association": "MEMBER"},
         "closed_at": "...Z", "reactions": {...}, "html_url": "..."}
      ]
    }

Every text field is untrusted: it was written by anyone on the internet.
Times are UTC in ISO 8601 with a trailing Z. The models below are pure data.
`synced_at` moves only when a sync changes the content, so a sync that finds
nothing new leaves the file byte-identical. A deleted account's login is "ghost".
"""

from __future__ import annotations

import functools
import json
import os
import stat
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

FORMAT = "openbook-questions"
VERSION = 1
REACTIONS = ("+1", "-1", "laugh", "hooray", "confused", "heart", "rocket", "eyes")


class SnapshotError(Exception):
    """The snapshot file is missing, malformed or of an unknown version."""


@dataclass(frozen=True)
class Author:
    login: str
    association: str = "NONE"
    # GitHub's user id: a login can be renamed (and then taken by someone else), the id cannot.
    id: int | None = None


@dataclass(frozen=True)
class Comment:
    id: int
    author: Author
    body: str
    created_at: str
    updated_at: str
    html_url: str
    reactions: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Question:
    number: int
    title: str
    body: str
    state: str
    labels: tuple[str, ...]
    locked: bool
    author: Author
    created_at: str
    updated_at: str
    html_url: str
    closed_at: str | None = None
    state_reason: str | None = None
    reactions: dict[str, int] = field(default_factory=dict)
    comments: tuple[Comment, ...] = ()


@dataclass(frozen=True)
class Duplicate:
    """An issue closed as a duplicate (state_reason "duplicate") with a "Duplicate of #N" marking."""

    number: int
    # The question it duplicates.
    of: int
    # Who wrote the marking: the build counts it only when they are staff.
    marked_by: Author
    closed_at: str | None
    html_url: str
    reactions: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Snapshot:
    repo: str
    api_url: str
    synced_at: str | None
    questions: tuple[Question, ...] = ()
    cursor: dict[str, Any] = field(default_factory=dict)
    duplicates: tuple[Duplicate, ...] = ()


def parse_time(value: str) -> datetime:
    """Parse a snapshot time ("2026-11-20T10:00:00Z") into an aware UTC datetime."""
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(timezone.utc)


def format_time(value: datetime) -> str:
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class _BadField(Exception):
    """A field of one entry is missing or of the wrong type; the message names it."""


_MISSING = object()
_KINDS = {int: "a whole number", str: "a string", bool: "true or false"}


def _field(raw: object, key: str, kind: type, default: Any = _MISSING, *, where: str = "") -> Any:
    """raw[key] as `kind`; a missing or mistyped value raises _BadField naming the key."""
    name = f"{where}.{key}" if where else key
    if not isinstance(raw, dict):
        raise _BadField(f"{where or 'entry'} is {type(raw).__name__}, expected an object")
    value = raw.get(key, default)
    if value is _MISSING:
        raise _BadField(f"field {name!r} is missing")
    if value is None and default is None:
        return None
    # bool is an int in Python; a JSON true is no issue number.
    if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise _BadField(f"field {name!r} is {value!r}, expected {_KINDS[int]}")
    if kind is not int and not isinstance(value, kind):
        raise _BadField(f"field {name!r} is {value!r}, expected {_KINDS.get(kind, kind.__name__)}")
    return value


def _author(raw: object, where: str) -> Author:
    return Author(login=_field(raw, "login", str, where=where),
                  association=_field(raw, "association", str, "NONE", where=where),
                  id=_field(raw, "id", int, None, where=where))


def _reactions(raw: object, where: str) -> dict[str, int]:
    raw = raw or {}
    return {name: _field(raw, name, int, 0, where=where) for name in REACTIONS}


def _comment(raw: object, where: str) -> Comment:
    return Comment(
        id=_field(raw, "id", int, where=where),
        author=_author(_field(raw, "author", dict, where=where), f"{where}.author"),
        body=_field(raw, "body", str, None, where=where) or "",
        created_at=_field(raw, "created_at", str, where=where),
        updated_at=_field(raw, "updated_at", str, where=where),
        html_url=_field(raw, "html_url", str, where=where),
        reactions=_reactions(_field(raw, "reactions", dict, None, where=where), f"{where}.reactions"),
    )


def _question(raw: object) -> Question:
    comments = _field(raw, "comments", list, [])
    return Question(
        number=_field(raw, "number", int),
        title=_field(raw, "title", str),
        body=_field(raw, "body", str, None) or "",
        state=_field(raw, "state", str),
        state_reason=_field(raw, "state_reason", str, None),
        labels=tuple(_field({"label": label}, "label", str, where="labels") for label in _field(raw, "labels", list, [])),
        locked=_field(raw, "locked", bool, False),
        author=_author(_field(raw, "author", dict), "author"),
        created_at=_field(raw, "created_at", str),
        updated_at=_field(raw, "updated_at", str),
        closed_at=_field(raw, "closed_at", str, None),
        html_url=_field(raw, "html_url", str),
        reactions=_reactions(_field(raw, "reactions", dict, None), "reactions"),
        comments=tuple(
            sorted((_comment(item, f"comments[{i}]") for i, item in enumerate(comments)),
                   key=lambda cm: (cm.created_at, cm.id))
        ),
    )


def _duplicate(raw: object) -> Duplicate:
    return Duplicate(
        number=_field(raw, "number", int),
        of=_field(raw, "of", int),
        marked_by=_author(_field(raw, "marked_by", dict), "marked_by"),
        closed_at=_field(raw, "closed_at", str, None),
        html_url=_field(raw, "html_url", str),
        reactions=_reactions(_field(raw, "reactions", dict, None), "reactions"),
    )


def from_dict(data: object, where: str = "snapshot") -> Snapshot:
    """Validate parsed JSON into a Snapshot, or raise SnapshotError naming the bad entry."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SnapshotError(f"{where}: not an openbook question snapshot (expected \"format\": \"{FORMAT}\")")
    if data.get("version") != VERSION:
        raise SnapshotError(
            f"{where}: snapshot version {data.get('version')!r} is not supported; this openbook reads "
            f"version {VERSION}. Run `openbook sync --full` to write a fresh one."
        )
    questions = []
    for index, raw in enumerate(data.get("questions", [])):
        try:
            questions.append(_question(raw))
        except _BadField as exc:
            number = raw.get("number", "?") if isinstance(raw, dict) else "?"
            raise SnapshotError(
                f"{where}: questions[{index}] (#{number}): {exc}; "
                "run `openbook sync --full` to rewrite the snapshot"
            ) from None
    duplicates = []
    for index, raw in enumerate(data.get("duplicates") or []):
        try:
            duplicates.append(_duplicate(raw))
        except _BadField as exc:
            raise SnapshotError(
                f"{where}: duplicates[{index}]: {exc}; run `openbook sync --full` to rewrite the snapshot"
            ) from None
    source = data.get("source") or {}
    return Snapshot(
        repo=str(source.get("repo", "")),
        api_url=str(source.get("api_url", "")),
        synced_at=data.get("synced_at"),
        questions=tuple(sorted(questions, key=lambda q: q.number)),
        cursor=dict(data.get("cursor") or {}),
        duplicates=tuple(sorted(duplicates, key=lambda d: d.number)),
    )


def _author_dict(author: Author) -> dict[str, Any]:
    # Optional within version 1: an author with no id keeps the bytes it had before ids were kept.
    raw: dict[str, Any] = {"login": author.login, "association": author.association}
    if author.id is not None:
        raw["id"] = author.id
    return raw


def to_dict(snapshot: Snapshot) -> dict[str, Any]:
    def comment(cm: Comment) -> dict[str, Any]:
        return {**asdict(cm), "author": _author_dict(cm.author)}

    def question(q: Question) -> dict[str, Any]:
        raw = asdict(q)
        raw["author"] = _author_dict(q.author)
        raw["labels"] = list(q.labels)
        raw["comments"] = [comment(cm) for cm in sorted(q.comments, key=lambda cm: (cm.created_at, cm.id))]
        return raw

    def duplicate(d: Duplicate) -> dict[str, Any]:
        return {**asdict(d), "marked_by": _author_dict(d.marked_by)}

    data = {
        "format": FORMAT,
        "version": VERSION,
        "source": {"api_url": snapshot.api_url, "repo": snapshot.repo},
        "synced_at": snapshot.synced_at,
        "cursor": snapshot.cursor,
        "questions": [question(q) for q in sorted(snapshot.questions, key=lambda q: q.number)],
    }
    # Optional within version 1: a snapshot with no duplicates keeps the bytes it had before the key existed.
    if snapshot.duplicates:
        data["duplicates"] = [duplicate(d) for d in sorted(snapshot.duplicates, key=lambda d: d.number)]
    return data


def dumps(snapshot: Snapshot) -> str:
    """Serialize deterministically: the same snapshot always gives the same bytes."""
    return json.dumps(to_dict(snapshot), indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def load(path: Path) -> Snapshot:
    """The snapshot in `path`, read once per build: the Q&A pages and the contributors page both need it.

    Snapshots are immutable, so the one read is shared while the file's size
    and modification time stay the same (a sync or an edit reads it afresh).
    """
    try:
        status = path.stat()
    except OSError:
        return _read(path)
    # The inode too: openbook sync replaces the file (a new inode) even within one clock tick.
    return _cached(str(path.resolve()), status.st_ino, status.st_mtime_ns, status.st_size)


@functools.lru_cache(maxsize=4)
def _cached(path: str, inode: int, mtime_ns: int, size: int) -> Snapshot:
    return _read(Path(path))


def _read(path: Path) -> Snapshot:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SnapshotError(f"{path}: no question snapshot; run `openbook sync` to create one") from None
    except UnicodeDecodeError:
        raise SnapshotError(
            f"{path}: the snapshot is not UTF-8 text; restore it from git or run `openbook sync --full`"
        ) from None
    except OSError as exc:
        raise SnapshotError(
            f"{path}: cannot read the snapshot ({exc.strerror or exc}); "
            "check the path (--output, or extra.openbook.questions.snapshot)"
        ) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SnapshotError(
            f"{path}:{exc.lineno}: the snapshot is not valid JSON ({exc.msg}); "
            "restore it from git or run `openbook sync --full`"
        ) from None
    return from_dict(data, str(path))


def _umask() -> int:
    # The only way to read the umask is to set it; set it straight back.
    current = os.umask(0o022)
    os.umask(current)
    return current


def write_atomic(path: Path, text: str) -> bool:
    """Write text to path atomically; return False (and touch nothing) if it is unchanged.

    A temp file in the same folder, fsync, then os.replace: a crash or a kill -9
    at any moment leaves either the old file or the new one, never half of one.
    The file keeps its permissions (a new one gets the umask's), not the temp file's 0600.
    """
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return True
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    return True
