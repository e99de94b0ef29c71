"""Pull requests for the fake GitHub server (tests/fakegithub.py), for `openbook queue`.

It adds the endpoints the queue reads, with GitHub's JSON shapes and `Link`
pagination: open pull requests (`/pulls`), a pull request's files, and a
commit's combined status and check runs. Register it on a running FakeGitHub
with `FakePulls(fake)`.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from fakegithub import FakeGitHub, Request, Response, iso

PULLS = r"/repos/(?P<owner>[^/]+)/(?P<name>[^/]+)/pulls"
FILES = r"/repos/(?P<owner>[^/]+)/(?P<name>[^/]+)/pulls/(?P<number>\d+)/files"
STATUS = r"/repos/(?P<owner>[^/]+)/(?P<name>[^/]+)/commits/(?P<sha>[0-9a-f]+)/status"
CHECK_RUNS = r"/repos/(?P<owner>[^/]+)/(?P<name>[^/]+)/commits/(?P<sha>[0-9a-f]+)/check-runs"


class FakePulls:
    def __init__(self, fake: FakeGitHub) -> None:
        self.fake = fake
        self.pulls: dict[int, dict[str, Any]] = {}
        self.files: dict[int, list[dict[str, Any]]] = {}
        self.statuses: dict[str, list[dict[str, Any]]] = {}
        self.check_runs: dict[str, list[dict[str, Any]]] = {}
        fake.route(PULLS)(self._list_pulls)
        fake.route(FILES)(self._list_files)
        fake.route(STATUS)(self._status)
        fake.route(CHECK_RUNS)(self._check_runs)

    def add(
        self,
        number: int,
        *,
        title: str = "Fix a typo",
        author: str = "customer",
        association: str = "FIRST_TIME_CONTRIBUTOR",
        created: datetime,
        draft: bool = False,
        labels: tuple[str, ...] = (),
        files: tuple[str, ...] = ("docs/index.md",),
        statuses: tuple[str, ...] = (),
        runs: tuple[tuple[str, str | None], ...] = (),
        state: str = "open",
    ) -> dict[str, Any]:
        fake = self.fake
        sha = f"{number:040x}"
        repo_api = f"{fake.url}/repos/{fake.owner}/{fake.name}"
        pull = {
            "url": f"{repo_api}/pulls/{number}",
            "id": 5_000_000 + number,
            "node_id": f"PR_kwDO{number}",
            "html_url": f"https://github.com/{fake.owner}/{fake.name}/pull/{number}",
            "diff_url": f"https://github.com/{fake.owner}/{fake.name}/pull/{number}.diff",
            "issue_url": f"{repo_api}/issues/{number}",
            "number": number,
            "state": state,
            "locked": False,
            "title": title,
            "user": fake.user(author),
            "body": "Please merge.",
            "labels": [],
            "milestone": None,
            "created_at": iso(created),
            "updated_at": iso(created),
            "closed_at": None,
            "merged_at": None,
            "merge_commit_sha": None,
            "assignee": None,
            "assignees": [],
            "requested_reviewers": [],
            "requested_teams": [],
            "draft": draft,
            "head": {"label": f"{author}:patch-{number}", "ref": f"patch-{number}", "sha": sha,
                     "user": fake.user(author), "repo": None},
            "base": {"label": f"{fake.owner}:main", "ref": "main", "sha": "0" * 40,
                     "user": fake.user(fake.owner), "repo": None},
            "author_association": association,
            "auto_merge": None,
            "active_lock_reason": None,
        }
        fake._set_labels(pull, labels)
        self.pulls[number] = pull
        self.files[number] = [
            {"sha": "1" * 40, "filename": name, "status": "modified", "additions": 1, "deletions": 1, "changes": 2,
             "blob_url": "", "raw_url": "", "contents_url": "", "patch": "@@ -1 +1 @@"}
            for name in files
        ]
        self.statuses[sha] = [
            {"id": i, "state": state_, "context": f"ci/{i}", "description": None, "target_url": None,
             "created_at": iso(created), "updated_at": iso(created)}
            for i, state_ in enumerate(statuses)
        ]
        self.check_runs[sha] = [
            {"id": 7_000 + i, "name": f"check {i}", "head_sha": sha, "status": status, "conclusion": conclusion,
             "started_at": iso(created), "completed_at": iso(created) if status == "completed" else None,
             "url": f"{repo_api}/check-runs/{7_000 + i}", "html_url": None, "details_url": None,
             "external_id": "", "output": {"title": None, "summary": None, "text": None, "annotations_count": 0},
             "app": None, "pull_requests": []}
            for i, (status, conclusion) in enumerate(runs)
        ]
        fake.version += 1
        return pull

    # -- routes -----------------------------------------------------------------------------

    def _list_pulls(self, fake: FakeGitHub, request: Request, owner: str, name: str) -> Response:
        state = request.query.get("state", "open")
        items = [p for p in self.pulls.values() if state == "all" or p["state"] == state]
        key = "updated_at" if request.query.get("sort") == "updated" else "created_at"
        items.sort(key=lambda p: (p[key], p["number"]), reverse=request.query.get("direction", "desc") == "desc")
        return fake.paginate(request, items)

    def _list_files(self, fake: FakeGitHub, request: Request, owner: str, name: str, number: str) -> Response:
        if int(number) not in self.files:
            return _not_found()
        return fake.paginate(request, self.files[int(number)])

    def _status(self, fake: FakeGitHub, request: Request, owner: str, name: str, sha: str) -> Response:
        statuses = self.statuses.get(sha, [])
        states = {s["state"] for s in statuses}
        # GitHub: failure if any failed or errored, pending if any pending or none at all.
        state = "failure" if states & {"failure", "error"} else "pending" if "pending" in states or not statuses else "success"
        return fake.respond_json(request, {
            "state": state, "statuses": statuses, "sha": sha, "total_count": len(statuses),
            "repository": None, "commit_url": "", "url": f"{fake.url}{request.path}",
        })

    def _check_runs(self, fake: FakeGitHub, request: Request, owner: str, name: str, sha: str) -> Response:
        runs = self.check_runs.get(sha, [])
        page = fake.paginate(request, runs)
        if page.status != 200:
            return page
        chunk = json.loads(page.body)
        return fake.respond_json(request, {"total_count": len(runs), "check_runs": chunk},
                                 {"link": page.headers["link"]} if "link" in page.headers else {})


def _not_found() -> Response:
    return Response(404, json.dumps({"message": "Not Found"}).encode(), {"content-type": "application/json"})
