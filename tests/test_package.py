"""openbook as a company installs it: a wheel, in a fresh virtual environment, building a hub.

The wheel is built from a copy of the sources; its dependencies come from a
wheelhouse repacked from this environment's installed packages, so the test
needs no network, and the new environment sees neither the source tree nor
this environment's site-packages.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from conftest import FIXTURE_NOW, ROOT, commit_all, copy_hub_sources

# Each of these builds hubs; `python3 dev.py test --quick` leaves them out.
pytestmark = pytest.mark.slow


def _run(*command, cwd: Path, env: dict | None = None, timeout: int = 240) -> subprocess.CompletedProcess:
    result = subprocess.run([str(part) for part in command], cwd=cwd, env=env, capture_output=True,
                            text=True, timeout=timeout, check=False)
    assert result.returncode == 0, (
        f"`{' '.join(str(part) for part in command)}` (in {cwd}) exited {result.returncode}:\n"
        f"{result.stdout}\n{result.stderr}"
    )
    return result


def _runtime_closure(name: str) -> list[metadata.Distribution]:
    """The installed distributions `name` needs at run time (markers evaluated here, no test extras)."""
    seen: dict[str, metadata.Distribution] = {}
    todo: list[tuple[str, frozenset[str]]] = [(name, frozenset())]
    while todo:
        wanted, extras = todo.pop()
        dist = metadata.distribution(wanted)
        key = re.sub(r"[-_.]+", "-", dist.metadata["Name"]).lower()
        if key in seen and not extras:
            continue
        seen[key] = dist
        for line in dist.requires or []:
            requirement = Requirement(line)
            environments = [{"extra": extra} for extra in extras] or [{"extra": ""}]
            if requirement.marker and not any(requirement.marker.evaluate(env) for env in environments):
                continue
            todo.append((requirement.name, frozenset(requirement.extras)))
    return [dist for key, dist in seen.items() if key != re.sub(r"[-_.]+", "-", name).lower()]


def _repack(dist: metadata.Distribution, wheelhouse: Path) -> Path:
    """An installed distribution as a wheel again: its files, its dist-info, a fresh RECORD."""
    files = [path for path in dist.files or [] if not str(path).startswith("..") and "__pycache__" not in path.parts]
    dist_info = next(path.parent for path in files if path.name == "METADATA" and path.parent.name.endswith(".dist-info"))
    tags = [line.split(":", 1)[1].strip().split("-") for line in dist.read_text("WHEEL").splitlines()
            if line.startswith("Tag:")]
    # The compressed tag set of the file name (py2.py3-none-any), from every tag the wheel had.
    tag = "-".join(".".join(dict.fromkeys(part[i] for part in tags)) for i in range(3))
    name = re.sub(r"[-_.]+", "_", dist.metadata["Name"])
    wheel = wheelhouse / f"{name}-{dist.version}-{tag}.whl"
    skip = {f"{dist_info}/{name}" for name in ("RECORD", "INSTALLER", "REQUESTED", "direct_url.json")}
    records = []
    # Stored, not deflated: pip unpacks it at once, and compressing Material's icons costs seconds.
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_STORED) as archive:
        for path in files:
            source = Path(dist.locate_file(path))
            if str(path.as_posix()) in skip or not source.is_file():
                continue
            data = source.read_bytes()
            # From the file, so its mode travels: pip keeps the executable bit (Pagefind's binary).
            info = zipfile.ZipInfo.from_file(source, path.as_posix())
            archive.writestr(info, data, zipfile.ZIP_STORED)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            records.append(f"{path.as_posix()},sha256={digest},{len(data)}")
        records.append(f"{dist_info.as_posix()}/RECORD,,")
        archive.writestr(f"{dist_info.as_posix()}/RECORD", "\n".join(records) + "\n")
    return wheel


@pytest.fixture(scope="session")
def installed_openbook(tmp_path_factory) -> Path:
    """A fresh virtual environment with openbook installed from its wheel; returns its bin folder."""
    work = tmp_path_factory.mktemp("package")
    # Build from a copy, so the checkout gets no build/ or egg-info from the test.
    source = work / "source"
    source.mkdir()
    shutil.copytree(ROOT / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    wheelhouse = work / "wheelhouse"
    wheelhouse.mkdir()
    # No pip config: this machine's find-links and extra indexes must not supply anything.
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PIP_", "PYTHON"))}
    env["PIP_CONFIG_FILE"] = os.devnull
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
         "--disable-pip-version-check", "-q", "-w", wheelhouse, source, cwd=work, env=env)
    for dist in _runtime_closure("openbook"):
        _repack(dist, wheelhouse)

    venv = work / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=work, env=env)
    python = venv / "bin" / "python"
    _run(sys.executable, "-m", "pip", "--python", python, "install", "--no-index", "--find-links", wheelhouse,
         "--disable-pip-version-check", "-q", "openbook", cwd=work, env=env)
    return venv / "bin"


def clean_env(**extra: str) -> dict[str, str]:
    """The environment a company's CI would have: nothing pointing at this checkout or its .venv."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("PYTHON", "PIP_", "VIRTUAL_ENV"))}
    env["PATH"] = os.pathsep.join(part for part in env.get("PATH", "").split(os.pathsep) if ".venv" not in part)
    env["NO_MKDOCS_2_WARNING"] = "1"
    return {**env, **extra}


def test_the_installed_package_sees_neither_the_source_tree_nor_this_environment(installed_openbook, tmp_path):
    out = _run(installed_openbook / "python", "-c",
               "import sys, openbook, mkdocs; print(openbook.__file__); print(mkdocs.__file__); print(sys.path)",
               cwd=tmp_path, env=clean_env()).stdout
    venv = str(installed_openbook.parent)
    openbook_file, mkdocs_file, path = out.splitlines()
    assert openbook_file.startswith(venv) and mkdocs_file.startswith(venv), out
    assert str(ROOT) not in path, f"the source tree is on the installed environment's sys.path: {path}"


def test_a_hub_builds_strictly_and_checks_clean_with_the_installed_wheel(installed_openbook, tmp_path):
    hub = copy_hub_sources(tmp_path / "hub")
    commit_all(hub)
    env = clean_env(SOURCE_DATE_EPOCH=FIXTURE_NOW)

    _run(installed_openbook / "mkdocs", "build", "--strict", "-q", "-d", tmp_path / "site", cwd=hub, env=env)
    _run(installed_openbook / "openbook", "check", cwd=hub, env=env)

    site = tmp_path / "site"
    # The stylesheet and the Material overrides came from the installed package.
    assert (site / "assets" / "openbook.css").is_file()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="assets/openbook.css"' in home
    assert "Report a problem with this page" in home
    assert (site / "questions" / "index.html").is_file()


def test_openbook_new_from_the_installed_wheel_writes_a_hub_that_builds_and_checks(installed_openbook, tmp_path):
    env = clean_env(SOURCE_DATE_EPOCH=FIXTURE_NOW)
    hub = tmp_path / "acme"
    _run(installed_openbook / "openbook", "new", hub, "--company", "Acme Tools", "--repo", "acme/open-book",
         cwd=tmp_path, env=env)
    commit_all(hub)
    _run(installed_openbook / "mkdocs", "build", "--strict", "-q", "-d", tmp_path / "site", cwd=hub, env=env)
    _run(installed_openbook / "openbook", "check", cwd=hub, env=env)
    assert "Acme Tools Open Book" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
