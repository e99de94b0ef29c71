"""Where notices come from: one function per feature, each reading its own data and returning Notices.

This is the one registry of notice sources (SOURCES). A feature that announces
something adds one function here, `def name(hub: Hub) -> list[Notice]`, and one
entry in SOURCES; `openbook notices`, its `--publish`, the notices page and its
feed all read `collect(hub)`, so nothing else needs to know of it.

The I/O of each source (pricing.yml, the git log, the question snapshot) is
here; what a notice says is openbook.notices.model's.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlencode

from openbook import settings as settings_module
from openbook.notices import model
from openbook.notices.model import Notice

T = TypeVar("T")

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from openbook.history.gitlog import Log
    from openbook.settings import Settings


class SourceError(Exception):
    """A source's data cannot be read; str() names the file, line and key, and what to do."""


@dataclass
class Hub:
    """What every source reads: the hub's config, its one git log (None without history), and today."""

    config: MkDocsConfig
    today: date
    log: Log | None = None
    # Why there is no log, when there is none (a tarball, a shallow clone).
    no_log_reason: str = ""
    _cache: dict[str, Any] = field(default_factory=dict)

    @property
    def settings(self) -> Settings:
        return settings_module.of(self.config)

    @property
    def root(self) -> Path:
        return settings_module.project_root(self.config)

    def url(self, src_uri: str, fragment: str = "") -> str:
        """The URL of the page built from docs/`src_uri`: absolute under site_url, else from the site's root."""
        path = page_path(src_uri, self.config.use_directory_urls)
        base = (self.config.site_url or "/").rstrip("/") + "/"
        return base + path + (f"#{fragment}" if fragment else "")

    def docs_repo_prefix(self) -> str:
        """docs_dir's path in the repository the log reads ("docs/", "hub/docs/")."""
        return self._repo_prefix(Path(self.config.docs_dir))

    def root_repo_prefix(self) -> str:
        """The hub's folder in the repository the log reads ("" or "hub/")."""
        return self._repo_prefix(self.root)

    def _repo_prefix(self, folder: Path) -> str:
        if self.log is None:
            return ""
        try:
            relative = folder.resolve().relative_to(self.log.top).as_posix()
        except ValueError:
            return ""
        return "" if relative == "." else relative + "/"


def page_path(src_uri: str, use_directory_urls: bool = True) -> str:
    """A page's URL path as MkDocs gives it: "pricing/history.md" -> "pricing/history/", "index.md" -> ""."""
    stem = src_uri.removesuffix(".md")
    if not use_directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def _data_file(hub: Hub, options: Any, load: Callable[[Path, str], T]) -> T | None:
    """A record's data file (pricing, the register), validated; None when its feature is off or the hub has none."""
    from openbook.datafile import DataFileError

    path = hub.root / options.source
    if not options.enabled or not path.is_file():
        return None
    try:
        return load(path, options.source)
    except DataFileError as exc:
        raise SourceError(str(exc)) from None


# --- prices -------------------------------------------------------------------------------------


def price_changes(hub: Hub) -> list[Notice]:
    """Every price change in pricing.yml `changes:`, published when git first saw its id (or when announced)."""
    from openbook.pricing import history as pricing_history, model as pricing, render as pricing_render

    options = hub.settings.pricing
    data = _data_file(hub, options, pricing.load)
    if data is None:
        return []
    found = (pricing_history.from_log(hub.log, hub.root, options.source) if hub.log is not None
             else pricing_history.PricingHistory())
    publications = pricing.current_publications(data, found.publications, found.stated)
    notices = []
    for view in pricing_render.change_views(data, publications, hub.today):
        phrases = []
        for phrase in view.phrases:
            text = f"{phrase.name} costs {' and '.join(phrase.main)}"
            if phrase.others:
                text += f" ({' and '.join(phrase.others)})"
            phrases.append(text)
        notices.append(model.price_change(
            change_id=view.change.id,
            effective=view.change.effective,
            published=view.notice.published,
            plans=list(dict.fromkeys(s.plan_name for s in view.steps)),
            phrases=phrases,
            reason=view.change.reason,
            url=hub.url(options.history_page, f"change-{view.change.id}"),
            upcoming=view.upcoming,
        ))
    return notices


# --- practices ----------------------------------------------------------------------------------


def practice_changes(hub: Hub) -> list[Notice]:
    """Each version of a practice page published ahead of its `effective:` date, read from the git log.

    Only what the branch published counts: a change not committed yet is no notice.
    Versions that only moved or re-dated the page (the same text as read) announce nothing.
    """
    from openbook.history import changelog, versions as versions_model, versions_site
    from openbook.practices import model as practices

    options = hub.settings.practices
    if not options.enabled or hub.log is None:
        return []
    docs = Path(hub.config.docs_dir)
    folder = docs / options.folder.strip("/")
    if not folder.is_dir():
        return []
    prefix = hub.docs_repo_prefix()
    history = hub.settings.history
    # Only a page the build gives versions has a comparison to link to.
    versioned = [hub.root_repo_prefix() + glob.lstrip("/") for glob in history.versions] if history.enabled else []
    notices = []
    for page in sorted(folder.rglob("*.md")):
        src_uri = page.relative_to(docs).as_posix()
        if not practices.is_practice(src_uri, options.folder):
            continue
        versions = versions_model.build(versions_site.read_versions(hub.log, prefix + src_uri))
        title = _practice_title(page, src_uri, options.review_every, versions)
        announced: set[date] = set()
        for i, version in enumerate(versions):
            effective = version.effective
            if effective is None or effective <= version.published or effective in announced:
                # No notice given (it applied when published), or the same change announced again.
                continue
            if i and versions_model.same_reading(versions[i - 1].text, version.text):
                continue
            announced.add(effective)
            notices.append(model.practice_change(
                path=src_uri, title=title, effective=effective, published=version.published,
                url=hub.url(src_uri),
                compare_url=_comparison_url(hub, src_uri, version.number)
                if version.number > 1 and changelog.watched(prefix + src_uri, versioned) else None,
            ))
    return notices


def _comparison_url(hub: Hub, src_uri: str, number: int) -> str:
    """Where openbook.history.versions_site puts the comparison of version `number` with the one before."""
    stem = src_uri.removesuffix(".md")
    path = f"{stem}/versions/{number}/changes/" + ("" if hub.config.use_directory_urls else "index.html")
    return (hub.config.site_url or "/").rstrip("/") + "/" + path


def _practice_title(page: Path, src_uri: str, review_every: int, versions: list[Any]) -> str:
    from openbook.practices import model as practices

    for text in [page.read_text(encoding="utf-8", errors="replace"), *(v.text for v in reversed(versions))]:
        try:
            return practices.parse(text, src_uri, default_review_every=review_every).title
        except practices.PracticeError:
            continue
    return posixpath.splitext(posixpath.basename(src_uri))[0].replace("-", " ").capitalize()


# --- consultations ------------------------------------------------------------------------------


def consultations(hub: Hub) -> list[Notice]:
    """Each published consultation (opened), and its outcome once staff posted one, from the question snapshot."""
    from openbook import plaintext, untrusted
    from openbook.consultations import model as consult
    from openbook.questions import snapshot
    from openbook.questions.rules import Policy

    options, qs = hub.settings.consultations, hub.settings.questions
    path = hub.root / qs.snapshot
    if not options.enabled or not path.is_file():
        return []
    try:
        snap = snapshot.load(path)
    except snapshot.SnapshotError as exc:
        raise SourceError(str(exc)) from None
    moderation = consult.moderate(snap, Policy.from_settings(qs), options.label)
    # Issue text is untrusted: redacted as the consultation pages redact it, plain words only, and
    # without the characters a terminal would obey (escape sequences) or that reorder text (bidi overrides).
    renderer = untrusted.Renderer(untrusted.RenderOptions(redact_emails=qs.redact_emails,
                                                          redact_phones=qs.redact_phones))
    repo = (hub.config.repo_url or "https://github.com").rstrip("/")
    notices = []
    for item in moderation.published:
        title = plaintext.one_line(renderer.text(item.issue.title), 300)
        url = hub.url(consult.page_src(item.number))
        try:
            opened = item.opened_on
        except (TypeError, ValueError):
            raise SourceError(f"{qs.snapshot}: consultation #{item.number}: its created_at is not an ISO 8601 "
                              "time; run `openbook sync --full` to rewrite the snapshot") from None
        notices.append(model.consultation_opened(
            number=item.number, title=title, opened=opened, closes=item.closes,
            proposal=plaintext.one_line(renderer.plain(item.fields["proposal"]), 600),
            url=url, issue_url=untrusted.web_url(item.issue.html_url) or f"{repo}/issues/{item.number}",
        ))
        outcome = item.outcome
        if outcome is not None:
            notices.append(model.consultation_outcome(
                number=item.number, comment_id=outcome.comment.id, title=title, decided=outcome.decided_on,
                summary=plaintext.one_line(renderer.plain(outcome.summary), 300),
                details=plaintext.one_line(renderer.plain(outcome.details), 600),
                changed=outcome.changed, url=url,
            ))
    return notices


def subprocessor_changes(hub: Hub) -> list[Notice]:
    """Every change of the register of subprocessors: an addition, a removal or a replacement, from its date."""
    from openbook.subprocessors import history as register_history, model as register

    options = hub.settings.subprocessors
    data = _data_file(hub, options, register.load)
    if data is None:
        return []
    found = (register_history.from_log(hub.log, hub.root, options.source) if hub.log is not None
             else register_history.RegisterHistory())
    repo = (hub.config.repo_url or "").rstrip("/")
    return [model.subprocessor_change(
        change_id=a.id, summary=a.title, effective=a.effective, published=a.published, reason=a.reason,
        url=hub.url(options.page, f"change-{a.id}"), object_by=a.objection_deadline,
        object_url=(f"{repo}/issues/new?{urlencode({'template': options.objection_form, 'change': a.id})}"
                    if repo and a.objection_deadline else None),
    ) for a in register.announcements(data, found.stated, hub.today)]


# --- the registry -------------------------------------------------------------------------------

Source = Callable[[Hub], list[Notice]]

# Feature -> its source: a function of this module that imports its package lazily.
SOURCES: dict[str, Source] = {
    "pricing": price_changes,
    "practices": practice_changes,
    "subprocessors": subprocessor_changes,
    "consultations": consultations,
}


def collect(hub: Hub, sources: dict[str, Source] | None = None) -> list[Notice]:
    """Every notice of every source, newest first; SourceError or model.DuplicateNotice if one cannot be told."""
    found: list[Notice] = []
    for source in (SOURCES if sources is None else sources).values():
        found.extend(source(hub))
    return model.ordered(found)


def open_hub(config: MkDocsConfig, today: date) -> Hub:
    """A Hub for the command line, with its own git log of the hub's repository (closed by `close_hub`)."""
    from openbook.history import gitlog

    try:
        log = gitlog.open_log(settings_module.project_root(config))
    except gitlog.Unavailable as exc:
        return Hub(config, today, None, str(exc))
    return Hub(config, today, log)


def close_hub(hub: Hub) -> None:
    if hub.log is not None:
        hub.log.close()
