"""An FAQ entry's front matter (question, category, sources, owner, review date) and when its review is due.

Pure: page text in, an Entry or a list of problems out, each naming the file, the
line and the key, as practices pages do (the same YAML reading and Problem type).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import yaml

# The front matter reader practices pages share: MkDocs' rule, dates kept as text, key lines.
from openbook import reviewed
from openbook.reviewed import Problem, is_page_in

ENTRY_KEYS = ("question", "category", "sources", "owner", "last_reviewed", "review_every")
PAGE_KEYS = ("description", "tags", "hide", "icon", "status", "subtitle", "search", "comments")
EXAMPLE = (
    'question: "Can I switch plans in the middle of a billing month?"\n'
    "category: billing\nsources: [3, 14]\nowner: Billing team (Ana Ruiz)\nlast_reviewed: 2026-11-02"
)


@dataclass(frozen=True)
class Entry(reviewed.ReviewedPage):
    # The page's path under docs/ ("faq/switch-plans.md").
    path: str
    question: str
    category: str
    sources: tuple[int, ...]
    owner: str
    last_reviewed: date
    review_every: int
    # The 1-based line of each source number in the file, for check's warnings.
    source_lines: tuple[int, ...] = ()


class EntryError(Exception):
    """An FAQ entry's front matter is malformed; `problems` lists every bad key."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(p.text() for p in problems))
        self.problems = problems


def _source_lines(node: yaml.Node | None) -> dict[int, int]:
    """The file line of each item of `sources` (a flow list shares the key's line)."""
    lines: dict[int, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "sources" and isinstance(value, yaml.SequenceNode):
                for item in value.value:
                    lines.setdefault(len(lines), item.start_mark.line + 2)
    return lines


def parse(text: str, path: str, *, categories: Iterable[str], default_review_every: int,
          file: str | None = None) -> Entry:
    """Validate an FAQ entry's front matter into an Entry, or raise EntryError.

    categories are the labels of `extra.openbook.questions.categories`; path is the
    page's path under docs/; file, how messages name it (default: path).
    """
    file = file or path
    categories = [c.lower() for c in categories]

    def unknown(key: str) -> str:
        hint = " (the question is the title: write it as `question`)" if key == "title" else ""
        return f"unknown key{hint}; an FAQ entry takes {', '.join(ENTRY_KEYS)} and the page keys {', '.join(PAGE_KEYS)}"

    front = reviewed.read(
        text, file, error=EntryError, allowed=ENTRY_KEYS + PAGE_KEYS, unknown=unknown,
        missing=Problem(file, "question", f"no front matter; an FAQ entry starts with\n---\n{EXAMPLE}\n---", 1),
    )
    meta, lines, problems = front.meta, front.lines, front.problems
    item_lines = _source_lines(front.node)

    def text_value(key: str, what: str, example: str) -> str | None:
        value = meta.get(key)
        if value is None:
            problems.append(Problem(file, key, f"missing; give {what}, e.g. `{key}: {example}`", lines.get(key, 1)))
            return None
        if not isinstance(value, str) or not value.strip():
            problems.append(Problem(file, key, f"expected {what}, found {value!r}", lines.get(key)))
            return None
        return " ".join(value.split())

    question = text_value("question", "the question as customers ask it", '"Can I pay by invoice?"')
    owner = text_value("owner", "the team or person who answers for this entry", "Support team (Priya Natarajan)")
    category = meta.get("category")
    if category is None:
        problems.append(Problem(file, "category", "missing; give one of the question categories: "
                                + (", ".join(categories) or "(none are set in extra.openbook.questions.categories)"),
                                lines.get("category", 1)))
    elif not isinstance(category, str) or category.lower() not in categories:
        problems.append(Problem(file, "category", f"{category!r} is not a question category; expected one of "
                                + (", ".join(categories) or "(none: set extra.openbook.questions.categories)"),
                                lines.get("category")))

    raw_sources = meta.get("sources")
    sources: list[int] = []
    source_lines: list[int] = []
    if raw_sources is None:
        problems.append(Problem(file, "sources", "missing; list the question numbers this answer distills, "
                                "e.g. `sources: [3, 14]`", lines.get("sources", 1)))
    elif not isinstance(raw_sources, list) or not raw_sources:
        problems.append(Problem(file, "sources", f"expected a list of question numbers such as [3, 14], "
                                f"found {raw_sources!r}", lines.get("sources")))
    else:
        for index, item in enumerate(raw_sources):
            line = item_lines.get(index, lines.get("sources"))
            if isinstance(item, str) and item.strip().lstrip("#").isdigit():
                item = int(item.strip().lstrip("#"))
            if isinstance(item, bool) or not isinstance(item, int) or item <= 0:
                problems.append(Problem(file, f"sources[{index}]", f"expected a question number, found {item!r}", line))
            elif item in sources:
                problems.append(Problem(file, f"sources[{index}]", f"#{item} is listed twice", line))
            else:
                sources.append(item)
                source_lines.append(line or 1)

    last_reviewed, every = reviewed.review_keys(front, file, default_review_every)
    if problems:
        raise EntryError(problems)
    assert question and owner and last_reviewed and isinstance(category, str)
    return Entry(
        path=path,
        question=question,
        category=category.lower(),
        sources=tuple(sources),
        owner=owner,
        last_reviewed=last_reviewed,
        review_every=every,
        source_lines=tuple(source_lines),
    )


def is_entry(src_uri: str, folder: str) -> bool:
    """A Markdown page in the FAQ folder, other than the folder's index."""
    return is_page_in(src_uri, folder)
