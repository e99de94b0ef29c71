"""Every rule `openbook check` can report gives its verdict through the pull-request gate.

For each rule id in src/ (the second argument of a `Finding(...)`, and of the
calls that hand one on), RULES holds one row. A row commits a violating change
on a branch of a temporary hub and runs `openbook check --base origin/main
--format github`, as .github/workflows/pull-request.yml does, then asserts the
exit code and the annotation; the benign change of the same kind must pass.
test_every_rule_id_in_the_source_has_a_row reads src/ with `ast` and names any
rule id without a row, and any row whose rule is gone.

Adding a rule is one row:

    Row("faq.overdue",                                  # the rule id, as src/ writes it
        violating=edit("docs/faq/switch-plans.md", "last_reviewed: 2026-10-12", "last_reviewed: 2025-01-02"),
        benign=edit("docs/faq/switch-plans.md", "last_reviewed: 2026-10-12", "last_reviewed: 2026-11-02"),
        file="docs/faq/switch-plans.md",                # the file the annotation names
        level="warning"),                               # "error" (exit 1, the default) or "warning" (exit 0)

Optional fields: `reports`, the rule id the gate reports when it differs (the
gate judges the built page, so a source rule such as `content.event-handler`
is reported as `html.event-handler`); `base`, edits committed to main before
the branch (a setting the rule needs); `gap`, the reason a known difference
between the two paths is still open (the violating case is then a strict xfail,
which fails once the gap is closed, so the row is updated). A rule that no
change on a branch can provoke is `Unreachable(rule, why)`, never left out.

A change is `edit(path, old, new)`, `page(text)` (a new page,
docs/proposal.md), or `Change(replace=..., write=..., delete=..., symlinks=...)`;
changes combine with `+`.

Every row of the fixture hub shares one base repository, prepared once for the
module; the gate's base build is made once per base tree in the process.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import struct
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Literal

import pytest

from conftest import FIXTURE_NOW, ROOT, copy_hub_sources
from gitrepo import BASE_DATE, CHANGE_DATE, GitRepo
from openbook import cli
from openbook.contribution import scan

Level = Literal["error", "warning"]
SRC = ROOT / "src" / "openbook"
# The day the gate runs (FIXTURE_NOW) is 2026-11-22; the change is committed on CHANGE_DATE.
SETTINGS_DATE = "2026-10-15T10:00:00+00:00"


@dataclass(frozen=True)
class Change:
    """Edits a contributor commits: (path, old, new) replacements, files written, deleted, symlinked."""

    replace: tuple[tuple[str, str, str], ...] = ()
    write: Mapping[str, str | bytes] = field(default_factory=lambda: MappingProxyType({}))
    delete: tuple[str, ...] = ()
    symlinks: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def __add__(self, other: Change) -> Change:
        return Change(self.replace + other.replace, {**self.write, **other.write}, self.delete + other.delete,
                      {**self.symlinks, **other.symlinks})

    def __bool__(self) -> bool:
        return bool(self.replace or self.write or self.delete or self.symlinks)

    def apply(self, hub: GitRepo) -> None:
        for path, old, new in self.replace:
            hub.replace(path, old, new)
        for path, content in self.write.items():
            target = hub.root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        for path in self.delete:
            hub.git("rm", "-r", "-q", path)
        for link, target in self.symlinks.items():
            (hub.root / link).parent.mkdir(parents=True, exist_ok=True)
            os.symlink(target, hub.root / link)


def edit(path: str, old: str, new: str) -> Change:
    return Change(replace=((path, old, new),))


PAGE = "docs/proposal.md"


def page(body: str, path: str = PAGE) -> Change:
    """A new page a contributor proposes, with `body` between two plain paragraphs."""
    return Change(write={path: f"# A proposal\n\nSome text.\n\n{body}\n\nMore text.\n"})


@dataclass(frozen=True)
class Row:
    rule: str
    violating: Change
    benign: Change
    file: str
    level: Level = "error"
    reports: str = ""
    base: Change = Change()
    gap: str = ""
    # Marked `slow` (deselected by a quick run): rows whose path through the gate another row already takes.
    slow: bool = False

    @property
    def expected(self) -> str:
        return self.reports or self.rule


@dataclass(frozen=True)
class Unreachable:
    rule: str
    why: str


# --- samples --------------------------------------------------------------------------------------------

NOTICE_30 = edit("mkdocs.yml", "    practices:\n      review_every: 180",
                 "    practices:\n      review_every: 180\n      notice_days: 30")
NOT_THE_DEMO = edit("mkdocs.yml", "repo_url: https://github.com/larkspur-hq/openbook-hub",
                    "repo_url: https://github.com/acme-hq/acme-hub")
SNIPPETS = edit("mkdocs.yml", "  - pymdownx.superfences\n", "  - pymdownx.superfences\n  - pymdownx.snippets\n")
SECURITY = "docs/practices/security.md"
FAQ_ENTRY = "docs/faq/switch-plans.md"
PRICING = "data/pricing.yml"


def price_change(effective: str) -> Change:
    """A rise of Starter's monthly price from `effective`, before the fixture's change of 2027-01-01."""
    return edit(PRICING, "\n  - id: 2027-team-business",
                f"\n  - id: 2026-starter\n    effective: {effective}\n    reason: Costs rose.\n    prices:\n"
                "      starter:\n        GBP: {monthly: 15}\n  - id: 2027-team-business")


def png() -> bytes:
    """A 1x1 PNG image, as a contributor would add one."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)) + \
        chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b"")


REGISTER = "data/subprocessors.yml"
OBJECTION_FORM = ".github/ISSUE_TEMPLATE/subprocessor-objection.yml"
QUESTION_FORM = ".github/ISSUE_TEMPLATE/question.yml"


def add_subprocessor(effective: str) -> Change:
    """Chatline added to the register from `effective`, before the fixture's change of 2027-01-15."""
    entry = ("  - id: chatline\n    name: Chatline\n    purpose: live chat support\n    data: what you write in the chat\n"
             f"    location: US\n    transfer: scc\n    website: https://chatline.example/privacy\n    since: {effective}\n")
    change = (f"\n  - id: chatline-added\n    kind: add\n    effective: {effective}\n    subprocessor: chatline\n"
              "    reason: Live chat, which you asked for.\n")
    return edit(REGISTER, "\nchanges:", "\n" + entry + "\nchanges:") + \
        edit(REGISTER, "\n  - id: acme-mail-replaces-postbox", change + "\n  - id: acme-mail-replaces-postbox")


def objection_form(labels: str) -> Change:
    return Change(write={OBJECTION_FORM: (
        "name: Object to a subprocessor change\ndescription: Tell us you object.\n"
        f"labels: [{labels}]\nbody:\n  - type: textarea\n    id: why\n    attributes:\n      label: Why\n")})


def reviewed(path: str, date: str) -> Change:
    return edit(path, "last_reviewed: 2026-10-12", f"last_reviewed: {date}")


# Each dangerous tag of the source scan, as an attack would use it; the gate judges the built page.
TAG_ATTACKS: dict[str, tuple[str, str, str]] = {
    # tag: (violating HTML, the gate's rule, the gap if the gate passes it)
    "script": ("<script>alert(1)</script>", "html.script", ""),
    "iframe": ('<iframe src="https://evil.example/"></iframe>', "html.element", ""),
    "object": ('<object data="https://evil.example/x"></object>', "html.element", ""),
    "embed": ('<embed src="https://evil.example/x">', "html.element", ""),
    "applet": ('<applet code="x"></applet>', "html.element", ""),
    "style": ("<style>p { display: none }</style>", "html.style", ""),
    "form": ('<form action="https://evil.example/"><p>Card number</p></form>', "html.element", ""),
    "link": ('<link rel="stylesheet" href="https://evil.example/x.css">', "html.third-party", ""),
    "meta": ('<meta http-equiv="refresh" content="0;url=https://evil.example/">', "html.meta-refresh", ""),
    "base": ('<base href="https://evil.example/">', "html.element", ""),
    "svg": ("<svg><script>alert(1)</script></svg>", "html.svg-script", ""),
    "math": ('<math><mi href="javascript:alert(1)">x</mi></math>', "html.unsafe-url", ""),
    "portal": ('<portal src="https://evil.example/"></portal>', "html.element", ""),
}
# The judge of built pages has no rule for these (scan.UNJUDGED_TAGS): the source scan's error is the verdict.
for _tag, _html in {"input": '<input type="password" name="pw">', "button": "<button>Pay now</button>",
                    "textarea": "<textarea>Your card number</textarea>",
                    "select": "<select><option>Visa</option></select>", "option": "<option>Visa</option>",
                    "template": "<template><p>x</p></template>",
                    "noscript": "<noscript><p>Enable script to pay</p></noscript>"}.items():
    TAG_ATTACKS[_tag] = (_html, f"content.tag.{_tag}", "")
# An HTML parser drops these inside a page's body, as Chromium does: nothing of them is published.
TAGS_A_BROWSER_DROPS = {"frame", "frameset"}


def _tag_rows() -> list[Row | Unreachable]:
    rows: list[Row | Unreachable] = []
    for tag in sorted(scan.DANGEROUS_TAGS):
        if tag in TAGS_A_BROWSER_DROPS:
            rows.append(Unreachable(
                f"content.tag.{tag}",
                f"the gate judges the built page, and an HTML parser drops <{tag}> inside a page's body as "
                "Chromium does, so nothing of it is published and the gate rightly passes it; "
                "`openbook check` without --base reads the source and refuses it",
            ))
            continue
        html, reports, gap = TAG_ATTACKS[tag]
        rows.append(Row(f"content.tag.{tag}", page(html), page("A plain paragraph instead."), PAGE,
                        reports=reports, gap=gap, slow=True))
    return rows


RULES: list[Row | Unreachable] = [
    # --- the strict build ---------------------------------------------------------------------------------
    Row("build.warning", page("[A page that is not there](missing.md)"), page("[Prices](pricing.md)"), PAGE),
    Row("build.failed", Change(delete=("docs",)), Change(delete=("docs/faq/calendars.md",)), "mkdocs.yml"),
    # --- the files a change touches, decided from git ----------------------------------------------------
    Row("contribution.settings", edit("mkdocs.yml", "min_notice_days: 30", "min_notice_days: 60"),
        edit("mkdocs.yml", "site_description: How Larkspur works", "site_description: How Larkspur runs"),
        "mkdocs.yml", level="warning"),
    Row("contribution.symlink", Change(symlinks={PAGE: "../mkdocs.yml"}), page("A page of its own."), PAGE),
    Row("contribution.sync-data", edit("data/questions.json", '"association": "NONE"', '"association": "OWNER"'),
        Change(write={"data/notes.md": "Notes.\n"}),
        "data/questions.json"),
    Row("contribution.code", Change(write={"scripts/release.sh": "echo release\n"}),
        Change(write={"README.md": "# Our hub\n"}), "scripts/release.sh", level="warning"),
    Row("content.file-type", Change(write={"docs/proposal.html": "<p>Hello</p>\n"}), page("Hello."),
        "docs/proposal.html"),
    # --- the Markdown of a page -------------------------------------------------------------------------------
    Row("content.front-matter", Change(write={PAGE: "---\ntitle: [one, two]\n---\n\n# A proposal\n"}),
        Change(write={PAGE: "---\ntitle: One and two\n---\n\n# A proposal\n"}), PAGE),
    Row("content.raw-html", page('<div class="note">Hello</div>'), page("Hello"), PAGE, level="warning"),
    # Only a hub that enables pymdownx.snippets reads files into pages: the gate judges the change with the
    # base's extensions, so this row's base enables it (without it, the gate rightly passes the literal text,
    # while `openbook check` without --base refuses it whether the hub enables snippets or not).
    Row("content.snippet-include", page('--8<-- "mkdocs.yml"'), page(';--8<-- "mkdocs.yml"'), PAGE,
        base=SNIPPETS),
    Row("content.event-handler", page('<img src="a.png" onerror="alert(1)">'), page('<img src="a.png" alt="A">'),
        PAGE, reports="html.event-handler"),
    Row("content.attr-list-handler", page('Hello\n{: onclick="alert(1)" }'), page("Hello\n{: .note }"), PAGE,
        reports="html.event-handler"),
    Row("content.unsafe-link", page("[Pay](javascript:alert(1))"), page("[Pay](https://pay.example/)"), PAGE,
        reports="html.unsafe-url"),
    # The gate is stricter here: the built page's inline style is an error (html.style), the source scan's a warning.
    Row("content.style-attribute", page('<p style="display: none">Hidden</p>'), page("<p>Shown</p>"), PAGE,
        reports="html.style"),
    *_tag_rows(),
    Row("content.title-markup", Change(write={PAGE: "---\ntitle: Fees <img src=x onerror=alert(1)>\n---\n\nText.\n"}),
        Change(write={PAGE: "---\ntitle: Fees & refunds\n---\n\nText.\n"}), PAGE),
    # The build removes them (only openbook's templates set search attributes): the source names the line.
    Row("search.attribute", page('<p data-pagefind-weight="10">Reminders</p>'),
        page("Pages cannot set `data-pagefind-weight`."), PAGE),
    # A page's own search boost weighs its words above the conversations a search should list first.
    Row("search.boost", Change(write={PAGE: "---\nsearch:\n  boost: 10\n---\n\n# A proposal\n\nReminders.\n"}),
        Change(write={PAGE: "---\nsearch:\n  boost: 0.5\n---\n\n# A proposal\n\nReminders.\n"}), PAGE),
    # --- the built page ---------------------------------------------------------------------------------------
    Row("html.script", page("<script>alert(1)</script>"), page("`<script>alert(1)</script>`"), PAGE, slow=True),
    Row("html.event-handler", page('<p onmouseover="alert(1)">Hi</p>'), page("<p>Hi</p>"), PAGE, slow=True),
    Row("html.unsafe-url", page('<a href="jav&#x61;script:alert(1)">Pay</a>'),
        page('<a href="https://pay.example/">Pay</a>'), PAGE, slow=True),
    Row("html.element", page('<iframe src="/"></iframe>'), page("`<iframe>`"), PAGE, slow=True),
    Row("html.meta-refresh", page('<meta http-equiv="refresh" content="0;url=/">'), page("`<meta>`"), PAGE,
        slow=True),
    Row("html.style", page("<style>.md-content { display: none }</style>"), page("`<style>`"), PAGE, slow=True),
    Row("html.svg-script", page("<svg><foreignObject><p>Hi</p></foreignObject></svg>"), page("`<svg>`"), PAGE,
        slow=True),
    Row("html.third-party", page("![Pixel](https://evil.example/p.png)"),
        page("![Pixel](p.png)") + Change(write={"docs/p.png": png()}), PAGE, slow=True),
    # --- the hub's identity ------------------------------------------------------------------------------------
    Row("identity.demo", page("Welcome to Larkspur."), page("Welcome to Acme."), PAGE, base=NOT_THE_DEMO),
    # --- practices ----------------------------------------------------------------------------------------------
    Row("practices.front-matter", reviewed(SECURITY, "soon"), reviewed(SECURITY, "2026-11-02"), SECURITY),
    Row("practices.future-review", reviewed(SECURITY, "2027-01-02"), reviewed(SECURITY, "2026-11-02"), SECURITY),
    Row("practices.overdue", reviewed(SECURITY, "2025-01-02"), reviewed(SECURITY, "2026-11-02"), SECURITY,
        level="warning"),
    Row("practices.notice", edit(SECURITY, "three people", "four people"),
        edit(SECURITY, "three people", "four people") + edit(SECURITY, "review_every: 180",
                                                             "review_every: 180\neffective: 2026-12-23"),
        SECURITY, base=NOTICE_30),
    # --- pricing ------------------------------------------------------------------------------------------------
    Row("pricing.data", edit(PRICING, "GBP: {monthly: 12, yearly: 120}", "GBP: {monthly: twelve, yearly: 120}"),
        edit(PRICING, "audience: Sole traders and one-chair businesses", "audience: Sole traders"), PRICING),
    # 9 days' notice of a rise, where the fixture hub asks 30; 39 days pass.
    Row("pricing.notice", price_change("2026-12-01"), price_change("2026-12-31"), PRICING),
    Row("pricing.rewritten", edit(PRICING, "GBP: {monthly: 12, yearly: 120}", "GBP: {monthly: 15, yearly: 120}"),
        price_change("2026-12-31"), PRICING),
    Unreachable("pricing.history", "a property of the checkout, not of a change: it warns when the clone is "
                "shallow, and the workflow checks out with fetch-depth: 0 (a shallow clone fails the strict build "
                "too: tests/history/test_history_build.py::"
                "test_a_shallow_clone_warns_naming_the_fix_and_shows_no_dates)"),
    # --- the register of subprocessors ---------------------------------------------------------------------
    Row("subprocessors.invalid", edit(REGISTER, "    location: GB", "    location: UK"),
        add_subprocessor("2027-01-02"), REGISTER),
    # 18 days' notice of an addition, where the fixture hub asks 30; 41 days pass.
    Row("subprocessors.notice", add_subprocessor("2026-12-10"), add_subprocessor("2027-01-02"), REGISTER),
    Row("subprocessors.rewritten", edit(REGISTER, "    location: US\n    transfer: dpf", "    location: IE\n    transfer: dpf"),
        add_subprocessor("2027-01-02"), REGISTER),
    # A form is no content: the gate reads the change's form from git and judges it by the base's settings.
    Row("subprocessors.objections", objection_form("question"), objection_form("subprocessor-objection"),
        OBJECTION_FORM),
    Unreachable("subprocessors.history", "a property of the checkout, not of a change, as pricing.history: it "
                "warns when the clone is shallow (tests/subprocessors/test_register_gate.py::"
                "test_a_shallow_clone_warns_that_publication_dates_may_be_late)"),
    # --- issue forms ----------------------------------------------------------------------------------------
    Row("questions.approval-label", edit(QUESTION_FORM, "labels: [question]", "labels: [question, approved]"),
        edit(QUESTION_FORM, "labels: [question]", "labels: [question, billing]"), QUESTION_FORM),
    # --- the engine ---------------------------------------------------------------------------------------
    Unreachable("engine.material-end-of-life", "a property of the installed engine and of the date, not of a "
                "change: `openbook check` on the hub warns from 90 days before 5 May 2027 "
                "(tests/site/test_longevity.py), and the gate runs the base's engine"),
    # --- the FAQ ----------------------------------------------------------------------------------------------
    Row("faq.front-matter", edit(FAQ_ENTRY, "category: billing", "category: nonsense"),
        edit(FAQ_ENTRY, "category: billing", "category: data"), FAQ_ENTRY),
    Row("faq.missing-source", edit(FAQ_ENTRY, "sources: [3]", "sources: [3, 999]"),
        edit(FAQ_ENTRY, "sources: [3]", "sources: [3, 14]"), FAQ_ENTRY, level="warning"),
    Row("faq.future-review", reviewed(FAQ_ENTRY, "2027-01-02"), reviewed(FAQ_ENTRY, "2026-11-02"), FAQ_ENTRY),
    Row("faq.overdue", reviewed(FAQ_ENTRY, "2025-01-02"), reviewed(FAQ_ENTRY, "2026-11-02"), FAQ_ENTRY,
        level="warning"),
]


# --- the rule ids in src/ --------------------------------------------------------------------------------

# The calls that name a rule, and the position of the rule among their arguments. A call that hands a
# rule on from a variable (`Finding(level, rule, ...)` inside `_finding`) names none itself.
RULE_ARGUMENT = {"Finding": 1, "_finding": 1, "Risk": 1, "_add": 0, "_attribute_risks": 4,
                 "problem_findings": 0, "rewrite_findings": 1}
# Rule ids built from a value (f"content.tag.{name}"): the family and every value it takes.
FAMILIES = {"content.tag.": scan.DANGEROUS_TAGS}
_RULE_ID = re.compile(r"^[a-z]+\.[a-z][a-z.-]*$")


def _name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def source_rule_ids() -> tuple[dict[str, str], list[str]]:
    """Every rule id src/ can report ({id: file:line}), and the calls whose rule the reader cannot tell."""
    found: dict[str, str] = {}
    unknown: list[str] = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        # A module's own constants (`RULE = "questions.approval-label"`) name a rule as well as a literal.
        constants = {target.id: node.value for node in tree.body if isinstance(node, ast.Assign)
                     and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
                     for target in node.targets if isinstance(target, ast.Name)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or (name := _name(node)) not in RULE_ARGUMENT:
                continue
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            position = RULE_ARGUMENT[name]
            keyword = next((k.value for k in node.keywords if k.arg == "rule"), None)
            argument = node.args[position] if len(node.args) > position else keyword
            if isinstance(argument, ast.Name) and argument.id in constants:
                argument = constants[argument.id]
            # `"html.svg-script" if in_svg else "html.script"` names two.
            while isinstance(argument, ast.IfExp) and isinstance(argument.orelse, (ast.Constant, ast.IfExp)):
                if isinstance(argument.body, ast.Constant) and _RULE_ID.match(str(argument.body.value)):
                    found.setdefault(str(argument.body.value), where)
                argument = argument.orelse
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                if _RULE_ID.match(argument.value):
                    found.setdefault(argument.value, where)
                else:
                    unknown.append(f"{where}: {argument.value!r} is not a rule id")
            elif isinstance(argument, ast.JoinedStr):
                prefix = "".join(v.value for v in argument.values[:1] if isinstance(v, ast.Constant))
                if prefix in FAMILIES and len(argument.values) == 2:
                    found.update((prefix + value, where) for value in FAMILIES[prefix])
                else:
                    unknown.append(f"{where}: {ast.unparse(argument)} (add its values to FAMILIES)")
            elif name in {"Finding", "_finding", "Risk"} and isinstance(argument, (ast.Name, ast.Attribute)):
                # Handed on: from `_finding`'s, `_attribute_risks`' or an item's own rule, counted where named.
                if ast.unparse(argument) not in {"rule", "item.rule", "risk.rule", "r.rule", "handler_rule"}:
                    unknown.append(f"{where}: {name}(...) takes its rule from `{ast.unparse(argument)}`; "
                                   "add the call that names it to RULE_ARGUMENT")
            elif argument is not None and name in {"Finding", "_finding"}:
                unknown.append(f"{where}: {ast.unparse(argument)}")
    return found, unknown


def test_every_rule_id_in_the_source_has_a_row():
    found, unknown = source_rule_ids()
    rows = [row.rule for row in RULES]

    assert not unknown, "rule ids this test cannot read:\n" + "\n".join(unknown)
    # The reader finds what it must: one id of each checker.
    assert {"pricing.rewritten", "html.third-party", "content.tag.script", "content.attr-list-handler",
            "identity.demo", "faq.overdue", "build.failed"} <= set(found)
    missing = sorted(set(found) - set(rows))
    assert not missing, "rule ids with no row in RULES (add a Row, or Unreachable with the reason):\n" + \
        "\n".join(f"{rule} ({found[rule]})" for rule in missing)
    gone = sorted(set(rows) - set(found))
    assert not gone, f"rows for rule ids src/ no longer reports (remove them): {gone}"
    assert len(rows) == len(set(rows)), f"rule ids with two rows: {sorted(r for r in rows if rows.count(r) > 1)}"


def test_every_unreachable_rule_says_why():
    for row in RULES:
        if isinstance(row, Unreachable):
            assert len(row.why) > 40, f"{row.rule}: say why no change on a branch can provoke it"


# --- the gate, as the pull-request workflow runs it --------------------------------------------------------

ROWS = [row for row in RULES if isinstance(row, Row)]
_ANNOTATION = re.compile(r"^::(?P<level>error|warning) (?P<props>[^:]*)::(?P<message>.*)$")


@dataclass(frozen=True)
class Annotation:
    level: str
    rule: str
    file: str
    line: int | None
    message: str


def _unescape(value: str) -> str:
    return value.replace("%2C", ",").replace("%3A", ":").replace("%0A", "\n").replace("%0D", "\r") \
        .replace("%25", "%")


def annotations(output: str) -> list[Annotation]:
    """The workflow's annotations (`--format github`), as GitHub reads them; fails on any other line."""
    out = []
    for text in output.splitlines():
        match = _ANNOTATION.match(text)
        assert match, f"not a GitHub annotation: {text!r}"
        props = dict(p.split("=", 1) for p in match["props"].split(","))
        out.append(Annotation(match["level"], _unescape(props["title"]), _unescape(props["file"]),
                              int(props["line"]) if "line" in props else None, _unescape(match["message"])))
    return out


@pytest.fixture(scope="module")
def base_repo(tmp_path_factory) -> Path:
    """The fixture hub committed on main, prepared once for the module; each test works in a copy."""
    repo = GitRepo.hub(copy_hub_sources(tmp_path_factory.mktemp("gate-rules") / "hub"))
    return repo.root


def proposal(base_repo: Path, tmp_path: Path, row: Row, change: Change) -> GitRepo:
    """A copy of the base hub with the row's settings on main, and `change` committed on a branch."""
    root = tmp_path / "hub"
    shutil.copytree(base_repo, root, symlinks=True)
    hub = GitRepo(root, author="Test Author", email="author@example.com")
    if row.base:
        row.base.apply(hub)
        hub.commit("Settings the rule needs", SETTINGS_DATE)
    # The workflow checks out the pull request and compares it with origin/$BASE_REF.
    hub.git("update-ref", "refs/remotes/origin/main", "refs/heads/main")
    hub.branch("proposal")
    change.apply(hub)
    hub.commit("Proposal", CHANGE_DATE, author="Casey Customer", email="casey@example.com")
    return hub


def gate(hub: GitRepo, capsys) -> tuple[int, list[Annotation]]:
    code = cli.main(["check", "-f", str(hub.config_file), "--base", "origin/main", "--format", "github"])
    return code, annotations(capsys.readouterr().out)


@pytest.fixture
def pinned(monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXTURE_NOW)


def _params(*, violating: bool) -> list:
    out = []
    for row in ROWS:
        # A quick run keeps each rule's violating change, the signal that the gate still fires.
        marks = [pytest.mark.slow] if row.slow or not violating else []
        if violating and row.gap:
            marks.append(pytest.mark.xfail(strict=True, reason=row.gap))
        out.append(pytest.param(row, id=row.rule, marks=marks))
    return out


@pytest.mark.parametrize("row", _params(violating=True))
def test_a_violating_change_fails_the_gate_with_its_rule(base_repo, tmp_path, capsys, pinned, row):
    hub = proposal(base_repo, tmp_path, row, row.violating)

    code, found = gate(hub, capsys)

    hits = [a for a in found if a.rule == row.expected and a.file == row.file]
    assert hits, f"{row.rule}: the gate reported no {row.expected} on {row.file}; it reported " \
        f"{[(a.rule, a.file, a.message[:80]) for a in found]}"
    assert {a.level for a in hits} == {row.level}, hits
    assert all(a.message for a in hits)
    expected_code = cli.EXIT_FAILED if row.level == "error" else cli.EXIT_OK
    errors = [(a.rule, a.file) for a in found if a.level == "error"]
    assert code == expected_code, f"{row.rule}: exit {code}, errors {errors}"


@pytest.mark.parametrize("row", _params(violating=False))
def test_a_benign_change_of_the_same_kind_passes_the_gate(base_repo, tmp_path, capsys, pinned, row):
    hub = proposal(base_repo, tmp_path, row, row.benign)

    code, found = gate(hub, capsys)

    errors = [(a.rule, a.file, a.message[:120]) for a in found if a.level == "error"]
    assert code == cli.EXIT_OK and not errors, f"{row.rule}: the benign change failed the gate: {errors}"
    assert not [a for a in found if a.rule in (row.rule, row.expected) and a.file == row.file], found


def test_demo_text_the_base_already_holds_is_not_the_changes_to_fix(base_repo, tmp_path, capsys, pinned):
    # The written difference between the paths (contribution/check.py, GATE_CHECKERS): the hub's own
    # check lists every file that names the demo company; the gate, only the files the change writes.
    [row] = [row for row in ROWS if row.rule == "identity.demo"]
    hub = proposal(base_repo, tmp_path, row, page("Welcome to Acme."))

    code, found = gate(hub, capsys)
    hub_code = cli.main(["check", "-f", str(hub.config_file), "--format", "github"])
    on_hub = annotations(capsys.readouterr().out)

    assert code == cli.EXIT_OK and not [a for a in found if a.rule == "identity.demo"], found
    assert hub_code == cli.EXIT_FAILED
    assert {"docs/index.md", "mkdocs.yml"} <= {a.file for a in on_hub if a.rule == "identity.demo"}
    assert PAGE not in {a.file for a in on_hub if a.rule == "identity.demo"}
