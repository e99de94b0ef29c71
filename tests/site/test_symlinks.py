"""The build refuses to publish a symlink under docs/ that leads outside it, and builds one that stays inside."""

from __future__ import annotations

import os

from openbook.site import build as sitebuild


def test_a_symlink_out_of_docs_stops_the_build_naming_it(copy_hub, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOKEN=abc\n", encoding="utf-8")
    os.symlink(secret, copy_hub / "docs" / "notes.txt")

    result = sitebuild.build(copy_hub / "mkdocs.yml", tmp_path / "site")

    assert result.error
    assert any("refusing to publish symlinks" in m and "notes.txt ->" in m for m in result.warnings), result.warnings
    assert not (tmp_path / "site" / "notes.txt").exists()


def test_a_symlink_inside_docs_is_built(copy_hub, tmp_path):
    os.symlink("contributing.md", copy_hub / "docs" / "propose.md")

    result = sitebuild.build(copy_hub / "mkdocs.yml", tmp_path / "site", strict=False)

    assert result.error is None
    assert (tmp_path / "site" / "propose" / "index.html").is_file()
