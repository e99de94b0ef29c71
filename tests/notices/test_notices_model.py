"""The notice model: ids that can name a git tag, newest-first order, and one id per notice."""

from __future__ import annotations

import subprocess
from datetime import date

import pytest

from openbook.notices import model, sources
from openbook.notices.model import Notice


@pytest.mark.parametrize("parts, expected", [
    (("practice", "practices/refunds.md", "2027-03-01"), "practice-practices-refunds-2027-03-01"),
    (("practice", "Practices/Data Privacy (EU).md", "2027-03-01"), "practice-practices-data-privacy-eu-2027-03-01"),
    (("price", "2027-team-business"), "price-2027-team-business"),
    (("consultation", 34, "outcome", 2481000051), "consultation-34-outcome-2481000051"),
    (("practice", "../a..b/.c.md", "x"), "practice-a-b-c-x"),
    (("price", "ümlaut~^:?*[@{"), "price-mlaut"),
])
def test_ids_are_slugs_git_accepts_as_tags(parts, expected):
    found = model.slug(*parts)
    assert found == expected
    subprocess.run(["git", "check-ref-format", f"refs/tags/notice-{found}"], check=True)


def notice(id: str, published: date, effective: date | None = None) -> Notice:
    return Notice(id=id, kind=model.PRICE, title=id, published=published, url="/", body="", effective=effective)


def test_newest_first_then_latest_to_apply_then_by_id():
    a = notice("a", date(2026, 1, 1))
    b = notice("b", date(2026, 3, 1), date(2026, 5, 1))
    c = notice("c", date(2026, 3, 1), date(2026, 4, 1))
    d = notice("d", date(2026, 3, 1), date(2026, 4, 1))
    assert [n.id for n in model.ordered([a, c, d, b])] == ["b", "d", "c", "a"]


def test_two_sources_giving_one_id_is_an_error_naming_both():
    with pytest.raises(model.DuplicateNotice, match="two notices have the id 'x': 'first' and 'second'"):
        model.ordered([Notice("x", model.PRICE, "first", date(2026, 1, 1), "/", ""),
                       Notice("x", model.PRACTICE, "second", date(2026, 1, 2), "/", "")])


def test_a_new_source_is_one_entry_in_the_registry(copy_hub):
    from openbook import settings

    config = settings.load(copy_hub / "mkdocs.yml")
    hub = sources.Hub(config, date(2026, 11, 22))
    extra = model.subprocessor_change(
        change_id="2027-acme-mail", summary="Acme Mail replaces Postbox for reminder e-mails",
        effective=date(2027, 1, 15), published=date(2026, 11, 21), reason="Postbox stops its service.",
        url=hub.url("subprocessors.md", "change-2027-acme-mail"), object_by=date(2027, 1, 14),
        object_url="https://github.com/larkspur-hq/openbook-hub/issues/new?template=subprocessor-objection.yml")
    assert extra.id == "subprocessor-2027-acme-mail" and extra.tag == "notice-subprocessor-2027-acme-mail"
    assert extra.title == "Subprocessor change from 15 January 2027: Acme Mail replaces Postbox for reminder e-mails"
    assert model.paragraphs(extra.body) == [
        "From 15 January 2027: Acme Mail replaces Postbox for reminder e-mails.",
        "Why: Postbox stops its service.",
        "You may object until 14 January 2027: "
        "https://github.com/larkspur-hq/openbook-hub/issues/new?template=subprocessor-objection.yml",
    ]
    found = sources.collect(hub, {**sources.SOURCES, "subprocessors": lambda hub: [extra]})
    assert extra in found and found == model.ordered(found)
    assert extra.url == "https://larkspur-hq.github.io/openbook-hub/subprocessors/#change-2027-acme-mail"
    assert extra.as_json()["dates"] == {"published": "2026-11-21", "effective": "2027-01-15"}
    others = {name: source for name, source in sources.SOURCES.items() if name != "subprocessors"}
    assert [n for n in found if n != extra] == sources.collect(hub, others)


def test_the_register_of_subprocessors_gives_a_notice_for_each_change(copy_hub):
    from openbook import settings

    hub = sources.Hub(settings.load(copy_hub / "mkdocs.yml"), date(2026, 11, 22))
    found = [n for n in sources.collect(hub) if n.kind == model.SUBPROCESSOR]
    assert found, "the fixture hub's register has changes, so openbook notices lists them"
    assert all(n.id.startswith("subprocessor-") and "/subprocessors/#change-" in n.url for n in found)
