"""A temporary git repository whose commits carry the dates and authors a test gives them.

The one temp-repo helper of the suite: history and pricing-history tests build
a history commit by commit, and check/review tests turn a copied hub into a
repository (`GitRepo.hub`), then branch, edit and commit as a contributor would.
Nobody's global git config (signing, hooks, templates) can change what a test sees.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

# The dates of a hub's base commit and of a contributor's change, for check and review tests.
BASE_DATE = "2026-10-01T10:00:00+00:00"
CHANGE_DATE = "2026-11-20T10:00:00+00:00"

_HAS_ZONE = re.compile(r"(Z|[+-]\d\d:?\d\d)$")


class GitRepo:
    def __init__(self, root: Path, *, author: str = "Ada Admin", email: str = "ada@example.com") -> None:
        self.root = root
        self.author, self.email = author, email
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    @classmethod
    def hub(cls, root: Path) -> GitRepo:
        """A copied hub in `root`, committed as the base of a change on `main`."""
        repo = cls(root, author="Test Author", email="author@example.com")
        repo.commit("Base: the demo hub", BASE_DATE)
        return repo

    # The old name of `root`, kept short for history tests that read paths.
    @property
    def path(self) -> Path:
        return self.root

    @property
    def config_file(self) -> Path:
        return self.root / "mkdocs.yml"

    def git(self, *args: str, env: dict[str, str] | None = None) -> str:
        full_env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull, **(env or {})}
        return subprocess.run(
            ["git", *args], cwd=self.root, env=full_env, check=True, capture_output=True, text=True
        ).stdout

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
        self.git("checkout", "-q", "-b", name)

    def commit(self, message: str, when: str = CHANGE_DATE, *, author: str | None = None, email: str | None = None,
               write: dict[str, str] | None = None, move: dict[str, str] | None = None,
               delete: list[str] | None = None) -> str:
        """Write, move and delete files, then commit everything at the ISO date `when` (UTC unless it says)."""
        for name, content in (write or {}).items():
            self.write(name, content)
        for old, new in (move or {}).items():
            (self.root / new).parent.mkdir(parents=True, exist_ok=True)
            self.git("mv", old, new)
        for name in delete or []:
            self.git("rm", "-q", name)
        self.git("add", "-A")
        stamp = when if _HAS_ZONE.search(when) else f"{when} +0000"
        self.git(
            "-c", f"user.name={author or self.author}", "-c", f"user.email={email or self.email}",
            "commit", "-q", "--allow-empty", "-m", message,
            env={"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp},
        )
        return self.git("rev-parse", "HEAD").strip()
