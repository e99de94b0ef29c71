"""Hostile pull requests against the fixture hub, as data: what each writes, and the file its finding must name.

Each is what an attacker with a fork could send, by class (the classes of
issue 12). `tests/contribution/test_gate.py` applies each to a fresh copy of
the fixture hub, runs `openbook check --base main`, and requires exit 1 with
an error naming the page; the browser test opens each preview in Chromium.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PAGE = "docs/hostile.md"


@dataclass(frozen=True)
class HostilePR:
    name: str
    kind: str
    # Files written (text or bytes), hub-relative.
    write: dict[str, str | bytes] = field(default_factory=dict)
    # (path, old, new): an edit of an existing file.
    replace: tuple[tuple[str, str, str], ...] = ()
    # link -> target: symlinks the change commits.
    symlinks: dict[str, str] = field(default_factory=dict)
    # The file an error finding must name.
    names: str = PAGE
    # The line of that file an error must name, where the construct is one line of it.
    line: int | None = None


def page(body: str, path: str = PAGE, **kwargs) -> dict[str, str]:
    return {path: f"# A helpful page\n\nSome text.\n\n{body}\n"}


CORPUS: list[HostilePR] = [
    # --- parser differentials: the source scan guesses, the built page tells -----------------------
    HostilePR("escaped-backtick", "parser", page("\\`<img src=x onerror=alert(1)>\\`")),
    HostilePR("escaped-backticks-around-script", "parser", page("\\`\\`<script>alert(1)</script>\\`\\`")),
    HostilePR("short-html-comment", "parser", page("<!--><img src=x onerror=alert(1)>-->")),
    HostilePR("shortest-html-comment", "parser", page("<!---><script>alert(1)</script>-->")),
    HostilePR("fence-the-extension-does-not-open", "parser",
              page("    ```\n<script>alert(1)</script>\n    ```")),
    HostilePR("fence-in-a-quote-closed-outside", "parser", page("> ```\n<script>alert(1)</script>\n> ```")),
    HostilePR("tilde-fence-with-info-backtick", "parser", page("~~~`\n<script>alert(1)</script>\n~~~")),
    HostilePR("attr-list-holding-braces", "parser", page('Click me\n{: onclick="if(1){alert(1)" }')),
    HostilePR("attr-list-on-heading-with-brace", "parser", page('## Heading {: onmouseover="x={}" }')),
    HostilePR("reference-definition-in-quote", "parser", page("> [x]: javascript:alert(1)\n\n[click][x]")),
    HostilePR("reference-definition-in-list", "parser", page("- [y]: javascript:alert(1)\n\n[click][y]")),
    HostilePR("md-in-html-script", "parser", page('<div markdown="1">\n<script>alert(1)</script>\n</div>')),
    HostilePR("entity-encoded-javascript-link", "parser", page("[x](&#106;avascript:alert(1))")),
    HostilePR("angle-bracket-link-destination", "parser", page("[x](<javascript:alert(1)>)")),
    HostilePR("data-url-link", "parser", page("[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")),
    HostilePR("attr-list-on-image", "parser", page('![x](a.png){: onerror="alert(1)" }')),
    HostilePR("footnote-with-handler", "parser", page("Text[^1]\n\n[^1]: <b onclick=alert(1)>note</b>")),
    # --- raw HTML a browser acts on -------------------------------------------------------------------
    HostilePR("iframe", "html", page('<iframe src="/"></iframe>')),
    HostilePR("object", "html", page('<object data="/x"></object>')),
    HostilePR("embed", "html", page('<embed src="/x">')),
    HostilePR("base-href", "html", page('<base href="/evil/">')),
    HostilePR("form", "html", page('<form action="/login"><input name=password></form>')),
    HostilePR("meta-refresh", "html", page('<meta http-equiv="refresh" content="0;url=/elsewhere">')),
    HostilePR("style-element", "html", page("<style>.md-content{display:none}</style>")),
    HostilePR("style-attribute", "html", page('<span style="position:fixed;inset:0">Login again</span>')),
    HostilePR("inline-svg-script", "html", page("<svg><script>alert(1)</script></svg>")),
    HostilePR("inline-svg-onload", "html", page("<svg onload=alert(1)></svg>")),
    HostilePR("svg-animate-href", "html",
              page('<svg><a><animate attributeName="href" values="javascript:alert(1)"/><text y="20">x</text></a></svg>')),
    # --- front matter decoded by YAML, printed raw by Material ---------------------------------------
    HostilePR("title-yaml-hex-escape", "front-matter",
              {PAGE: '---\ntitle: "Help \\x3cimg src=x onerror=alert(1)\\x3e"\n---\n\n# Help\n'}),
    HostilePR("title-yaml-unicode-escape", "front-matter",
              {PAGE: '---\ntitle: "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"\n---\n\nText.\n'}),
    HostilePR("tag-yaml-escape", "front-matter",
              {PAGE: '---\ntags: ["\\x3cimg src=x onerror=alert(1)\\x3e"]\n---\n\n# Tagged\n'}),
    HostilePR("subtitle-markup", "front-matter",
              {PAGE: '---\nsubtitle: "\\x3csvg onload=alert(1)\\x3e"\n---\n\n# Sub\n'}),
    # --- files check never read --------------------------------------------------------------------
    HostilePR("markdown-suffix-mdown", "files", {"docs/other.mdown": "# Other\n\n<script>alert(1)</script>\n"},
              names="docs/other.mdown"),
    HostilePR("markdown-suffix-mkd", "files", {"docs/other.mkd": "# Other\n\n<img src=x onerror=alert(1)>\n"},
              names="docs/other.mkd"),
    HostilePR("markdown-suffix-markdown", "files",
              {"docs/other.markdown": "# Other\n\n[x](javascript:alert(1))\n"}, names="docs/other.markdown"),
    HostilePR("html-file-copied", "files", {"docs/login.html": "<script>alert(document.cookie)</script>"},
              names="docs/login.html"),
    HostilePR("xhtml-file-copied", "files",
              {"docs/p.xhtml": '<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>'},
              names="docs/p.xhtml"),
    HostilePR("javascript-file", "files", {"docs/assets/x.js": "alert(1)\n"}, names="docs/assets/x.js"),
    HostilePR("stylesheet-file", "files", {"docs/assets/x.css": "body{display:none}\n"}, names="docs/assets/x.css"),
    HostilePR("svg-file-with-script", "files",
              {"docs/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'},
              names="docs/logo.svg"),
    HostilePR("svg-file-with-handler", "files",
              {"docs/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'}, names="docs/logo.svg"),
    # --- symlinks pull the build machine's files into the site ---------------------------------------
    HostilePR("symlink-to-environ", "symlink", symlinks={"docs/env.txt": "/proc/self/environ"}, names="docs/env.txt"),
    HostilePR("symlink-to-git-config", "symlink", symlinks={"docs/config.md": "../.git/config"},
              names="docs/config.md"),
    HostilePR("symlinked-folder", "symlink", symlinks={"docs/etc": "/etc"}, names="docs/etc"),
    # --- code that would silence the check: it does not run, and the content is judged anyway ----------
    HostilePR("hook-clears-findings", "code", {
        "hooks/page_actions.py": "def on_post_page(output, *, page, config):\n    return output\n",
        **page("<script>alert(1)</script>"),
    }),
    HostilePR("new-hook-in-config", "code", {
        "hooks/silence.py": "import sys\nsys.exit(0)\n", **page("<img src=x onerror=alert(1)>"),
    }, replace=(("mkdocs.yml", "hooks:\n", "hooks:\n  - hooks/silence.py\n"),)),
    HostilePR("config-drops-the-hooks", "code", page("<iframe src=/></iframe>"),
              replace=(("mkdocs.yml", "  - hooks/engine.py\n", ""),)),
    # --- a change that relaxes the rules for itself ----------------------------------------------------
    HostilePR("lower-notice-for-own-rise", "rules", replace=(
        ("mkdocs.yml", "min_notice_days: 30", "min_notice_days: 1"),
        ("data/pricing.yml", "\n  - id: 2027-team-business",
         "\n  - id: 2026-sneaky\n    effective: 2026-11-25\n    reason: Costs.\n    prices:\n      starter:\n"
         "        GBP: {monthly: 99}\n  - id: 2027-team-business"),
    ), names="data/pricing.yml"),
    # --- the synced snapshot and the ledger are sync's alone ----------------------------------------------
    HostilePR("forged-staff-answer", "sync-data",
              replace=(("data/questions.json", '"association": "NONE"', '"association": "OWNER"'),),
              names="data/questions.json"),
    HostilePR("ledger-edit", "sync-data", replace=(("data/questions-published.json", '"numbers": [', '"numbers": [\n  2,'),),
              names="data/questions-published.json"),
    # --- third-party loads: every reader's browser would call another host --------------------------------
    HostilePR("external-markdown-image", "third-party", page("![pixel](https://tracker.example/p.png)")),
    HostilePR("external-raw-image", "third-party", page('<img src="//tracker.example/p.gif" alt="">')),
    HostilePR("external-srcset", "third-party", page('<img src="a.png" srcset="https://cdn.example/a.png 2x" alt="">')),
    HostilePR("external-video-poster", "third-party", page('<video poster="https://cdn.example/p.jpg"></video>')),
    HostilePR("external-stylesheet-link", "third-party", page('<link rel="stylesheet" href="https://cdn.example/s.css">')),
    HostilePR("external-image-attr-list", "third-party", page("![x](a.png){ src=https://tracker.example/p.png }")),
    # --- URLs only a browser's parser sees a host in (WHATWG URL standard), and every attribute that fetches ----
    # page() puts the body on line 5.
    *(HostilePR(name, "third-party", page(body), line=5) for name, body in (
        ("image-three-slashes", "![](///evil1.example/a.png)"),
        ("image-slash-backslash", "![](/\\evil2.example/b.png)"),
        ("image-scheme-without-slashes", "![](https:evil3.example/c.png)"),
        ("image-upper-case-scheme-without-slashes", "![](HTTPS:evil-upper.example/c.png)"),
        ("stylesheet-link-three-slashes", '<link rel="stylesheet" href="///evil4.example/x.css">'),
        ("svg-mask-url", '<svg mask="url(https://evil5.example/m.svg#m)"><rect width="9" height="9"/></svg>'),
        ("raw-image-leading-space", '<img src=" //evil-space.example/p.png" alt="">'),
        ("raw-image-leading-tab", '<img src="\t//evil-tab.example/p.png" alt="">'),
        ("raw-image-entity-space", '<img src="&#32;//evil-entity.example/p.png" alt="">'),
        ("raw-image-two-backslashes", '<img src="\\\\evil-backslashes.example/p.png" alt="">'),
        ("srcset-second-candidate", '<img src="a.png" srcset="a.png 2x, ///evil-srcset.example/b.png 1x" alt="">'),
        ("picture-source-srcset", '<picture><source srcset="/\\evil-source.example/b.webp"><img src="a.png" alt=""></picture>'),
        ("svg-fill-url", '<svg><rect width="9" height="9" fill="url(//evil-fill.example/p.svg#p)"/></svg>'),
        ("svg-fill-url-css-escape", '<svg><rect width="9" height="9" fill="\\75 rl(///evil-escape.example/f.svg#f)"/></svg>'),
        ("svg-filter-url", '<svg><rect width="9" height="9" filter="url(/\\evil-filter.example/f.svg#f)"/></svg>'),
        ("svg-marker-url", '<svg><path d="M0 0L9 9" marker-end="url(https:evil-marker.example/m.svg#m)"/></svg>'),
        ("svg-image-href", '<svg><image href="///evil-svgimage.example/i.png" width="9" height="9"/></svg>'),
        ("input-image-src", '<input type="image" src="///evil-input.example/i.png" alt="Go">'),
        ("video-track-src", '<video><track src="/\\evil-track.example/t.vtt"></video>'),
        ("link-preconnect", '<link rel="preconnect" href="https:evil-preconnect.example">'),
        ("anchor-ping", '<a href="#top" ping="///evil-ping.example/p">top</a>'),
        ("image-attributionsrc", '<img src="p.png" alt="" attributionsrc="https://evil-attribution.example/r">'),
        ("background-on-div", '<div background="///evil-div.example/b.png">x</div>'),
    )),
    HostilePR("raw-image-leading-newline", "third-party", page('<img alt="" src="\n//evil-newline.example/p.png">'),
              line=6),
    *(HostilePR(f"background-on-{tag}", "third-party", page(
        f"<table>\n<thead{' background=' + chr(34) + f'///evil-{tag}.example/b.png' + chr(34) if tag == 'thead' else ''}>"
        f"<tr{' background=' + chr(34) + f'///evil-{tag}.example/b.png' + chr(34) if tag == 'tr' else ''}>"
        f"<th{' background=' + chr(34) + f'///evil-{tag}.example/b.png' + chr(34) if tag == 'th' else ''}>Plan</th>"
        "</tr></thead>\n</table>"), line=6) for tag in ("thead", "tr", "th")),
    # --- elements the source scan refuses: the built page refuses them too, and an SVG written like one of
    # Material's own icons, which the built page alone would take for the base's, is refused from the source ---
    HostilePR("math-element", "html", page("<math><mi>x</mi></math>"), line=5),
    HostilePR("svg-dressed-as-an-icon", "html", page(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M0 0h24v24H0z"/></svg>'), line=5),
]


# A page with five ways to call another host that urllib read as no host at all.
FIVE_HOSTS = (
    "# Opening hours\n\nWe are open every day.\n\n"
    "![](///evil1.example/a.png)\n\n"                              # line 5
    "![](/\\evil2.example/b.png)\n\n"                            # line 7
    "![](https:evil3.example/c.png)\n\n"                          # line 9
    '<link rel="stylesheet" href="///evil4.example/x.css">\n\n'   # line 11
    '<svg mask="url(https://evil5.example/m.svg#m)"><rect width="9" height="9"/></svg>\n'  # line 13
)


# Benign customer edits: none may fail the check or raise a false alarm.
@dataclass(frozen=True)
class BenignPR:
    name: str
    write: dict[str, str | bytes] = field(default_factory=dict)
    replace: tuple[tuple[str, str, str], ...] = ()
    delete: tuple[str, ...] = ()
    move: dict[str, str] = field(default_factory=dict)
    append: dict[str, str] = field(default_factory=dict)


PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)
SAFE_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" viewBox="0 0 10 10">'
            '<rect width="10" height="10" fill="#639"/></svg>')

BENIGN: list[BenignPR] = [
    BenignPR("typo-fix", replace=(("docs/contributing.md", "Every page on this site", "Every single page on this site"),)),
    BenignPR("new-practice-page-with-table-and-image", write={
        "docs/practices/accessibility.md": (
            "---\ntitle: Accessibility\nowner: Web team (Sam Lee)\nlast_reviewed: 2026-11-01\ntags: [support]\n---\n\n"
            "# Accessibility\n\nWe test every release.\n\n| Check | How often |\n|---|---|\n| Screen reader | Monthly |\n"
            "| Contrast | Every release |\n\n![Our test lab](../assets/lab.png)\n"
        ),
        "docs/assets/lab.png": PNG,
    }),
    BenignPR("new-question-category", replace=(
        ("mkdocs.yml", "        billing: Billing and plans\n", "        billing: Billing and plans\n        mobile: Mobile apps\n"),
    )),
    BenignPR("price-decrease", replace=(
        ("data/pricing.yml", "\n  - id: 2027-team-business",
         "\n  - id: 2026-starter-cut\n    effective: 2026-11-25\n    reason: Cheaper hosting.\n    prices:\n"
         "      starter:\n        GBP: {monthly: 10}\n  - id: 2027-team-business"),
    )),
    BenignPR("price-rise-with-enough-notice", append={"data/pricing.yml": (
        "  - id: 2027-starter-rise\n    effective: 2027-04-01\n    reason: Card fees rose.\n    prices:\n"
        "      starter:\n        GBP: {monthly: 14}\n"
    )}),
    BenignPR("new-page-with-admonition-and-tabs", write={"docs/faq-billing.md": (
        "# Billing FAQ\n\n!!! note \"Invoices\"\n    Invoices are sent monthly.\n\n=== \"Card\"\n\n    Pay by card.\n\n"
        "=== \"Bank\"\n\n    Pay by transfer.\n\n??? question \"Refunds?\"\n    See [refunds](practices/refunds.md).\n"
    )}),
    BenignPR("code-sample-with-html-in-a-fence", write={"docs/embed-guide.md": (
        "# Embedding the booking widget\n\n```html\n<script src=\"https://book.example/widget.js\"></script>\n"
        "<iframe src=\"https://book.example\"></iframe>\n```\n\nInline: `<img onerror=x>` is shown as code.\n"
    )}),
    BenignPR("external-links-are-fine", write={"docs/links.md": (
        "# Useful links\n\n- [GitHub](https://github.com)\n- <https://example.com/docs>\n- [Mail us](mailto:help@larkspur.example)\n"
    )}),
    BenignPR("front-matter-description-with-ampersand", replace=(
        ("docs/contributing.md", "description: A step-by-step guide", "description: A step-by-step guide (Q&A, edits & more)"),
    )),
    BenignPR("practice-review-date-update", replace=(
        ("docs/practices/refunds.md", "last_reviewed: 2026-03-02", "last_reviewed: 2026-11-15"),
    )),
    BenignPR("shorten-a-heading", replace=(("docs/contributing.md", "## Propose an edit, step by step", "## Propose an edit"),)),
    BenignPR("delete-a-paragraph", replace=(("docs/contributing.md", "The site lives on GitHub, a free website where people keep text and code and\n", ""),)),
    BenignPR("safe-svg-diagram", write={"docs/assets/diagram.svg": SAFE_SVG,
                                        "docs/diagram.md": "# Diagram\n\n![How a change flows](assets/diagram.svg)\n"}),
    BenignPR("definition-list-and-footnote", write={"docs/glossary.md": (
        "# Glossary\n\nPlan\n:   What you pay for.\n\nSeat[^1]\n:   One staff calendar.\n\n[^1]: Counted monthly.\n"
    )}),
    BenignPR("task-list-and-abbreviation", write={"docs/roadmap.md": (
        "# Roadmap\n\n- [x] SMS reminders\n- [ ] WhatsApp reminders\n\nWe support SMS.\n\n*[SMS]: Short Message Service\n"
    )}),
    BenignPR("images-on-the-hubs-own-site-and-fragment-links", write={
        "docs/assets/lab.png": PNG,
        "docs/lab.md": (
            "# Our lab\n\n## Where it is\n\n![The lab](assets/lab.png)\n\n"
            "![The lab again](https://larkspur-hq.github.io/openbook-hub/assets/lab.png)\n\n"
            '<img src="https://larkspur-hq.github.io/openbook-hub/assets/lab.png" alt="Once more" width="9">\n\n'
            "[Back to the top](#our-lab) and [where it is](#where-it-is).\n"
        ),
    }),
    BenignPR("kbd-and-attr-list-button", write={"docs/shortcuts.md": (
        "# Shortcuts\n\nPress <kbd>Ctrl</kbd>+<kbd>K</kbd> to search.\n\n[Contact us](contributing.md){ .md-button }\n"
    )}),
]
