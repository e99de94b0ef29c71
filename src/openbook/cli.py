"""The `openbook` command line: one entry point, one subcommand per task.

Each subcommand is a module in `openbook.commands` with `HELP`,
`add_arguments(parser)` and `run(args) -> exit code`; this module finds them.
Every failure ends with plain lines on stderr and a documented exit code,
never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import pkgutil
import sys
from collections.abc import Sequence
from pathlib import Path
from contextlib import ExitStack
from typing import TYPE_CHECKING


from openbook import __version__, commands
from openbook.settings import SettingsError

if TYPE_CHECKING:
    from rich.progress import Progress, ProgressColumn

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
# As a shell reports a command stopped by SIGINT (Ctrl-C) or SIGPIPE (`| head`).
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141


def add_config_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-f",
        "--config-file",
        default=None,
        metavar="PATH",
        help="the hub's mkdocs.yml (default: mkdocs.yml in this folder or the nearest one above it, as git finds .git)",
    )


def find_config(start: Path) -> Path:
    """mkdocs.yml in `start` or the nearest folder above it, not above the repository's root.

    Run from docs/practices/, every command finds the hub as git finds its
    repository; the search stops at the folder that holds .git, so a hub never
    picks up another project's config from above it.
    """
    for folder in (start, *start.parents):
        candidate = folder / "mkdocs.yml"
        if candidate.is_file():
            return candidate
        if (folder / ".git").exists():
            break
    return start / "mkdocs.yml"


def add_github_arguments(parser: argparse.ArgumentParser) -> None:
    """--repo and --api-url, for the subcommands that talk to GitHub (the token comes only from the environment)."""
    parser.add_argument("--repo", metavar="OWNER/NAME", help="the repository (default: from repo_url in mkdocs.yml)")
    parser.add_argument(
        "--api-url",
        metavar="URL",
        help="GitHub's API URL (default: extra.openbook.sync.api_url, then https://HOST/api/v3 for a GitHub "
             "Enterprise repo_url, then $GITHUB_API_URL, then https://api.github.com)",
    )


def progress_bar(stack: ExitStack, *columns: str | ProgressColumn) -> Progress | None:
    """A transient rich progress bar on stderr, entered on `stack`; None unless stderr is a terminal.

    Rich decides what a terminal is (TTY_COMPATIBLE and FORCE_COLOR override
    isatty), so CI logs and pipes get only the command's one-line summary.
    """
    from rich.console import Console
    from rich.progress import Progress

    console = Console(stderr=True)
    if not console.is_terminal:
        return None
    return stack.enter_context(Progress(*columns, console=console, transient=True))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="openbook",
        description="Run a company's transparency hub: sync questions, check contributions, review changes.",
    )
    parser.add_argument("--version", action="version", version=f"openbook {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        name = info.name.replace("_", "-")
        command = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    return parser


class _OneLine(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return f"{record.levelname.lower()}: {record.getMessage()}"


class _ToStderr(logging.StreamHandler):
    """Writes to sys.stderr as it is now, not as it was when the handler was added.

    main() can run more than once in a process (tests capture stderr anew each
    time); a handler holding the first stream would write to a closed file.
    """

    @property  # type: ignore[override]
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


def _log_to_stderr() -> None:
    # MkDocs and our own loggers (mkdocs.plugins.openbook.*) report through the
    # "mkdocs" logger; show their warnings as plain lines on stderr.
    logger = logging.getLogger("mkdocs")
    if not any(isinstance(h, _ToStderr) for h in logger.handlers):
        handler = _ToStderr()
        handler.setFormatter(_OneLine())
        logger.addHandler(handler)
    logger.setLevel(logging.WARNING)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return EXIT_USAGE
    _log_to_stderr()
    if hasattr(args, "config_file") and args.config_file is None:
        found = find_config(Path.cwd())
        # Keep the short name in messages when the hub is the current folder.
        args.config_file = "mkdocs.yml" if found.parent == Path.cwd() else str(found)
    try:
        code = args.run(args)
        # Inside the try: a reader that went away must be noticed here, not at exit.
        sys.stdout.flush()
        return code
    except SettingsError as exc:
        print(f"openbook {args.command}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"openbook {args.command}: interrupted; nothing was written", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The output's reader stopped early (`openbook queue | head`): not an error
        # worth a traceback. Later writes, such as the interpreter's final flush, go nowhere.
        _discard_stdout()
        return EXIT_BROKEN_PIPE


def _discard_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        # stdout is no real file (a test's stand-in): nothing will flush to a pipe.
        pass


if __name__ == "__main__":
    sys.exit(main())
