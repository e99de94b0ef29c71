"""The FAQ's cost: the demo hub built with the FAQ on and off, alternately, in one run.

Reproduce: `.venv/bin/python bench/faq_bench.py` from the repository root. With
the FAQ off, the entries are still built, as plain Material pages (the real
alternative: hand-written FAQ pages); on, they get the index, counts, credits,
banners and candidates. Prints the ratio of the best of ROUNDS builds each, and
the FAQ hooks' share of one profiled build (steadier on a busy machine).
"""

from __future__ import annotations

import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from openbook.site import build as sitebuild  # noqa: E402

ROUNDS = 9


def config_with_faq_off() -> Path:
    """A copy of the demo's mkdocs.yml beside it (same docs, data and git), with the FAQ off."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    marker = "  openbook:\n"
    assert marker in text
    target = ROOT / ".faq-bench-off.yml"
    # The generated index is gone with the FAQ off: its nav entry points at an entry instead.
    text = text.replace(marker, marker + "    faq:\n      enabled: false\n", 1)
    target.write_text(text.replace("  - FAQ: faq/index.md\n", "  - FAQ: faq/switch-plans.md\n", 1), encoding="utf-8")
    return target


def timed(config: Path, site: Path) -> float:
    """CPU seconds of this process for one build: on a machine shared with other work, wall time is noise."""
    start = time.process_time()
    result = sitebuild.build(config, site, strict=False)
    elapsed = time.process_time() - start
    assert result.error is None, result.error
    return elapsed


def main() -> int:
    off = config_with_faq_off()
    on = ROOT / "mkdocs.yml"
    times: dict[str, list[float]] = {"on": [], "off": []}
    try:
        with tempfile.TemporaryDirectory() as folder:
            for _ in range(ROUNDS):
                times["off"].append(timed(off, Path(folder) / "off"))
                times["on"].append(timed(on, Path(folder) / "on"))
    finally:
        off.unlink()
    profile = cProfile.Profile()
    with tempfile.TemporaryDirectory() as folder:
        profile.enable()
        sitebuild.build(on, Path(folder) / "profiled", strict=False)
        profile.disable()
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    total = max(entry[3] for entry in stats.values())
    hooks = ("on_files", "page_markdown", "page_content", "page_context", "post_page")
    faq = sum(entry[3] for key, entry in stats.items() if key[0].endswith("openbook/faq/site.py") and key[2] in hooks)
    best_on, best_off = min(times["on"]), min(times["off"])
    print(f"demo hub, CPU time of the build, best of {ROUNDS} alternating builds")
    print(f"FAQ off (entries as plain pages): {best_off:.2f} s  1.00")
    print(f"FAQ on:                           {best_on:.2f} s  {best_on / best_off:.2f}")
    print(f"FAQ hooks / whole build (profiled): {faq / total:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
