"""Benchmark: the whole demo hub, every feature on, against plain Material building the same pages.

For each size (1,000 and 5,000 synced questions) it writes two hubs in a temp folder:
- "openbook": this repository's demo hub (its mkdocs.yml, docs/, data/, hooks/ and
  overrides/, committed into a fresh git repository, as a hub in CI is) with a
  snapshot of N synthetic questions (the ones bench/questions_bench.py makes);
- "plain": the same pages as static Markdown, built by Material alone with its
  default search plugin, the same theme, extensions, nav and tags plugin.
  Questions are Markdown pages; the other generated pages (price history, what
  changed, contributors, question lists) are the HTML openbook built for them.
Each build is a fresh `python -m mkdocs build` process, timed from outside in
CPU seconds (user + system, Pagefind's process included), so imports and
start-up count and a busy neighbour on a shared machine does not; the best of
--repeat runs counts. Then Chromium
(Debian's, through Playwright) opens question #1 on each built site and counts
the bytes, gzipped, of everything the first visit loads, and what a one-word
query downloads. openbook's first build of a hub has no cache; each later one
finds in `.cache/openbook/` the customers' texts and earlier versions the build
before rendered, as `mkdocs serve`, a second build and the deploy workflow
(which restores that folder) do: both are timed, each the best of --repeat
(a first build removes the cache before it). At the larger size it then
commits a sync that changed one answer and times the rebuild, and with
--memory N it builds a hub of N questions once and reads the build's peak
memory (ru_maxrss of the build process and its children: the largest one).
It prints, from this one run:

    openbook rebuild / plain Material build    at both sizes   (at most 0.80)
    openbook first build / plain Material      at both sizes   (at most 0.80)
    openbook at 5,000 / at 1,000, both builds                  (at most 5.0)
    one answer changed at 5,000: rebuild / first build         (at most 0.50)
    first visit of a question page at 5,000 / at 1,000          (at most 1.02; not with --no-visit)
    first visit at 5,000, openbook / Material                  (below 1)
    a one-word query at 5,000: KB downloaded                   (at most 150)
    peak memory at N questions, MB (--memory N)                (at most 1,024)

Reproduce: .venv/bin/python bench/site_bench.py --memory 15000   (about 15 minutes on 2 cores)
           .venv/bin/python bench/site_bench.py --sizes 200 1000 --repeat 2 --no-visit   (quick look)
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from openbook.questions import snapshot  # noqa: E402 - after the path is set
from questions_bench import REPO, _plain_question, questions  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
# The word of the one-word query: in every synthetic question, so the results are many.
QUERY = "reminders"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1795000000",
       "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}


def _git(hub: Path, *args: str) -> None:
    env = {**ENV, "GIT_AUTHOR_DATE": "2026-11-01T09:00:00Z", "GIT_COMMITTER_DATE": "2026-11-01T09:00:00Z"}
    subprocess.run(["git", *args], cwd=hub, env=env, check=True, capture_output=True)


def write_ours(folder: Path, n: int) -> Path:
    hub = folder / f"openbook-{n}"
    hub.mkdir(parents=True)
    for name in ("mkdocs.yml", "docs", "data", "hooks", ".github"):
        if not (ROOT / name).exists():
            continue
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, hub / name)
    qs = questions(n)
    snap = snapshot.Snapshot(repo=REPO, api_url="https://api.github.com", synced_at="2026-11-20T09:00:00Z",
                             questions=tuple(qs))
    (hub / "data" / "questions.json").write_text(snapshot.dumps(snap))
    # The ledger as a previous build left it, so that no timed build writes it.
    (hub / "data" / "questions-published.json").write_text(json.dumps(
        {"format": "openbook-questions-published", "version": 1, "numbers": [q.number for q in qs]}, indent=1) + "\n")
    _git(hub, "init", "-q", "-b", "main")
    _git(hub, "add", "-A")
    _git(hub, "-c", "user.name=Bench", "-c", "user.email=bench@hub.example", "commit", "-qm", "The demo hub")
    return hub


def _article(html: str) -> str:
    """The article of a built page, as raw HTML a Markdown page can hold."""
    match = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', html, re.S)
    assert match, "no article in a built page"
    return match.group(1)


def write_plain(folder: Path, n: int, ours_site: Path) -> Path:
    """Material alone, with its own search, building the pages openbook built, as static files."""
    hub = folder / f"plain-{n}"
    shutil.copytree(ROOT / "docs", hub / "docs")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text().replace("!ENV", "")) or {}
    config["site_url"] = "https://larkspur-hq.github.io/openbook-hub/"
    config.pop("hooks", None)
    config.pop("watch", None)
    config["theme"].pop("custom_dir", None)
    config["theme"]["features"] = sorted({*config["theme"]["features"], "search.highlight", "search.suggest"})
    config["plugins"] = ["search", "tags"]
    (hub / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
    questions_dir = hub / "docs" / "questions"
    questions_dir.mkdir()
    for q in questions(n):
        (questions_dir / f"{q.number}.md").write_text(_plain_question(q))
    # Every other generated page: the same content, as a static page.
    for page in ("pricing", "questions/index", "questions/recent", "questions/owed", "pricing/history",
                 "changes/index", "contributors/index"):
        html = (ours_site / page.removesuffix("index") / "index.html").read_text()
        target = hub / "docs" / f"{page}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        # Links into generated questions point at the same pages in the plain hub.
        target.write_text(_article(html))
    return hub


def timed_build(hub: Path, *, cold: bool = False) -> float:
    """CPU seconds (user + system) of one `mkdocs build` in a fresh process, start-up and children included.

    CPU time, not wall time: the machines this runs on are shared, and a busy
    neighbour stretches the wall clock of whichever build it overlaps. Pagefind
    runs as a child process (and on several threads); its time counts too.
    """
    shutil.rmtree(hub / "site", ignore_errors=True)
    if cold:
        shutil.rmtree(hub / ".cache", ignore_errors=True)
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(hub / "mkdocs.yml")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV, cwd=hub)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    errors = process.stderr.read().decode() if process.stderr else ""
    if process.returncode != 0:
        raise SystemExit(f"the build of {hub} failed:\n{errors}")
    timed_build.maxrss = usage.ru_maxrss  # kilobytes: the largest process of the build, Pagefind included
    return usage.ru_utime + usage.ru_stime


def change_one_answer(hub: Path, round_: int) -> None:
    """Edit one answer of one question in the snapshot and commit it, as a sync after a staff reply does."""
    path = hub / "data" / "questions.json"
    data = json.loads(path.read_text())
    items = data["questions"] if isinstance(data, dict) else data
    question = next(q for q in items[len(items) // 2:] if q.get("comments"))
    question["comments"][-1]["body"] += f"\n\nEdited ({round_}): the answer now says more."
    # As `openbook sync` writes it (snapshot.dumps): a sync's commit changes only the lines that changed.
    path.write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    _git(hub, "-c", "user.name=Bench", "-c", "user.email=bench@hub.example", "commit", "-qam", f"Sync {round_}")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        pass


def _gzipped(site: Path, url: str) -> int:
    path = unquote(urlsplit(url).path).lstrip("/")
    file = site / path
    if file.is_dir() or not path:
        file = file / "index.html"
    return len(gzip.compress(file.read_bytes(), compresslevel=6))


def visit(browser, site: Path, *, query: str | None) -> tuple[int, int]:
    """Gzipped bytes of question #1's first visit, and of a query typed then (0 if none)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        context = browser.new_context()
        page = context.new_page()
        urls: list[str] = []
        page.on("requestfinished", lambda request: urls.append(request.url))
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/questions/1/", wait_until="networkidle")
        # Material fetches its index when the page is ready; give it time to finish.
        page.wait_for_timeout(1500)
        first = sum(_gzipped(site, url) for url in set(urls))
        searched = 0
        if query is not None:
            before = len(urls)
            page.keyboard.press("/")
            page.keyboard.type(query)
            page.locator(".md-search-result__item").first.wait_for(timeout=30_000)
            page.wait_for_load_state("networkidle")
            searched = sum(_gzipped(site, url) for url in set(urls[before:]))
        context.close()
        return first, searched
    finally:
        server.shutdown()
        server.server_close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=[1000, 5000], metavar=("SMALL", "LARGE"))
    parser.add_argument("--repeat", type=int, default=3, help="builds per hub; the fastest counts (default 3)")
    parser.add_argument("--memory", type=int, default=0, metavar="N",
                        help="also build a hub of N questions once and print the build's peak memory")
    parser.add_argument("--no-visit", action="store_true", help="skip the browser's first visit and query")
    args = parser.parse_args()
    small, large = args.sizes
    from playwright.sync_api import sync_playwright

    rows = {}
    with tempfile.TemporaryDirectory(prefix="openbook-site-bench-") as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for n in (small, large):
            ours = write_ours(Path(tmp), n)
            # The first build has no cache (.cache/openbook/); every later one finds the last one's.
            cold_s = timed_build(ours, cold=True)
            plain = write_plain(Path(tmp), n, ours / "site")
            plain_s = timed_build(plain)
            ours_s = float("inf")
            # Alternate the builds, so that a busy moment on the machine hits all alike.
            for _ in range(max(1, args.repeat - 1)):
                ours_s = min(ours_s, timed_build(ours))
                plain_s = min(plain_s, timed_build(plain))
                cold_s = min(cold_s, timed_build(ours, cold=True))
            changed_s = float("inf")
            if n == large:
                # A rebuild after a sync brought one changed answer: the deploy a customer waits for.
                timed_build(ours)
                for round_ in range(max(1, args.repeat - 1)):
                    change_one_answer(ours, round_)
                    changed_s = min(changed_s, timed_build(ours))
            if args.no_visit:
                first = query = plain_first = 0
            else:
                first, query = visit(browser, ours / "site", query=QUERY)
                plain_first, _ = visit(browser, plain / "site", query=None)
            material_index = len(gzip.compress((plain / "site" / "search" / "search_index.json").read_bytes()))
            rows[n] = {"ours": ours_s, "cold": cold_s, "changed": changed_s, "plain": plain_s, "first": first, "plain_first": plain_first,
                       "query": query, "material_index": material_index}
        memory = 0
        if args.memory:
            big = write_ours(Path(tmp) / "memory", args.memory)
            memory_s = timed_build(big, cold=True)
            memory = timed_build.maxrss
            print(f"{args.memory} questions: first build {memory_s:.1f} CPU s, peak memory {memory / 1024:.0f} MB")
        browser.close()

    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"Whole-hub benchmark (demo hub, every feature on), best of {max(2, args.repeat)} build(s) each, one run")
    print("openbook: a rebuild (with the cache of the build before); first build: with no cache")
    print(f"{'questions':>10} {'openbook CPU s':>15} {'first build s':>14} {'Material CPU s':>15} {'ratio':>6} "
          f"{'1st visit KB':>13} {'Material KB':>12} {'query KB':>9} {'Material index KB':>18}")
    for n, row in rows.items():
        print(f"{n:>10} {row['ours']:>15.2f} {row['cold']:>14.2f} {row['plain']:>15.2f} {row['ours'] / row['plain']:>6.2f} "
              f"{row['first'] / 1000:>13.1f} {row['plain_first'] / 1000:>12.1f} {row['query'] / 1000:>9.1f} "
              f"{row['material_index'] / 1000:>18.1f}")
    ratios = [
        (f"openbook rebuild / plain Material, at {small}", rows[small]["ours"] / rows[small]["plain"], 0.80),
        (f"openbook rebuild / plain Material, at {large}", rows[large]["ours"] / rows[large]["plain"], 0.80),
        (f"openbook first build / plain Material, at {small}", rows[small]["cold"] / rows[small]["plain"], 0.80),
        (f"openbook first build / plain Material, at {large}", rows[large]["cold"] / rows[large]["plain"], 0.80),
        (f"openbook time at {large} / at {small} (rebuild)", rows[large]["ours"] / rows[small]["ours"], 1.0 * large / small),
        (f"openbook time at {large} / at {small} (first build)", rows[large]["cold"] / rows[small]["cold"],
         1.0 * large / small),
        (f"one answer changed at {large}: rebuild / first build", rows[large]["changed"] / rows[large]["cold"], 0.50),
    ]
    if not args.no_visit:
        ratios += [
            (f"first visit of a question page at {large} / at {small}", rows[large]["first"] / rows[small]["first"],
             1.02),
            (f"first visit at {large}, openbook / Material", rows[large]["first"] / rows[large]["plain_first"], 1.00),
            (f"one-word query at {large}, KB", rows[large]["query"] / 1000, 150),
        ]
    if memory:
        ratios.append((f"peak memory at {args.memory} questions, MB", memory / 1024, 1024))
    print()
    print(f"{'ratio':<52} {'measured':>9} {'limit':>7}")
    failed = False
    for name, value, limit in ratios:
        if limit is None:
            print(f"{name:<52} {value:>9.2f} {'-':>7}")
            continue
        failed |= value > limit
        print(f"{name:<52} {value:>9.2f} {limit:>7.2f}{'  OVER' if value > limit else ''}")
    extra = (f" --memory {args.memory}" if args.memory else "") + (" --no-visit" if args.no_visit else "")
    print(f"\nReproduce: {Path(sys.executable).name} bench/site_bench.py --sizes {small} {large} --repeat {args.repeat}"
          f"{extra}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
