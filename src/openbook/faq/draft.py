"""A draft FAQ entry from a synced question and its accepted or staff answer (`openbook faq new`).

The draft is a hand-written page: MkDocs' full Markdown (raw HTML, attribute lists,
admonitions...) will read it. The customer text is untrusted, so it is first made
safe HTML by openbook.untrusted (restricted Markdown, then nh3), and that HTML is
written back as Markdown in which every character that could start markup is
escaped (`<` and `&` as entities, Markdown punctuation with backslashes): the
structure (paragraphs, lists, code, links, tables) survives, nothing executable can.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

import yaml

from openbook import untrusted
from openbook.untrusted import Node
from openbook.questions import rules as questions
from openbook.site import titles

# Backslash-escaped everywhere: emphasis and the backslash itself. Entities for HTML, tables, code,
# attribute lists and links (no `[`, no link, so `(` and `!` are plain).
_BACKSLASHED = set("\\*_")
# At the start of a line these open a heading, a list, an admonition or a setext rule.
_LINE_START_BACKSLASHED = set("#+-!")
_ORDERED = re.compile(r"^(\d{1,9})([.)])")
# Entities rather than backslashes for these: the gate's scan of the source reads no backslash
# escapes, and would take `\\{onclick=...\\}` for an attribute list.
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "&#124;", "{": "&#123;", "}": "&#125;",
             "[": "&#91;", "]": "&#93;", "`": "&#96;"}
# Characters that start a block of some extension at the start of a line (??? details,
# === tabs, : definitions, ~~~ fences, ^ and % from others): written as entities there.
_LINE_START = {"?": "&#63;", "=": "&#61;", ":": "&#58;", "~": "&#126;", "^": "&#94;", "%": "&#37;", "$": "&#36;"}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_LOGIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})")
_LANGUAGE = re.compile(r"language-([A-Za-z0-9_+-]{1,40})")


def escape_text(text: str) -> str:
    """Plain text as Markdown that shows exactly this text and can start no markup."""
    text = _CONTROL.sub("", text)
    out = []
    for char in text:
        if char in _ENTITIES:
            out.append(_ENTITIES[char])
        elif char in _BACKSLASHED:
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def _guard_line(line: str) -> str:
    """A line of escaped text that starts no block: no heading, list, admonition, tab, definition or fence."""
    stripped = line.lstrip(" ")
    lead = line[: len(line) - len(stripped)]
    if not stripped:
        return line
    if stripped[0] in _LINE_START:
        return lead + _LINE_START[stripped[0]] + stripped[1:]
    if stripped[0] in _LINE_START_BACKSLASHED:
        return lead + "\\" + stripped
    ordered = _ORDERED.match(stripped)
    if ordered:
        return lead + ordered.group(1) + "\\" + stripped[len(ordered.group(1)):]
    return line


def safe_url(url: str | None) -> str | None:
    """An http(s) URL percent-encoded so it cannot end a Markdown link or carry markup; None otherwise."""
    url = untrusted.web_url(url)
    if not url:
        return None
    return quote(url, safe="/:?#@!$&*+,;=%~-._")


def _text_of(node: Node | str) -> str:
    if isinstance(node, str):
        return node
    return "".join(_text_of(child) for child in node.children)


def _inline(nodes: list[Node | str]) -> str:
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(escape_text(" ".join(node.split("\n"))))
            continue
        tag = node.tag
        inner = _inline(node.children).strip()
        if tag in ("strong", "b"):
            out.append(f"**{inner}**" if inner else "")
        elif tag in ("em", "i"):
            out.append(f"*{inner}*" if inner else "")
        elif tag == "code":
            code = _CONTROL.sub("", _text_of(node)).replace("\n", " ")
            ticks = "`" * (max((len(run) for run in re.findall(r"`+", code)), default=0) + 1)
            out.append(f"{ticks} {code} {ticks}" if code.strip() else "")
        elif tag == "a":
            url = safe_url(node.attrs.get("href"))
            out.append(f"[{inner or escape_text(url or '')}]({url})" if url else inner)
        elif tag == "img":
            url = safe_url(node.attrs.get("src"))
            alt = escape_text(node.attrs.get("alt", "")) or "image"
            out.append(f"[{alt}]({url})" if url else alt)
        elif tag == "br":
            out.append("  \n")
        else:
            out.append(inner)
    return "".join(out)


def _paragraph(text: str, prefix: str) -> list[str]:
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    lines = [line for line in lines if line]
    result = []
    for index, line in enumerate(lines):
        # A hard break is two trailing spaces; keep them for all but the last line.
        result.append(prefix + _guard_line(line) + ("  " if index < len(lines) - 1 else ""))
    return result


def _blocks(nodes: list[Node | str], prefix: str = "") -> list[str]:
    """Markdown lines for a sequence of block nodes; blocks are separated by blank lines."""
    out: list[str] = []
    pending: list[Node | str] = []

    def flush() -> None:
        text = _inline(pending).strip()
        pending.clear()
        if text:
            out.extend(_paragraph(text, prefix))
            out.append(prefix.rstrip())

    for node in nodes:
        if isinstance(node, str) or node.tag not in _BLOCK:
            pending.append(node)
            continue
        flush()
        out.extend(_BLOCK[node.tag](node, prefix))
        out.append(prefix.rstrip())
    flush()
    # The separators after the last block (">" inside a quote) are not content.
    while out and out[-1].strip() == prefix.strip():
        out.pop()
    return out


def _heading(node: Node, prefix: str) -> list[str]:
    level = min(6, max(2, int(node.tag[1])))
    text = " ".join(_inline(node.children).split())
    return [f"{prefix}{'#' * level} {text}"] if text else []


def _code_block(node: Node, prefix: str) -> list[str]:
    code_node = next((c for c in node.children if isinstance(c, Node) and c.tag == "code"), node)
    code = _CONTROL.sub("", _text_of(code_node)).rstrip("\n")
    match = _LANGUAGE.fullmatch(code_node.attrs.get("class", "")) if isinstance(code_node, Node) else None
    fence = "`" * max(3, max((len(run) for run in re.findall(r"`+", code)), default=0) + 1)
    lines = [f"{prefix}{fence}{match.group(1) if match else 'text'}"]
    lines += [f"{prefix}{line}" if line else prefix.rstrip() for line in code.split("\n")]
    lines.append(f"{prefix}{fence}")
    return lines


def _quote(node: Node, prefix: str) -> list[str]:
    return _blocks(node.children, prefix + "> ")


def _list(node: Node, prefix: str) -> list[str]:
    out: list[str] = []
    start = int(node.attrs.get("start") or 1) if (node.attrs.get("start") or "1").isdigit() else 1
    items = [c for c in node.children if isinstance(c, Node) and c.tag == "li"]
    for number, item in enumerate(items, start):
        marker = f"{number}. " if node.tag == "ol" else "- "
        inner = _blocks(item.children, prefix + "    ") or [prefix + "    "]
        first = inner[0][len(prefix) + 4:]
        out.append(f"{prefix}{marker}{first}")
        out.extend(inner[1:])
    return out


def _rule(node: Node, prefix: str) -> list[str]:
    return [f"{prefix}***"]


def _table(node: Node, prefix: str) -> list[str]:
    rows: list[list[str]] = []

    def walk(n: Node) -> None:
        for child in n.children:
            if isinstance(child, Node):
                if child.tag == "tr":
                    rows.append([" ".join(_inline(c.children).split()) or " " for c in child.children
                                 if isinstance(c, Node) and c.tag in ("td", "th")])
                else:
                    walk(child)

    walk(node)
    rows = [row for row in rows if row]
    if not rows:
        return []
    width = max(len(row) for row in rows)
    rows = [row + [" "] * (width - len(row)) for row in rows]
    lines = [prefix + "| " + " | ".join(rows[0]) + " |", prefix + "|" + "---|" * width]
    lines += [prefix + "| " + " | ".join(row) + " |" for row in rows[1:]]
    return lines


def _definitions(node: Node, prefix: str) -> list[str]:
    out: list[str] = []
    for child in node.children:
        if isinstance(child, Node) and child.tag in ("dt", "dd"):
            text = _inline(child.children).strip()
            if text:
                out.extend(_paragraph(f"**{text}**" if child.tag == "dt" else text, prefix))
                out.append(prefix.rstrip())
    return out


_BLOCK = {
    "p": lambda node, prefix: _paragraph(_inline(node.children).strip(), prefix),
    "h1": _heading, "h2": _heading, "h3": _heading, "h4": _heading, "h5": _heading, "h6": _heading,
    "pre": _code_block,
    "blockquote": _quote,
    "ul": _list,
    "ol": _list,
    "hr": _rule,
    "table": _table,
    "dl": _definitions,
}


def markdown_from_html(html: str) -> str:
    """Safe HTML (from openbook.untrusted) as Markdown that reproduces its structure and no markup."""
    return "\n".join(_blocks(untrusted.html_tree(html).children)).strip() + "\n"


def slug(title: str, number: int) -> str:
    words = re.findall(r"[a-z0-9]+", title.lower().encode("ascii", "ignore").decode())
    stem = "-".join(words[:8])[:60].strip("-")
    return stem or f"question-{number}"


def _person(login: str) -> str:
    return f"@{login}" if _LOGIN.fullmatch(login) else escape_text(login)


def chosen_answer(item: questions.Published) -> questions.Answer | None:
    """The accepted answer, else the first staff answer."""
    return item.accepted or next((a for a in item.answers if a.staff), None)


# Characters a title in the draft leaves out: controls, invisible and bidirectional formatting
# (the same as _CONTROL), and those YAML cannot hold as written (C1 controls, NEL is a line
# break to YAML, lone surrogates, the BOM and non-characters).
_NOT_IN_TITLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069"
                           "\ud800-\udfff\ufeff\ufffe\uffff]")


def clean_title(text: str) -> str:
    """A customer's title as the draft and the page show it: one line, no invisible or control characters."""
    return " ".join(_NOT_IN_TITLE.sub("", text).split())


def yaml_line(key: str, value: str) -> str:
    """`key: value` as YAML that shows the value as it is, and loads back as exactly that value.

    PyYAML writes it plain when it can; when the value would read as something else
    (`- x`, `a: b`, `!!python/object`, `#`, quotes), a literal block scalar (`|-`)
    shows it unchanged on the next line. No `\\u` escapes: a reviewer reads what the
    page will show, markup included.
    """
    if "\n" in value or value != value.strip():
        raise ValueError(f"{key}: a one-line value without surrounding spaces is expected")
    dumped = yaml.safe_dump({key: value}, allow_unicode=True, width=float("inf"), sort_keys=False)
    line = dumped if dumped == f"{key}: {value}\n" else f"{key}: |-\n  {value}\n"
    if yaml.safe_load(line) != {key: value}:
        # Not expected for a cleaned one-line value; never write a draft that reads back otherwise.
        line = dumped
    return line.rstrip("\n")


def _kind(markup: str) -> str:
    return "an HTML comment" if markup == "<!--" else f"the {markup.strip('<>')} element"


def markup_note(title: str, body: str) -> str:
    """The YAML comments at the top of a draft whose customer text held markup, for its reviewer."""
    lines = []
    if found := titles.markup(title):
        lines.append(f"# Review before publishing: the question's title held HTML markup ({_kind(found)}). The page\n"
                     "# shows it as text, tags and all, and `openbook check` reports it (content.title-markup):\n"
                     "# reword the question below in plain words.\n")
    if found := titles.markup(body):
        lines.append(f"# Review before publishing: the answer held HTML markup ({_kind(found)}); below it is\n"
                     "# text, or left out where it was not safe. Compare with the question on GitHub.\n")
    return "".join(lines)


def draft(item: questions.Published, answer: questions.Answer, *, category: str, owner: str, today: date,
          renderer: untrusted.Renderer, question_link: str) -> str:
    """The draft's whole text: front matter, the answer as safe Markdown, and its credits."""
    q = item.question
    title = clean_title(renderer.text(q.title)) or f"Question {q.number}"
    body = markdown_from_html(renderer.markdown(answer.comment.body))
    asker = _person(q.author.login)
    answerer = _person(answer.comment.author.login)
    front = "\n".join([
        "---",
        markup_note(title, answer.comment.body) + yaml_line("question", title),
        yaml_line("category", category),
        f"sources: [{q.number}]",
        yaml_line("owner", clean_title(owner) or "staff"),
        f"last_reviewed: {today.isoformat()}",
        "---",
    ])
    credit = (f"*Distilled from [question \\#{q.number}]({question_link}), asked by {asker}, "
              f"and the {'accepted ' if answer.accepted else ''}answer by {answerer}.*")
    return f"{front}\n\n{body}\n{credit}\n"
