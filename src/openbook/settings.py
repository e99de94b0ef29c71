"""The hub's settings: `extra.openbook` in mkdocs.yml, validated into typed config.

This is the one place every feature reads its settings from. The build (through
`openbook.hooks.settings`) and the CLI load the same file with MkDocs' own loader, so
there is never a second copy and both report a bad key the same way.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from urllib.parse import urlsplit
from typing import TYPE_CHECKING, Any

import yaml
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

ROOT_KEY = "extra.openbook"


class _NonNegative(c.Type):
    """A whole number of 0 or more (hours, days): a negative one is a mistake, never a meaning."""

    def __init__(self, default: int) -> None:
        super().__init__(int, default=default)

    def run_validation(self, value: object) -> int:
        number = super().run_validation(value)
        if number < 0:
            raise c.ValidationError(f"{number} is negative; expected 0 or more")
        return number


class QuestionsSettings(base.Config):
    """Public Q&A pages built from the question snapshot."""

    enabled = c.Type(bool, default=True)
    # The snapshot `openbook sync` writes and the build reads, relative to mkdocs.yml.
    snapshot = c.Type(str, default="data/questions.json")
    publish_labels = c.ListOfItems(c.Type(str), default=["question"])
    # approved: a question is published once staff let it in (a staff answer, or one of
    # approval_labels, which no issue form may apply); until then it is counted, not copied.
    # immediately: every labelled question is published at the next build, whoever wrote it.
    publish = c.Choice(["approved", "immediately"], default="approved")
    approval_labels = c.ListOfItems(c.Type(str), default=["approved"])
    # A comment by an author the hub has not published before waits this long after its
    # creation, so GitHub's spam removal and staff can delete it before it is copied.
    hold_hours = _NonNegative(default=24)
    exclude_labels = c.ListOfItems(c.Type(str), default=["private", "spam", "off-topic", "duplicate"])
    # Label -> heading on the questions index, in the order given.
    categories = c.DictOfItems(c.Type(str), default={})
    # What to do with a locked issue: publish it, or skip it.
    locked = c.Choice(["publish", "skip"], default="publish")
    # A closed question stays published (state "closed") unless GitHub's close
    # reason is listed here.
    skip_closed_as = c.ListOfItems(c.Type(str), default=["not_planned", "duplicate"])
    # Every question number ever published, kept so that a question that leaves
    # the published set gets a tombstone page instead of a dead link. The build
    # adds newly published numbers; commit the file with the snapshot.
    ledger = c.Type(str, default="data/questions-published.json")
    # Logins always treated as staff, for staff whose org membership is private.
    staff_logins = c.ListOfItems(c.Type(str), default=[])
    hide_bots = c.Type(bool, default=True)
    hidden_logins = c.ListOfItems(c.Type(str), default=[])
    redact_emails = c.Type(bool, default=True)
    redact_phones = c.Type(bool, default=False)
    # Images in customer text that point at another host track readers; show them as links.
    allow_external_images = c.Type(bool, default=False)


class ConsultationsSettings(base.Config):
    """Consultations: staff ask customers' advice on an issue, and publish what they decided."""

    enabled = c.Type(bool, default=True)
    # An issue with this label (ignoring case), opened by staff, is a consultation.
    # Staff are recognised as for answers (questions.staff_logins, author association),
    # and moderation and redaction follow the questions settings.
    label = c.Type(str, default="consultation")
    # How many days back the index's figures count.
    window_days = c.Type(int, default=365)
    feed = c.Type(str, default="consultations/feed.xml")


class SyncSettings(base.Config):
    """How `openbook sync` talks to GitHub."""

    # Empty: https://HOST/api/v3 when repo_url is on a GitHub Enterprise host, else the
    # GITHUB_API_URL environment variable, then https://api.github.com.
    api_url = c.Type(str, default="")
    # Never sleep longer than this for a rate limit; stop and say when to retry instead.
    max_wait = c.Type(int, default=60)
    timeout = c.Type(int, default=30)
    retries = c.Type(int, default=3)
    # `since` never reports a deleted or transferred issue, or a deleted comment:
    # a sync whose last full reconciliation is older than this many hours runs one,
    # so deleted content leaves the hub within this time.
    full_sync_hours = c.Type(int, default=24)
    # A listing whose pages GitHub does not count (no Link rel=last) stops with an
    # error after this many pages; a counted one after its count and a margin.
    max_pages = c.Type(int, default=2000)


class PricingSettings(base.Config):
    """Pricing pages, price history and the notice rule."""

    enabled = c.Type(bool, default=True)
    source = c.Type(str, default="data/pricing.yml")
    min_notice_days = c.Type(int, default=30)
    # The hand-written page (under docs/) whose markers become the price table,
    # the feature matrix and the upcoming-changes notice.
    page = c.Type(str, default="pricing.md")
    # The generated price history page and Atom feed, as paths under the site.
    history_page = c.Type(str, default="pricing/history.md")
    feed = c.Type(str, default="pricing/feed.xml")


class SubprocessorsSettings(base.Config):
    """The register of subprocessors: its page, feed and notice rule."""

    enabled = c.Type(bool, default=True)
    # A hub without this file (one from before the register) builds without it until it adds one.
    source = c.Type(str, default="data/subprocessors.yml")
    # The hand-written page (under docs/) whose markers become the list, the upcoming changes and the history.
    page = c.Type(str, default="subprocessors.md")
    # Days between publishing an addition or replacement and its `effective` date; a removal needs none.
    notice_days = c.Type(int, default=30)
    feed = c.Type(str, default="subprocessors/feed.xml")
    # The issue form (under .github/ISSUE_TEMPLATE/) that the page's objection links open.
    objection_form = c.Type(str, default="subprocessor-objection.yml")


class PracticesSettings(base.Config):
    """Practices pages and their review dates."""

    enabled = c.Type(bool, default=True)
    # Folder under docs/ that holds the practices pages.
    folder = c.Type(str, default="practices")
    review_every = c.Type(int, default=365)
    fail_on_overdue = c.Type(bool, default=False)
    # Days between publishing a change to a practice and its `effective:` date, for a
    # practice whose front matter gives no `notice_days`; 0 requires none.
    notice_days = c.Type(int, default=0)


class FaqSettings(base.Config):
    """The open FAQ: curated answers under docs/faq/, grown from the questions."""

    enabled = c.Type(bool, default=True)
    # Folder under docs/ that holds the FAQ entries (every page but index.md).
    folder = c.Type(str, default="faq")
    review_every = c.Type(int, default=365)
    # "Worth writing down": an answered question asked at least this many times
    # (itself, its duplicates and its 👍) with no FAQ entry yet.
    candidate_min_asked = c.Type(int, default=10)


class HistorySettings(base.Config):
    """Page history from one pass over git, the "What changed" log and the contributors page."""

    enabled = c.Type(bool, default=True)
    # Paths (globs, relative to mkdocs.yml) whose changes the "What changed" page and feed list:
    # what the company answers for (its practices, its FAQ's curated answers) and its prices.
    watch = c.ListOfItems(c.Type(str), default=["docs/practices/**", "docs/faq/**", "data/pricing.yml",
                                                "data/subprocessors.yml"])
    # How many changes "What changed" and its feed show, newest first.
    changes_limit = c.Type(int, default=50)
    # Pages (globs relative to mkdocs.yml) that get a versions page, every version as it read,
    # and a comparison of each change; empty for none.
    versions = c.ListOfItems(c.Type(str), default=["docs/practices/**", "docs/faq/**", "docs/pricing.md",
                                                   "docs/subprocessors.md"])


class NoticesSettings(base.Config):
    """The notices page (notices/), its feed, and `openbook notices`."""

    enabled = c.Type(bool, default=True)


class Settings(base.Config):
    """Everything under `extra.openbook`."""

    company = c.Type(str, default="")
    # The branch that Edit and History links point at.
    branch = c.Type(str, default="main")
    questions = c.SubConfig(QuestionsSettings)
    consultations = c.SubConfig(ConsultationsSettings)
    sync = c.SubConfig(SyncSettings)
    pricing = c.SubConfig(PricingSettings)
    subprocessors = c.SubConfig(SubprocessorsSettings)
    practices = c.SubConfig(PracticesSettings)
    faq = c.SubConfig(FaqSettings)
    history = c.SubConfig(HistorySettings)
    notices = c.SubConfig(NoticesSettings)


class SettingsError(Exception):
    """`extra.openbook` is invalid; the message names the file, the line and the key."""


_SUB_OPTION = re.compile(r"^Sub-option '([^']+)': ")
_TYPE_MESSAGE = re.compile(r"^Expected type: <class '(\w+)'> but received: <class '(\w+)'>")


def _split_key(key: str, message: str) -> tuple[list[str], str]:
    """Turn MkDocs' nested "Sub-option 'x': ..." messages into a key path and a message."""
    path = [key]
    while match := _SUB_OPTION.match(message):
        path.append(match.group(1))
        message = message[match.end() :]
    if message.startswith("Unrecognised configuration name: "):
        message = "unknown key; check the spelling, or see the settings table in the README"
    elif match := _TYPE_MESSAGE.match(message):
        message = f"expected {match.group(1)}, but found {match.group(2)}"
    return path, message


def _line_of(config_file: str | None, keys: list[str]) -> int | None:
    """Find the 1-based line of a key path in a YAML file, if it is there."""
    if not config_file or not Path(config_file).is_file():
        return None
    try:
        # compose() builds nodes without constructing tags, so MkDocs' custom
        # tags (!ENV, !!python/name) do not need their constructors here.
        node = yaml.compose(Path(config_file).read_text(encoding="utf-8"))
    except yaml.YAMLError:
        return None
    line = None
    for key in keys:
        if not isinstance(node, yaml.MappingNode):
            return None
        for key_node, value_node in node.value:
            if key_node.value == key:
                line = key_node.start_mark.line + 1
                node = value_node
                break
        else:
            return None
    return line


def validate(raw: object, config_file: str | None = None) -> Settings:
    """Validate the raw `extra.openbook` mapping, or raise SettingsError naming every bad key."""
    where = Path(config_file).name if config_file else "mkdocs.yml"
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise SettingsError(
            f"{where}: {ROOT_KEY} must be a mapping of settings, but a {type(raw).__name__} was given"
        )
    settings = Settings(config_file_path=config_file)
    try:
        settings.load_dict(raw)
        errors, warnings = settings.validate()
    except ConfigurationError as exc:
        raise SettingsError(f"{where}: {ROOT_KEY}: {exc}") from None
    problems = []
    # An unknown key is an error, not a warning: a typo must never be ignored silently.
    for key, message in [*errors, *warnings]:
        path, text = _split_key(key, str(message))
        line = _line_of(config_file, ["extra", "openbook", *path])
        location = f"{where}:{line}" if line else where
        problems.append(f"{location}: {ROOT_KEY}.{'.'.join(path)}: {text}")
    if problems:
        raise SettingsError("\n".join(problems))
    return settings


def of(config: MkDocsConfig) -> Settings:
    """The validated settings of a loaded MkDocs config, validated once and kept on it."""
    current = config.extra.get("openbook")
    if isinstance(current, Settings):
        return current
    try:
        settings = validate(current, config.config_file_path)
    except SettingsError as exc:
        raise PluginError(str(exc)) from None
    # Keep the typed settings on the config itself: MkDocs builds a fresh config
    # on every `mkdocs serve` rebuild, so no state outlives a build.
    config.extra["openbook"] = settings
    return settings


def repo_from_url(repo_url: str | None) -> str | None:
    """OWNER/NAME from a repo_url such as https://github.com/owner/name(.git)."""
    if not repo_url:
        return None
    segments = [s for s in urlsplit(repo_url).path.split("/") if s]
    if len(segments) < 2:
        return None
    owner, name = segments[-2], segments[-1].removesuffix(".git")
    return f"{owner}/{name}"


def project_root(config: MkDocsConfig) -> Path:
    """The folder that holds mkdocs.yml: relative paths in the settings start here."""
    return Path(config.config_file_path).resolve().parent


class _Problems(logging.Filter):
    """Takes the errors MkDocs' config loader logs before it aborts, so each is said once, in our message."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[str] = []

    def filter(self, record: logging.LogRecord) -> bool:
        # Warnings too: an unknown MkDocs key fails `mkdocs build --strict`, so
        # every command treats it as the error it is there, and says it once.
        if record.levelno < logging.WARNING:
            return True
        self.messages.append(record.getMessage())
        return False


_CONFIG_VALUE = re.compile(r"^Config value '(?P<key>[^']+)': (?P<problem>.*)$", re.DOTALL)


def _located(path: Path, message: str) -> str:
    """MkDocs' "Config value 'key': problem" as "mkdocs.yml:LINE: key: problem", found by the key's line."""
    match = _CONFIG_VALUE.match(message)
    if not match:
        return f"{path}: {message}"
    key = match["key"].split(".")[0]
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    line = next((n for n, text in enumerate(lines, 1) if re.match(rf"{re.escape(key)}\s*:", text)), None)
    where = f"{path}:{line}" if line else f"{path}"
    return f"{where}: {match['key']}: {match['problem']}"


def load(config_file: str | Path = "mkdocs.yml", **overrides: Any) -> MkDocsConfig:
    """Load mkdocs.yml with MkDocs' own loader, as the CLI does, and validate our settings."""
    from mkdocs.config import load_config

    path = Path(config_file)
    if not path.is_file():
        raise SettingsError(f"{path}: no such file; run openbook from the hub's folder or pass --config-file")
    problems = _Problems()
    logger = logging.getLogger("mkdocs.config")
    logger.addFilter(problems)
    try:
        config = load_config(str(path), **overrides)
    except ConfigurationError as exc:
        raise SettingsError(f"{path}: {exc}") from None
    except Abort:
        # MkDocs logged each problem, then raised an Abort that only counts them.
        found = "\n".join(_located(path, message) for message in problems.messages)
        raise SettingsError(found or f"{path}: not a valid MkDocs configuration") from None
    finally:
        logger.removeFilter(problems)
    if problems.messages:
        raise SettingsError("\n".join(_located(path, message) for message in problems.messages))
    try:
        of(config)
    except PluginError as exc:
        raise SettingsError(str(exc)) from None
    return config
