#!/usr/bin/env python3
"""The two quick-start commands: `python3 dev.py serve` and `python3 dev.py test`.

`python3 dev.py test --quick` leaves out the slow and browser tests (a signal
in under two minutes); `python3 dev.py manual` serves openbook's manual
(manual/) at http://127.0.0.1:8001.

Each one sets up what it needs on a fresh machine that has Python 3.11+ and git:
a virtual environment in .venv with the pinned versions from constraints.txt,
and for the tests, axe-core from the npm registry (package-lock.json) and
Debian's Chromium. Set-up runs again only when pyproject.toml,
constraints.txt or package-lock.json change.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
CHROMIUM = Path("/usr/bin/chromium")


def say(message: str) -> None:
    print(f"dev.py: {message}", file=sys.stderr, flush=True)


def run(*command: str | Path, **kwargs) -> None:
    result = subprocess.run([str(part) for part in command], cwd=ROOT, check=False, **kwargs)
    if result.returncode != 0:
        say(f"failed ({result.returncode}): {' '.join(str(part) for part in command)}")
        sys.exit(result.returncode)


def fingerprint(*names: str) -> str:
    digest = hashlib.sha256()
    for name in names:
        path = ROOT / name
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()


def ensure_python_env() -> None:
    stamp = VENV / ".openbook-installed"
    wanted = fingerprint("pyproject.toml", "constraints.txt")
    if stamp.exists() and stamp.read_text() == wanted:
        return
    if sys.version_info < (3, 11):
        say(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}")
        sys.exit(2)
    if not (BIN / "python").exists():
        say("creating the virtual environment in .venv")
        venv.create(VENV, with_pip=True)
    say("installing openbook and its pinned dependencies (constraints.txt)")
    run(BIN / "python", "-m", "pip", "install", "-qq", "--disable-pip-version-check",
        "-c", "constraints.txt", "-e", ".[test]")
    stamp.write_text(wanted)


def apt_install(*packages: str) -> bool:
    """Install Debian packages when we may (root with apt-get); say what to do otherwise."""
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        say(f"not installing {', '.join(packages)}: run `sudo apt-get install {' '.join(packages)}` first")
        return False
    say(f"installing {', '.join(packages)} with apt-get")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run("apt-get", "update", "-qq", env=env)
    run("apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages, env=env)
    return True


def ensure_test_tools() -> None:
    if not CHROMIUM.exists():
        apt_install("chromium")
    if shutil.which("npm") is None:
        apt_install("npm")
    if shutil.which("npm") is None:
        return
    stamp = ROOT / "node_modules" / ".openbook-installed"
    wanted = fingerprint("package-lock.json")
    if stamp.exists() and stamp.read_text() == wanted:
        return
    say("installing axe-core from the npm registry (package-lock.json)")
    run("npm", "ci", "--no-audit", "--no-fund", "--silent")
    stamp.write_text(wanted)


def pytest_options(rest: list[str]) -> list[str]:
    """Every core (pytest-xdist), each test file on one worker so its shared builds are made once.

    `--quick` leaves out the tests marked slow or browser. Arguments of the
    caller's own that choose workers (`-n`, `-p no:xdist`) win.
    """
    options = [arg for arg in rest if arg != "--quick"]
    if "--quick" in rest:
        options = ["-m", "not slow and not browser", *options]
    chooses_workers = any(arg == "-n" or arg.startswith(("-n", "--numprocesses")) for arg in options) or \
        "no:xdist" in options
    return options if chooses_workers else ["-n", "auto", "--dist", "loadfile", *options]


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"serve", "test", "manual"}:
        print(__doc__.strip(), file=sys.stderr)
        print("\nusage: python3 dev.py serve | python3 dev.py test [--quick] [PYTEST ARGS...] | python3 dev.py manual",
              file=sys.stderr)
        return 2
    ensure_python_env()
    # Material prints an end-of-life banner on every MkDocs run; this is its
    # documented switch, and nothing in it needs the reader's attention here.
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    command, rest = argv[0], argv[1:]
    if command == "serve":
        # MkDocs serves under site_url's path (/openbook-hub/); the preview lives at the root.
        os.environ.setdefault("OPENBOOK_SITE_URL", "http://127.0.0.1:8000/")
        args = [str(BIN / "mkdocs"), "serve", "--dev-addr", "127.0.0.1:8000", *rest]
    elif command == "manual":
        args = [str(BIN / "mkdocs"), "serve", "-f", "manual/mkdocs.yml", "--dev-addr", "127.0.0.1:8001", *rest]
    else:
        ensure_test_tools()
        args = [str(BIN / "python"), "-m", "pytest", *pytest_options(rest)]
    os.chdir(ROOT)
    os.execv(args[0], args)
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
