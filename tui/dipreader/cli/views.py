"""The analyst views on the command line: ``statements``, ``compare`` and ``trend``.

Same rules as the rest of the CLI: problems on stderr, exit 0 when something loaded, 1 when
nothing did (or a name or meeting matches nothing, or too much), 2 for a usage error.
``compare`` and finding a meeting are in ``dipreader.cli.compare``.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from rich.text import Text

from dipreader.cli.arguments import (
    EXIT_NOTHING,
    EXIT_OK,
    EXIT_USAGE,
    add_common,
    paths_help,
    positive_int,
)
from dipreader.cli.compare import add_compare_command
from dipreader.cli.output import (
    chart_text,
    console,
    error,
    load_corpus,
    meeting_json,
    meeting_line,
    one_line,
    print_json,
    sentence_json,
    sentence_line,
    speaker_json,
)
from dipreader.core.text.safe import clean_line

if TYPE_CHECKING:
    from rich.console import Console

    from dipreader.core.analysis.trend import Period, Trend

VIEW_COMMANDS: frozenset[str] = frozenset({"statements", "compare", "trend"})

_CHART_SPEAKERS = 12  # speakers with a line of their own in the human trend chart


def add_view_commands(commands: Any) -> None:
    """Add the view subcommands to ``commands`` (the CLI's subparsers)."""
    statements = commands.add_parser(
        "statements",
        help="everything one speaker said, meeting by meeting, oldest first",
        description="Every statement of one speaker across the meetings, grouped by meeting "
        'and oldest first. NAME is an id (park-jin), a full name ("Park Jin", any case) or a '
        "surname (Park); a surname that fits two people is refused with both named.",
    )
    statements.add_argument("name", metavar="NAME", help="id, full name or surname")
    statements.add_argument("paths", nargs="*", metavar="PATH", help=paths_help())
    statements.add_argument("--json", action="store_true", help="print JSON")
    add_common(statements)
    statements.set_defaults(handler=cmd_statements)

    add_compare_command(commands)

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
    trend.add_argument("paths", nargs="*", metavar="PATH", help=paths_help())
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
    add_common(trend)
    trend.set_defaults(handler=cmd_trend)


# -- statements -------------------------------------------------------------------------


def cmd_statements(args: argparse.Namespace) -> int:
    from dipreader.core.analysis.statements import (
        AmbiguousSpeaker,
        SpeakerNotFound,
        resolve_speaker,
        statements_of,
    )

    result = load_corpus(args)
    if not result.meetings:
        return EXIT_NOTHING
    try:
        speaker = resolve_speaker(result.meetings, args.name)
    except (SpeakerNotFound, AmbiguousSpeaker) as problem:
        error(str(problem))
        return EXIT_NOTHING
    grouped = statements_of(result.meetings, speaker.id)
    if args.json:
        print_json(
            {
                "speaker": speaker_json(speaker),
                "meetings": [
                    {
                        **meeting_json(meeting),
                        "statements": [sentence_json(meeting, i) for i in indices],
                    }
                    for meeting, indices in grouped
                ],
            }
        )
        return EXIT_OK
    out = console()
    count = sum(len(indices) for _, indices in grouped)
    head = Text(clean_line(speaker.label), style="bold")
    head.append(f" — {count} statements in {len(grouped)} meetings")
    out.print(head)
    for meeting, indices in grouped:
        out.print()
        out.print(meeting_line(meeting))
        for index in indices:
            out.print(sentence_line(meeting, index, with_who=False))
    return EXIT_OK


# -- trend ------------------------------------------------------------------------------


def _period(args: argparse.Namespace, trend: Trend) -> Period:
    if args.by in ("meeting", "month", "year"):
        period: Period = args.by
        return period
    if len(trend.points) <= 60:
        return "meeting"
    return "month" if len(trend.buckets("month")) <= 60 else "year"


def cmd_trend(args: argparse.Namespace) -> int:
    from dipreader.core.analysis.trend import EmptyPhrase, trend

    result = load_corpus(args)
    if not result.meetings:
        return EXIT_NOTHING
    try:
        counted = trend(result.meetings, args.phrase)
    except EmptyPhrase as problem:
        error(str(problem))
        return EXIT_USAGE
    period = _period(args, counted)
    found = EXIT_OK if counted.total else EXIT_NOTHING
    if args.json:
        print_json(trend_json(counted, period))
        return found
    _print_trend(counted, period, console(), args.limit)
    return found


def trend_json(counted: Trend, period: Period) -> dict[str, Any]:
    from dipreader.core.analysis.trend import JOINT_KEY, MENTION_SCORE, NARRATION_KEY

    kinds = {JOINT_KEY: "joint", NARRATION_KEY: "narration"}

    def who(key: str) -> dict[str, Any]:
        """Who mentions it: a speaker, or (``speaker`` null) the joint statements or the
        narration, as a sentence says it (README, "JSON output")."""
        return {
            "speaker": speaker_json(counted.speakers.get(key)),
            "kind": kinds.get(key, "statement"),
        }

    return {
        "phrase": counted.phrase,
        "terms": list(counted.query.terms),
        "mention_score": MENTION_SCORE,
        "total": counted.total,
        "points": [
            {
                **meeting_json(point.meeting),
                "count": point.count,
                "by_speaker": [
                    {**who(key), "count": len(indices)} for key, indices in point.by_who().items()
                ],
                "mentions": [
                    {**sentence_json(point.meeting, m.index), "score": m.score}
                    for m in point.mentions
                ],
            }
            for point in counted.points
        ],
        "by_speaker": [
            {**who(key), "total": total, "counts": counted.counts_for(key)}
            for key, total in counted.who_totals()
        ],
        "by": period,
        "buckets": [
            {"label": bucket.label, "count": bucket.count} for bucket in counted.buckets(period)
        ],
    }


def _print_trend(counted: Trend, period: Period, out: Console, limit: int) -> None:
    from dipreader.core.analysis.charts import bars, sparkline

    buckets = counted.buckets(period)
    with_mentions = sum(1 for point in counted.points if point.count)
    head = Text(f"{clean_line(counted.phrase)!r}: ", style="bold")
    head.append(f"{counted.total} mentions in {with_mentions} of {len(counted.points)} meetings")
    out.print(head)
    if not buckets:
        return
    who_totals = counted.who_totals()
    charted = who_totals[:_CHART_SPEAKERS]
    names = ["all", *(counted.label(who) for who, _ in charted)]
    pad = min(24, max(len(clean_line(name)) for name in names))
    width = max(10, min(len(buckets), out.width - pad - 8))
    span = Text(" " * (pad + 1) + f"{buckets[0].label} → {buckets[-1].label}", style="dim")
    out.print(span)
    line = Text("all".ljust(pad) + " ")
    line.append(sparkline([bucket.count for bucket in buckets], width), style="bold cyan")
    line.append(f" {counted.total}")
    out.print(line)
    # One scale for every speaker's line, so that lines can be compared with each other.
    rows = {who: [bucket.count_for(who) for bucket in buckets] for who, _ in charted}
    top = max((max(values, default=0) for values in rows.values()), default=0)
    for who, total in charted:
        line = Text(clean_line(counted.label(who))[:pad].ljust(pad) + " ")
        line.append(sparkline(rows[who], width, top=top), style="cyan")
        line.append(f" {total}")
        out.print(line)
    if len(who_totals) > len(charted):
        more = len(who_totals) - len(charted)
        out.print(Text(f"{'':{pad}} … and {more} more speakers (--json has them all)"))
    out.print()
    shown = buckets if len(buckets) <= 60 else [b for b in buckets if b.count]
    bar_rows = []
    for bucket in shown:
        label = bucket.label
        if period == "meeting" and bucket.points:
            label = f"{label} {bucket.points[0].meeting.venue or ''}".rstrip()
        bar_rows.append((label, bucket.count))
    for chart_line in bars(bar_rows, width=30):
        out.print(chart_text(chart_line))
    listed = 0
    for point in counted.points:
        if not point.mentions or listed >= limit:
            continue
        out.print()
        out.print(meeting_line(point.meeting))
        for mention in point.mentions[: limit - listed]:
            listed += 1
            line = sentence_line(point.meeting, mention.index)
            text = point.meeting.sentence_text(mention.index)
            body_start = len(line) - len(one_line(text))
            if text == one_line(text):  # highlights line up only when nothing was squeezed
                for start, end in mention.highlights:
                    line.stylize("bold reverse", body_start + start, body_start + end)
            out.print(line)
    if counted.total > listed:
        out.print()
        out.print(
            Text(f"… {counted.total - listed} more mentions (--limit N shows more, --json all)")
        )
