"""The snapshot file: deterministic bytes, atomic writes, and errors that name the bad field."""

from __future__ import annotations

import json

import pytest

from openbook.questions import snapshot

QUESTION = {
    "number": 3, "title": "Can I export bookings?", "body": "As CSV?", "state": "open", "labels": ["question"],
    "locked": False, "author": {"login": "amir", "association": "NONE"},
    "created_at": "2026-10-01T09:00:00Z", "updated_at": "2026-10-02T09:00:00Z", "html_url": "https://x/3",
    "comments": [
        {"id": 9, "author": {"login": "priya", "association": "MEMBER"}, "body": "Yes.",
         "created_at": "2026-10-02T09:00:00Z", "updated_at": "2026-10-02T09:00:00Z", "html_url": "https://x/3#c9"},
    ],
}


def document(*questions) -> dict:
    return {"format": snapshot.FORMAT, "version": snapshot.VERSION, "source": {"repo": "a/b", "api_url": "u"},
            "synced_at": "2026-10-03T00:00:00Z", "questions": list(questions)}


def test_the_same_snapshot_always_gives_the_same_bytes():
    second = {**QUESTION, "number": 1}
    one = snapshot.dumps(snapshot.from_dict(document(QUESTION, second)))
    other = snapshot.dumps(snapshot.from_dict(document(second, QUESTION)))
    assert one == other
    assert snapshot.dumps(snapshot.from_dict(json.loads(one))) == one


def test_an_unchanged_write_leaves_the_file_untouched(tmp_path):
    path = tmp_path / "questions.json"
    text = snapshot.dumps(snapshot.from_dict(document(QUESTION)))
    assert snapshot.write_atomic(path, text) is True
    stamp = path.stat().st_mtime_ns
    assert snapshot.write_atomic(path, text) is False
    assert path.stat().st_mtime_ns == stamp
    assert list(tmp_path.iterdir()) == [path]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"number": "x"}, "questions[0] (#x): field 'number' is 'x', expected a whole number"),
        ({"number": True}, "field 'number' is True, expected a whole number"),
        ({"title": None}, "questions[0] (#3): field 'title' is None, expected a string"),
        ({"labels": ["question", 7]}, "field 'labels.label' is 7, expected a string"),
        ({"author": {"association": "NONE"}}, "field 'author.login' is missing"),
        ({"comments": [{**QUESTION["comments"][0], "id": "nine"}]}, "field 'comments[0].id' is 'nine'"),
        ({"reactions": {"+1": "many"}}, "field 'reactions.+1' is 'many', expected a whole number"),
    ],
)
def test_a_bad_field_is_named_with_its_question(tmp_path, change, expected):
    path = tmp_path / "questions.json"
    path.write_text(json.dumps(document({**QUESTION, **change})), encoding="utf-8")
    with pytest.raises(snapshot.SnapshotError) as caught:
        snapshot.load(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert expected in str(caught.value)
    assert "openbook sync --full" in str(caught.value)


def test_broken_json_names_the_line(tmp_path):
    path = tmp_path / "questions.json"
    path.write_text('{\n "format": "openbook-questions",\n oops\n}', encoding="utf-8")
    with pytest.raises(snapshot.SnapshotError, match=r"questions.json:3: the snapshot is not valid JSON"):
        snapshot.load(path)


def test_another_version_says_how_to_recover():
    with pytest.raises(snapshot.SnapshotError, match=r"version 2 is not supported.*openbook sync --full"):
        snapshot.from_dict({**document(), "version": 2})


def test_a_snapshot_path_that_is_a_folder_is_named_once_with_what_to_check(tmp_path):
    with pytest.raises(snapshot.SnapshotError) as caught:
        snapshot.load(tmp_path)
    assert str(caught.value) == (
        f"{tmp_path}: cannot read the snapshot (Is a directory); "
        "check the path (--output, or extra.openbook.questions.snapshot)"
    )


def test_a_snapshot_that_is_not_utf8_says_how_to_recover(tmp_path):
    path = tmp_path / "questions.json"
    path.write_bytes(b'{"format": "\xff"}')
    with pytest.raises(snapshot.SnapshotError, match=r"not UTF-8 text.*openbook sync --full"):
        snapshot.load(path)
