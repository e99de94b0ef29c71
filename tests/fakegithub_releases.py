"""Releases for the fake GitHub server (tests/fakegithub.py), for `openbook notices --publish`.

It adds the two endpoints the command uses, with GitHub's JSON shapes:
GET /repos/{o}/{r}/releases (newest first, `Link` pagination) and
POST /repos/{o}/{r}/releases (201 with the release; 422 `already_exists` when
a release has the tag). Faults are injected as on the other endpoints
(`fake.fail(...)`, `fake.rate_limited(...)`); `refuse_create` fails only creates.
Register it on a running FakeGitHub with `FakeReleases(fake)`.
"""

from __future__ import annotations

import json
from typing import Any

from fakegithub import Fault, FakeGitHub, Request, Response, _error

RELEASES = r"/repos/(?P<owner>[^/]+)/(?P<name>[^/]+)/releases"


class FakeReleases:
    def __init__(self, fake: FakeGitHub) -> None:
        self.fake = fake
        # Oldest first; the listing shows them newest first, as GitHub does.
        self.releases: list[dict[str, Any]] = []
        self._next_id = 7_000_001
        fake.route(RELEASES)(self._list)
        fake.route(RELEASES, method="POST")(self._create)

    def add(self, tag: str, name: str = "A release", body: str = "", target: str = "main") -> dict[str, Any]:
        """A release made some other way (by hand, or an earlier run)."""
        fake = self.fake
        with fake._lock:
            release_id = self._next_id
            self._next_id += 1
            when = fake.tick()
            release = {
                "url": f"{fake.url}/repos/{fake.owner}/{fake.name}/releases/{release_id}",
                "html_url": f"https://github.com/{fake.owner}/{fake.name}/releases/tag/{tag}",
                "id": release_id,
                "node_id": f"RE_kwDO{release_id}",
                "tag_name": tag,
                "target_commitish": target,
                "name": name,
                "body": body,
                "draft": False,
                "prerelease": False,
                "created_at": when,
                "published_at": when,
                "author": fake.user("github-actions[bot]", "Bot"),
                "assets": [],
            }
            self.releases.append(release)
            return release

    def tags(self) -> list[str]:
        return [r["tag_name"] for r in self.releases]

    def creates(self) -> list[Request]:
        return [r for r in self.fake.log if r.method == "POST" and r.path.endswith("/releases")]

    def refuse_create(self, status: int, message: str, *, times: int | None = 1, after: int = 0,
                      errors: list[dict[str, str]] | None = None, headers: dict[str, str] | None = None) -> Fault:
        """Refuse creates with `status`, after letting `after` of them through."""
        seen = {"creates": 0}

        def match(request: Request) -> bool:
            if request.method != "POST" or not request.path.endswith("/releases"):
                return False
            seen["creates"] += 1
            return seen["creates"] > after

        body: dict[str, Any] = {"message": message, "documentation_url": "https://docs.github.com/rest/releases"}
        if errors:
            body["errors"] = errors
        return self.fake.fail(match, kind="status", status=status, body=body, headers=headers or {}, times=times)

    def _list(self, fake: FakeGitHub, request: Request, owner: str, name: str) -> Response:
        return fake.paginate(request, list(reversed(self.releases)))

    def _create(self, fake: FakeGitHub, request: Request, owner: str, name: str) -> Response:
        data = request.body
        if not isinstance(data, dict) or not isinstance(data.get("tag_name"), str) or not data["tag_name"]:
            return _error(422, "Validation Failed")
        if data["tag_name"] in self.tags():
            body = {"message": "Validation Failed",
                    "errors": [{"resource": "Release", "code": "already_exists", "field": "tag_name"}],
                    "documentation_url": "https://docs.github.com/rest/releases/releases#create-a-release"}
            return Response(422, json.dumps(body).encode(), {"content-type": "application/json; charset=utf-8"})
        release = self.add(data["tag_name"], str(data.get("name") or ""), str(data.get("body") or ""),
                           str(data.get("target_commitish") or "main"))
        release.update(draft=bool(data.get("draft")), prerelease=bool(data.get("prerelease")),
                       make_latest=data.get("make_latest"))
        return Response(201, json.dumps(release).encode(), {"content-type": "application/json; charset=utf-8"})
