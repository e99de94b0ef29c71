"""Every HTML and XML template drops characters XML forbids, so no feed is unreadable."""

from __future__ import annotations

from markupsafe import Markup

from openbook import templating


def test_a_printed_value_loses_characters_xml_forbids_and_is_escaped():
    env = templating.environment("history")
    out = env.from_string("<title>{{ subject }}</title>").render(subject="Fix \x1b[31mprices\x07 & <b>")
    assert out == "<title>Fix [31mprices &amp; &lt;b&gt;</title>"


def test_markup_stays_markup_without_the_forbidden_characters():
    env = templating.environment("pricing")
    assert env.from_string("{{ html }}").render(html=Markup("<em>a\x0bb</em>")) == "<em>ab</em>"


def test_the_markdown_environment_keeps_its_own_finalize():
    env = templating.environment("contribution", finalize=lambda value: f"[{value}]", autoescape=False)
    assert env.from_string("{{ x }}").render(x="\x1b") == "[\x1b]"
