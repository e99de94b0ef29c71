"""extra.openbook is validated into typed settings; every mistake names its key and line."""

from __future__ import annotations

import textwrap

import pytest

from openbook import cli, settings


def write_config(folder, openbook_yaml: str):
    config = folder / "mkdocs.yml"
    config.write_text(
        "site_name: Test hub\n"
        "theme:\n  name: material\n"
        "extra:\n  openbook:\n" + textwrap.indent(textwrap.dedent(openbook_yaml), "    ")
    )
    (folder / "docs").mkdir(exist_ok=True)
    (folder / "docs" / "index.md").write_text("# Home\n")
    return config


def test_defaults_fill_every_section():
    loaded = settings.validate({})
    assert loaded.branch == "main"
    assert loaded.questions.publish_labels == ["question"]
    assert loaded.questions.snapshot == "data/questions.json"
    assert loaded.pricing.min_notice_days == 30
    assert loaded.sync.max_wait == 60
    assert loaded.history.enabled is True


def test_questions_wait_for_staff_unless_the_hub_says_otherwise():
    loaded = settings.validate({})
    assert loaded.questions.publish == "approved"
    assert loaded.questions.approval_labels == ["approved"]
    assert loaded.questions.hold_hours == 24
    assert settings.validate({"questions": {"publish": "immediately", "hold_hours": 0}}).questions.hold_hours == 0


def test_given_values_are_typed_and_kept():
    loaded = settings.validate({"company": "Acme", "questions": {"publish_labels": ["faq", "question"]}})
    assert loaded.company == "Acme"
    assert loaded.questions.publish_labels == ["faq", "question"]


@pytest.mark.parametrize(
    ("openbook_yaml", "expected"),
    [
        ("compnay: Acme\n", "mkdocs.yml:6: extra.openbook.compnay: unknown key"),
        ("questions:\n  publish_label: [faq]\n", "mkdocs.yml:7: extra.openbook.questions.publish_label: unknown key"),
        ("sync:\n  max_wait: soon\n", "mkdocs.yml:7: extra.openbook.sync.max_wait: expected int, but found str"),
        ("history:\n  enabled: maybe\n", "mkdocs.yml:7: extra.openbook.history.enabled: expected bool, but found str"),
        ("questions:\n  locked: sometimes\n", "mkdocs.yml:7: extra.openbook.questions.locked:"),
        ("questions: yes\n", "mkdocs.yml:6: extra.openbook.questions:"),
        ("pricing:\n  min_notice_days: [30]\n", "extra.openbook.pricing.min_notice_days: expected int, but found list"),
        ("questions:\n  publish: always\n",
         "mkdocs.yml:7: extra.openbook.questions.publish: Expected one of: ['approved', 'immediately'] but received: "
         "'always'"),
        ("questions:\n  hold_hours: -1\n", "mkdocs.yml:7: extra.openbook.questions.hold_hours: -1 is negative; "
         "expected 0 or more"),
    ],
)
def test_a_bad_setting_names_file_line_and_key(tmp_path, openbook_yaml, expected):
    config = write_config(tmp_path, openbook_yaml)
    with pytest.raises(settings.SettingsError) as caught:
        settings.load(config)
    assert expected in str(caught.value)


def test_every_bad_key_is_reported_at_once(tmp_path):
    config = write_config(tmp_path, "colour: red\nsync:\n  retries: many\n")
    with pytest.raises(settings.SettingsError) as caught:
        settings.load(config)
    message = str(caught.value)
    assert "extra.openbook.colour: unknown key" in message
    assert "extra.openbook.sync.retries: expected int" in message


def test_openbook_must_be_a_mapping():
    with pytest.raises(settings.SettingsError, match="extra.openbook must be a mapping of settings, but a list"):
        settings.validate(["question"])


def test_a_plain_mkdocs_build_fails_with_the_same_message(tmp_path, caplog):
    from pathlib import Path

    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    config = write_config(tmp_path, "compnay: Acme\n")
    (tmp_path / "hooks").mkdir()
    hook = Path(__file__).parent.parent / "hooks" / "engine.py"
    (tmp_path / "hooks" / "engine.py").write_text(hook.read_text())
    config.write_text(config.read_text() + "hooks:\n  - hooks/engine.py\n")
    with pytest.raises(Abort):
        build(load_config(str(config), site_dir=str(tmp_path / "site")))
    assert "mkdocs.yml:6: extra.openbook.compnay: unknown key" in caplog.text


def test_the_cli_gives_the_same_message_and_exit_2(tmp_path, capsys):
    config = write_config(tmp_path, "compnay: Acme\n")
    assert cli.main(["settings", "-f", str(config)]) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert "openbook settings: mkdocs.yml:6: extra.openbook.compnay: unknown key" in err
    assert "Traceback" not in err


def test_the_cli_prints_effective_settings(tmp_path, capsys):
    import json

    config = write_config(tmp_path, "company: Acme\n")
    assert cli.main(["settings", "-f", str(config)]) == cli.EXIT_OK
    printed = json.loads(capsys.readouterr().out)
    assert printed["company"] == "Acme"
    assert printed["questions"]["publish_labels"] == ["question"]


def test_a_missing_config_file_is_a_usage_error(tmp_path, capsys):
    assert cli.main(["settings", "-f", str(tmp_path / "nope.yml")]) == cli.EXIT_USAGE
    assert "nope.yml: no such file" in capsys.readouterr().err
