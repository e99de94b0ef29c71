"""`openbook faq`: draft an FAQ entry from an answered question (`new NUMBER`), or list the questions worth one (`candidates`)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from openbook import cli, clock, plaintext, settings, untrusted
from openbook.faq import draft, model, rules
from openbook.questions import rules as questions, snapshot

if TYPE_CHECKING:
    import argparse

    from mkdocs.config.defaults import MkDocsConfig

HELP = "draft an FAQ entry from an answered question (new NUMBER), or list the questions worth one (candidates)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="faq_command", metavar="ACTION", required=True)
    new = sub.add_parser("new", help="write docs/<faq folder>/<slug>.md from a synced question and its accepted "
                                     "or staff answer; never overwrites a file",
                         description="Draft an FAQ entry from a synced question, for staff to edit and propose.")
    new.add_argument("number", type=int, metavar="NUMBER", help="the question's issue number")
    new.add_argument("--owner", help="who answers for the entry (default: the staff answerer's login)")
    new.add_argument("--file", metavar="NAME", help="the file name under the FAQ folder (default: from the title)")
    cli.add_config_argument(new)
    candidates = sub.add_parser("candidates", help="answered questions asked often with no FAQ entry yet",
                                description="List the answered questions worth writing down as FAQ entries.")
    cli.add_config_argument(candidates)


def _fail(message: str) -> int:
    print(f"openbook faq: {message}", file=sys.stderr)
    return cli.EXIT_FAILED


def _moderated(config: MkDocsConfig) -> tuple[snapshot.Snapshot, questions.Moderation, questions.Policy]:
    qs = settings.of(config).questions
    loaded = snapshot.load(settings.project_root(config) / qs.snapshot)
    policy = questions.Policy.from_settings(qs)
    return loaded, questions.moderate(loaded, policy), policy


def _entries(config: MkDocsConfig) -> list[model.Entry]:
    """The entries that parse; `openbook check` reports the others."""
    options = settings.of(config)
    docs = Path(config.docs_dir)
    folder = docs / options.faq.folder.strip("/")
    found = []
    for path in sorted(folder.rglob("*.md")) if folder.is_dir() else []:
        src_uri = path.relative_to(docs).as_posix()
        if not model.is_entry(src_uri, options.faq.folder):
            continue
        try:
            found.append(model.parse(path.read_text(encoding="utf-8", errors="replace"), src_uri,
                                     categories=list(options.questions.categories),
                                     default_review_every=options.faq.review_every))
        except model.EntryError:
            continue
    return found


def _new(args: argparse.Namespace, config: MkDocsConfig) -> int:
    options = settings.of(config)
    snap, moderation, policy = _moderated(config)
    by_number = {item.number: item for item in moderation.published}
    item = by_number.get(args.number)
    if item is None:
        skipped = next((s for s in moderation.skipped if s.number == args.number), None)
        why = f"it is not published ({skipped.reason})" if skipped else f"it is not in {options.questions.snapshot}"
        return _fail(f"cannot draft from question #{args.number}: {why}; run `openbook sync`, or pick a published question")
    answer = draft.chosen_answer(item)
    if answer is None:
        return _fail(f"question #{args.number} has no accepted or staff answer yet; answer it on GitHub, "
                     "run `openbook sync`, then draft the entry")
    covering = [e.path for e in _entries(config) if args.number in e.sources]
    if covering:
        print(f"note: question #{args.number} is already a source of docs/{covering[0]}", file=sys.stderr)
    categories = [label.lower() for label in options.questions.categories]
    category = item.category or (categories[0] if categories else "")
    if not category:
        return _fail("extra.openbook.questions.categories is empty; an FAQ entry needs a category")
    name = args.file or draft.slug(item.question.title, item.number)
    name = name if name.endswith(".md") else f"{name}.md"
    if "/" in name or "\\" in name or name.startswith("."):
        return _fail(f"--file {name!r}: give a file name, without folders")
    folder = Path(config.docs_dir) / options.faq.folder.strip("/")
    target = folder / name
    owner = args.owner or (answer.comment.author.login if answer.staff else f"{options.company or 'Our'} staff".strip())
    renderer = untrusted.Renderer(untrusted.RenderOptions(
        redact_emails=options.questions.redact_emails, redact_phones=options.questions.redact_phones))
    depth = options.faq.folder.strip("/").count("/") + 1
    link = "../" * depth + f"questions/{item.number}.md"
    text = draft.draft(item, answer, category=category, owner=owner, today=clock.today(), renderer=renderer,
                       question_link=link)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        # O_EXCL: the file is created here or not at all; an existing entry is never overwritten.
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return _fail(f"{os.path.relpath(target)} already exists and is left as it is; "
                     "edit it, or choose another name with --file")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    print(f"wrote {os.path.relpath(target)} from question #{item.number} "
          f"({'accepted' if answer.accepted else 'staff'} answer by {plaintext.printable(answer.comment.author.login)}); "
          "edit it into a clear answer, then propose it as a pull request")
    return cli.EXIT_OK


def _candidates(config: MkDocsConfig) -> int:
    options = settings.of(config)
    snap, moderation, policy = _moderated(config)
    duplicates = rules.duplicates_by_question(snap, moderation, policy)
    covered = {n for entry in _entries(config) for n in entry.sources}
    found = rules.candidates(moderation, duplicates, covered, min_asked=options.faq.candidate_min_asked)
    if not found:
        print(f"no answered question asked {options.faq.candidate_min_asked} times or more lacks an FAQ entry")
        return cli.EXIT_OK
    print(f"worth writing down ({rules.HOW_COUNTED}):")
    for asked in found:
        q = asked.sources[0].question
        print(f"#{q.number:<6} asked {asked.total:>4} times ({len(asked.duplicates)} duplicates, {asked.votes} 👍)  "
              f"{plaintext.printable(q.title)}")
    print(f"draft one with: openbook faq new {found[0].sources[0].number}")
    return cli.EXIT_OK


def run(args: argparse.Namespace) -> int:
    config = settings.load(args.config_file)
    try:
        if args.faq_command == "new":
            return _new(args, config)
        return _candidates(config)
    except snapshot.SnapshotError as exc:
        return _fail(str(exc))
