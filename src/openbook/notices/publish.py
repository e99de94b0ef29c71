"""Notices as GitHub Releases: whoever watches the repository's releases gets each notice by e-mail.

It lists the releases there are (every page) and creates one release for each
notice whose tag (`notice-<id>`) has none, oldest notice first, so subscribers
read them in the order they were published. It never edits or deletes a release:
what was announced stays as it was. A refusal stops the run at that notice;
the releases made before it stay, and the next run makes the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from openbook import github_client
from openbook.notices import render
from openbook.notices.model import Notice


@dataclass
class Result:
    created: list[Notice] = field(default_factory=list)
    # Notices that already had their release.
    existing: int = 0
    # Made meanwhile by someone else (GitHub said the tag's release exists): left as they are.
    raced: list[Notice] = field(default_factory=list)


class PublishError(Exception):
    """GitHub refused a release; str() names the notice, says what GitHub said and what to do."""

    def __init__(self, message: str, result: Result) -> None:
        super().__init__(message)
        self.result = result


def missing(notices: list[Notice], tags: set[str]) -> list[Notice]:
    """The notices without a release, oldest first: the order subscribers should read them in."""
    return [n for n in reversed(notices) if n.tag not in tags]


def payload(notice: Notice, target: str) -> dict[str, object]:
    """What GitHub is asked to create: a published release (not a draft, not a prerelease, not "latest")."""
    return {
        "tag_name": notice.tag,
        "target_commitish": target,
        "name": render.release_name(notice),
        "body": render.release_body(notice),
        "draft": False,
        "prerelease": False,
        # A notice is not a version of the software: GitHub's "Latest" badge stays where it is.
        "make_latest": "false",
    }


def existing_tags(client: github_client.GitHubClient, repo: str) -> set[str]:
    base = client.repo_url(repo)
    listing = client.list_all(f"{base}/releases", {}, label="releases")
    with github_client.expecting("a release"):
        return {str(item["tag_name"]) for item in listing.items}


def _advice(exc: github_client.GitHubError) -> str:
    if exc.retry_at is not None:
        return f"run `openbook notices --publish` again after {exc.retry_at.strftime('%Y-%m-%d %H:%M UTC')}"
    if exc.status in (401, 403, 404):
        return ("the token needs permission to write the repository's contents (the workflow job's "
                "`permissions: contents: write`, or a token with the Contents: write permission); "
                "fix it and run `openbook notices --publish` again")
    if exc.status == 422:
        return ("GitHub would not accept the release as sent: check that the tag is free for a release and "
                "that the branch exists, then run `openbook notices --publish` again")
    return "run `openbook notices --publish` again: it finds the releases already made and makes the rest"


def publish(client: github_client.GitHubClient, repo: str, notices: list[Notice], target: str,
            on_created: Callable[[Notice], None] | None = None) -> Result:
    """Create the missing releases; raise PublishError at the first one GitHub refuses.

    Failing to list the releases raises GitHubError before anything is created.
    """
    tags = existing_tags(client, repo)
    result = Result(existing=sum(1 for n in notices if n.tag in tags))
    url = f"{client.repo_url(repo)}/releases"
    for notice in missing(notices, tags):
        try:
            client.create(url, payload(notice, target))
        except github_client.GitHubError as exc:
            if exc.status == 422 and "already_exists" in exc.codes:
                # Made since the listing (another run): the notice has its release, as it should.
                result.raced.append(notice)
                continue
            made = (f"{len(result.created)} release{'s' if len(result.created) != 1 else ''} made before it "
                    "stay" if result.created else "no release was made in this run")
            raise PublishError(
                f"the release of notice {notice.id} (“{notice.title}”) was not made: {exc}; {made}; {_advice(exc)}",
                result,
            ) from None
        result.created.append(notice)
        if on_created:
            on_created(notice)
    return result
