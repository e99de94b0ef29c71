"""A hub in a temporary git repository, for tests of `openbook check --base` and `openbook review`.

The base commit is the demo hub on `main`; a test then branches, edits and
commits, as a contributor would, at fixed dates so results never depend on the clock.
"""

from __future__ import annotations

import os
from pathlib import Path

import git

BASE_DATE = "2026-10-01T10:00:00+00:00"
CHANGE_DATE = "2026-11-20T10:00:00+00:00"


class HubRepo:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.repo = git.Repo.init(root, initial_branch="main")
        with self.repo.config_writer() as config:
            config.set_value("user", "name", "Test Author")
            config.set_value("user", "email", "author@example.com")
            config.set_value("commit", "gpgsign", "false")
        self.commit("Base: the demo hub", BASE_DATE)

    @property
    def config_file(self) -> Path:
        return self.root / "mkdocs.yml"

    def read(self, path: str) -> str:
        return (self.root / path).read_text(encoding="utf-8")

    def write(self, path: str, text: str) -> None:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def replace(self, path: str, old: str, new: str) -> None:
        text = self.read(path)
        assert old in text, f"{old!r} is not in {path}"
        self.write(path, text.replace(old, new, 1))

    def branch(self, name: str) -> None:
        self.repo.git.checkout("-b", name)

    def commit(self, message: str, when: str = CHANGE_DATE) -> str:
        self.repo.git.add("-A")
        env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
        self.repo.git.commit("-q", "--allow-empty", "-m", message, env=env)
        return self.repo.head.commit.hexsha
