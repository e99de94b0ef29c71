"""A temp git repository with commits at fixed dates, for history tests."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


class GitRepo:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, env: dict[str, str] | None = None) -> str:
        full_env = {
            **os.environ,
            # Nobody's global config (signing, hooks, templates) may change what a test sees.
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_SYSTEM": os.devnull,
            **(env or {}),
        }
        return subprocess.run(
            ["git", *args], cwd=self.path, env=full_env, check=True, capture_output=True, text=True
        ).stdout

    def commit(self, message: str, when: str, *, author: str = "Ada Admin", email: str = "ada@example.com",
               write: dict[str, str] | None = None, move: dict[str, str] | None = None,
               delete: list[str] | None = None) -> str:
        """Write, move and delete files, then commit everything at the ISO date `when` (UTC)."""
        for name, content in (write or {}).items():
            file = self.path / name
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(content, encoding="utf-8")
        for old, new in (move or {}).items():
            (self.path / new).parent.mkdir(parents=True, exist_ok=True)
            self.git("mv", old, new)
        for name in delete or []:
            self.git("rm", "-q", name)
        self.git("add", "-A")
        stamp = f"{when} +0000"
        self.git(
            "-c", f"user.name={author}", "-c", f"user.email={email}", "commit", "-q", "--allow-empty", "-m", message,
            env={"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp},
        )
        return self.git("rev-parse", "HEAD").strip()
