"""The GitHub adapter against the fake GitHub: pagination, ETags, and every fault ending in one clear line."""

from __future__ import annotations

import time

import pytest

from fakegithub import FakeGitHub, refused_url
from openbook import github_client
from openbook.github_client import GitHubClient, GitHubError

ISSUES = "/repos/acme/hub/issues"


@pytest.fixture
def fake(fake_github) -> FakeGitHub:
    return fake_github


def client_for(fake_or_url, token=None, **options) -> tuple[GitHubClient, list[float]]:
    """A client that records its sleeps instead of sleeping: tests stay fast and can see the waits."""
    slept: list[float] = []
    url = fake_or_url if isinstance(fake_or_url, str) else fake_or_url.url
    options = {"timeout": 2, "retries": 2, "max_wait": 60, **options}
    return GitHubClient(url, token, sleep=slept.append, **options), slept


def test_a_listing_follows_link_pagination_at_100_a_page(fake):
    for i in range(250):
        fake.add_issue(f"Q{i}")
    client, _ = client_for(fake)

    listing = client.list_all(f"{client.repo_url('acme/hub')}/issues", {"state": "all"})

    assert len(listing.items) == 250 and len({i["number"] for i in listing.items}) == 250
    assert [r.page for r in fake.requests(ISSUES)] == [1, 2, 3]
    assert client.stats.requests == 3 == len(fake.log)


def test_progress_is_reported_page_by_page_with_the_last_page_from_link(fake):
    for i in range(250):
        fake.add_issue(f"Q{i}")
    client, _ = client_for(fake)
    seen = []

    client.list_all(ISSUES, {}, label="issues", on_page=lambda *event: seen.append(event))

    assert seen == [("issues", 1, 3), ("issues", 2, 3), ("issues", 3, None)]


def test_the_repository_handle_costs_no_request(fake):
    client, _ = client_for(fake)
    client.repo_url("acme/hub")
    assert fake.log == []


def test_a_first_page_whose_etag_still_matches_ends_the_listing_with_one_304(fake):
    for i in range(150):
        fake.add_issue(f"Q{i}")
    client, _ = client_for(fake)
    first = client.list_all(ISSUES, {"state": "all"})
    fake.reset_log()

    again = client.list_all(ISSUES, {"state": "all"}, etag=first.etag)

    assert again.not_modified and again.items == [] and again.etag == first.etag
    assert [r.status for r in fake.log] == [304]
    assert client.stats.not_modified == 1


def test_a_5xx_is_retried_with_bounded_backoff_then_succeeds(fake):
    fake.add_issue()
    fake.fail(ISSUES, status=502, times=2)
    client, slept = client_for(fake, retries=3, backoff=1.0)

    listing = client.list_all(ISSUES, {})

    assert len(listing.items) == 1
    assert [r.status for r in fake.log] == [502, 502, 200]
    assert slept == [1.0, 2.0]


def test_backoff_never_waits_past_the_cap(fake):
    fake.fail(ISSUES, status=503, times=None)
    client, slept = client_for(fake, retries=5, backoff=4.0, max_wait=5)

    with pytest.raises(GitHubError, match=r"503 .* after 6 tries; GitHub may be having trouble"):
        client.list_all(ISSUES, {})

    assert sum(slept) <= 5


def test_a_refused_connection_is_retried_then_reported_plainly():
    client, slept = client_for(refused_url(), retries=1)

    with pytest.raises(GitHubError) as failure:
        client.list_all(ISSUES, {})

    message = str(failure.value)
    assert "cannot connect to http://127.0.0.1:" in message and "connection refused" in message
    assert "after 2 tries" in message and "--api-url" in message
    assert len(slept) == 1


def test_a_server_that_does_not_answer_times_out(fake):
    fake.fail(ISSUES, kind="timeout", delay=1.5)
    client, _ = client_for(fake, timeout=1, retries=0)

    started = time.monotonic()
    with pytest.raises(GitHubError, match=r"did not answer GET /repos/acme/hub/issues within 1 s"):
        client.list_all(ISSUES, {})
    assert time.monotonic() - started < 5


def test_a_dropped_connection_is_retried(fake):
    fake.add_issue()
    fake.fail(ISSUES, kind="reset")
    client, _ = client_for(fake)

    assert len(client.list_all(ISSUES, {}).items) == 1
    assert client.stats.retries == 1


def test_an_answer_cut_off_mid_body_is_retried_then_reported(fake):
    fake.fail(ISSUES, kind="truncated", times=None)
    client, _ = client_for(fake, retries=1)

    with pytest.raises(GitHubError, match=r"to GET /repos/acme/hub/issues broke off .* after 2 tries"):
        client.list_all(ISSUES, {})


def test_a_rate_limit_within_the_cap_is_waited_out_as_retry_after_says(fake):
    fake.add_issue()
    fake.rate_limited(reset_in=3600, status=429, retry_after=7)
    client, slept = client_for(fake, max_wait=60)

    assert len(client.list_all(ISSUES, {}).items) == 1
    assert slept == [7]


def test_a_rate_limit_is_waited_out_until_x_ratelimit_reset(fake):
    fake.add_issue()
    fake.rate_limited(reset_in=20)
    client, slept = client_for(fake, max_wait=60)

    client.list_all(ISSUES, {})

    assert len(slept) == 1 and 18 <= slept[0] <= 22


def test_a_rate_limit_past_the_cap_stops_at_once_and_says_when_to_retry(fake):
    fake.rate_limited(reset_in=2 * 3600)
    client, slept = client_for(fake, max_wait=60)

    with pytest.raises(GitHubError) as failure:
        client.list_all(ISSUES, {})

    assert slept == []
    message = str(failure.value)
    assert "rate limit" in message and "UTC (in 2.0 h)" in message and "max_wait: 60 s" in message
    assert "set GITHUB_TOKEN" in message
    assert failure.value.retry_at is not None and failure.value.retry_at.timestamp() > time.time() + 3600


def test_a_bad_token_is_named_without_showing_it(fake):
    fake.token = "the-right-one"
    client, _ = client_for(fake, token="ghp_SECRET_wrong_token")

    with pytest.raises(GitHubError) as failure:
        client.list_all(ISSUES, {})

    assert str(failure.value) == "GitHub rejected the token (401 Bad credentials); check GITHUB_TOKEN or GH_TOKEN"
    assert len(fake.log) == 1, "a 401 is not retried"


def test_the_token_is_sent_as_an_authorization_header(fake):
    fake.token = "ghp_right"
    fake.add_issue()
    client, _ = client_for(fake, token="ghp_right")
    assert len(client.list_all(ISSUES, {}).items) == 1


def test_an_unknown_repository_says_what_to_check(fake):
    client, _ = client_for(fake)

    with pytest.raises(GitHubError) as failure:
        client.list_all(f"{client.repo_url('acme/nope')}/issues", {})

    message = str(failure.value)
    assert "404" in message and "/repos/acme/nope/issues" in message and "--repo" in message
    assert "private and needs GITHUB_TOKEN" in message


def test_a_forbidden_answer_that_is_not_a_rate_limit_is_not_waited_for(fake):
    fake.fail(ISSUES, status=403, body={"message": "Resource not accessible by integration"})
    client, slept = client_for(fake)

    with pytest.raises(GitHubError, match="403 Resource not accessible by integration"):
        client.list_all(ISSUES, {})
    assert slept == [] and len(fake.log) == 1


def test_malformed_json_is_reported_not_crashed_on(fake):
    fake.fail(ISSUES, kind="malformed")
    client, _ = client_for(fake)

    with pytest.raises(GitHubError, match="not valid JSON for GET /repos/acme/hub/issues"):
        client.list_all(ISSUES, {})


def test_a_web_page_instead_of_the_api_points_at_the_api_url(fake):
    # GitHub Enterprise Server's API is at https://HOST/api/v3; the bare host answers with HTML.
    fake.fail(ISSUES, status=200, body=b"<!DOCTYPE html><html><body>Sign in</body></html>",
              headers={"content-type": "text/html; charset=utf-8"})
    client, _ = client_for(fake)

    with pytest.raises(GitHubError) as caught:
        client.list_all(ISSUES, {})
    assert "not valid JSON for GET /repos/acme/hub/issues" in str(caught.value)
    assert "check the API URL (--api-url or extra.openbook.sync.api_url in mkdocs.yml" in str(caught.value)


def test_json_of_the_wrong_shape_is_reported(fake):
    fake.fail(ISSUES, status=200, body={"message": "an object, not a list"})
    client, _ = client_for(fake)

    with pytest.raises(GitHubError, match="unexpected shape"):
        client.list_all(ISSUES, {})


def test_a_failure_on_page_3_of_5_names_the_page(fake):
    for i in range(450):
        fake.add_issue(f"Q{i}")
    fake.fail(lambda r: r.path == ISSUES and r.page == 3, status=500, times=None)
    client, _ = client_for(fake, retries=1)

    with pytest.raises(GitHubError, match=r"500 .* for GET /repos/acme/hub/issues \(page 3\) after 2 tries"):
        client.list_all(ISSUES, {})


@pytest.mark.parametrize(
    ("flag", "configured", "env", "expected"),
    [
        ("http://flag/api/v3/", "http://config", {"GITHUB_API_URL": "http://env"}, "http://flag/api/v3"),
        (None, "http://config", {"GITHUB_API_URL": "http://env"}, "http://config"),
        (None, "", {"GITHUB_API_URL": "https://ghe.example/api/v3"}, "https://ghe.example/api/v3"),
        (None, "", {}, "https://api.github.com"),
    ],
)
def test_the_api_url_comes_from_the_flag_then_the_settings_then_the_environment(flag, configured, env, expected):
    assert github_client.api_url_from(flag, configured, env) == expected


def test_an_api_url_that_is_not_http_is_a_usage_error_naming_the_flag_and_the_setting():
    with pytest.raises(github_client.ConfigError, match="not an http") as caught:
        github_client.api_url_from("api.github.com", "", {})
    assert "--api-url or extra.openbook.sync.api_url" in str(caught.value)


@pytest.mark.parametrize(
    ("flag", "configured", "env", "repo_url", "expected"),
    [
        (None, "", {}, "https://git.acme.example/acme/hub", "https://git.acme.example/api/v3"),
        (None, "", {}, "https://git.acme.example:8443/acme/hub.git", "https://git.acme.example:8443/api/v3"),
        # The repo_url's Enterprise host is the hub's own config; an ambient GITHUB_API_URL is not.
        (None, "", {"GITHUB_API_URL": "https://api.github.com"}, "https://git.acme.example/acme/hub",
         "https://git.acme.example/api/v3"),
        (None, "https://api.acme.example", {}, "https://git.acme.example/acme/hub", "https://api.acme.example"),
        ("https://flag.example/api/v3", "", {}, "https://git.acme.example/acme/hub", "https://flag.example/api/v3"),
        (None, "", {}, "https://github.com/acme/hub", "https://api.github.com"),
        (None, "", {"GITHUB_API_URL": "https://ghe.example/api/v3"}, "https://github.com/acme/hub",
         "https://ghe.example/api/v3"),
    ],
)
def test_a_github_enterprise_repo_url_gives_its_hosts_api_unless_one_is_set(flag, configured, env, repo_url, expected):
    assert github_client.api_url_from(flag, configured, env, repo_url) == expected


def test_the_token_comes_from_github_token_then_gh_token_only():
    assert github_client.token_from_env({"GITHUB_TOKEN": "a", "GH_TOKEN": "b"}) == "a"
    assert github_client.token_from_env({"GITHUB_TOKEN": " ", "GH_TOKEN": "b"}) == "b"
    assert github_client.token_from_env({"GITHUB_PAT": "c"}) is None


def test_the_repository_comes_from_repo_url():
    assert github_client.repo_from_url("https://github.com/larkspur-hq/openbook-hub") == "larkspur-hq/openbook-hub"
    assert github_client.repo_from_url("https://ghe.example/org/hub.git/") == "org/hub"
    assert github_client.repo_from_url("https://github.com/") is None


def _endless(fake: FakeGitHub, *, next_page, last: int | None) -> None:
    """Issue listings whose Link header misbehaves: next_page(page) is where rel=next points."""

    @fake.route(r"/repos/(?P<owner>[^/]+)/(?P<name>[^/]+)/issues")
    def listing(fake, request, owner, name):
        page = request.page
        links = [f'<{fake.url}{request.path}?page={next_page(page)}>; rel="next"']
        if last:
            links.append(f'<{fake.url}{request.path}?page={last}>; rel="last"')
        items = [{"number": page * 100 + i, "updated_at": "2026-01-01T00:00:00Z"} for i in range(100)]
        return fake.respond_json(request, items, {"link": ", ".join(links)})


def test_a_next_link_that_loops_back_stops_with_a_clear_error(fake):
    _endless(fake, next_page=lambda page: 1 if page == 3 else page + 1, last=None)
    client, _ = client_for(fake)

    with pytest.raises(GitHubError) as caught:
        client.list_all(ISSUES, {})

    assert str(caught.value).startswith(f"GitHub's next-page link for GET {ISSUES} points back to a page already read, "
                                        "after 3 pages (a Link rel=next loop)")
    assert len(fake.requests(ISSUES)) == 3


def test_a_listing_that_never_ends_stops_after_the_pages_github_counted(fake):
    _endless(fake, next_page=lambda page: page + 1, last=4)
    client, _ = client_for(fake)

    with pytest.raises(GitHubError) as caught:
        client.list_all(ISSUES, {})

    # Four counted, and a margin for items added while it is read.
    assert str(caught.value) == (
        f"GET {ISSUES} did not end after {4 + github_client.PAGE_MARGIN} pages, and its first page counted 4 "
        "(Link rel=last), so the listing would never end; try again later"
    )
    assert len(fake.requests(ISSUES)) == 4 + github_client.PAGE_MARGIN


def test_a_listing_that_counts_no_pages_stops_at_max_pages(fake):
    _endless(fake, next_page=lambda page: page + 1, last=None)
    client, _ = client_for(fake, max_pages=7)

    with pytest.raises(GitHubError, match=r"did not end after 7 pages, and that is extra.openbook.sync.max_pages \(7\)"):
        client.list_all(ISSUES, {})
    assert len(fake.requests(ISSUES)) == 7


def test_a_sync_that_meets_an_endless_listing_exits_1_and_keeps_the_snapshot(fake, tmp_path):
    from openbook.questions import sync

    _endless(fake, next_page=lambda page: page + 1, last=None)
    client, _ = client_for(fake, max_pages=5)

    with pytest.raises(GitHubError, match="max_pages"):
        sync.run(client, "acme/hub", None, sync.Filter())
