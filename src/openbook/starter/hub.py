"""Write a new hub from the starter templates: config, one-line hooks, starter pages, data, .github.

Every file under templates/hub/ but the workflows (the demo's own, copied as
they are) is rendered with `[[ name ]]` placeholders; `github/`
and `gitignore` become `.github/` and `.gitignore`, which package data cannot
hold under their own names.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import jinja2

from openbook import __version__
from openbook.pricing import model as pricing_model
from openbook.subprocessors import model as subprocessors_model
from openbook.questions import snapshot

TEMPLATES = Path(__file__).resolve().parent / "templates" / "hub"
_RENAMED = {"github": ".github", "gitignore": ".gitignore"}
# The workflows are the demo hub's own, copied as they are: their shell uses `[[ ]]` too.
_VERBATIM = ("github/workflows/",)
_REPO = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")


class NewHubError(Exception):
    """What the company asked for cannot be written; the message says what to change."""


@dataclass(frozen=True)
class Identity:
    """Who the hub is for: everything in the starter files that names the company."""

    company: str
    repo: str
    site_url: str
    support_email: str
    staff_team: str
    github_url: str = "https://github.com"
    api_url: str = ""
    currency: str = "USD"
    requirement: str = f"openbook=={__version__}"

    @property
    def owner(self) -> str:
        return self.repo.split("/", 1)[0]

    @property
    def repo_url(self) -> str:
        return f"{self.github_url.rstrip('/')}/{self.repo}"


def identity_for(company: str, repo: str, *, site_url: str | None = None, support_email: str | None = None,
                 staff_team: str | None = None, github_url: str = "https://github.com", api_url: str = "",
                 currency: str = "USD", requirement: str | None = None) -> Identity:
    """The identity with every default filled in from the repository; raises NewHubError on bad input."""
    company = company.strip()
    if not company:
        raise NewHubError("--company: give the company's name as readers know it, e.g. --company 'Acme Tools'")
    if any(not ch.isprintable() for ch in company):
        raise NewHubError(f"--company: {company!r} holds a line break or control character; give the name on one line")
    if not _REPO.match(repo):
        raise NewHubError(f"--repo: {repo!r} is not OWNER/NAME; give the hub's GitHub repository, e.g. acme/openbook")
    owner, name = repo.split("/", 1)
    github_url = github_url.rstrip("/")
    if not github_url.startswith("https://"):
        raise NewHubError(f"--github-url: {github_url!r} is not an https:// URL")
    if site_url is None:
        if github_url != "https://github.com":
            raise NewHubError("--site-url: GitHub Enterprise Server publishes Pages at an address of its own; "
                              "give it, e.g. --site-url https://pages.example.com/owner/hub/")
        # GitHub Pages' address for a project repository.
        site_url = f"https://{owner.lower()}.github.io/{name}/"
    if not re.match(r"^https?://[^\s/]+", site_url):
        raise NewHubError(f"--site-url: {site_url!r} is not an http(s):// address")
    if not site_url.endswith("/"):
        site_url += "/"
    if support_email is None:
        support_email = f"support@{owner.lower()}.example"
    if "@" not in support_email or any(ch.isspace() for ch in support_email):
        raise NewHubError(f"--support-email: {support_email!r} is not an e-mail address")
    staff_team = staff_team or f"@{owner}/hub-maintainers"
    if not staff_team.startswith("@"):
        staff_team = f"@{staff_team}"
    # CODEOWNERS takes @user or @org/team; anything else makes GitHub ignore the line.
    if not re.fullmatch(r"@[A-Za-z0-9-]+(/[A-Za-z0-9_.-]+)?", staff_team):
        raise NewHubError(f"--staff-team: {staff_team!r} is not a GitHub team (@ORG/TEAM) or user (@LOGIN)")
    if currency not in _currencies():
        raise NewHubError(f"--currency: {currency!r} is not an ISO 4217 currency code such as USD, EUR or GBP")
    return Identity(company=company, repo=repo, site_url=site_url, support_email=support_email,
                    staff_team=staff_team, github_url=github_url, api_url=api_url, currency=currency,
                    requirement=requirement or f"openbook=={__version__}")


def _currencies() -> set[str]:
    from babel.numbers import list_currencies

    return set(list_currencies())


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        variable_start_string="[[", variable_end_string="]]",
        block_start_string="[%", block_end_string="%]",
        comment_start_string="[#", comment_end_string="#]",
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
        autoescape=False,
    )
    # A JSON string is a YAML scalar that any text survives (quotes, colons, '#').
    env.filters["yaml"] = lambda value: json.dumps(str(value), ensure_ascii=False)
    return env


def files(identity: Identity, today: date) -> dict[str, str]:
    """Every file of the new hub, by path relative to its root."""
    env = _environment()
    values = {
        "company": identity.company, "repo": identity.repo, "repo_url": identity.repo_url,
        "site_url": identity.site_url, "support_email": identity.support_email, "staff_team": identity.staff_team,
        "owner": identity.owner, "api_url": identity.api_url, "currency": identity.currency,
        "requirement": identity.requirement, "version": __version__, "today": today.isoformat(),
    }
    out: dict[str, str] = {}
    # An installer compiles hooks/engine.py beside the template: __pycache__ is not part of the hub.
    for name in sorted(env.list_templates(filter_func=lambda name: "__pycache__" not in name)):
        first, _, rest = name.partition("/")
        target = "/".join(part for part in (_RENAMED.get(first, first), rest) if part)
        if name.startswith(_VERBATIM):
            out[target] = (TEMPLATES / name).read_text(encoding="utf-8")
        else:
            out[target] = env.get_template(name).render(values)
    out["data/pricing.schema.json"] = pricing_model.schema_text()
    out["data/subprocessors.schema.json"] = subprocessors_model.schema_text()
    empty = snapshot.Snapshot(repo=identity.repo, api_url=identity.api_url, synced_at=None)
    out["data/questions.json"] = snapshot.dumps(empty)
    return out


def write(target: Path, identity: Identity, today: date) -> list[str]:
    """Write the hub into `target`, which must not exist (or be an empty folder); returns the paths written."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise NewHubError(f"{target} already exists and is not empty: openbook new never overwrites; "
                          "choose a new folder")
    contents = files(identity, today)
    for path, text in contents.items():
        file = target / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text, encoding="utf-8")
    return sorted(contents)
