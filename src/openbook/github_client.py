"""The GitHub adapter: the only code in openbook that talks to the GitHub REST API, through PyGithub.

It makes a configured client from the settings and the environment, fetches
listings page by page with conditional requests, retries what is worth
retrying within a bounded wait, and turns every failure into one clear line.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

import requests
from github import Auth, Github

from openbook import __version__
# Re-exported: the build reads the repository from repo_url too, without loading PyGithub.
from openbook.settings import repo_from_url as repo_from_url

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from openbook.settings import SyncSettings

DEFAULT_API_URL = "https://api.github.com"
TOKEN_VARIABLES = ("GITHUB_TOKEN", "GH_TOKEN")
UNAUTHENTICATED_NOTE = (
    "no GITHUB_TOKEN or GH_TOKEN is set: unauthenticated requests are limited to 60 an hour "
    "and see public repositories only"
)
# Waiting for a rate limit more often than this in one run means something else is wrong.
MAX_RATE_LIMIT_WAITS = 3
# A secondary rate limit without retry-after: GitHub asks for at least a minute.
SECONDARY_LIMIT_WAIT = 60
# Every message about the API URL names all the ways to set it.
API_URL_SETTINGS = "--api-url or extra.openbook.sync.api_url in mkdocs.yml (else GITHUB_API_URL, else derived from repo_url)"
_CHECK_API_URL = f"check the API URL ({API_URL_SETTINGS}), or try again later"
# Pages a counted listing (Link rel=last) may run past its count: items added while
# it is read push others onto later pages, newest first.
PAGE_MARGIN = 5
DEFAULT_MAX_PAGES = 2000
_LINK = re.compile(r'<([^>]+)>\s*;\s*rel="([^"]+)"')


class GitHubError(Exception):
    """A request to GitHub failed; str() is one line saying what failed and what to do.

    `retry_at` is set when GitHub said when to try again (a rate limit).
    """

    def __init__(self, message: str, *, retry_at: datetime | None = None, status: int | None = None,
                 codes: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.retry_at = retry_at
        # For a refused write: GitHub's status and its error codes ("already_exists").
        self.status = status
        self.codes = codes


class ConfigError(ValueError):
    """The API URL or repository name is unusable (a usage error, not a failed request)."""


@dataclass
class RequestStats:
    """What the client did: every HTTP attempt counts, retries included."""

    requests: int = 0
    not_modified: int = 0
    retries: int = 0
    waited: float = 0.0


@dataclass(frozen=True)
class Page:
    status: int
    items: list[Any]
    etag: str | None
    next_url: str | None
    last_page: int | None
    date: datetime | None


@dataclass
class Listing:
    """Every item of a paginated listing, or `not_modified` when the ETag still matched."""

    items: list[Any] = field(default_factory=list)
    etag: str | None = None
    not_modified: bool = False
    pages: int = 0
    # The server's clock when the first page was answered.
    date: datetime | None = None


PageCallback = Callable[[str, int, "int | None"], None]


def api_url_for_repo_url(repo_url: str | None) -> str | None:
    """GitHub Enterprise Server's API (https://HOST/api/v3) for a repo_url on another host than github.com."""
    parts = urlsplit(repo_url or "")
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not host or host in ("github.com", "www.github.com"):
        return None
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}/api/v3"


def api_url_from(flag: str | None, configured: str = "", env: Mapping[str, str] = os.environ,
                 repo_url: str | None = None) -> str:
    """The API base URL: --api-url, then extra.openbook.sync.api_url, then https://HOST/api/v3 when
    repo_url is on a GitHub Enterprise host, then GITHUB_API_URL, then GitHub's."""
    url = (flag or configured or api_url_for_repo_url(repo_url) or env.get("GITHUB_API_URL", "")
           or DEFAULT_API_URL).strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"API URL {url!r} is not an http(s) URL like {DEFAULT_API_URL} or https://HOST/api/v3; "
                          f"set it with {API_URL_SETTINGS}")
    return url


def token_from_env(env: Mapping[str, str] = os.environ) -> str | None:
    """The token from GITHUB_TOKEN, then GH_TOKEN; never from a flag or a file."""
    for name in TOKEN_VARIABLES:
        value = env.get(name, "").strip()
        if value:
            return value
    return None


def check_repo_name(repo: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", repo):
        raise ConfigError(f"repository {repo!r} is not of the form OWNER/NAME")
    return repo


class GitHubClient:
    """A PyGithub client with bounded retries, conditional listings and counted requests."""

    def __init__(
        self,
        api_url: str,
        token: str | None,
        *,
        timeout: int = 30,
        retries: int = 3,
        max_wait: float = 60,
        backoff: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
        max_pages: int = DEFAULT_MAX_PAGES,
    ) -> None:
        self.api_url = api_url
        self.max_pages = max(1, int(max_pages))
        self.authenticated = token is not None
        self.timeout = int(timeout)
        self.retries = max(0, int(retries))
        self.max_wait = max(0.0, float(max_wait))
        self.backoff = backoff
        self.sleep = sleep
        self.clock = clock
        self.stats = RequestStats()
        # retry=None: PyGithub's own retry (GithubRetry) would sleep until a rate
        # limit resets, up to an hour; this client retries itself, within max_wait.
        # No pause between requests either: a sync only reads, in sequence.
        self.github = Github(
            base_url=api_url,
            auth=Auth.Token(token) if token else None,
            timeout=self.timeout,
            retry=None,
            per_page=100,
            user_agent=f"openbook/{__version__}",
            seconds_between_requests=None,
            seconds_between_writes=None,
            lazy=True,
        )
        self._requester = self.github.requester

    def repo_url(self, repo: str) -> str:
        """The API path of a repository; lazy, so it costs no request."""
        return self.github.get_repo(check_repo_name(repo)).url

    def close(self) -> None:
        self.github.close()

    # -- listings --------------------------------------------------------------------------

    def list_all(
        self,
        url: str,
        params: Mapping[str, Any],
        *,
        etag: str | None = None,
        label: str = "",
        on_page: PageCallback | None = None,
        items_key: str | None = None,
    ) -> Listing:
        """Every page of a listing; with `etag`, a first page answered 304 ends it at one request.

        A listing ends: a next link that points back to a page already read, or
        more pages than GitHub counted (plus PAGE_MARGIN; `max_pages` when it
        counts none), is a GitHubError rather than a sync that never ends.
        """
        listing = Listing()
        page = self.get_page(url, {**params, "per_page": 100}, etag=etag, items_key=items_key)
        listing.date = page.date
        if page.status == 304:
            listing.not_modified = True
            listing.etag = etag
            return listing
        listing.etag = page.etag
        where = _describe(url, {})
        # Fixed by the first page: a listing whose count grows page by page is still bounded.
        counted_pages = page.last_page
        bound = counted_pages + PAGE_MARGIN if counted_pages else self.max_pages
        # Only the links of this listing, at most `bound` of them.
        read = {_page_key(url, params)}
        number = 1
        while True:
            listing.items.extend(page.items)
            listing.pages = number
            if on_page:
                on_page(label, number, page.last_page)
            if not page.next_url:
                return listing
            key = _page_key(page.next_url, None)
            if key in read:
                raise GitHubError(
                    f"GitHub's next-page link for {where} points back to a page already read, after {number} pages "
                    "(a Link rel=next loop), so the listing would never end; "
                    "check the API URL (--api-url, GITHUB_API_URL) and any proxy in between, or try again later"
                )
            if number >= bound:
                counted = (f"its first page counted {counted_pages} (Link rel=last)" if counted_pages
                           else f"that is extra.openbook.sync.max_pages ({self.max_pages})")
                raise GitHubError(
                    f"{where} did not end after {number} pages, and {counted}, so the listing would never end; "
                    + ("try again later" if counted_pages
                       else "raise extra.openbook.sync.max_pages if the repository really has more, or try again later")
                )
            read.add(key)
            number += 1
            page = self.get_page(page.next_url, None, items_key=items_key)

    def get_page(
        self, url: str, params: Mapping[str, Any] | None, *, etag: str | None = None, items_key: str | None = None
    ) -> Page:
        """One page of a JSON list, retried within the limits; raises GitHubError with one clear line.

        `items_key` names the list inside an object page (check runs come as
        {"total_count": ..., "check_runs": [...]}).
        """
        headers = {"Accept": "application/vnd.github+json"}
        if etag:
            headers["If-None-Match"] = etag
        query = {key: str(value) for key, value in (params or {}).items()}
        where = _describe(url, query)
        status, response_headers, text = self._send(url, query, headers, where)
        if status == 304:
            return Page(304, [], response_headers.get("etag"), None, None, _date(response_headers))
        return self._page(where, response_headers, text, items_key)

    def get_object(self, url: str, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """One JSON object (a commit's combined status, say), with the same retries and errors as a listing."""
        query = {key: str(value) for key, value in (params or {}).items()}
        where = _describe(url, query)
        _, _, text = self._send(url, query, {"Accept": "application/vnd.github+json"}, where)
        data = _json(text, where)
        if not isinstance(data, dict):
            raise GitHubError(f"GitHub sent JSON of an unexpected shape for {where} (expected an object)")
        return data

    def create(self, url: str, payload: Mapping[str, Any]) -> dict[str, Any]:
        """POST one JSON object and return what GitHub created (201), or raise GitHubError saying why not.

        Sent once, never retried: a create whose answer was lost may have happened,
        and only a fresh listing can tell. `status` and `codes` on the error say what
        GitHub answered; the message is one line without the caller's context.
        """
        where = "POST " + urlsplit(url).path
        self.stats.requests += 1
        headers = {"Accept": "application/vnd.github+json", "Content-Type": "application/json"}
        try:
            status, response_headers, body = self._requester.requestJson("POST", url, None, headers, dict(payload))
        except requests.exceptions.Timeout:
            raise GitHubError(f"GitHub at {self.api_url} did not answer {where} within {self.timeout} s, so it may "
                              "or may not have been made") from None
        except requests.exceptions.RequestException as exc:
            raise GitHubError(f"the request {where} to {self.api_url} failed ({_reason(exc)}), so it may or may not "
                              "have been made") from None
        except RuntimeError as exc:
            if "redirect" not in str(exc):
                raise
            raise GitHubError(f"{self.api_url} redirected {where} elsewhere; check the API URL ({API_URL_SETTINGS})"
                              ) from None
        if status == 201:
            data = _json(body, where)
            if not isinstance(data, dict):
                raise GitHubError(f"GitHub sent JSON of an unexpected shape for {where} (expected an object)")
            return data
        if _is_rate_limit(status, response_headers, body):
            wait, retry_at = self._rate_limit_wait(response_headers)
            when = retry_at.strftime("%Y-%m-%d %H:%M:%S UTC")
            raise GitHubError(f"GitHub's rate limit stopped {where} ({status}); it allows requests again at {when} "
                              f"(in {_duration(wait)})", retry_at=retry_at, status=status)
        message = _message(body) or ("server error" if status >= 500 else "client error")
        codes = _error_codes(body)
        detail = f" ({', '.join(codes)})" if codes else ""
        raise GitHubError(f"GitHub answered {status} {message}{detail} to {where}", status=status, codes=codes)

    def _send(self, url: str, query: dict[str, str], headers: dict[str, str], where: str) -> tuple[int, dict[str, Any], str]:
        """A GET answered 200 or 304: retried on faults, waited on rate limits, within max_wait."""
        failures = 0
        rate_waits = 0
        while True:
            self.stats.requests += 1
            try:
                status, response_headers, body = self._requester.requestJson("GET", url, query or None, dict(headers))
            except requests.exceptions.Timeout:
                problem = f"GitHub at {self.api_url} did not answer {where} within {self.timeout} s"
                advice = "try again later, or raise extra.openbook.sync.timeout"
            except requests.exceptions.ConnectionError as exc:
                problem = f"cannot connect to {self.api_url} for {where} ({_reason(exc)})"
                advice = f"check the network, and the API URL ({API_URL_SETTINGS})"
            except requests.exceptions.RequestException as exc:
                # A body cut off mid-way (ChunkedEncodingError) and the like: worth another try.
                problem = f"the answer from {self.api_url} to {where} broke off ({type(exc).__name__})"
                advice = "try again later"
            except RuntimeError as exc:
                # PyGithub refuses to follow a redirect to another host or scheme.
                if "redirect" not in str(exc):
                    raise
                raise GitHubError(
                    f"{self.api_url} redirected {where} elsewhere; check the API URL ({API_URL_SETTINGS})"
                ) from None
            else:
                if status == 304:
                    self.stats.not_modified += 1
                if status in (200, 304):
                    return status, response_headers, body
                if _is_rate_limit(status, response_headers, body):
                    wait, retry_at = self._rate_limit_wait(response_headers)
                    if rate_waits < MAX_RATE_LIMIT_WAITS and wait <= self.max_wait - self.stats.waited:
                        rate_waits += 1
                        self._wait(wait)
                        continue
                    raise GitHubError(self._rate_limit_message(where, wait, retry_at), retry_at=retry_at)
                if status < 500:
                    raise GitHubError(self._client_error(status, where, body))
                problem = f"GitHub answered {status} {_message(body) or 'server error'} for {where}"
                advice = "GitHub may be having trouble; try again later"
            failures += 1
            if failures > self.retries:
                tries = f" after {failures} tries" if failures > 1 else ""
                raise GitHubError(f"{problem}{tries}; {advice}")
            # Bounded exponential backoff, and never past the run's waiting budget.
            self.stats.retries += 1
            self._wait(min(self.backoff * 2 ** (failures - 1), 30.0, max(0.0, self.max_wait - self.stats.waited)))

    def _page(self, where: str, headers: dict[str, Any], body: str, items_key: str | None = None) -> Page:
        data = _json(body, where)
        if items_key is not None and isinstance(data, dict):
            data = data.get(items_key)
        if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
            raise GitHubError(f"GitHub sent JSON of an unexpected shape for {where} (expected a list of objects)")
        links = {rel: url for url, rel in _LINK.findall(headers.get("link", ""))}
        last = None
        if "last" in links:
            last = int(parse_qs(urlsplit(links["last"]).query).get("page", ["0"])[0]) or None
        return Page(200, data, headers.get("etag"), links.get("next"), last, _date(headers))

    def _wait(self, seconds: float) -> None:
        if seconds > 0:
            self.stats.waited += seconds
            self.sleep(seconds)

    def _rate_limit_wait(self, headers: dict[str, Any]) -> tuple[float, datetime]:
        now = self.clock()
        wait: float = SECONDARY_LIMIT_WAIT
        if str(headers.get("retry-after", "")).strip().isdigit():
            wait = int(headers["retry-after"])
        elif str(headers.get("x-ratelimit-remaining", "")) == "0" and headers.get("x-ratelimit-reset"):
            try:
                wait = max(0.0, float(headers["x-ratelimit-reset"]) - now) + 1
            except ValueError:
                pass
        return wait, datetime.fromtimestamp(now + wait, tz=timezone.utc)

    def _rate_limit_message(self, where: str, wait: float, retry_at: datetime) -> str:
        when = retry_at.strftime("%Y-%m-%d %H:%M:%S UTC")
        hint = "" if self.authenticated else "; set GITHUB_TOKEN for a higher limit"
        return (
            f"GitHub's rate limit stopped {where}; it allows requests again at {when} "
            f"(in {_duration(wait)}), longer than sync waits (extra.openbook.sync.max_wait: "
            f"{_duration(self.max_wait)}); run it again then{hint}"
        )

    def _client_error(self, status: int, where: str, body: str) -> str:
        message = _message(body)
        if status == 401:
            if self.authenticated:
                return "GitHub rejected the token (401 Bad credentials); check GITHUB_TOKEN or GH_TOKEN"
            return f"GitHub requires authentication for {where} (401); set GITHUB_TOKEN or GH_TOKEN"
        if status == 403:
            return (
                f"GitHub refused {where} (403 {message or 'Forbidden'}); the token needs read access "
                "to the repository's issues, pull requests and checks"
            )
        if status == 404:
            private = "" if self.authenticated else ", or it is private and needs GITHUB_TOKEN"
            return (
                f"not found at {self.api_url}: {where} (404); check the repository name "
                f"(--repo, or repo_url in mkdocs.yml) and the API URL{private}"
            )
        if status == 410:
            return f"issues are disabled for this repository ({where} answered 410 Gone)"
        return f"GitHub refused {where} ({status} {message or 'client error'})"


def connect(
    sync: SyncSettings,
    *,
    api_url: str | None = None,
    env: Mapping[str, str] = os.environ,
    repo_url: str | None = None,
    **options: Any,
) -> GitHubClient:
    """A client configured from extra.openbook.sync and the environment (token, GITHUB_API_URL).

    `openbook sync` and `openbook queue` both start here, so the API URL and the
    token are found the same way everywhere.
    """
    return GitHubClient(
        api_url_from(api_url, sync.api_url, env, repo_url),
        token_from_env(env),
        timeout=sync.timeout,
        retries=sync.retries,
        max_wait=sync.max_wait,
        max_pages=sync.max_pages,
        **options,
    )


def connect_to_repo(config: MkDocsConfig, *, repo: str | None = None, api_url: str | None = None) -> tuple[GitHubClient, str]:
    """A client and the repository it is for: `--repo`, else the one `repo_url` names; ConfigError if unusable."""
    from openbook import settings

    name = repo or repo_from_url(config.repo_url)
    if not name:
        raise ConfigError("no repository: set repo_url in mkdocs.yml or pass --repo OWNER/NAME")
    check_repo_name(name)
    return connect(settings.of(config).sync, api_url=api_url, repo_url=config.repo_url), name


@contextmanager
def expecting(what: str) -> Iterator[None]:
    """Report valid JSON that is not what GitHub documents (a proxy, a broken server) as a GitHubError.

    Reading a payload raises KeyError, TypeError, ValueError or AttributeError
    when a field is missing or of another type; a user needs one line, not a traceback.
    """
    try:
        yield
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        detail = f"no field {exc}" if isinstance(exc, KeyError) else str(exc)
        raise GitHubError(f"GitHub sent {what} of an unexpected shape ({detail}); {_CHECK_API_URL}") from None


def _json(body: str, where: str) -> Any:
    try:
        return json.loads(body)
    except ValueError as exc:
        # Often a web page rather than the API: a GitHub Enterprise Server host
        # without /api/v3, or a proxy's sign-in page.
        raise GitHubError(
            f"GitHub sent a response that is not valid JSON for {where} ({exc.msg}, char {exc.pos}); "
            f"{_CHECK_API_URL}"
        ) from None


def _describe(url: str, query: Mapping[str, str]) -> str:
    parts = urlsplit(url)
    page = query.get("page") or parse_qs(parts.query).get("page", [None])[0]
    return f"GET {parts.path}" + (f" (page {page})" if page and page != "1" else "")


def _page_key(url: str, params: Mapping[str, Any] | None) -> tuple[str, frozenset[tuple[str, str]]]:
    """Which page of which listing a URL asks for, whatever its host and the order of its query."""
    parts = urlsplit(url)
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    query.update({key: str(value) for key, value in (params or {}).items()})
    query.pop("per_page", None)
    if "after" not in query and "before" not in query:
        # Cursor listings name their page with after/before; the others start at page 1.
        query.setdefault("page", "1")
    return parts.path, frozenset(query.items())


def _date(headers: Mapping[str, Any]) -> datetime | None:
    try:
        return parsedate_to_datetime(headers["date"]).astimezone(timezone.utc)
    except (KeyError, TypeError, ValueError):
        return None


def _message(body: str) -> str:
    try:
        data = json.loads(body)
    except (TypeError, ValueError):
        return ""
    message = data.get("message") if isinstance(data, dict) else None
    # GitHub's message is plain text; keep it to one short line of printable characters.
    text = " ".join(str(message).split()) if message else ""
    return "".join(ch for ch in text if ch.isprintable())[:200]


def _error_codes(body: str) -> tuple[str, ...]:
    """GitHub's validation codes in an error ("already_exists", "invalid"), printable and short."""
    try:
        data = json.loads(body)
    except (TypeError, ValueError):
        return ()
    errors = data.get("errors") if isinstance(data, dict) else None
    codes = [str(e.get("code")) for e in errors if isinstance(e, dict) and e.get("code")] if isinstance(errors, list) else []
    return tuple("".join(ch for ch in code if ch.isprintable())[:40] for code in codes[:5])


def _is_rate_limit(status: int, headers: Mapping[str, Any], body: str) -> bool:
    if status == 429:
        return True
    if status != 403:
        return False
    if str(headers.get("x-ratelimit-remaining", "")) == "0" or "retry-after" in headers:
        return True
    return "rate limit" in _message(body).lower()


def _reason(exc: Exception) -> str:
    text = str(exc).lower()
    if "refused" in text:
        return "connection refused"
    if "name or service not known" in text or "nodename nor servname" in text or "resolution" in text:
        return "unknown host"
    if "reset" in text or "aborted" in text or "remote end closed" in text:
        return "connection dropped"
    return "connection failed"


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{round(seconds / 60)} min"
    return f"{seconds / 3600:.1f} h"
