"""Two meetings side by side on the command line: ``compare``, and finding a meeting by
its id, date or file."""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.text import Text

from dipreader.cli.arguments import EXIT_NOTHING, EXIT_OK, EXIT_USAGE, add_common
from dipreader.cli.output import (
    console,
    error,
    load_paths,
    meeting_json,
    meeting_line,
    print_json,
    sentence_json,
    sentence_line,
)
from dipreader.core.model import Meeting

if TYPE_CHECKING:
    from rich.console import Console

    from dipreader.core.analysis.compare import Comparison
    from dipreader.core.corpus.corpus import LoadResult


def add_compare_command(commands: Any) -> None:
    """Add ``compare`` to ``commands`` (the CLI's subparsers)."""
    compare = commands.add_parser(
        "compare",
        help="two meetings side by side: paired statements and what only one has",
        usage="dipreader compare [-h] [A B] [PATH ...] [--in PATH [PATH ...]] [--json] "
        "[--max-size BYTES]",
        description="Pair each statement of meeting A with the most alike statement of "
        "meeting B and list what only one of them has. A and B are meeting ids (or their "
        "first characters, as 'dipreader list --json' shows them), dates (2023-07-15), or "
        "article files (FILE, or FILE:LINE for one article of a .jsonl file). Ids and dates "
        "are looked up in the articles given after A and B, or under --in (default: the "
        "bundled samples). With no A and B, the two newest meetings are compared, the older "
        "as A.",
        epilog="examples: dipreader compare; dipreader compare 2022-07-08 2023-07-15; "
        "dipreader compare 2022-07-08 2023-07-15 ~/readouts; dipreader compare ~/readouts; "
        "dipreader compare old.txt new.txt",
    )
    compare.add_argument(
        "meetings",
        nargs="*",
        metavar="A B [PATH]",
        help="the two meetings (both or neither), then files or folders to look them up in",
    )
    compare.add_argument(
        "--in",
        "--paths",
        dest="paths",
        nargs="+",
        action="extend",
        default=[],
        metavar="PATH",
        help="files or folders to look A and B up in (default: the bundled samples)",
    )
    compare.add_argument("--json", action="store_true", help="print JSON")
    add_common(compare)
    compare.set_defaults(handler=cmd_compare)


class MeetingNotFound(LookupError):
    pass


def _file_ref(ref: str) -> tuple[str, int] | None:
    """``(path, line)`` when ``ref`` names an article file (``FILE`` or ``FILE:LINE``)."""
    if os.path.isfile(ref):
        return ref, 0
    path, colon, line = ref.rpartition(":")
    if colon and line.isdigit() and os.path.isfile(path):
        return path, int(line)
    return None


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def _within(path: str, root: str) -> bool:
    """Whether ``path`` is ``root`` or lies in the folder ``root``."""
    try:
        real, base = os.path.realpath(path), os.path.realpath(root)
        return real == base or os.path.commonpath([real, base]) == base
    except ValueError:  # different drives on Windows
        return False


def find_meeting(ref: str, meetings: Sequence[Meeting]) -> Meeting:
    """The one meeting ``ref`` names (module doc of the command); raises MeetingNotFound."""
    file_ref = _file_ref(ref)
    if file_ref is not None:
        path, line = file_ref
        found = [m for m in meetings if _same_file(m.path, path) and (not line or m.line == line)]
    else:
        key = ref.strip().lower()
        found = [m for m in meetings if m.id == key]
        if not found and len(key) >= 4:
            found = [m for m in meetings if m.id.startswith(key)]
        if not found:
            found = [m for m in meetings if m.date_text == key]
        if not found:
            found = [m for m in meetings if ref in (m.location, os.path.basename(m.location))]
    if not found:
        raise MeetingNotFound(f"no meeting matches {ref!r}")
    if len(found) > 1:
        listed = ", ".join(f"{m.id} ({m.date_text}, {m.location})" for m in found[:6])
        more = f" and {len(found) - 6} more" if len(found) > 6 else ""
        raise MeetingNotFound(f"{ref!r} matches {len(found)} meetings: {listed}{more}; use an id")
    return found[0]


def _compare_pool(args: argparse.Namespace) -> LoadResult:
    from dipreader.core.settings.locations import seeds_dir

    files = [found[0] for found in map(_file_ref, args.meetings) if found is not None]
    sources: list[str] = [*args.paths]
    if not sources and (len(files) < len(args.meetings) or not args.meetings):
        sources.append(str(seeds_dir()))  # ids and dates are looked up in the samples
    # A file already under --in is not loaded twice (it would be its own duplicate).
    sources.extend(path for path in files if not any(_within(path, root) for root in sources))
    return load_paths(sources, args.max_size)


def cmd_compare(args: argparse.Namespace) -> int:
    from dipreader.core.analysis.compare import compare
    from dipreader.core.analysis.statements import date_key

    # As every subcommand: the articles may follow on the command line (A B PATH...), and a
    # lone folder is where the two newest are.
    refs: list[str] = list(args.meetings)
    if len(refs) == 1 and os.path.isdir(refs[0]):
        args.paths = [*args.paths, refs.pop()]
    elif len(refs) > 2:
        args.paths = [*args.paths, *refs[2:]]
        del refs[2:]
    args.meetings = refs
    if len(args.meetings) not in (0, 2):
        error("compare needs two meetings, A and B, or none (the two newest)")
        return EXIT_USAGE
    result = _compare_pool(args)
    if not result.meetings:
        return EXIT_NOTHING
    if args.meetings:
        try:
            left, right = (find_meeting(ref, result.meetings) for ref in args.meetings)
        except MeetingNotFound as problem:
            error(str(problem))
            return EXIT_NOTHING
    else:
        if len(result.meetings) < 2:
            error("only one meeting loaded; compare needs two")
            return EXIT_NOTHING
        right, left = result.meetings[0], result.meetings[1]  # newest first
        left, right = sorted((left, right), key=date_key)
    comparison = compare(left, right)
    if args.json:
        print_json(comparison_json(comparison))
        return EXIT_OK
    _print_comparison(comparison, console())
    return EXIT_OK


def comparison_json(comparison: Comparison) -> dict[str, Any]:
    from dipreader.core.analysis.compare import MIN_SCORE, MIN_SHARED, Link

    left, right = comparison.left, comparison.right

    def link(item: Link) -> dict[str, Any]:
        return {
            "a": sentence_json(left, item.left),
            "b": sentence_json(right, item.right),
            "score": item.score,
            "shared": list(item.shared),
        }

    return {
        "a": meeting_json(left),
        "b": meeting_json(right),
        "min_score": MIN_SCORE,
        "min_shared": MIN_SHARED,
        "pairs": [link(item) for item in comparison.pairs],
        "a_only": [sentence_json(left, i) for i in comparison.left_only],
        "b_only": [sentence_json(right, i) for i in comparison.right_only],
        "echoes": [link(item) for item in comparison.echoes],
        "boilerplate": sorted(comparison.boilerplate),
    }


def _print_comparison(comparison: Comparison, out: Console) -> None:
    left, right = comparison.left, comparison.right
    out.print(meeting_line(left, "A  "))
    out.print(meeting_line(right, "B  "))
    out.print()
    out.print(Text(f"Paired ({len(comparison.pairs)})", style="bold"))
    for item in comparison.pairs:
        out.print(Text(f"  score {item.score:.0f}", style="dim"))
        out.print(sentence_line(left, item.left, "    A "))
        out.print(sentence_line(right, item.right, "    B "))
    for name, meeting, only in (
        ("A", left, comparison.left_only),
        ("B", right, comparison.right_only),
    ):
        out.print()
        head = Text(f"Only in {name}, {meeting.date_text} ({len(only)})", style="bold")
        out.print(head)
        for index in only:
            out.print(sentence_line(meeting, index))
    if comparison.echoes:
        out.print()
        out.print(Text("Like a statement already paired", style="bold"))
        for item in comparison.echoes:
            paired_left = comparison.pair_of_left(item.left) is not None
            side, meeting, index = (
                ("B", right, item.right) if paired_left else ("A", left, item.left)
            )
            # Numbered from 1, as sentence_line numbers them.
            other = f"A [{item.left + 1}]" if paired_left else f"B [{item.right + 1}]"
            line = sentence_line(meeting, index, f"  {side} ")
            line.append(f"  (like {other}, score {item.score:.0f})", style="dim")
            out.print(line)
