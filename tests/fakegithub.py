"""A fake GitHub REST server on 127.0.0.1 for tests and benchmarks: real HTTP, GitHub's JSON shapes.

It serves issues (pull requests included, as GitHub does), repository-wide and
per-issue comments, with `Link` pagination, weak ETags answered with 304, the
`since`, `state`, `labels`, `sort` and `direction` filters, rate-limit headers,
injected faults, and a log of every request. PyGithub reaches it through
`Github(base_url=fake.url)`, exactly as it reaches GitHub Enterprise Server.

Extend it with `@fake.route(r"/repos/(?P<owner>[^/]+)/(?P<name>[^/]+)/pulls")`:
a route gets (fake, request, **groups) and returns a Response; `fake.paginate`
and `fake.respond_json` give it the same pagination and ETag behaviour.
"""

from __future__ import annotations

import hashlib
import json
import re
import socket
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

START = datetime(2026, 1, 5, 9, 0, 0, tzinfo=timezone.utc)
REACTION_NAMES = ("+1", "-1", "laugh", "hooray", "confused", "heart", "rocket", "eyes")


def iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_iso(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(timezone.utc)
    except ValueError:
        return None


@dataclass
class Request:
    """One request as the server saw it."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    status: int = 0
    # A POST's JSON body, parsed (None if it was not JSON).
    body: Any = None

    @property
    def page(self) -> int:
        return int(self.query.get("page", "1") or 1)


@dataclass
class Response:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Fault:
    """An injected fault: when `match(request)` holds, misbehave `times` times (None: forever).

    kind: "status" (answer `status` with `headers` and `body`), "malformed" (200 with
    broken JSON), "timeout" (say nothing for `delay` seconds), "reset" (drop the
    connection without an answer), "truncated" (hang up in the middle of the body).
    """

    match: Callable[[Request], bool]
    kind: str = "status"
    status: int = 500
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None
    delay: float = 0.0
    times: int | None = 1


class FakeGitHub:
    """The state of one fake GitHub: repositories, issues, comments, faults and a request log."""

    def __init__(self, owner: str = "acme", name: str = "hub") -> None:
        self.owner, self.name = owner, name
        self.repos = {f"{owner}/{name}"}
        self.issues: dict[int, dict[str, Any]] = {}
        self.comments: dict[int, dict[str, Any]] = {}
        self.faults: list[Fault] = []
        self.log: list[Request] = []
        self.token: str | None = None
        self.clock = START
        self.rate_limit = 5000
        self.rate_remaining = 5000
        # Hook for tests that act mid-sync: called with each request before it is answered.
        self.on_request: Callable[[Request], None] | None = None
        self._next_comment_id = 9_000_001
        self.user_ids: dict[str, int] = {}
        # Filtered, sorted listings by query, valid while `version` is unchanged:
        # paging through 50,000 comments must not re-sort them for every page.
        self.version = 0
        self._listings: dict[tuple[Any, ...], tuple[int, list[Any]]] = {}
        self._lock = threading.RLock()
        self._routes: list[tuple[str, re.Pattern[str], Callable[..., Response]]] = []
        self._server: ThreadingHTTPServer | None = None
        self.url = ""
        self.route(r"/repos/(?P<owner>[^/]+)/(?P<name>[^/]+)/issues")(_list_issues)
        self.route(r"/repos/(?P<owner>[^/]+)/(?P<name>[^/]+)/issues/comments")(_list_repo_comments)
        self.route(r"/repos/(?P<owner>[^/]+)/(?P<name>[^/]+)/issues/(?P<number>\d+)/comments")(_list_issue_comments)
        self.route(r"/repos/(?P<owner>[^/]+)/(?P<name>[^/]+)/issues/(?P<number>\d+)")(_get_issue)

    # -- data ------------------------------------------------------------------------------

    def tick(self, seconds: int = 1) -> str:
        """Advance the fake's clock; every change happens at a distinct second, as on GitHub."""
        self.version += 1
        self.clock += timedelta(seconds=seconds)
        return iso(self.clock)

    def user(self, login: str | None, user_type: str = "User") -> dict[str, Any] | None:
        if login is None:
            return None
        return {
            "login": login,
            # One id per person, kept across a rename (see rename_user), as on GitHub.
            "id": self.user_ids.setdefault(login, 583_000 + len(self.user_ids)),
            "node_id": "MDQ6VXNlcjE=",
            "avatar_url": f"https://avatars.example/u/{login}",
            "html_url": f"https://github.com/{login}",
            "type": user_type,
            "site_admin": False,
            # GitHub's simple-user schema allows a public email; sync must never keep it.
            "email": f"{login}@example.com",
        }

    def _reactions(self, url: str, counts: dict[str, int] | None) -> dict[str, Any]:
        counts = dict(counts or {})
        data = {"url": f"{url}/reactions", "total_count": sum(counts.values())}
        data.update({name: counts.get(name, 0) for name in REACTION_NAMES})
        return data

    def add_issue(
        self,
        title: str = "A question",
        body: str | None = "How does it work?",
        *,
        labels: Iterable[str] = ("question",),
        state: str = "open",
        login: str | None = "customer",
        association: str = "NONE",
        pull_request: bool = False,
        locked: bool = False,
        reactions: dict[str, int] | None = None,
        number: int | None = None,
    ) -> int:
        with self._lock:
            number = number or max([0, *self.issues]) + 1
            when = self.tick()
            api = f"{self.url}/repos/{self.owner}/{self.name}/issues/{number}"
            issue: dict[str, Any] = {
                "id": 1_000_000 + number,
                "node_id": f"I_kwDO{number}",
                "url": api,
                "repository_url": f"{self.url}/repos/{self.owner}/{self.name}",
                "labels_url": f"{api}/labels{{/name}}",
                "comments_url": f"{api}/comments",
                "events_url": f"{api}/events",
                "html_url": f"https://github.com/{self.owner}/{self.name}/issues/{number}",
                "number": number,
                "state": state,
                "state_reason": "completed" if state == "closed" else None,
                "title": title,
                "body": body,
                "user": self.user(login),
                "labels": [],
                "assignee": None,
                "assignees": [],
                "milestone": None,
                "locked": locked,
                "active_lock_reason": "resolved" if locked else None,
                "comments": 0,
                "closed_at": when if state == "closed" else None,
                "created_at": when,
                "updated_at": when,
                "author_association": association,
                "reactions": self._reactions(api, reactions),
                "timeline_url": f"{api}/timeline",
                "performed_via_github_app": None,
            }
            self._set_labels(issue, labels)
            if pull_request:
                issue["pull_request"] = {
                    "url": f"{self.url}/repos/{self.owner}/{self.name}/pulls/{number}",
                    "html_url": f"https://github.com/{self.owner}/{self.name}/pull/{number}",
                    "diff_url": f"https://github.com/{self.owner}/{self.name}/pull/{number}.diff",
                    "patch_url": f"https://github.com/{self.owner}/{self.name}/pull/{number}.patch",
                    "merged_at": None,
                }
                issue["html_url"] = issue["pull_request"]["html_url"]
            self.issues[number] = issue
            return number

    def _set_labels(self, issue: dict[str, Any], labels: Iterable[str]) -> None:
        issue["labels"] = [
            {
                "id": abs(hash(name)) % 10**9,
                "node_id": "LA_kwDO",
                "url": f"{self.url}/repos/{self.owner}/{self.name}/labels/{name}",
                "name": name,
                "color": "0e8a16",
                "default": name == "question",
                "description": None,
            }
            for name in labels
        ]

    def update_issue(self, number: int, **changes: Any) -> None:
        """Change an issue as GitHub would: labels by name, state with closed_at, any other field."""
        with self._lock:
            issue = self.issues[number]
            when = self.tick()
            if "labels" in changes:
                self._set_labels(issue, changes.pop("labels"))
            if "state" in changes:
                issue["state"] = changes.pop("state")
                issue["closed_at"] = when if issue["state"] == "closed" else None
                issue["state_reason"] = "completed" if issue["state"] == "closed" else "reopened"
            issue.update(changes)
            issue["updated_at"] = when

    def close_as_duplicate(self, number: int, of: int, *, login: str = "staff", association: str = "MEMBER") -> int:
        """Close an issue as GitHub's "Close as duplicate" does: a "Duplicate of #N" comment, then the close.

        Returns the marking comment's id.
        """
        comment = self.add_comment(number, f"Duplicate of #{of}", login=login, association=association)
        with self._lock:
            issue = self.issues[number]
            when = self.tick()
            issue.update(state="closed", state_reason="duplicate", closed_at=when, updated_at=when)
        return comment

    def add_comment(
        self,
        number: int,
        body: str | None = "Thanks, here is the answer.",
        *,
        login: str | None = "staff",
        association: str = "MEMBER",
        reactions: dict[str, int] | None = None,
    ) -> int:
        with self._lock:
            comment_id = self._next_comment_id
            self._next_comment_id += 1
            when = self.tick()
            api = f"{self.url}/repos/{self.owner}/{self.name}/issues/comments/{comment_id}"
            issue = self.issues[number]
            self.comments[comment_id] = {
                "id": comment_id,
                "node_id": f"IC_kwDO{comment_id}",
                "url": api,
                "html_url": f"{issue['html_url']}#issuecomment-{comment_id}",
                "body": body,
                "user": self.user(login),
                "created_at": when,
                "updated_at": when,
                "issue_url": f"{self.url}/repos/{self.owner}/{self.name}/issues/{number}",
                "author_association": association,
                "reactions": self._reactions(api, reactions),
                "performed_via_github_app": None,
            }
            # A new comment updates its issue, as on GitHub.
            issue["comments"] += 1
            issue["updated_at"] = when
            return comment_id

    def edit_comment(self, comment_id: int, body: str) -> None:
        with self._lock:
            self.comments[comment_id]["body"] = body
            self.comments[comment_id]["updated_at"] = self.tick()

    def delete_comment(self, comment_id: int, *, touch_issue: bool = True) -> None:
        """Delete a comment; touch_issue=False leaves the issue's updated_at alone, so `since` cannot see it."""
        with self._lock:
            comment = self.comments.pop(comment_id)
            number = int(comment["issue_url"].rsplit("/", 1)[1])
            self.issues[number]["comments"] -= 1
            when = self.tick()
            if touch_issue:
                self.issues[number]["updated_at"] = when

    def rename_user(self, old: str, new: str) -> None:
        """Rename an account as GitHub does: the same user id, the new login on everything it wrote."""
        with self._lock:
            self.user_ids[new] = self.user_ids[old]
            # A rename moves no updated_at on GitHub: listings change, `since` does not see it.
            self.version += 1
            for item in [*self.issues.values(), *self.comments.values()]:
                if item["user"] and item["user"]["login"] == old:
                    item["user"] = self.user(new)

    def delete_issue(self, number: int) -> None:
        """Delete (or transfer away) an issue and its comments: the listings stop showing them, `since` included."""
        with self._lock:
            self.issues.pop(number)
            for comment_id in [i for i, c in self.comments.items() if c["issue_url"].endswith(f"/issues/{number}")]:
                self.comments.pop(comment_id)
            self.tick()

    def bulk_load(self, issues: int, comments: int, *, pull_every: int = 0, labels: Iterable[str] = ("question",)) -> None:
        """Make `issues` issues and `comments` comments spread over them (for benchmarks)."""
        labels = tuple(labels)
        for index in range(issues):
            pull = bool(pull_every) and index % pull_every == pull_every - 1
            self.add_issue(f"Question {index}", f"Body {index} " * 20, labels=labels, pull_request=pull)
        numbers = sorted(self.issues)
        for index in range(comments):
            self.add_comment(numbers[index % len(numbers)], f"Comment {index} " * 10)

    # -- faults and the log ----------------------------------------------------------------

    def fail(self, match: Callable[[Request], bool] | str | None = None, **fault: Any) -> Fault:
        """Inject a fault for requests whose path ends with `match` (a string), or where `match(request)` holds."""
        if match is None:
            test: Callable[[Request], bool] = lambda request: True  # noqa: E731
        elif isinstance(match, str):
            test = lambda request, suffix=match: request.path.endswith(suffix)  # noqa: E731
        else:
            test = match
        injected = Fault(match=test, **fault)
        self.faults.append(injected)
        return injected

    def rate_limited(self, *, reset_in: int, status: int = 403, retry_after: int | None = None, times: int | None = 1) -> Fault:
        """GitHub's primary rate limit answer: 403 (or 429), remaining 0, and when it resets."""
        headers = {
            "x-ratelimit-limit": str(self.rate_limit),
            "x-ratelimit-remaining": "0",
            "x-ratelimit-used": str(self.rate_limit),
            "x-ratelimit-reset": str(int(time.time()) + reset_in),
        }
        if retry_after is not None:
            headers["retry-after"] = str(retry_after)
        body = {
            "message": "API rate limit exceeded for 127.0.0.1.",
            "documentation_url": "https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting",
        }
        return self.fail(None, kind="status", status=status, headers=headers, body=body, times=times)

    def requests(self, path_suffix: str = "") -> list[Request]:
        return [r for r in self.log if r.path.endswith(path_suffix)]

    @property
    def not_modified(self) -> int:
        return sum(1 for r in self.log if r.status == 304)

    def reset_log(self) -> None:
        self.log.clear()

    # -- serving ---------------------------------------------------------------------------

    def route(self, pattern: str, method: str = "GET") -> Callable[[Callable[..., Response]], Callable[..., Response]]:
        """Register a route for `method` (GET unless said); the newest registration of a pattern wins."""

        def register(handler: Callable[..., Response]) -> Callable[..., Response]:
            self._routes.insert(0, (method, re.compile(pattern + r"/?$"), handler))
            return handler

        return register

    def listing(self, request: Request, compute: Callable[[], list[Any] | None]) -> list[Any] | None:
        """compute() once per query (page and per_page aside) and data version."""
        key = (request.path, tuple(sorted((k, v) for k, v in request.query.items() if k not in ("page", "per_page"))))
        cached = self._listings.get(key)
        if cached is None or cached[0] != self.version:
            cached = (self.version, compute())
            self._listings[key] = cached
        return cached[1]

    def respond_json(self, request: Request, data: Any, headers: dict[str, str] | None = None) -> Response:
        """A 200 JSON answer with a weak ETag, or a 304 when If-None-Match matches it."""
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        etag = 'W/"' + hashlib.sha1(body).hexdigest() + '"'
        headers = {"etag": etag, **(headers or {})}
        if request.headers.get("if-none-match") == etag:
            return Response(304, b"", headers)
        headers["content-type"] = "application/json; charset=utf-8"
        return Response(200, body, headers)

    def paginate(self, request: Request, items: list[Any], default_per_page: int = 30) -> Response:
        """One page of items with GitHub's Link header (next, last, first, prev)."""
        try:
            per_page = max(1, min(100, int(request.query.get("per_page", default_per_page))))
            page = max(1, int(request.query.get("page", 1)))
        except ValueError:
            return _error(422, "Invalid request.")
        last = max(1, -(-len(items) // per_page))
        chunk = items[(page - 1) * per_page : page * per_page]
        links = []

        def link(number: int, rel: str) -> str:
            query = {**request.query, "page": str(number), "per_page": str(per_page)}
            return f'<{self.url}{request.path}?{urlencode(query)}>; rel="{rel}"'

        if page < last:
            links += [link(page + 1, "next"), link(last, "last")]
        if page > 1:
            links += [link(1, "first"), link(page - 1, "prev")]
        return self.respond_json(request, chunk, {"link": ", ".join(links)} if links else {})

    def handle(self, request: Request) -> Response | Fault:
        with self._lock:
            self.log.append(request)
            if self.on_request:
                self.on_request(request)
            for fault in self.faults:
                if fault.times != 0 and fault.match(request):
                    if fault.times is not None:
                        fault.times -= 1
                    return fault
            if self.token is not None:
                sent = request.headers.get("authorization", "")
                if sent not in (f"token {self.token}", f"Bearer {self.token}"):
                    return _error(401, "Bad credentials")
            for method, pattern, handler in self._routes:
                match = pattern.match(request.path) if method == request.method else None
                if match:
                    groups = match.groupdict()
                    if "owner" in groups and f"{groups['owner']}/{groups['name']}" not in self.repos:
                        return _error(404, "Not Found")
                    response = handler(self, request, **groups)
                    break
            else:
                response = _error(404, "Not Found")
            if response.status != 304 and self.rate_remaining > 0:
                # A 304 costs no rate limit, as on GitHub.
                self.rate_remaining -= 1
            response.headers.update(
                {
                    "x-ratelimit-limit": str(self.rate_limit),
                    "x-ratelimit-remaining": str(self.rate_remaining),
                    "x-ratelimit-reset": str(int(time.time()) + 3600),
                    "x-ratelimit-resource": "core",
                }
            )
            return response

    def start(self) -> FakeGitHub:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
                self._answer("GET")

            def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
                self._answer("POST")

            def _answer(self, method: str) -> None:
                parts = urlsplit(self.path)
                query = {key: values[-1] for key, values in parse_qs(parts.query, keep_blank_values=True).items()}
                request = Request(method, parts.path, query, {k.lower(): v for k, v in self.headers.items()})
                length = int(self.headers.get("content-length") or 0)
                if length:
                    try:
                        request.body = json.loads(self.rfile.read(length))
                    except ValueError:
                        request.body = None
                answer = fake.handle(request)
                if isinstance(answer, Fault):
                    answer = self._misbehave(answer)
                    if answer is None:
                        request.status = -1
                        return
                request.status = answer.status
                self.send_response(answer.status)
                for key, value in answer.headers.items():
                    self.send_header(key, value)
                self.send_header("content-length", str(len(answer.body)))
                self.end_headers()
                if answer.body:
                    self.wfile.write(answer.body)

            def _misbehave(self, fault: Fault) -> Response | None:
                if fault.kind == "timeout":
                    time.sleep(fault.delay)
                    self.close_connection = True
                    return None
                if fault.kind == "reset":
                    self.close_connection = True
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                    return None
                if fault.kind == "truncated":
                    # Promise a long body, send a little of it, hang up.
                    self.send_response(200)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", "100000")
                    self.end_headers()
                    self.wfile.write(b'[{"number": 1,')
                    self.wfile.flush()
                    self.close_connection = True
                    return None
                if fault.kind == "malformed":
                    return Response(200, b'[{"number": 1, "title": "cut off', {"content-type": "application/json"})
                body = fault.body if fault.body is not None else {"message": f"fault {fault.status}"}
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                return Response(fault.status, data, {"content-type": "application/json", **fault.headers})

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's signature
                pass

            def handle_one_request(self) -> None:
                try:
                    super().handle_one_request()
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: Any, client_address: Any) -> None:
                # A client that went away (a timeout test) is not an error of the fake.
                pass

        self._server = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


def _error(status: int, message: str) -> Response:
    body = {"message": message, "documentation_url": "https://docs.github.com/rest", "status": str(status)}
    return Response(status, json.dumps(body).encode(), {"content-type": "application/json; charset=utf-8"})


def _sorted(items: list[dict[str, Any]], request: Request, default_sort: str, default_direction: str) -> list[dict[str, Any]]:
    sort = request.query.get("sort", default_sort)
    # GitHub ignores direction without sort on the comment listings; issues default to desc.
    direction = request.query.get("direction", default_direction)
    key = {"created": "created_at", "updated": "updated_at", "comments": "comments"}.get(sort)
    if key is None:
        return []
    ordered = sorted(items, key=lambda item: (item[key], item["id"]))
    return ordered[::-1] if direction == "desc" else ordered


def _since(items: list[dict[str, Any]], request: Request) -> list[dict[str, Any]] | None:
    if "since" not in request.query:
        return items
    since = _parse_iso(request.query["since"])
    if since is None:
        return None
    # Times are all "YYYY-MM-DDTHH:MM:SSZ", so they compare as strings.
    floor = iso(since)
    return [item for item in items if item["updated_at"] >= floor]


def _list_issues(fake: FakeGitHub, request: Request, owner: str, name: str) -> Response:
    state = request.query.get("state", "open")
    if state not in ("open", "closed", "all"):
        return _error(422, "Validation Failed")

    def compute() -> list[Any] | None:
        items = [issue for issue in fake.issues.values() if state == "all" or issue["state"] == state]
        wanted = [label for label in request.query.get("labels", "").split(",") if label]
        if wanted:
            # GitHub's labels filter is an AND of every label named.
            items = [i for i in items if set(wanted) <= {label["name"] for label in i["labels"]}]
        items = _since(items, request)
        return None if items is None else _sorted(items, request, "created", "desc")

    items = fake.listing(request, compute)
    if items is None:
        return _error(422, "Validation Failed")
    return fake.paginate(request, items)


def _list_repo_comments(fake: FakeGitHub, request: Request, owner: str, name: str) -> Response:
    def compute() -> list[Any] | None:
        items = _since(list(fake.comments.values()), request)
        return None if items is None else _sorted(items, request, "created", "asc")

    items = fake.listing(request, compute)
    if items is None:
        return _error(422, "Validation Failed")
    return fake.paginate(request, items)


def _list_issue_comments(fake: FakeGitHub, request: Request, owner: str, name: str, number: str) -> Response:
    if int(number) not in fake.issues:
        return _error(404, "Not Found")
    suffix = f"/issues/{number}"
    items = [c for c in fake.comments.values() if c["issue_url"].endswith(suffix)]
    items = _since(items, request)
    if items is None:
        return _error(422, "Validation Failed")
    return fake.paginate(request, sorted(items, key=lambda c: (c["created_at"], c["id"])))


def _get_issue(fake: FakeGitHub, request: Request, owner: str, name: str, number: str) -> Response:
    issue = fake.issues.get(int(number))
    if issue is None:
        return _error(404, "Not Found")
    return fake.respond_json(request, issue)


def refused_url() -> str:
    """A loopback URL where nothing listens, so a connection is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def fake_github():
    """A running FakeGitHub serving acme/hub; `fake_github.url` is its API base URL."""
    fake = FakeGitHub().start()
    yield fake
    fake.stop()
