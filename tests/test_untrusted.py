"""The render module: customer Markdown becomes safe HTML, plain strings are escaped where they land."""

from __future__ import annotations

import json
import re

import pytest

from htmlsafety import scan
from openbook import untrusted as render

LINKS = {3: "../3/", 22: None}


def link_for(number: int) -> str | None:
    return LINKS.get(number, f"https://github.com/o/r/issues/{number}")


@pytest.fixture(scope="module")
def renderer() -> render.Renderer:
    return render.Renderer(render.RenderOptions(site_url="https://hub.example/"))


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        "<iframe src=x></iframe>",
        "<form action=x><input></form>",
        '<div markdown="1" onclick="alert(1)" style="position:fixed">x</div>',
        "<!-- <script>alert(1)</script> -->",
        '<details open ontoggle="alert(1)"><summary>s</summary>x</details>',
        '<a href="javascript:alert(1)" id="__proto__" name="x" target="_top">t</a>',
        '<style>body{display:none}</style><link rel=stylesheet href=//x.example/>',
    ],
)
def test_raw_html_in_customer_text_runs_nothing_and_styles_nothing(renderer, hostile):
    html = renderer.markdown(hostile)
    found = scan(html)
    assert not (found.scripts or found.script_srcs or found.handlers or found.bad_urls or found.forms or found.styles), html
    assert not found.forbidden, html
    for attribute in ("style=", "id=", "name=", "target=", "markdown="):
        assert attribute not in html, html


def test_githubs_harmless_html_is_kept(renderer):
    html = renderer.markdown(
        "<details><summary>Log</summary>\n\n```\nerror 42\n```\n\n</details>\n\n"
        "Press <kbd>Ctrl</kbd>+<kbd>C</kbd>, H<sub>2</sub>O, x<sup>2</sup>, <ins>new</ins> <del>old</del><br>"
        '<img src="https://hub.example/a.png" width="200" height="100" alt="shot">'
    )
    assert "<details><summary>Log</summary>" in html and "<pre><code>error 42" in html
    assert "<kbd>Ctrl</kbd>" in html and "<sub>2</sub>" in html and "<sup>2</sup>" in html
    assert "<ins>new</ins> <del>old</del><br>" in html
    assert '<img src="https://hub.example/a.png" width="200" height="100" alt="shot">' in html


def test_template_comments_are_not_shown(renderer):
    html = renderer.markdown("<!-- Describe the problem -->\nIt breaks.\n\n<!--\nSteps:\n-->")
    assert "Describe" not in html and "Steps" not in html and "It breaks." in html


def test_githubs_markdown_extensions_render_as_on_github(renderer):
    html = renderer.markdown(
        "Intro line\n- [x] done\n- [ ] todo\n  - nested two spaces\n\n"
        "~~gone~~ www.example.com line\nbreak and a\\\nbackslash break[^n]\n\n[^n]: The note."
    )
    # A list right after text is a list; a 2-space nested list is nested.
    assert "<p>Intro line</p>\n<ul>" in html and "<ul>\n<li>nested two spaces</li>" in html
    assert '<li class="task-list-item"><input type="checkbox" checked="" aria-label="done" disabled=""> done</li>' in html
    # Each checkbox is named by its item's own words, for screen readers.
    assert '<input type="checkbox" aria-label="todo" disabled=""> todo' in html
    assert "<del>gone</del>" in html and '<a href="http://www.example.com"' in html
    assert "line<br>\nbreak" in html and "\\" not in html
    assert '<a href="#user-content-fn-n" id="user-content-fnref-n"' in html
    assert '<li id="user-content-fn-n">' in html


def test_fenced_code_inside_a_list_item_stays_a_code_block(renderer):
    html = renderer.markdown("1. Run:\n   ```sh\n   openbook sync\n   ```\n2. Then build.")
    assert '<li>Run:\n<pre><code class="language-sh">openbook sync\n</code></pre>\n</li>' in html


def test_an_alert_is_a_callout_with_its_title(renderer):
    html = renderer.markdown("> [!WARNING]\n> Back up first.\n\n> [!NOTE] not alone\n> a quote")
    assert (
        '<div class="admonition warning openbook-alert" role="note"><p class="admonition-title">Warning</p>'
        "<p>Back up first.</p>" in html
    )
    assert "<blockquote>\n<p>[!NOTE] not alone<br>" in html


def test_a_customer_cannot_fake_an_alert_or_a_staff_box(renderer):
    html = renderer.markdown('<div class="admonition success" role="note"><p class="admonition-title">Accepted</p></div>')
    assert "class=" not in html and "role=" not in html


def test_mentions_link_to_profiles_and_emoji_shortcodes_become_characters(renderer):
    html = renderer.markdown("Thanks @ana-b :tada: :+1: but not ana@b.example, `@code` or @org/team :nope:")
    assert '<a href="https://github.com/ana-b" class="user-mention" rel="nofollow ugc noopener noreferrer">@ana-b</a>' in html
    assert "🎉" in html and "👍" in html and ":nope:" in html
    assert "<code>@code</code>" in html and "github.com/org" not in html


def test_one_text_cannot_redirect_the_links_of_another():
    renderer = render.Renderer()
    answer = "See [the docs][docs]."
    hostile = "[docs]: https://evil.example/"
    parts = renderer.markdown_many([hostile, answer])
    assert "evil.example" not in parts[1]


def test_redaction_reads_text_as_a_reader_does_entities_decoded(renderer):
    result = renderer.render(
        'Mail ana&#64;example.com, [me](mailto:ana&#x40;example.com "ana&#64;example.com") '
        '![ana&#64;example.com](https://hub.example/a.png)'
    )
    assert "example.com" not in result.html.replace("hub.example", "")
    assert "example.com" not in result.text
    # The link lost its URL, so it is plain text: no link goes nowhere.
    assert "<a" not in result.html


@pytest.mark.parametrize(
    "link",
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "[x](vbscript:msgbox(1))",
        "[x][r]\n\n[r]: javascript:alert(1)",
    ],
)
def test_links_to_scripts_and_data_lose_their_href(renderer, link):
    html = renderer.markdown(link)
    assert "href" not in html, html


def test_protocol_relative_links_are_dropped_but_relative_and_web_links_kept(renderer):
    html = renderer.markdown("[a](//evil.example/x) [b](../3/) [c](https://ok.example/) [d](mailto:x@y.example)")
    assert "evil.example" not in html
    assert 'href="../3/"' in html and 'href="https://ok.example/"' in html


def test_attribute_lists_snippets_and_jinja_stay_literal_text(renderer):
    html = renderer.markdown('Para {onclick=alert(1)}\n\n--8<-- "mkdocs.yml"\n\n{{ config }} {% if 1 %}x{% endif %}')
    assert "{onclick=alert(1)}" in html
    assert "--8&lt;-- &quot;mkdocs.yml&quot;" in html or '--8&lt;-- "mkdocs.yml"' in html
    assert "{{ config }}" in html and "{% if 1 %}" in html


def test_code_blocks_tables_and_links_still_render(renderer):
    html = renderer.markdown(
        "```python\nprint('<b>')\n```\n\n| plan | price |\n|:--|--:|\n| Team | 29 |\n\n[help](https://help.example/)"
    )
    assert "<pre><code class=\"language-python\">print('&lt;b&gt;')" in html
    assert "<table>" in html and '<td align="right">29</td>' in html
    assert '<a href="https://help.example/" rel="nofollow ugc noopener noreferrer">help</a>' in html


def test_an_image_from_another_host_becomes_a_link_by_default(renderer):
    html = renderer.markdown("![pixel](https://tracker.example/p.gif)")
    assert "<img" not in html
    assert '<a href="https://tracker.example/p.gif"' in html and "Image: pixel (tracker.example)" in html


def test_images_from_the_hubs_own_host_show(renderer):
    html = renderer.markdown("![chart](https://hub.example/chart.png)")
    assert '<img src="https://hub.example/chart.png" alt="chart">' in html


def test_external_images_show_when_the_setting_allows_them():
    allowing = render.Renderer(render.RenderOptions(allow_external_images=True))
    assert '<img src="https://cdn.example/a.png" alt="a">' in allowing.markdown("![a](https://cdn.example/a.png)")
    # Only web images: never data: or javascript:, whatever the setting.
    assert "<img" not in allowing.markdown("![a](data:image/png;base64,AAAA) ![b](javascript:alert(1))")


def test_references_link_to_published_pages_or_to_github(renderer):
    html = renderer.markdown("See #3 and #44, not `#5`, not [#6](https://x.example/), not a/#7.", link_for)
    assert '<a href="../3/" rel="nofollow ugc noopener noreferrer">#3</a>' in html
    assert 'href="https://github.com/o/r/issues/44"' in html
    assert "<code>#5</code>" in html
    assert "issues/6" not in html and "issues/7" not in html
    block = renderer.markdown("```\ngit log #44\n```\n\n    indented #45", link_for)
    assert "git log #44" in block and "indented #45" in block and "href" not in block


def test_a_reference_at_the_start_of_a_line_is_not_a_heading(renderer):
    html = renderer.markdown("#3 explains it\n\n# A heading", link_for)
    assert html.startswith('<p><a href="../3/"')
    assert "<h3>A heading</h3>" in html


def test_customer_headings_are_demoted_below_the_page_structure(renderer):
    html = renderer.markdown("# One\n\n## Two\n\n###### Six")
    assert "<h1>" not in html and "<h2>" not in html
    assert "<h3>One</h3>" in html and "<h4>Two</h4>" in html and "<h6>Six</h6>" in html


def test_redaction_removes_emails_by_default_and_phones_when_asked():
    text = "Write to ana@example.com or call +44 20 7946 0958 before 2026-11-21, order 12345."
    default = render.Renderer().markdown(text)
    assert "ana@example.com" not in default and render.EMAIL_REDACTED in default
    assert "+44 20 7946 0958" in default
    phones = render.Renderer(render.RenderOptions(redact_phones=True)).markdown(text)
    assert "7946" not in phones and render.PHONE_REDACTED in phones
    assert "2026-11-21" in phones and "12345" in phones


def test_json_for_script_cannot_close_the_script_element():
    text = render.json_for_script({"name": "</script><script>alert(1)</script> & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["name"] == "</script><script>alert(1)</script> & \u2028"


def test_escape_makes_a_string_safe_in_text_and_attributes():
    assert render.escape('<img src=x onerror="a">') == "&lt;img src=x onerror=&quot;a&quot;&gt;"


@pytest.mark.parametrize(
    "url, ok",
    [
        ("https://github.com/o/r/issues/1", True),
        ("javascript:alert(1)", False),
        ('https://x.example/"onmouseover=1', False),
        ("//x.example/", False),
        ("ftp://x.example/", False),
    ],
)
def test_web_url_accepts_only_plain_http_urls(url, ok):
    assert (render.web_url(url) == url) is ok


def test_excerpt_is_one_short_line_of_text():
    text = render.excerpt("# Title\n\nSome **bold** text with [a link](https://x.example/).\n\n```\ncode\n```\n" + "word " * 80)
    assert "\n" not in text and len(text) <= 160
    assert text.startswith("Title Some bold text with a link.")


def test_each_text_of_a_thread_is_rendered_on_its_own(renderer):
    texts = ["```\nunclosed", "```\nclosing here", "third"]
    parts = renderer.markdown_many(texts)
    assert len(parts) == 3
    assert "third" in parts[2] and "third" not in parts[0] and "third" not in parts[1]


@pytest.mark.parametrize(
    "text",
    [
        "Write to [me](mailto:ana@example.com).",
        "[the form](https://forms.example/?email=ana@example.com&x=1)",
        "![pic](https://img.example/ana@example.com.png)",
        "<ana@example.com> or <https://ana@example.com/x>",
        "Escaped: ana@example\\.com",
        "```\nana@example.com\n```",
    ],
)
def test_an_email_address_is_removed_from_links_too_and_no_url_is_left_broken(text):
    html = render.Renderer().markdown(text)
    assert "ana@example" not in html, html
    # A link that held an address loses its URL (half a URL would be a broken link); its text stays.
    assert not [url for url in re.findall(r'(?:href|src)="([^"]*)"', html) if " " in url or "removed" in url], html


def test_phone_redaction_leaves_link_urls_alone_and_redacts_the_text():
    phones = render.Renderer(render.RenderOptions(redact_phones=True))
    html = phones.markdown(
        "Order [020 7946 0958](https://shop.example/orders/020-7946-0958), "
        "[book](https://x.example/?tel=020-7946-0958) or call +44 20 7946 0958."
    )
    assert 'href="https://shop.example/orders/020-7946-0958"' in html
    assert 'href="https://x.example/?tel=020-7946-0958"' in html
    assert f">{render.PHONE_REDACTED}</a>" in html and f"call {render.PHONE_REDACTED}." in html


# --- redaction takes linear time -------------------------------------------------------------------

# The pattern redaction used before it was made linear: what it removed is still what is removed.
_EARLIER_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\?\.[A-Za-z0-9-]+)*\\?\.[A-Za-z]{2,}")
# Texts that made it backtrack, as (repeated unit, ending): a run of what an address may hold,
# then nothing it can end with. Other separators, dots, `+`, a long local part, many `@`, a long domain.
_HOSTILE_SHAPES = [("a-", "@b.b.!"), ("a.", "@b.b.!"), ("a+", "@b.b.!"), ("a%_", "@b.b.!"), ("a", "@b.b.!"),
                   ("a@", "!"), ("a@b.", "!"), ("b-b.", "!"), ("b\\.", "!"), ("1-", " @ "), ("12 ", "@b.b.!")]


def test_redaction_removes_exactly_what_the_earlier_pattern_removed():
    import random

    rng = random.Random(22)
    alphabet = "ab1Z-._%+@\\ !"
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))
        assert render.redact_emails(text) == _EARLIER_EMAIL.sub(render.EMAIL_REDACTED, text), repr(text)
    for text in ("ana@example.com", "x@b.co-y@c.com", "a@b.coma@b.com", "ana@example\\.com", "-a@b.cd.e@f.gh"):
        assert render.redact_emails(text) == _EARLIER_EMAIL.sub(render.EMAIL_REDACTED, text), text


@pytest.mark.parametrize(("unit", "end"), _HOSTILE_SHAPES, ids=[u + e for u, e in _HOSTILE_SHAPES])
def test_redaction_time_grows_linearly_with_a_hostile_text(unit, end):
    import time

    options = render.RenderOptions(redact_emails=True, redact_phones=True)

    def seconds(size: int) -> float:
        text = unit * (size // len(unit)) + end
        # The process's own CPU time: other processes on a busy machine do not count.
        start = time.process_time()
        render.redact(text, options)
        return time.process_time() - start

    # Sixteen times the text: sixteen times the time if linear, 256 times if quadratic (as it
    # was). The bound, 64, is four times either way, for a busy machine; no absolute time is assumed.
    small = min(seconds(8_192) for _ in range(9))
    large = []
    for _ in range(7):
        large.append(seconds(131_072))
        if large[-1] < 64 * small or large[-1] > 4 * 64 * small:
            break  # linear, or so far beyond it that measuring again only waits
    assert min(large) < 64 * small, f"{unit!r}…{end!r}: 8 KB in {small:.6f} s, 128 KB in {min(large):.6f} s"
