"""How the benchmarks time a build: whole processes, alternated, the best of several rounds.

Each benchmark script imports this module (it sits beside them, so `python
bench/X.py` finds it). Wall time and the CPU time of the process and its
children (git, Pagefind) are both kept: on a shared machine the neighbours
add wall time, never CPU time.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Timing:
    wall: float
    cpu: float


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(command: list[str], *, cwd: Path | None = None, env: Mapping[str, str] | None = None,
        check: bool = True) -> tuple[Timing, subprocess.CompletedProcess[str]]:
    """Run `command` as a process of its own: its wall time, and the CPU time of it and its children."""
    cpu = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True, text=True)
    timing = Timing(time.perf_counter() - started, _children_cpu() - cpu)
    if check and done.returncode != 0:
        # Say which command failed and why, not only that a child process exited 1.
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return timing, done


def mkdocs_build(config_file: str, site_dir: str, *, cwd: Path, epoch: int) -> Timing:
    """One `mkdocs build --strict` as a fresh process, with the clock pinned."""
    timing, _ = run([sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-f", config_file, "-d", site_dir],
                    cwd=cwd, env={"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": str(epoch)})
    return timing


def build_only(config_file: str) -> None:
    """In a child process: load the config and time MkDocs' build() alone, printed as JSON."""
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    config = load_config(config_file, site_dir=str(Path(config_file).parent / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    start = time.perf_counter()
    build(config)
    print(json.dumps({"seconds": time.perf_counter() - start}))


def build_only_in_child(script: str, config_file: Path, *, epoch: int) -> float:
    """Seconds of MkDocs' build() in a fresh process (`script --one CONFIG` calls build_only), start-up left out."""
    _, done = run([sys.executable, script, "--one", str(config_file)],
                  env={"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": str(epoch)})
    return json.loads(done.stdout.strip().splitlines()[-1])["seconds"]


def best_of(rounds: int, variants: Mapping[str, Callable[[], Timing | float]], *,
            warm_up: bool = False) -> dict[str, Timing]:
    """Each variant `rounds` times, alternating, so that a busy moment hits all alike; the best of each.

    The best, because neighbours on a shared machine only ever add time. With
    `warm_up`, one untimed run of each first fills the OS file cache and
    Python's bytecode cache.
    """
    if warm_up:
        for measure in variants.values():
            measure()
    runs: dict[str, list[Timing]] = {name: [] for name in variants}
    for _ in range(rounds):
        for name, measure in variants.items():
            result = measure()
            runs[name].append(result if isinstance(result, Timing) else Timing(result, result))
    return {name: Timing(min(t.wall for t in got), min(t.cpu for t in got)) for name, got in runs.items()}


def print_limits(ratios: list[tuple[str, float, float]]) -> bool:
    """Print each ratio against its limit; True when one is over."""
    width = max(len(name) for name, _, _ in ratios) + 2
    print(f"\n{'ratio':<{width}} {'measured':>9} {'limit':>7}")
    failed = False
    for name, value, limit in ratios:
        failed |= value > limit
        print(f"{name:<{width}} {value:>9.2f} {limit:>7.2f}{'  OVER' if value > limit else ''}")
    return failed
