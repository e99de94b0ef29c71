"""Every command finds the hub from a subfolder, as git finds its repository, and reads MkDocs' config errors alike."""

from __future__ import annotations

import pytest

from gitrepo import GitRepo
from openbook import cli


def test_review_run_from_a_subfolder_finds_the_hubs_mkdocs_yml(copy_hub, monkeypatch, capsys):
    hub = GitRepo.hub(copy_hub)
    hub.branch("proposal")
    hub.replace("docs/contributing.md", "# How to propose a change", "# How to suggest a change")
    hub.commit("Reword the contributing title")
    monkeypatch.chdir(copy_hub / "docs" / "practices")

    assert cli.main(["review", "--base", "main"]) == cli.EXIT_OK

    out = capsys.readouterr().out
    assert "docs/contributing.md" in out


def test_settings_from_a_subfolder_reads_the_hub_above_it(copy_hub, monkeypatch, capsys):
    GitRepo.hub(copy_hub)
    monkeypatch.chdir(copy_hub / "docs")
    assert cli.main(["settings"]) == cli.EXIT_OK
    assert '"company": "Larkspur"' in capsys.readouterr().out


def test_the_search_stops_at_the_repository_root(tmp_path, monkeypatch, capsys):
    (tmp_path / "mkdocs.yml").write_text("site_name: Not this one\n")
    repo = tmp_path / "project"
    GitRepo(repo)
    (repo / "sub").mkdir()
    monkeypatch.chdir(repo / "sub")

    assert cli.main(["settings"]) == cli.EXIT_USAGE
    assert "mkdocs.yml: no such file" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["check", "settings"])
def test_a_misspelt_mkdocs_key_is_the_same_usage_error_for_check_and_settings(copy_hub, capsys, command):
    config = copy_hub / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("site_description:", "site_descriptoin:", 1))

    assert cli.main([command, "-f", str(config)]) == cli.EXIT_USAGE

    err = capsys.readouterr().err
    assert err.count("site_descriptoin") == 2, err  # the key and MkDocs' own word for it, on one line
    assert "mkdocs.yml:4: site_descriptoin: Unrecognised configuration name: site_descriptoin" in err
    assert "Traceback" not in err
