"""The reviewer's summary of a change: what it does to pages, prices, practices and settings, in words.

Pure: the texts of the changed files at the base and the head go in, a Review
comes out, and `render` turns it into Markdown for a pull request comment or a
job summary. Everything taken from the change (file names, headings, plan
names, commit subjects) is untrusted: the template neutralises every value it
prints, so none of it can add HTML, images, links or @-mentions.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePosixPath
from typing import Any, Literal

import yaml

from openbook import plaintext
from openbook.contribution import scan as contribution
from openbook.findings import Finding

# --- neutralising untrusted text for GitHub Markdown ------------------------

# Inline, these are the characters that start emphasis, code, links, images,
# tables or strikethrough; < > & become entities first.
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]!|~#])")
# The longest untrusted string one line of the summary shows.
TEXT_LIMIT = 200


class Safe(str):
    """Markdown that is already safe to print as it is (built by `code` or the template itself)."""


def md(value: object) -> Safe:
    """Plain text as inert Markdown: no HTML, links, images, emphasis, mentions or issue references.

    HTML special characters and `$` (math) become entities and Markdown punctuation is
    backslash-escaped; a zero-width space after `@` and before a number after
    `#` keeps GitHub from notifying people or linking issues.
    """
    if isinstance(value, Safe):
        return value
    text = html.escape(plaintext.one_line(value, TEXT_LIMIT), quote=False)
    text = _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)
    # A value never starts a line, but after "- " a leading "1." or "-" would start a nested list.
    text = re.sub(r"^(\d+)([.)])", r"\1\\\2", text)
    text = re.sub(r"^([-+])", r"\\\1", text)
    text = text.replace("@", "@&#8203;")
    # GitHub renders $...$ as LaTeX, which can draw large text of any colour; an entity is no delimiter.
    text = text.replace("$", "&#36;")
    text = re.sub(r"(\\#)(?=\d)", r"\1&#8203;", text)
    return Safe(text)


def code(value: object) -> Safe:
    """Text as a Markdown code span, in which GitHub interprets nothing (file names, values)."""
    text = plaintext.one_line(value, TEXT_LIMIT).replace("|", "¦")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return Safe(f"{fence}{pad}{text}{pad}{fence}")


# --- pages and their sections ----------------------------------------------

_FRONT = re.compile(r"\A-{3}[ \t]*\n(.*?\n)?(?:\.{3}|-{3})[ \t]*(?:\n|\Z)", re.DOTALL)
# An ATX heading: its marks, then its text with the closing sequence (blanks, `#`s) still on;
# _heading_text takes it off. A lazy `(.*?)` before the closing sequence read a long run of
# blanks again at each of its characters (quadratic time on a contributor's line).
_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*)$")
# A trailing attribute list (`{#id .class}`), from the start of the blanks before it: a match
# can only begin where a run of blanks begins (the lookbehind), and no run is read twice.
_ATTRS = re.compile(r"(?<!\s)\s*+\{[^{}]*+\}\s*+$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
TOP = "(top of the page)"
FRONT_MATTER = "(front matter: title, description, tags…)"

SectionStatus = Literal["added", "changed", "removed"]


@dataclass(frozen=True)
class SectionChange:
    heading: str
    status: SectionStatus


@dataclass(frozen=True)
class PageChange:
    path: str
    status: str
    title: str
    old_path: str | None = None
    sections: tuple[SectionChange, ...] = ()


def split_front_matter(text: str) -> tuple[str, str]:
    match = _FRONT.match(text)
    return (match.group(1) or "", text[match.end():]) if match else ("", text)


def _heading_text(rest: str) -> str:
    """An ATX heading's text without its closing sequence: blanks, a run of `#` after a blank, blanks."""
    text = rest.rstrip(" \t")
    bare = text.rstrip("#")
    if bare != text and bare[-1:] in (" ", "\t"):
        return bare.rstrip(" \t")
    return text


def sections(text: str) -> dict[str, str]:
    """A page's sections by heading, in page order: the front matter, the top, then each heading's text."""
    front, body = split_front_matter(text)
    out: dict[str, list[str]] = {}
    if front.strip():
        out[FRONT_MATTER] = [front]
    current = TOP
    out[current] = []
    fence: str | None = None
    next_number: dict[str, int] = {}
    for line in body.split("\n"):
        opener = _FENCE.match(line)
        if fence is None and opener:
            fence = opener.group(1)
        elif fence is not None and line.strip().startswith(fence[0] * len(fence)) and not line.strip().strip(fence[0]):
            fence = None
        elif fence is None and (heading := _ATX.match(line)):
            name = _ATTRS.sub("", _heading_text(heading.group(2))).strip() or "(untitled heading)"
            # A repeated heading is "name (2)", "name (3)"…: counting on from the last number
            # taken, so a page of many equal headings is read in linear time.
            key, number = name, next_number.get(name, 2)
            while key in out:
                key, number = f"{name} ({number})", number + 1
            next_number[name] = number
            current = key
            out[current] = []
            continue
        out[current].append(line)
    joined = {key: "\n".join(lines).strip() for key, lines in out.items()}
    if not joined.get(TOP):
        joined.pop(TOP, None)
    return joined


def title_of(text: str, path: str) -> str:
    front, body = split_front_matter(text)
    try:
        meta = yaml.safe_load(front) if front.strip() else None
    except yaml.YAMLError:
        meta = None
    if isinstance(meta, dict) and isinstance(meta.get("title"), str) and meta["title"].strip():
        return meta["title"].strip()
    for key in sections(body):
        if key not in (TOP, FRONT_MATTER):
            return key
    return PurePosixPath(path).stem.replace("-", " ").capitalize()


def section_changes(before: str | None, after: str | None) -> tuple[SectionChange, ...]:
    old = sections(before or "") if before is not None else {}
    new = sections(after or "") if after is not None else {}
    changes = [
        SectionChange(heading, "added" if heading not in old else "changed")
        for heading, text in new.items()
        if heading not in old or old[heading] != text
    ]
    changes.extend(SectionChange(heading, "removed") for heading in old if heading not in new)
    return tuple(changes)


def page_change(path: str, status: str, before: str | None, after: str | None, old_path: str | None = None) -> PageChange:
    title = title_of(after if after is not None else before or "", path)
    return PageChange(path, status, title, old_path, section_changes(before, after))


# --- practices ---------------------------------------------------------------


@dataclass(frozen=True)
class PracticeChange:
    path: str
    title: str
    status: str
    # Each change in words, e.g. "owner: Support team → Customer team".
    details: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()


def practice_change(path: str, status: str, before: str | None, after: str | None, *,
                    default_review_every: int, today: date, default_notice_days: int = 0,
                    editorial: bool = False) -> PracticeChange:
    from openbook.practices import model as practices

    def parse(text: str | None) -> tuple[Any, list[str]]:
        if text is None:
            return None, []
        try:
            return practices.parse(text, path, default_review_every=default_review_every), []
        except practices.PracticeError as exc:
            return None, [problem.text() for problem in exc.problems]

    old, _ = parse(before)
    new, problems = parse(after)
    title = new.title if new else old.title if old else title_of(after or before or "", path)
    details: list[str] = []
    if new and not old and status != "deleted":
        details.append(f"owner {new.owner}; last reviewed {new.last_reviewed}; review every {new.review_every} days; "
                       f"next review {new.next_review}")
    elif new and old:
        if old.owner != new.owner:
            details.append(f"owner: {old.owner} → {new.owner}")
        if old.last_reviewed != new.last_reviewed:
            details.append(f"last reviewed: {old.last_reviewed} → {new.last_reviewed}")
        if old.review_every != new.review_every:
            details.append(f"review every: {old.review_every} → {new.review_every} days")
        if old.next_review != new.next_review:
            details.append(f"next review: {old.next_review} → {new.next_review}")
        if not details:
            details.append(f"text only; owner, review dates unchanged (next review {new.next_review})")
    elif old and status == "deleted":
        details.append(f"removed (owner was {old.owner})")
    if new and after is not None and (before is None or not _same_reading(before, after)):
        details.append(EDITORIAL_WORDS if editorial else _notice_words(new, old, today, default_notice_days))
    if new and new.overdue(today):
        details.append(f"review overdue by {new.days_overdue(today)} days")
    return PracticeChange(path, title, status, tuple(details), tuple(problems))


# What a change declared editorial (the trailer `Change-Type: editorial`) means, for the reviewer who judges it.
EDITORIAL_WORDS = ("declared editorial: applies at once, with no notice; reviewers, confirm that it changes no "
                   "commitment")


def _same_reading(before: str, after: str) -> bool:
    from openbook.history import versions

    return versions.same_reading(before, after)


def _notice_words(new: Any, old: Any, today: date, default_notice_days: int) -> str:
    """"Refunds: changes from 2027-01-01, 41 days' notice, minimum 30": published today, when merged.

    The minimum is the base's (the page's own `notice_days` before the change, else the base's default),
    so a change cannot lower it for itself.
    """
    minimum = old.notice_days if old is not None and old.notice_days is not None else default_notice_days
    start = new.effective if new.effective and new.effective > today else today
    notice = (start - today).days
    words = f"{new.title}: changes from {start.isoformat()}, {notice} days' notice, minimum {minimum}"
    if notice < minimum:
        words += " (too little notice)"
    return words


# --- pricing -----------------------------------------------------------------


@dataclass(frozen=True)
class PriceChange:
    text: str
    short_notice: bool = False


def pricing_changes(before: str | None, after: str | None, *, file: str, today: date,
                    min_notice_days: int) -> tuple[list[PriceChange], list[str]]:
    """The price changes in words, and problems with the data (each one line)."""
    from openbook.pricing import model as pricing

    def parse(text: str | None, label: str) -> tuple[Any, list[str]]:
        if text is None:
            return None, []
        try:
            return pricing.parse(text, file), []
        except pricing.PricingError as exc:
            return None, [f"{label}: {line}" for line in exc.lines()]

    old, _ = parse(before, "base")
    new, problems = parse(after, "head")
    if after is None:
        return [PriceChange(f"the pricing data ({file}) is removed")], problems
    if new is None:
        return [], problems
    # Notice counts from today: the change is published when it is merged.
    differences = pricing.compare(old, new, today=today, min_notice_days=min_notice_days)
    return [PriceChange(d.text, d.short_notice) for d in differences], problems


# --- subprocessors ----------------------------------------------------------


def subprocessor_changes(before: str | None, after: str | None, *, file: str, today: date,
                         notice_days: int) -> tuple[list[PriceChange], list[str]]:
    """The register's new changes in words ("Acme Mail replaces Postbox for reminder e-mails from 2027-01-15
    (41 days' notice; the minimum is 30)"), and problems with the data (each one line)."""
    from openbook.subprocessors import model as register

    def parse(text: str | None, label: str) -> tuple[Any, list[str]]:
        if text is None:
            return None, []
        try:
            return register.parse(text, file), []
        except register.RegisterError as exc:
            return None, [f"{label}: {line}" for line in exc.lines()]

    old, _ = parse(before, "base")
    new, problems = parse(after, "head")
    if after is None:
        return [PriceChange(f"the register of subprocessors ({file}) is removed")], problems
    if new is None:
        return [], problems
    differences = register.compare(old, new, today=today, notice_days=notice_days)
    return [PriceChange(d.text, d.short_notice) for d in differences], problems


# --- settings ----------------------------------------------------------------

_MISSING = object()


class _TolerantLoader(yaml.SafeLoader):
    """Safe YAML that reads MkDocs' custom tags (!ENV, !!python/name) as plain values, never code."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


_TolerantLoader.add_multi_constructor("!", _any_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _any_tag)


def read_config(text: str | None) -> dict[str, Any]:
    if not text:
        return {}
    try:
        data = yaml.load(text, Loader=_TolerantLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict) and value:
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(_flatten(item, f"{prefix}.{key}" if prefix else str(key)))
        return out
    return {prefix: value} if prefix else {}


@dataclass(frozen=True)
class SettingChange:
    key: str
    old: Any
    new: Any

    @property
    def status(self) -> str:
        return "added" if self.old is _MISSING else "removed" if self.new is _MISSING else "changed"

    def value(self, which: Any) -> str:
        return "" if which is _MISSING else json.dumps(which, default=str, ensure_ascii=False)


def settings_changes(before: dict[str, Any], after: dict[str, Any]) -> list[SettingChange]:
    """Every key under extra.openbook that the change adds, removes or changes, questions settings first."""

    def ours(config: dict[str, Any]) -> dict[str, Any]:
        return _flatten(contribution.raw_setting(config, "extra", "openbook") or {}, "extra.openbook")

    old, new = ours(before), ours(after)
    keys = sorted(set(old) | set(new), key=lambda k: (not k.startswith("extra.openbook.questions."), k))
    return [SettingChange(k, old.get(k, _MISSING), new.get(k, _MISSING)) for k in keys
            if old.get(k, _MISSING) != new.get(k, _MISSING)]


# --- the review ----------------------------------------------------------------


@dataclass(frozen=True)
class RiskNote:
    """One of `openbook check`'s findings, as the review lists it."""

    file: str
    line: int | None
    level: str
    message: str
    rule: str = ""

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass(frozen=True)
class ListedFile:
    """One changed file, whatever it is: pages, data, code and renames alike."""

    path: str
    status: str
    kind: str
    old_path: str | None = None


@dataclass
class Review:
    base: str
    head: str
    commits: list[str] = field(default_factory=list)
    # A commit of the change carries `Change-Type: editorial`.
    editorial: bool = False
    pages: list[PageChange] = field(default_factory=list)
    prices: list[PriceChange] = field(default_factory=list)
    pricing_problems: list[str] = field(default_factory=list)
    subprocessors: list[PriceChange] = field(default_factory=list)
    subprocessor_problems: list[str] = field(default_factory=list)
    practices: list[PracticeChange] = field(default_factory=list)
    settings: list[SettingChange] = field(default_factory=list)
    risks: list[RiskNote] = field(default_factory=list)
    code: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)
    files: list[ListedFile] = field(default_factory=list)

    @property
    def touches_code(self) -> bool:
        return bool(self.code)

    @property
    def short_notice(self) -> bool:
        return any(p.short_notice for p in self.prices)


@dataclass(frozen=True)
class FileText:
    """One changed file with its text at the base and at the head (None where it does not exist)."""

    path: str
    status: str
    before: str | None
    after: str | None
    old_path: str | None = None


def summarise(files: Iterable[FileText], *, base: str, head: str, layout: contribution.Layout,
              config_before: dict[str, Any], config_after: dict[str, Any], today: date,
              commits: Iterable[str] = (), findings: Iterable[Finding] | None = None,
              editorial: bool = False) -> Review:
    """The summary of a change; `findings` are `openbook check`'s, so that both tell the same story.

    `editorial`: a commit of the change declares it editorial (changeset.declared_editorial).
    """
    review = Review(base=base, head=head, commits=list(commits), editorial=editorial)
    findings = list(findings) if findings is not None else None

    def whole_number(*keys: str, default: int) -> int:
        value = contribution.raw_setting(config_before, "extra", "openbook", *keys)
        return value if isinstance(value, int) and not isinstance(value, bool) else default

    # The rules in force are the base's: a change cannot relax the notice rule for itself.
    min_notice = whole_number("pricing", "min_notice_days", default=30)
    review_every = whole_number("practices", "review_every", default=365)
    notice_days = whole_number("practices", "notice_days", default=0)
    register_notice = whole_number("subprocessors", "notice_days", default=30)
    register_source = contribution.raw_setting(config_before, "extra", "openbook", "subprocessors", "source")
    register_source = register_source if isinstance(register_source, str) else "data/subprocessors.yml"

    for file in files:
        kind = contribution.classify(file.path, layout)
        old_kind = contribution.classify(file.old_path, layout) if file.old_path else kind
        review.files.append(ListedFile(file.path, file.status, "code" if "code" in (kind, old_kind) else kind,
                                       file.old_path))
        # With check's findings, code files are the ones check reported (below).
        if findings is None and "code" in (kind, old_kind):
            review.code.append(file.path)
        elif findings is None and kind == "other":
            review.other.append(file.path)
        if kind == "pricing" or old_kind == "pricing":
            prices, problems = pricing_changes(file.before, file.after, file=file.path, today=today,
                                               min_notice_days=min_notice)
            review.prices.extend(prices)
            review.pricing_problems.extend(problems)
        if register_source in (file.path, file.old_path):
            changes, problems = subprocessor_changes(file.before, file.after, file=file.path, today=today,
                                                     notice_days=register_notice)
            review.subprocessors.extend(changes)
            review.subprocessor_problems.extend(problems)
        if contribution.is_markdown(file.path, layout):
            page_path = file.path[len(layout.docs_dir) + 1:]
            if kind == "practices" and not page_path.endswith("index.md"):
                review.practices.append(practice_change(
                    page_path, file.status, file.before, file.after, default_review_every=review_every, today=today,
                    default_notice_days=notice_days, editorial=editorial,
                ))
            review.pages.append(page_change(file.path, file.status, file.before, file.after, file.old_path))
            if file.after is not None and findings is None:
                review.risks.extend(
                    RiskNote(file.path, risk.line, risk.level, risk.message)
                    for risk in contribution.new_risks(file.before, file.after)
                )
    review.settings = settings_changes(config_before, config_after)
    if findings is not None:
        review.risks = [RiskNote(f.file, f.line, f.level, f.message, f.rule) for f in findings
                        if f.rule not in ("contribution.code", "contribution.settings")]
        review.code = list(dict.fromkeys(f.file for f in findings if f.rule == "contribution.code"))
        review.other = [f.path for f in review.files if f.kind == "other"]
    return review


def _template():
    from openbook import templating

    # Every printed value is neutralised unless it is already Safe: the
    # Markdown equivalent of HTML autoescaping, so no value can be forgotten.
    env = templating.environment("contribution", filters={"code": code, "md": md}, finalize=md, autoescape=False)
    return env.get_template("review.md.j2")


# At most this many items per list; a PR that touches more is summarised by count.
LIST_LIMIT = 50


def render(review: Review) -> str:
    return _template().render(r=review, limit=LIST_LIMIT, editorial_words=EDITORIAL_WORDS)
