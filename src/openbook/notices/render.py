"""Notices in words: the command's text and JSON, a GitHub Release's body, the notices page and its Atom feed.

Pure: Notices in, text out. Every value lands escaped for where it goes (the page
and the feed through autoescaped templates, a release body as Markdown that
shows the words as written and mentions no one).
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time, timezone
from functools import lru_cache
from typing import Any

import jinja2
from markupsafe import Markup, escape

from openbook import plaintext, templating
from openbook.notices import model
from openbook.notices.model import Notice

# ASCII punctuation Markdown may read as syntax; a backslash before each makes it a plain character.
_MARKDOWN = re.compile(r"([\\`*_\[\]<>#!|~&])")
# A web address, without the punctuation that ends its sentence: written as an autolink
# (`<https://…>`), which CommonMark always links, so nothing in it is read as a mention
# or a reference (GitHub's own autolinking skips text such as `https://@name`).
_WEB_ADDRESS = re.compile(r"(https?://[^\s<>\"'`\\\x00-\x1f\x7f]+?)(?=[.,;:!?)\]]*(?:\s|$))")
# A line that starts with one of these reads as a list item, a rule or a setext heading.
_LINE_START = re.compile(r"^(?:([-+=])|(\d+)([.)]))")


# A web address in a notice's words, without the punctuation that ends its sentence.
_URL = re.compile(r"https?://[^\s<>\"'`]+?(?=[.,;:!?)\]]*(?:\s|$))")


def linked(text: str) -> Markup:
    """Plain words as HTML, each web address in them a link whose text is the address itself."""
    out, last = [], 0
    for match in _URL.finditer(text):
        url = match.group(0)
        out += [escape(text[last:match.start()]), Markup('<a href="{0}" rel="nofollow">{0}</a>').format(url)]
        last = match.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


@lru_cache(maxsize=1)
def _templates() -> jinja2.Environment:
    return templating.environment("notices", filters={"human_date": model.human_date,
                                                      "paragraphs": model.paragraphs, "linked": linked})


def render(name: str, **context: Any) -> str:
    return _templates().get_template(name).render(**context)


def dates_line(notice: Notice) -> str:
    """"Published 2 November 2026 · effective 1 January 2027 (60 days' notice)"."""
    line = f"Published {model.human_date(notice.published)}"
    if notice.effective is not None:
        line += f" · effective {model.human_date(notice.effective)}"
        if notice.notice_days is not None and notice.notice_days >= 0:
            line += f" ({model.days(notice.notice_days)}' notice)"
    return line


def text(notices: list[Notice]) -> str:
    """The command's listing: one block per notice, newest first."""
    if not notices:
        return "No notices: the hub has announced no price, practice or subprocessor change and held no consultation.\n"
    blocks = []
    for notice in notices:
        lines = [f"{notice.id}  [{notice.kind}]", f"  {notice.title}", f"  {dates_line(notice)}", f"  {notice.url}"]
        lines += [f"  {paragraph}" for paragraph in model.paragraphs(notice.body)]
        # A terminal shows what the hub's data says; it obeys none of it.
        lines = [plaintext.printable(line) for line in lines]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def as_json(notices: list[Notice]) -> str:
    return json.dumps({"notices": [n.as_json() for n in notices]}, indent=2, ensure_ascii=False) + "\n"


def markdown_text(value: str) -> str:
    """Plain words as Markdown that shows them as written: no markup, no @mention, no #reference.

    Markdown's punctuation gets a backslash. A web address is an autolink, since a
    backslash would break it; its text is the address itself. A word joiner after
    `@` and `#` keeps GitHub from notifying a user or linking an issue a
    consultation's text names; readers see the same characters.
    """
    out = []
    for i, piece in enumerate(_WEB_ADDRESS.split(value)):
        if i % 2:
            out.append(f"<{piece}>")
            continue
        escaped = _MARKDOWN.sub(r"\\\1", piece)
        out.append(escaped.replace("@", "@\u2060").replace("\\#", "\\#\u2060"))
    text = "".join(out)
    # A list, a heading rule or a numbered item starts only a line: escape what opens this one.
    return _LINE_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", text, count=1)


def release_body(notice: Notice) -> str:
    """A GitHub Release's body: the notice in plain words, its dates, and the link to its page."""
    parts = [f"**{markdown_text(dates_line(notice))}**"]
    # An e-mail client shows what the hub's data says and obeys none of it: no control or bidi characters
    # (removed before the word joiners markdown_text adds, which are among them).
    parts += [markdown_text(plaintext.printable(p)) for p in model.paragraphs(notice.body)]
    parts.append(f"Read it on the hub: <{notice.url}>")
    return "\n\n".join(parts) + "\n"


def release_name(notice: Notice) -> str:
    # GitHub shows a release's name as plain text; it allows at most a few hundred characters.
    title = plaintext.printable(notice.title)
    return title if len(title) <= 200 else title[:199] + "…"


def _stamp(day: date) -> str:
    return datetime.combine(day, time(0), tzinfo=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def feed(notices: list[Notice], *, title: str, feed_url: str, page_url: str, id_base: str, today: date) -> str:
    """The notices' Atom feed: one entry per notice, whose id is the notice's stable id under `id_base`."""
    entries = [{
        "title": n.title,
        "kind": n.kind_words,
        "id": f"{id_base}#{n.id}" if "#" not in id_base else f"{id_base}{n.id}",
        "link": n.url,
        "published": _stamp(n.published),
        "summary": f"{dates_line(n)}. " + " ".join(model.paragraphs(n.body)),
    } for n in notices]
    return render("feed.xml", title=title, feed_url=feed_url, page_url=page_url, id_base=id_base, entries=entries,
                  updated=_stamp(notices[0].published if notices else today))
