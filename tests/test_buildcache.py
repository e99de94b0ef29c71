"""The cache across builds: customer texts rendered once, reused only while everything they are made from holds."""

from __future__ import annotations

import json

import pytest

from openbook import buildcache, untrusted


def _renderer(path=None) -> untrusted.Renderer:
    return untrusted.Renderer(cache=buildcache.Cache(path, "test-1"))


def test_a_text_rendered_once_is_taken_from_the_cache_the_next_time(monkeypatch):
    renderer = _renderer()
    first = renderer.render("Does **Team** include SMS?", anchor="q-")
    monkeypatch.setattr(untrusted.cmarkgfm, "markdown_to_html_with_extensions",
                        lambda *args: pytest.fail("rendered again instead of taken from the cache"))
    assert renderer.render("Does **Team** include SMS?", anchor="q-") == first


def test_a_reference_that_now_links_elsewhere_renders_the_text_again():
    renderer = _renderer()
    text = "Same as #12, I think."
    old = renderer.render(text, lambda n: f"https://github.com/acme/hub/issues/{n}")
    new = renderer.render(text, lambda n: f"../{n}/")
    assert 'href="https://github.com/acme/hub/issues/12"' in old.html
    assert 'href="../12/"' in new.html and "github.com" not in new.html


def test_the_footnote_anchor_and_the_options_are_part_of_the_key():
    cache = buildcache.Cache(None, "test-1")
    text = "A note[^1].\n\n[^1]: The note."
    plain = untrusted.Renderer(cache=cache).render(text, anchor="q-")
    other = untrusted.Renderer(cache=cache).render(text, anchor="c7-")
    assert 'id="q-fn-1"' in plain.html and 'id="c7-fn-1"' in other.html
    shown = untrusted.Renderer(cache=cache).render("Mail ana@example.com")
    kept = untrusted.Renderer(untrusted.RenderOptions(redact_emails=False), cache=cache).render("Mail ana@example.com")
    assert "ana@example.com" not in shown.html and "ana@example.com" in kept.html


def test_the_cache_file_survives_a_build_and_a_damaged_one_is_ignored(tmp_path):
    path = tmp_path / ".cache" / "openbook" / "questions.json"
    renderer = _renderer(path)
    renderer.render("Hello <script>alert(1)</script>")
    renderer.cache.save()
    entries = json.loads(path.read_text(encoding="utf-8"))["entries"]
    [entry] = [json.loads(value) for value in entries.values()]
    assert "<script" not in entry["html"], "the cache holds the sanitized HTML"
    again = _renderer(path)
    again.render("Hello <script>alert(1)</script>")
    assert again.cache.hits == 1

    path.write_text("{damaged", encoding="utf-8")
    damaged = _renderer(path)
    assert "<script" not in damaged.render("Hello <script>alert(1)</script>").html
    assert damaged.cache.hits == 0
    damaged.cache.save()
    assert json.loads(path.read_text(encoding="utf-8"))["format"] == "test-1"
