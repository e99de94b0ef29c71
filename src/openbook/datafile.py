"""A data file in YAML (data/pricing.yml, data/subprocessors.yml) read with the line of every key.

Pure but for `read`: the file's text, its YAML with line numbers, and pydantic's
validation errors turned into problems that name the line, the key, what was
found and what was expected, in the words of the YAML author.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from openbook import clock


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data: where (key path) and what."""

    loc: tuple[str | int, ...]
    message: str
    line: int | None = None

    def key(self) -> str:
        return format_loc(self.loc)


class DataFileError(Exception):
    """The file is invalid; `problems` has one message per problem, `str()` all of them."""

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        out = []
        for p in self.problems:
            where = f"{self.file}:{p.line}" if p.line else self.file
            key = f" {p.key()}:" if p.loc else ""
            out.append(f"{where}:{key} {p.message}")
        return out


def format_loc(loc: tuple[str | int, ...]) -> str:
    """A key path as the author would point at it: changes[2].prices.team."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def found(value: object) -> str:
    """A value as the YAML author wrote it, short enough for a message."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return repr(value) if len(value) <= 40 else repr(value[:37] + "...")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def json_schema(model: type[BaseModel], title: str) -> dict[str, Any]:
    """The JSON Schema of a data file (editors validate and complete the YAML with it)."""
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = title
    return schema


def schema_text(schema: dict[str, Any]) -> str:
    """The schema as it is committed: stable key order, so a regeneration diffs only what changed."""
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


# ---------------------------------------------------------------------------
# Reading the file, and its YAML with line numbers.


def read(path: str | Path, name: str, error: type[DataFileError], missing: str) -> str:
    """The file's text, or `error` saying it is missing (`missing`: what to do) or not UTF-8."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error(name, [Problem((), f"no such file; {missing}")]) from None
    except UnicodeDecodeError as exc:
        raise error(name, [Problem((), f"found bytes that are not UTF-8 ({exc.reason}), expected UTF-8 text")]) from None


class Loader(yaml.SafeLoader):
    """PyYAML's safe loader, but dates stay text so that pydantic validates them with a located error."""


# PyYAML turns 2027-13-01 into a ValueError with no line; pydantic says which key.
Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def compose(text: str, file: str, error: type[DataFileError], *,
            context: bool = True) -> tuple[yaml.Node | None, Any]:
    """The YAML's root node (for lines) and its data, or `error` at the line of a syntax error.

    With `context`, the message adds what PyYAML was reading ("while parsing a flow sequence").
    """
    try:
        loader = Loader(text)
        try:
            root = loader.get_single_node()
            raw = loader.construct_document(root) if root is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        where = getattr(exc, "context", None) if context else None
        detail = f"{problem}" + (f" ({where})" if where else "")
        raise error(file, [Problem((), f"YAML syntax error: {detail}; check the indentation and quotes",
                                   mark.line + 1 if mark else None)]) from None
    return root, raw


def node_at(node: yaml.Node | None, loc: tuple[str | int, ...], key: bool = False) -> yaml.Node | None:
    """The YAML node at a key path (the key's own node if `key`), or the deepest one found."""
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if str(key_node.value) == str(part):
                    node = key_node if (last and key) else value_node
                    break
            else:
                return node
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            return node
    return node


def line_at(root: yaml.Node | None, loc: tuple[str | int, ...], key: bool = False) -> int | None:
    """The 1-based line of a key path (of the key itself if `key`)."""
    node = node_at(root, loc, key=key)
    return node.start_mark.line + 1 if node is not None else None


def line_of(text: str, loc: tuple[str | int, ...], key: bool = False) -> int | None:
    """The 1-based line of a key path in YAML text, if the text parses."""
    try:
        root = yaml.compose(text, Loader=Loader)
    except yaml.YAMLError:
        return None
    return line_at(root, loc, key=key) if root is not None else None


def duplicate_keys(node: yaml.Node | None, loc: tuple[str | int, ...] = ()) -> Iterator[Problem]:
    """A key written twice in one mapping: YAML keeps the last silently, so the author would lose the first."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            name = str(key_node.value)
            if name in seen:
                yield Problem(
                    (*loc, name),
                    f"found the key `{name}` twice (first on line {seen[name]}), expected each key once",
                    key_node.start_mark.line + 1,
                )
            else:
                seen[name] = key_node.start_mark.line + 1
            yield from duplicate_keys(value_node, (*loc, name))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from duplicate_keys(item, (*loc, i))


# ---------------------------------------------------------------------------
# Pydantic's errors in the YAML author's words.


# Say what the YAML author wrote, not what Python calls it.
YAML_WORDS = {
    "a valid dictionary": "a mapping (key: value lines)",
    "a valid list": "a list (lines starting with -)",
    "a valid decimal": "a number",
    "a valid number": "a number",
    "a valid string": "text",
    "a valid boolean": "true or false",
}


def clean_loc(loc: tuple[Any, ...]) -> tuple[tuple[str | int, ...], bool]:
    """Drop pydantic's union branch names from loc; report whether it pointed at a mapping key."""
    parts: list[str | int] = []
    is_key = False
    for part in loc:
        if part == "[key]":
            is_key = True
            continue
        if isinstance(part, str) and (part.startswith(("function-", "literal[", "constrained-")) or part in (
            "bool", "int", "str", "decimal",
        )):
            continue
        parts.append(part)
    return tuple(parts), is_key


def expected(error: dict[str, Any]) -> str:
    """What any data file says of a pydantic error that its own rules do not word better."""
    kind, msg, loc = error["type"], error["msg"], error["loc"]
    if kind == "missing":
        return f"the required key `{loc[-1]}` is missing"
    if kind.startswith(("date_", "datetime_")):
        if isinstance(error.get("input"), str):
            return clock.why_not_a_date(error["input"])
        return f"found {found(error.get('input'))}, expected a date written YYYY-MM-DD, such as 2027-01-01"
    if msg.startswith("Input should be "):
        words = msg.removeprefix("Input should be ")
        for python, yaml_word in YAML_WORDS.items():
            words = words.replace(python, yaml_word)
        return f"found {found(error.get('input'))}, expected {words}"
    return f"found {found(error.get('input'))}: {msg}"


def validation_problems(errors: Iterable[dict[str, Any]], root: yaml.Node | None,
                        expected: Callable[[dict[str, Any]], str]) -> list[Problem]:
    """Pydantic's errors as problems at their lines; `expected` words each one (its `loc` cleaned)."""
    problems = []
    for error in errors:
        loc, is_key = clean_loc(error["loc"])
        message = expected({**error, "loc": loc})
        # An unknown key is on the key's own line.
        problems.append(Problem(loc, message, line_at(root, loc, key=is_key or error["type"] == "extra_forbidden")))
    return problems
