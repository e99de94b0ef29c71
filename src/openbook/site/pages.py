"""What every feature's generated pages share: their URLs, their stub Markdown, their templates, the
JSON-LD or robots tag each puts in its <head>, and writing many pages of one kind outside MkDocs' page loop.

Questions, consultations and the FAQ each make pages from data (a snapshot,
data/*.yml); this module is their common plumbing, so that a fix to how a page
is addressed or how its head is filled is made once.

A `Shell` is the theme's whole page rendered once, for one page kind, around
placeholders (the page's number, title, description, date, content and head);
each page of that kind is then that text with its own values in. MkDocs' page
pipeline (every hook, the Markdown, the whole theme template) costs several
milliseconds a page; filling a shell costs a few microseconds.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

if TYPE_CHECKING:
    import jinja2
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import Navigation


def page_url(config: MkDocsConfig, src_uri: str) -> str:
    """The URL MkDocs gives a page at src_uri, without building a File."""
    stem = src_uri[: -len(".md")]
    if not config.use_directory_urls:
        return f"{stem}.html"
    if stem.endswith("/index") or stem == "index":
        return stem[: -len("index")]
    return f"{stem}/"


def href(config: MkDocsConfig, src_uri: str, from_url: str) -> str:
    """The link from the page at from_url to the page at src_uri."""
    from mkdocs.utils import get_relative_url

    return get_relative_url(page_url(config, src_uri), from_url)


# GitHub logins: letters, digits and single hyphens; anything else gets no profile link.
LOGIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})")


def profile_url(config: MkDocsConfig, login: str) -> str | None:
    """A GitHub user's profile on the hub's GitHub (repo_url's host), for a valid login only."""
    if not LOGIN.fullmatch(login):
        return None
    repo = urlsplit(config.repo_url or "https://github.com/")
    return f"{repo.scheme}://{repo.netloc}/{login}"


def issue_url(config: MkDocsConfig, html_url: str | None, number: int | str) -> str:
    """An issue's page on GitHub: its html_url if that is a plain web URL, else built from repo_url."""
    from openbook import untrusted

    url = untrusted.web_url(html_url) if html_url is not None else None
    if url:
        return url
    return f"{(config.repo_url or 'https://github.com').rstrip('/')}/issues/{number}"


def stub(meta: dict[str, Any], note: str) -> str:
    """A generated page's Markdown: front matter of trusted values only, then a comment.

    The values are our own words, validated URLs and times, so JSON (which YAML
    reads) writes them: yaml.safe_dump costs a millisecond a page, a third of
    Material's own time. Untrusted titles never enter YAML.
    """
    lines = [f"{key}: {json.dumps(value, ensure_ascii=True)}" for key, value in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + note


class Templates:
    """A feature's own Jinja templates (openbook.templating), loaded once."""

    def __init__(self, package: str, **filters: Any) -> None:
        self.package = package
        self.filters = filters

    @lru_cache(maxsize=1)  # noqa: B019 - one per feature, for the life of the process
    def environment(self) -> jinja2.Environment:
        from openbook import templating

        return templating.environment(self.package, filters=self.filters or None)

    def render(self, name: str, **context: Any) -> str:
        return self.environment().get_template(name).render(**context)


def after_title(html: str, box: str) -> str:
    """The page's content with `box` under its title (the first </h1>), or first if it has none."""
    end = html.find("</h1>")
    if end < 0:
        return box + html
    end += len("</h1>")
    return html[:end] + "\n" + box + html[end:]


class Fillers(list):
    """What other features add to pages a module writes (the FAQ's banner on a question page): each function
    once, so the list is the same every build though `mkdocs serve` builds many times in one process."""

    def register(self, filler: Any) -> None:
        if filler not in self:
            self.append(filler)


def publish_report(site_dir: str, name: str, data: Any, logger: Any, summary: str) -> None:
    """A feature's moderation report into the site, and its one line in the build's log, which says where it is."""
    from openbook.site import generated

    generated.write_report(site_dir, name, data)
    logger.info("%s; report in %s", summary, name)


def in_head(output: str, head: str | None, *, spaced: bool = False) -> str:
    """The page with `head` (JSON-LD, a robots tag: escaped when made) just before </head>."""
    if not head:
        return output
    position = output.find("</head>")
    if position < 0:
        return output
    if spaced:
        head = f"  {head}\n  "
    return output[:position] + head + output[position:]


# --- pages outside MkDocs' page loop -----------------------------------------------------------

# Letters only: HTML escaping and URL quoting leave them as they are, wherever the theme puts them.
NUMBER = "OPENBOOKPAGENUMBER"
TITLE = "OPENBOOKPAGETITLE"
DESCRIPTION = "OPENBOOKPAGEDESCRIPTION"
# The theme adds the page title as a heading to content without "<h1": each page's content brings its own.
CONTENT = "<!--openbook:page-content <h1>-->"
HEAD = "<!--openbook:page-head-->"
_FIELD = re.compile("|".join(re.escape(p) for p in (NUMBER, TITLE, DESCRIPTION, CONTENT, HEAD)))


@dataclass(frozen=True)
class Values:
    """One page's own values for a shell: its title and description are HTML text, escaped once."""

    number: str
    title: str
    description: str
    content: str
    head: str
    # Further literal replacements (a date the theme formats), the shell's text -> this page's.
    more: tuple[tuple[str, str], ...] = ()


def _issue_title(title: str) -> str:
    """The title as page actions put it in an issue form's URL (openbook.site.page_actions)."""
    from openbook.site import page_actions

    return quote(page_actions.short(html.unescape(title)), safe="")


class Shell:
    """A page kind's rendered page, cut at its placeholders; `fill` makes one page of that kind."""

    def __init__(self, text: str, where: str, literals: tuple[str, ...] = ()) -> None:
        if text.count(CONTENT) != 1:
            from mkdocs.exceptions import PluginError

            raise PluginError(
                f"{where}: a hook or plugin removed or repeated the placeholder {CONTENT!r} in the page's "
                "on_page_content, on_page_context or on_post_page event; it must keep a page's content as it is")
        self.text = text
        # (text before, field) pairs; a title inside a link (an issue form's URL) is quoted for the URL.
        self.parts: list[tuple[str, str]] = []
        self.literals = literals
        last = 0
        for match in _FIELD.finditer(text):
            name = match.group(0)
            if name == TITLE and _in_link(text, match.start()):
                name = "title-in-url"
            self.parts.append((text[last:match.start()], name))
            last = match.end()
        self.tail = text[last:]

    def fill(self, values: Values) -> str:
        found = {NUMBER: values.number, TITLE: values.title, DESCRIPTION: values.description,
                 CONTENT: values.content, HEAD: values.head}
        url_title = _issue_title(values.title) if any(n == "title-in-url" for _, n in self.parts) else ""
        out: list[str] = []
        for before, name in self.parts:
            out.append(_more(before, values.more))
            out.append(url_title if name == "title-in-url" else found[name])
        out.append(_more(self.tail, values.more))
        return "".join(out)


def _more(text: str, more: tuple[tuple[str, str], ...]) -> str:
    for old, new in more:
        if old in text:
            text = text.replace(old, new)
    return text


def _in_link(text: str, at: int) -> bool:
    """Whether position `at` is inside an href attribute's value."""
    quote_at = text.rfind('"', 0, at)
    return quote_at >= 5 and text[quote_at - 5:quote_at] == "href=" and '"' not in text[quote_at + 1:at] \
        and ">" not in text[quote_at + 1:at]


def render_shell(config: MkDocsConfig, env: Environment, nav: Navigation, files: Files, file: File,
                 meta: dict[str, Any], *, noindex: bool = False) -> str:
    """The theme's page for `file` (whose URL holds NUMBER) around CONTENT, as MkDocs would write it.

    The hub's hooks and plugins see this render as they see every page: on_page_content,
    on_page_context and on_post_page, once per page kind.
    """
    from mkdocs.commands.build import get_context
    from mkdocs.structure.pages import Page

    page = Page(meta.get("title", TITLE), file, config)
    page.meta = dict(meta)
    page.markdown = ""
    page.content = CONTENT
    page.content = config.plugins.on_page_content(page.content, page=page, config=config, files=files)
    context = get_context(nav, files, config, page)
    if noindex:
        context["openbook_noindex"] = True
    context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
    template = env.get_template(page.meta.get("template", "main.html"))
    output = template.render(context)
    return config.plugins.on_post_page(output, page=page, config=config)


def write(site_dir: str, dest_uri: str, text: str) -> None:
    target = Path(site_dir) / dest_uri
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    except OSError as error:
        from mkdocs.exceptions import PluginError

        raise PluginError(f"could not write {target}: {error}") from None
