"""Question sync: GitHub issues and comments merged into the question snapshot, with few requests.

The merge (`merge`, `comment_gaps`, `question_from`, `comment_from`) is pure:
previous snapshot + changed issues + changed comments in, new snapshot out.
`run` orchestrates the requests through `openbook.github_client` and reports
progress through a callback; it never prints and never writes the file.

How few requests (see the README, "Syncing questions"):

- A full sync lists the open issues (`state=open`, and `labels=` when one label
  publishes) and every comment of the repository (the repository-wide endpoint),
  100 a page, sorted by `updated` descending. It then asks each listing once
  more with `since` = the newest `updated_at` it saw and `state=all`: that
  answer's ETag is what the next incremental sync sends. Total:
  ceil(N/100) + ceil(M/100) + 2.
- An incremental sync sends those two conditional requests. Unchanged: two 304s,
  which cost no rate limit. Changed: the pages of what changed, and one new
  ETag request per listing whose `since` moved.
- Newest first is deliberate: any change moves an item to the top of page 1,
  so page 1's ETag covers the whole listing, and an item changed while pages
  are fetched shifts others into a page already read (seen twice, never missed).
- `since` never reports a deleted or transferred issue, or a deleted comment.
  A sync whose last full one (`cursor.full_at`) is older than
  extra.openbook.sync.full_sync_hours runs a full one instead, which starts
  from nothing, so deleted content leaves the snapshot within that time.
- A question whose comment count differs from the comments held (it was just
  published, with older comments outside the `since` window; or a comment was
  deleted) has its comments fetched on their own, one listing per such question.
- Duplicates: an issue GitHub closed as a duplicate (`state_reason` "duplicate")
  with a "Duplicate of #N" comment naming a synced question. The comment listing
  already holds the markings; an issue whose state the listings did not show
  (a full sync lists open issues only) costs one request, and a closed duplicate
  whose marking is older than `since`, one listing of its comments.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from openbook import clock
from openbook.github_client import expecting
from openbook.questions.snapshot import (
    REACTIONS,
    Author,
    Comment,
    Duplicate,
    Question,
    Snapshot,
    format_time,
    parse_time,
)

if TYPE_CHECKING:
    from openbook.github_client import GitHubClient, PageCallback

GHOST = "ghost"
# GitHub's own marking: a comment "Duplicate of #12" marks its issue as a duplicate of #12.
DUPLICATE_OF = re.compile(r"^[ \t]*duplicate of[ \t]+#(\d{1,9})\b", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class Filter:
    """Which issues are kept: questions (open, any publish label) and consultations (a consultation
    label, open or closed, since a decided consultation is closed); never a pull request, never an
    excluded label. Whether a consultation is published (staff opened it) is the build's rule."""

    publish_labels: tuple[str, ...] = ("question",)
    exclude_labels: tuple[str, ...] = ()
    consultation_labels: tuple[str, ...] = ()

    def publishes(self, raw: Mapping[str, Any]) -> bool:
        if "pull_request" in raw:
            return False
        labels = {name.casefold() for name in _label_names(raw)}
        if labels & {name.casefold() for name in self.exclude_labels}:
            return False
        if labels & {name.casefold() for name in self.consultation_labels}:
            return True
        publish = {name.casefold() for name in self.publish_labels}
        return raw.get("state") == "open" and bool(labels & publish)

    def as_cursor(self) -> dict[str, list[str]]:
        cursor = {
            "publish_labels": sorted({name.casefold() for name in self.publish_labels}),
            "exclude_labels": sorted({name.casefold() for name in self.exclude_labels}),
        }
        # Only when consultations are synced, so a hub without them keeps its cursor (and its file) as it was.
        if self.consultation_labels:
            cursor["consultation_labels"] = sorted({name.casefold() for name in self.consultation_labels})
        return cursor


@dataclass(frozen=True)
class Changes:
    """What one sync fetched: issues and comments that changed, and per-question comment lists."""

    issues: Sequence[Mapping[str, Any]] = ()
    comments: Sequence[Mapping[str, Any]] = ()
    # Complete comment lists of single questions: they replace what the snapshot held.
    issue_comments: Mapping[int, Sequence[Mapping[str, Any]]] = field(default_factory=dict)
    full: bool = False


# -- the pure merge -------------------------------------------------------------------------


def _label_names(raw: Mapping[str, Any]) -> list[str]:
    names = []
    for label in raw.get("labels") or []:
        name = label.get("name") if isinstance(label, Mapping) else label
        if isinstance(name, str):
            names.append(name)
    return names


def _author(user: Any, association: Any) -> Author:
    # A deleted account shows as GitHub's "ghost" user, or as null in some payloads.
    login = user.get("login") if isinstance(user, Mapping) else None
    # The id is what trust is kept by (a login can be renamed): see openbook.questions.trust.
    number = user.get("id") if isinstance(user, Mapping) and login else None
    return Author(login=str(login or GHOST), association=str(association or "NONE"),
                  id=number if isinstance(number, int) and not isinstance(number, bool) else None)


def _reactions(raw: Any) -> dict[str, int]:
    raw = raw if isinstance(raw, Mapping) else {}
    return {name: int(raw.get(name) or 0) for name in REACTIONS}


def _time(value: Any) -> str:
    """GitHub's times, normalised to the snapshot's UTC "...Z" form."""
    return format_time(parse_time(str(value)))


def question_from(raw: Mapping[str, Any], comments: Iterable[Comment] = ()) -> Question:
    """The snapshot's question from a GitHub issue payload; only what the pages need, no emails."""
    return Question(
        number=int(raw["number"]),
        title=str(raw.get("title") or ""),
        body=str(raw.get("body") or ""),
        state=str(raw["state"]),
        state_reason=raw.get("state_reason"),
        labels=tuple(_label_names(raw)),
        locked=bool(raw.get("locked")),
        author=_author(raw.get("user"), raw.get("author_association")),
        created_at=_time(raw["created_at"]),
        updated_at=_time(raw["updated_at"]),
        closed_at=_time(raw["closed_at"]) if raw.get("closed_at") else None,
        html_url=str(raw["html_url"]),
        reactions=_reactions(raw.get("reactions")),
        comments=tuple(_ordered(comments)),
    )


def comment_from(raw: Mapping[str, Any]) -> Comment:
    return Comment(
        id=int(raw["id"]),
        author=_author(raw.get("user"), raw.get("author_association")),
        body=str(raw.get("body") or ""),
        created_at=_time(raw["created_at"]),
        updated_at=_time(raw["updated_at"]),
        html_url=str(raw["html_url"]),
        reactions=_reactions(raw.get("reactions")),
    )


def issue_number_of(raw_comment: Mapping[str, Any]) -> int | None:
    """The issue a comment belongs to, from its `issue_url` (".../issues/12")."""
    tail = str(raw_comment.get("issue_url") or "").rstrip("/").rsplit("/", 1)[-1]
    return int(tail) if tail.isdigit() else None


def _ordered(comments: Iterable[Comment]) -> list[Comment]:
    return sorted(comments, key=lambda cm: (cm.created_at, cm.id))


def latest_issues(issues: Iterable[Mapping[str, Any]]) -> dict[int, Mapping[str, Any]]:
    """One payload per issue number: the most recently updated (the later one on a tie)."""
    latest: dict[int, Mapping[str, Any]] = {}
    for raw in issues:
        number = int(raw["number"])
        if number not in latest or _time(raw["updated_at"]) >= _time(latest[number]["updated_at"]):
            latest[number] = raw
    return latest


def merge(previous: Snapshot | None, changes: Changes, rule: Filter) -> dict[int, Question]:
    """The questions after a sync: previous ones, updated, added or removed by what changed.

    A full sync starts from nothing, so anything GitHub no longer lists goes.
    An issue that is closed, unlabelled, excluded or a pull request leaves;
    comments land only on questions that are published.
    """
    questions: dict[int, Question] = {}
    if previous is not None and not changes.full:
        questions = {q.number: q for q in previous.questions}
    for number, raw in latest_issues(changes.issues).items():
        held = questions.get(number)
        if held is not None and _time(raw["updated_at"]) < held.updated_at:
            continue
        if rule.publishes(raw):
            questions[number] = question_from(raw, held.comments if held else ())
        else:
            questions.pop(number, None)
    by_issue: dict[int, dict[int, Comment]] = {}
    for raw in changes.comments:
        number = issue_number_of(raw)
        if number in questions:
            by_issue.setdefault(number, {cm.id: cm for cm in questions[number].comments})
            comment = comment_from(raw)
            held_comment = by_issue[number].get(comment.id)
            if held_comment is None or comment.updated_at >= held_comment.updated_at:
                by_issue[number][comment.id] = comment
    for number, raws in changes.issue_comments.items():
        if number in questions:
            by_issue[number] = {cm.id: cm for cm in map(comment_from, raws)}
    for number, comments in by_issue.items():
        questions[number] = replace(questions[number], comments=tuple(_ordered(comments.values())))
    return questions


def comment_gaps(questions: Mapping[int, Question], issues: Iterable[Mapping[str, Any]]) -> list[int]:
    """Questions whose comment count on GitHub differs from the comments held: fetch those alone."""
    gaps = []
    for number, raw in latest_issues(issues).items():
        question = questions.get(number)
        count = raw.get("comments")
        if question is not None and isinstance(count, int) and count != len(question.comments):
            gaps.append(number)
    return sorted(gaps)


# -- duplicates (pure) ------------------------------------------------------------------------


def duplicate_markings(comments: Iterable[Mapping[str, Any]]) -> dict[int, tuple[int, Author, str]]:
    """issue -> (the question it duplicates, who marked it, when), from "Duplicate of #N" comments; the latest wins."""
    found: dict[int, tuple[int, Author, str]] = {}
    for raw in sorted(comments, key=lambda c: (_time(c["created_at"]), int(c["id"]))):
        number = issue_number_of(raw)
        match = DUPLICATE_OF.search(str(raw.get("body") or ""))
        if number is None or match is None or int(match.group(1)) == number:
            continue
        found[number] = (int(match.group(1)), _author(raw.get("user"), raw.get("author_association")),
                         _time(raw["created_at"]))
    return found


def is_closed_duplicate(raw: Mapping[str, Any]) -> bool:
    return "pull_request" not in raw and raw.get("state") == "closed" and raw.get("state_reason") == "duplicate"


def duplicate_from(raw: Mapping[str, Any], of: int, marked_by: Author) -> Duplicate:
    return Duplicate(
        number=int(raw["number"]),
        of=of,
        marked_by=marked_by,
        closed_at=_time(raw["closed_at"]) if raw.get("closed_at") else None,
        html_url=str(raw["html_url"]),
        reactions=_reactions(raw.get("reactions")),
    )


def merge_duplicates(
    previous: Snapshot | None,
    issues: Iterable[Mapping[str, Any]],
    markings: Mapping[int, tuple[int, Author, str]],
    questions: Mapping[int, Question],
    *,
    full: bool,
) -> dict[int, Duplicate]:
    """The duplicates after a sync: closed-as-duplicate issues whose marking names a synced question.

    `issues` holds every issue payload whose state is known (the listings, and
    the single issues fetched); an issue seen reopened, or closed for another
    reason, is no duplicate any more.
    """
    held: dict[int, Duplicate] = {}
    if previous is not None and not full:
        held = {d.number: d for d in previous.duplicates}
    for number, raw in latest_issues(issues).items():
        if not is_closed_duplicate(raw):
            held.pop(number, None)
            continue
        marking = markings.get(number)
        if marking is not None:
            held[number] = duplicate_from(raw, marking[0], marking[1])
        elif number in held:
            held[number] = duplicate_from(raw, held[number].of, held[number].marked_by)
    for number, (of, author, _) in markings.items():
        if number in held and held[number].of != of:
            held[number] = replace(held[number], of=of, marked_by=author)
    return {n: d for n, d in sorted(held.items()) if d.of in questions and n not in questions}


def newest(items: Iterable[Mapping[str, Any]], fallback: str | None) -> str | None:
    """The newest `updated_at` among items: the `since` of the next incremental sync."""
    times = [_time(item["updated_at"]) for item in items if item.get("updated_at")]
    return max(times) if times else fallback


# -- orchestration ----------------------------------------------------------------------------


@dataclass
class Result:
    snapshot: Snapshot
    full: bool
    added: int = 0
    updated: int = 0
    removed: int = 0
    changed: bool = False

    @property
    def comments(self) -> int:
        return sum(len(q.comments) for q in self.snapshot.questions)


DEFAULT_FULL_SYNC_HOURS = 24


def full_sync_reason(
    previous: Snapshot | None,
    repo: str,
    api_url: str,
    rule: Filter,
    *,
    now: datetime | None = None,
    full_sync_hours: int = DEFAULT_FULL_SYNC_HOURS,
) -> str | None:
    """Why an incremental sync is impossible or not enough (then a full one runs), or None."""
    if previous is None:
        return "there is no snapshot yet"
    if previous.repo != repo or previous.api_url != api_url:
        return f"the snapshot is of {previous.repo or '?'} at {previous.api_url or '?'}"
    cursor = previous.cursor
    if cursor.get("filter") != rule.as_cursor():
        return "the publish or exclude labels changed"
    for listing in ("issues", "comments"):
        if not isinstance(cursor.get(listing), dict) or not cursor[listing].get("since"):
            return "the snapshot has no sync cursor"
    full_at = cursor.get("full_at")
    if not isinstance(full_at, str):
        return "the snapshot records no full sync yet, which is what removes deleted questions and comments"
    try:
        last = parse_time(full_at)
    except ValueError:
        return f"the snapshot's last full sync time {full_at!r} is not a time"
    now = now or clock.now()
    if now - last >= timedelta(hours=full_sync_hours):
        return (
            f"the last full sync, at {format_time(last)}, is older than {full_sync_hours} hours "
            "(extra.openbook.sync.full_sync_hours); only a full sync removes deleted questions and comments"
        )
    return None


def _issues_since(since: str) -> dict[str, str]:
    # state=all: a question that closed since must be seen to be removed.
    return {"state": "all", "sort": "updated", "direction": "desc", "since": since}


def _comments_since(since: str) -> dict[str, str]:
    return {"sort": "updated", "direction": "desc", "since": since}


def _fetch(
    client: GitHubClient,
    url: str,
    label: str,
    since_params: Callable[[str], dict[str, str]],
    *,
    full_params: dict[str, str] | None,
    cursor: Mapping[str, Any] | None,
    on_page: PageCallback | None,
) -> tuple[list[Mapping[str, Any]], dict[str, Any]]:
    """One listing (issues or comments): its changed items and its next cursor {since, etag}."""
    if full_params is not None:
        listing = client.list_all(url, full_params, label=label, on_page=on_page)
        since = newest(listing.items, format_time(listing.date or clock.now()))
    else:
        assert cursor is not None
        old = str(cursor["since"])
        listing = client.list_all(url, since_params(old), etag=cursor.get("etag"), label=label, on_page=on_page)
        if listing.not_modified:
            return [], {"since": old, "etag": listing.etag}
        since = newest(listing.items, old)
        if since == old:
            return listing.items, {"since": old, "etag": listing.etag}
    # Ask once more from the new `since`: its ETag is what the next sync sends, and
    # whatever changed while the pages above were read is in its answer too.
    assert since is not None
    primed = client.list_all(url, since_params(since), label=label)
    return [*listing.items, *primed.items], {"since": since, "etag": primed.etag}


def _sync_duplicates(
    client: GitHubClient,
    base: str,
    previous: Snapshot | None,
    issues: list[Mapping[str, Any]],
    comments: list[Mapping[str, Any]],
    questions: Mapping[int, Question],
    *,
    full: bool,
    on_page: PageCallback | None,
) -> dict[int, Duplicate]:
    markings = duplicate_markings(comments)
    seen = latest_issues(issues)
    held = {d.number for d in previous.duplicates} if previous is not None and not full else set()
    known = list(issues)
    # A marking of an issue whose state no listing showed (a full sync lists open issues only).
    for number, (of, _, _) in sorted(markings.items()):
        if of in questions and number not in seen and number not in questions:
            known.append(client.get_object(f"{base}/issues/{number}"))
    # A duplicate closed now, whose marking came before `since`: read its comments for it.
    for number, raw in sorted(seen.items()):
        if is_closed_duplicate(raw) and number not in markings and number not in held:
            found = client.list_all(f"{base}/issues/{number}/comments", {}, label=f"comments of #{number}",
                                    on_page=on_page).items
            markings.update(duplicate_markings(found))
    return merge_duplicates(previous, known, markings, questions, full=full)


def run(client: GitHubClient, repo: str, previous: Snapshot | None, rule: Filter, **options: Any) -> Result:
    """Sync once; raises GitHubError if any request fails, so nothing half-done is ever kept."""
    with expecting("an issue or comment"):
        return _run(client, repo, previous, rule, **options)


def _run(
    client: GitHubClient,
    repo: str,
    previous: Snapshot | None,
    rule: Filter,
    *,
    full: bool = False,
    on_page: PageCallback | None = None,
    now: Callable[[], datetime] = clock.now,
    full_sync_hours: int = DEFAULT_FULL_SYNC_HOURS,
) -> Result:
    base = client.repo_url(repo)
    started = now()
    full = full or full_sync_reason(previous, repo, client.api_url, rule, now=started,
                                    full_sync_hours=full_sync_hours) is not None
    cursor = previous.cursor if previous is not None and not full else {}
    issue_params: dict[str, str] | None = None
    comment_params: dict[str, str] | None = None
    if full:
        issue_params = {"state": "open", "sort": "updated", "direction": "desc"}
        if len(rule.publish_labels) == 1 and "," not in rule.publish_labels[0]:
            # GitHub's labels filter is an AND, so it narrows the listing only for one label.
            issue_params["labels"] = rule.publish_labels[0]
        comment_params = {"sort": "updated", "direction": "desc"}
    issues, issues_cursor = _fetch(
        client,
        f"{base}/issues",
        "issues",
        _issues_since,
        full_params=issue_params,
        cursor=cursor.get("issues"),
        on_page=on_page,
    )
    comments, comments_cursor = _fetch(
        client,
        f"{base}/issues/comments",
        "comments",
        _comments_since,
        full_params=comment_params,
        cursor=cursor.get("comments"),
        on_page=on_page,
    )
    if full:
        # Decided consultations are closed issues, which the open listing above leaves out:
        # one more listing, narrowed by label, of ceil(C/100) pages. Incremental syncs need
        # none (their `since` listing is state=all).
        for label in rule.consultation_labels:
            params = {"state": "all", "labels": label, "sort": "updated", "direction": "desc"}
            issues = [*issues, *client.list_all(f"{base}/issues", params, label="consultations", on_page=on_page).items]
    changes = Changes(issues=issues, comments=comments, full=full)
    questions = merge(previous, changes, rule)
    gaps = comment_gaps(questions, issues)
    if gaps:
        per_issue = {
            number: client.list_all(
                f"{base}/issues/{number}/comments", {}, label=f"comments of #{number}", on_page=on_page
            ).items
            for number in gaps
        }
        questions = merge(previous, replace(changes, issue_comments=per_issue), rule)
    duplicates = _sync_duplicates(client, base, previous, issues, comments, questions, full=full, on_page=on_page)
    new_cursor = {"issues": issues_cursor, "comments": comments_cursor, "filter": rule.as_cursor()}
    # When the snapshot last matched GitHub in full: the next reconciliation counts from here.
    new_cursor["full_at"] = format_time(started) if full else cursor.get("full_at")
    snapshot = Snapshot(
        repo=repo,
        api_url=client.api_url,
        synced_at=previous.synced_at if previous else None,
        questions=tuple(questions[n] for n in sorted(questions)),
        cursor=new_cursor,
        duplicates=tuple(duplicates.values()),
    )
    changed = previous is None or replace(previous, synced_at=None) != replace(snapshot, synced_at=None)
    if changed:
        # The time moves only when the content does, so an unchanged repository
        # leaves the file byte-identical (no commit, no diff).
        snapshot = replace(snapshot, synced_at=format_time(now()))
    before = {q.number: q for q in previous.questions} if previous else {}
    return Result(
        snapshot=snapshot,
        full=full,
        added=sum(1 for n in questions if n not in before),
        updated=sum(1 for n, q in questions.items() if n in before and before[n] != q),
        removed=sum(1 for n in before if n not in questions),
        changed=changed,
    )
