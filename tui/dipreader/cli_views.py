"""The analyst views on the command line: ``statements``, ``compare`` and ``trend``.

Same rules as the rest of the CLI: problems on stderr, exit 0 when something loaded, 1 when
nothing did (or a name or meeting matches nothing, or too much), 2 for a usage error. Human
output is built from ``rich.text.Text`` with article text cleaned; JSON is ASCII-only.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from rich.text import Text

from dipreader.cli_common import EXIT_NOTHING_LOADED, EXIT_OK, EXIT_USAGE, positive_int
from dipreader.core.model import Meeting
from dipreader.core.text.safe import clean, clean_line

if TYPE_CHECKING:
    from rich.console import Console

    from dipreader.core.analysis.compare import Comparison
    from dipreader.core.analysis.trend import Period, Trend
    from dipreader.core.corpus.corpus import LoadResult

VIEW_COMMANDS: frozenset[str] = frozenset({"statements", "compare", "trend"})

_CHART_SPEAKERS = 12  # speakers with a line of their own in the human trend chart


def add_view_commands(commands: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    """Add the view subcommands to ``commands`` (the CLI's subparsers)."""
    default_paths = "files or folders of articles (default: the bundled sample articles)"

    statements = commands.add_parser(
        "statements",
        help="everything one speaker said, meeting by meeting, oldest first",
        description="Every statement of one speaker across the meetings, grouped by meeting "
        'and oldest first. NAME is an id (park-jin), a full name ("Park Jin", any case) or a '
        "surname (Park); a surname that fits two people is refused with both named.",
    )
    statements.add_argument("name", metavar="NAME", help="id, full name or surname")
    statements.add_argument("paths", nargs="*", metavar="PATH", help=default_paths)
    statements.add_argument("--json", action="store_true", help="print JSON")
    common(statements)
    statements.set_defaults(handler=cmd_statements)

    compare = commands.add_parser(
        "compare",
        help="two meetings side by side: paired statements and what only one has",
        usage="dipreader compare [-h] [A B] [--in PATH [PATH ...]] [--json] [--data-dir DIR] "
        "[--max-size BYTES]",
        description="Pair each statement of meeting A with the most alike statement of "
        "meeting B and list what only one of them has. A and B are meeting ids (or their "
        "first characters, as 'dipreader list --json' shows them), dates (2023-07-15), or "
        "article files (FILE, or FILE:LINE for one article of a .jsonl file). Ids and dates "
        "are looked up in the articles under --in (default: the bundled samples); put --in "
        "after A and B. With no A and B, the two newest meetings are compared, the older "
        "as A.",
        epilog="examples: dipreader compare; dipreader compare 2022-07-08 2023-07-15; "
        "dipreader compare 2022-07-08 2023-07-15 --in ~/readouts; "
        "dipreader compare old.txt new.txt",
    )
    compare.add_argument(
        "meetings", nargs="*", metavar="A B", help="the two meetings (both or neither)"
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
    common(compare)
    compare.set_defaults(handler=cmd_compare)

    trend = commands.add_parser(
        "trend",
        help="a phrase counted per meeting and per speaker along the dates",
        description="Count the sentences that mention PHRASE in each meeting and by each "
        "speaker, oldest first, with a chart. PHRASE is matched like search: 'one china' "
        "finds 'one-China', small typos are forgiven, '@name' narrows it to one speaker. A "
        "sentence mentions the phrase when it holds all of its words, nearly all as the "
        "phrase itself (search score 80 or more).",
    )
    trend.add_argument("phrase", metavar="PHRASE", help="the words to count")
    trend.add_argument("paths", nargs="*", metavar="PATH", help=default_paths)
    trend.add_argument(
        "--by",
        choices=("auto", "meeting", "month", "year"),
        default="auto",
        help="one chart point per meeting, month or year (auto: per meeting up to 60 "
        "meetings, else per month up to 60 months, else per year)",
    )
    trend.add_argument(
        "--limit",
        type=positive_int,
        default=20,
        help="list at most N mentioning sentences (20); the counts are always complete",
    )
    trend.add_argument("--json", action="store_true", help="print JSON")
    common(trend)
    trend.set_defaults(handler=cmd_trend)


# -- shared pieces ----------------------------------------------------------------------


def _error(message: str) -> None:
    print(f"dipreader: error: {clean_line(message)}", file=sys.stderr)


def _one_line(text: str) -> str:
    return " ".join(clean(text).split())


def meeting_ref(meeting: Meeting) -> dict[str, Any]:
    """Enough of a meeting for a script to find it again: the fields every output shares."""
    from dipreader.cli import meeting_fields  # cli imports this module: import when used

    return meeting_fields(meeting)


def sentence_json(meeting: Meeting, index: int) -> dict[str, Any]:
    """One sentence: its index, offsets (DESIGN §4), who says it and its text."""
    sentence = meeting.sentences[index]
    speaker = meeting.speaker(sentence.speaker)
    return {
        "index": index,
        "start": sentence.start,
        "end": sentence.end,
        "kind": str(sentence.kind),
        "speaker": speaker.name if speaker else None,
        "speaker_id": sentence.speaker,
        "text": meeting.text[sentence.start : sentence.end],
    }


def _who(meeting: Meeting, index: int) -> str:
    sentence = meeting.sentences[index]
    speaker = meeting.speaker(sentence.speaker)
    return clean_line(speaker.name) if speaker else str(sentence.kind)


def _meeting_line(meeting: Meeting, prefix: str = "") -> Text:
    line = Text(prefix)
    line.append(meeting.date_text, style="bold")
    line.append("  " + clean_line(meeting.title or "—"))
    line.append(f"  {clean_line(meeting.location)}", style="dim")
    return line


def _sentence_line(meeting: Meeting, index: int, indent: str = "  ", who: bool = True) -> Text:
    line = Text(f"{indent}[{index}] ", style="dim")
    if who:
        line.append(_who(meeting, index) + ": ", style="cyan")
    line.append(_one_line(meeting.sentence_text(index)))
    return line


# -- statements -------------------------------------------------------------------------


def cmd_statements(args: argparse.Namespace) -> int:
    from dipreader.cli import _console, _load, _print_json
    from dipreader.core.analysis.statements import (
        AmbiguousSpeaker,
        SpeakerNotFound,
        resolve_speaker,
        statements_of,
    )

    result = _load(args)
    if not result.meetings:
        return EXIT_NOTHING_LOADED
    try:
        speaker = resolve_speaker(result.meetings, args.name)
    except (SpeakerNotFound, AmbiguousSpeaker) as error:
        _error(str(error))
        return EXIT_NOTHING_LOADED
    grouped = statements_of(result.meetings, speaker.id)
    if args.json:
        _print_json(
            {
                "speaker": {
                    "id": speaker.id,
                    "name": speaker.name,
                    "role": speaker.role,
                    "country": speaker.country,
                },
                "meetings": [
                    {
                        **meeting_ref(meeting),
                        "statements": [sentence_json(meeting, i) for i in indices],
                    }
                    for meeting, indices in grouped
                ],
            }
        )
        return EXIT_OK
    console = _console()
    count = sum(len(indices) for _, indices in grouped)
    head = Text(clean_line(speaker.label), style="bold")
    head.append(f" — {count} statements in {len(grouped)} meetings")
    console.print(head)
    for meeting, indices in grouped:
        console.print()
        console.print(_meeting_line(meeting))
        for index in indices:
            console.print(_sentence_line(meeting, index, who=False))
    return EXIT_OK


# -- compare ----------------------------------------------------------------------------


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
    from dipreader.cli import report_problems
    from dipreader.core.corpus.corpus import LoadResult, load
    from dipreader.core.settings.locations import seeds_dir

    files = [found[0] for found in map(_file_ref, args.meetings) if found is not None]
    sources: list[str] = [*args.paths]
    if not sources and (len(files) < len(args.meetings) or not args.meetings):
        sources.append(str(seeds_dir()))  # ids and dates are looked up in the samples
    # A file already under --in is not loaded twice (it would be its own duplicate).
    sources.extend(path for path in files if not any(_within(path, root) for root in sources))
    result = load(sources, max_bytes=args.max_size) if sources else LoadResult()
    report_problems(result, sys.stderr)
    return result


def cmd_compare(args: argparse.Namespace) -> int:
    from dipreader.cli import _console, _print_json
    from dipreader.core.analysis.compare import compare
    from dipreader.core.analysis.statements import date_key

    if len(args.meetings) not in (0, 2):
        _error("compare needs two meetings, A and B, or none (the two newest)")
        return EXIT_USAGE
    result = _compare_pool(args)
    if not result.meetings:
        return EXIT_NOTHING_LOADED
    if args.meetings:
        try:
            left, right = (find_meeting(ref, result.meetings) for ref in args.meetings)
        except MeetingNotFound as error:
            _error(str(error))
            return EXIT_NOTHING_LOADED
    else:
        if len(result.meetings) < 2:
            _error("only one meeting loaded; compare needs two")
            return EXIT_NOTHING_LOADED
        right, left = result.meetings[0], result.meetings[1]  # newest first
        left, right = sorted((left, right), key=date_key)
    comparison = compare(left, right)
    if args.json:
        _print_json(comparison_json(comparison))
        return EXIT_OK
    _print_comparison(comparison, _console())
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
        "a": meeting_ref(left),
        "b": meeting_ref(right),
        "min_score": MIN_SCORE,
        "min_shared": MIN_SHARED,
        "pairs": [link(item) for item in comparison.pairs],
        "a_only": [sentence_json(left, i) for i in comparison.left_only],
        "b_only": [sentence_json(right, i) for i in comparison.right_only],
        "echoes": [link(item) for item in comparison.echoes],
        "boilerplate": sorted(comparison.boilerplate),
    }


def _print_comparison(comparison: Comparison, console: Console) -> None:
    left, right = comparison.left, comparison.right
    console.print(_meeting_line(left, "A  "))
    console.print(_meeting_line(right, "B  "))
    console.print()
    console.print(Text(f"Paired ({len(comparison.pairs)})", style="bold"))
    for item in comparison.pairs:
        console.print(Text(f"  score {item.score:.0f}", style="dim"))
        console.print(_sentence_line(left, item.left, "    A "))
        console.print(_sentence_line(right, item.right, "    B "))
    for name, meeting, only in (
        ("A", left, comparison.left_only),
        ("B", right, comparison.right_only),
    ):
        console.print()
        head = Text(f"Only in {name}, {meeting.date_text} ({len(only)})", style="bold")
        console.print(head)
        for index in only:
            console.print(_sentence_line(meeting, index))
    if comparison.echoes:
        console.print()
        console.print(Text("Like a statement already paired", style="bold"))
        for item in comparison.echoes:
            paired_left = comparison.pair_of_left(item.left) is not None
            side, meeting, index = (
                ("B", right, item.right) if paired_left else ("A", left, item.left)
            )
            other = f"A [{item.left}]" if paired_left else f"B [{item.right}]"
            line = _sentence_line(meeting, index, f"  {side} ")
            line.append(f"  (like {other}, score {item.score:.0f})", style="dim")
            console.print(line)


# -- trend ------------------------------------------------------------------------------


def _period(args: argparse.Namespace, trend: Trend) -> Period:
    if args.by in ("meeting", "month", "year"):
        period: Period = args.by
        return period
    if len(trend.points) <= 60:
        return "meeting"
    return "month" if len(trend.buckets("month")) <= 60 else "year"


def cmd_trend(args: argparse.Namespace) -> int:
    from dipreader.cli import _console, _load, _print_json
    from dipreader.core.analysis.trend import EmptyPhrase, trend

    result = _load(args)
    if not result.meetings:
        return EXIT_NOTHING_LOADED
    try:
        counted = trend(result.meetings, args.phrase)
    except EmptyPhrase as error:
        _error(str(error))
        return EXIT_USAGE
    period = _period(args, counted)
    if args.json:
        _print_json(trend_json(counted, period))
        return EXIT_OK
    _print_trend(counted, period, _console(), args.limit)
    return EXIT_OK


def trend_json(counted: Trend, period: Period) -> dict[str, Any]:
    from dipreader.core.analysis.trend import MENTION_SCORE

    return {
        "phrase": counted.phrase,
        "terms": list(counted.query.terms),
        "mention_score": MENTION_SCORE,
        "total": counted.total,
        "points": [
            {
                **meeting_ref(point.meeting),
                "count": point.count,
                "by_speaker": [
                    {"id": who, "name": counted.label(who), "count": len(indices)}
                    for who, indices in point.by_who().items()
                ],
                "mentions": [
                    {**sentence_json(point.meeting, m.index), "score": m.score}
                    for m in point.mentions
                ],
            }
            for point in counted.points
        ],
        "speakers": [
            {
                "id": who,
                "name": counted.label(who),
                "total": total,
                "counts": counted.counts_for(who),
            }
            for who, total in counted.who_totals()
        ],
        "by": period,
        "buckets": [
            {"label": bucket.label, "count": bucket.count} for bucket in counted.buckets(period)
        ],
    }


def _print_trend(counted: Trend, period: Period, console: Console, limit: int) -> None:
    from dipreader.core.analysis.charts import bars, sparkline

    buckets = counted.buckets(period)
    with_mentions = sum(1 for point in counted.points if point.count)
    head = Text(f"{clean_line(counted.phrase)!r}: ", style="bold")
    head.append(f"{counted.total} mentions in {with_mentions} of {len(counted.points)} meetings")
    console.print(head)
    if not buckets:
        return
    who_totals = counted.who_totals()
    charted = who_totals[:_CHART_SPEAKERS]
    names = ["all", *(counted.label(who) for who, _ in charted)]
    pad = min(24, max(len(clean_line(name)) for name in names))
    width = max(10, min(len(buckets), console.width - pad - 8))
    span = Text(" " * (pad + 1) + f"{buckets[0].label} → {buckets[-1].label}", style="dim")
    console.print(span)
    line = Text("all".ljust(pad) + " ")
    line.append(sparkline([bucket.count for bucket in buckets], width), style="bold cyan")
    line.append(f" {counted.total}")
    console.print(line)
    # One scale for every speaker's line, so that lines can be compared with each other.
    rows = {who: [bucket.count_for(who) for bucket in buckets] for who, _ in charted}
    top = max((max(values, default=0) for values in rows.values()), default=0)
    for who, total in charted:
        line = Text(clean_line(counted.label(who))[:pad].ljust(pad) + " ")
        line.append(sparkline(rows[who], width, top=top), style="cyan")
        line.append(f" {total}")
        console.print(line)
    if len(who_totals) > len(charted):
        more = len(who_totals) - len(charted)
        console.print(Text(f"{'':{pad}} … and {more} more speakers (--json has them all)"))
    console.print()
    shown = buckets if len(buckets) <= 60 else [b for b in buckets if b.count]
    bar_rows = []
    for bucket in shown:
        label = bucket.label
        if period == "meeting" and bucket.points:
            label = f"{label} {bucket.points[0].meeting.venue or ''}".rstrip()
        bar_rows.append((label, bucket.count))
    for line in bars(bar_rows, width=30):
        console.print(line)
    listed = 0
    for point in counted.points:
        if not point.mentions or listed >= limit:
            continue
        console.print()
        console.print(_meeting_line(point.meeting))
        for mention in point.mentions[: limit - listed]:
            listed += 1
            line = _sentence_line(point.meeting, mention.index)
            text = point.meeting.sentence_text(mention.index)
            body_start = len(line) - len(_one_line(text))
            if text == _one_line(text):  # highlights line up only when nothing was squeezed
                for start, end in mention.highlights:
                    line.stylize("bold reverse", body_start + start, body_start + end)
            console.print(line)
    if counted.total > listed:
        console.print()
        console.print(
            Text(f"… {counted.total - listed} more mentions (--limit N shows more, --json all)")
        )
