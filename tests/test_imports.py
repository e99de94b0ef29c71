"""The engine's modules import each other without cycles, and features stay in their packages.

Imports are read with `ast`, nested ones (inside functions) and those under
TYPE_CHECKING included: a lazy import is still a dependency, and a cycle
hidden behind one breaks as soon as someone moves it to the top.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import openbook

PACKAGE = Path(openbook.__file__).parent


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports(path: Path, known: set[str]) -> set[str]:
    """The openbook modules `path` imports (`from openbook.x import y` is openbook.x.y when y is a module)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.split(".")[0] == "openbook")
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] != "openbook":
                continue
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                found.add(candidate if candidate in known else node.module)
    return found & known


def graph() -> dict[str, set[str]]:
    known = set(modules())
    return {name: imports(path, known) - {name} for name, path in modules().items()}


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path that ends where it starts, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(edges.get(node, ())):
            if state.get(target) == 1:
                return path[path.index(target):] + [target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_no_module_of_openbook_is_part_of_an_import_cycle():
    edges = graph()
    # The graph is read, not empty: the runner imports the checkers.
    assert "openbook.pricing.check" in edges["openbook.contribution.check"]
    cycle = find_cycle(graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_cycle_finder_sees_a_cycle_of_three():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


# The shared core sits below every feature: it never reaches up into one.
CORE = ["openbook.settings", "openbook.clock", "openbook.templating", "openbook.plaintext",
        "openbook.untrusted", "openbook.findings", "openbook.github_client", "openbook.datafile", "openbook.record"]
FEATURES = ["questions", "pricing", "subprocessors", "history", "practices", "contribution", "commands"]


@pytest.mark.parametrize("core", CORE)
def test_the_shared_core_imports_no_feature(core):
    reached = {target for target in graph()[core] if target.split(".")[1:2] in ([f] for f in FEATURES)}
    assert not reached, f"{core} imports feature code: {sorted(reached)}"


def test_every_feature_is_a_package_and_no_module_is_named_for_its_kind():
    for feature in FEATURES:
        assert (PACKAGE / feature / "__init__.py").is_file(), f"openbook.{feature} is not a package"
    loose = [name for name in modules() if name.rsplit(".", 1)[-1] in {"utils", "helpers", "misc", "common"}]
    assert not loose, loose
