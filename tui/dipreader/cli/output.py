"""What the subcommands share in their output: the console, JSON, the corpus a command
reads, and each JSON shape written once (a meeting, a speaker, a sentence, a hit).

Human output is built from ``rich.text.Text`` with article text cleaned, never markup; JSON
is ASCII-only, so that escape sequences in articles reach the terminal as ``\\u001b``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from rich.console import Console
from rich.text import Text

from dipreader.cli.arguments import EXIT_NOTHING, EXIT_OK
from dipreader.core.model import Meeting, Speaker
from dipreader.core.text.safe import clean, clean_line

if TYPE_CHECKING:
    from dipreader.core.analysis.charts import ChartLine
    from dipreader.core.corpus.corpus import LoadResult


# -- the console, JSON, the corpus ------------------------------------------------------


class _Console(Console):
    def on_broken_pipe(self) -> None:
        # rich exits with status 1 here; ``dipreader list | head`` is no error: let the
        # command line end quietly with 0 (see commands.main).
        raise BrokenPipeError


def on_terminal(stream: TextIO | None = None) -> bool:
    """Whether output goes to a terminal (else to a pipe or a file: plain lines for scripts)."""
    target = stream or sys.stdout
    try:
        return target.isatty()
    except (AttributeError, ValueError):
        return False


def console(stream: TextIO | None = None) -> Console:
    # On a terminal, lines wrap at its width; in a pipe or a file, each line stays whole, with
    # no padding, so that grep and cut see what was printed.
    target = stream or sys.stdout
    return _Console(file=target, highlight=False, soft_wrap=not on_terminal(target))


def print_json(data: object) -> None:
    # ensure_ascii keeps escape sequences in text as \u001b, never raw bytes on the terminal.
    json.dump(data, sys.stdout, ensure_ascii=True, indent=2)
    sys.stdout.write("\n")


def error(message: str) -> None:
    print(f"dipreader: error: {clean_line(message)}", file=sys.stderr)


def report_problems(result: LoadResult, stream: TextIO) -> None:
    for problem in result.problems:
        label = "warning" if problem.severity == "warning" else "error"
        print(f"dipreader: {label}: {problem}", file=stream)


def load_paths(paths: Sequence[str | Path], max_bytes: int | None) -> LoadResult:
    """The articles under ``paths`` (none: nothing), their problems reported on stderr."""
    from dipreader.core.corpus.corpus import LoadResult, load

    result = load(list(paths), max_bytes=max_bytes) if paths else LoadResult()
    report_problems(result, sys.stderr)
    return result


def load_corpus(args: argparse.Namespace) -> LoadResult:
    """The articles a command reads: its PATHs, or the bundled samples when it has none."""
    from dipreader.core.settings.locations import seeds_dir

    paths = [Path(p) for p in getattr(args, "paths", [])] or [seeds_dir()]
    return load_paths(paths, args.max_size)


def status(result: LoadResult) -> int:
    return EXIT_OK if result.meetings else EXIT_NOTHING


# -- JSON shapes --------------------------------------------------------------------------
#
# One shape per object, the same in every subcommand's --json (README, "JSON output"):
# a field name means one thing everywhere. ``speaker`` is always a speaker object (or null),
# ``speakers`` always a list of them; ``sentences`` is always a list of sentence objects and
# ``sentence_count`` a number; a sentence's ``number`` counts from 1, as the reader does, and
# ``start``/``end`` are offsets into its article's text. tests/test_json_schema.py holds the
# JSON Schema every subcommand's output is checked against.


def speaker_json(speaker: Speaker | None) -> dict[str, str | None] | None:
    """A speaker: id, name, role and country (null for no speaker: joint, narration)."""
    if speaker is None:
        return None
    return {
        "id": speaker.id,
        "name": speaker.name,
        "role": speaker.role,
        "country": speaker.country,
    }


def meeting_json(meeting: Meeting) -> dict[str, Any]:
    """A meeting: enough for a script to find it again, its speakers and how many sentences."""
    return {
        "id": meeting.id,
        "path": meeting.path,
        "line": meeting.line or None,
        "date": meeting.date.isoformat() if meeting.date else None,
        "title": meeting.title,
        "venue": meeting.venue,
        "occasion": meeting.occasion,
        "source": meeting.source,
        "url": meeting.url,
        "speakers": [speaker_json(s) for s in meeting.speakers],
        "sentence_count": len(meeting.sentences),
    }


def sentence_json(meeting: Meeting, index: int) -> dict[str, Any]:
    """Sentence ``index`` (0-based here) of ``meeting``: its number (1-based), its offsets
    into the article's text, its kind, its speaker and its text."""
    sentence = meeting.sentences[index]
    return {
        "number": index + 1,
        "start": sentence.start,
        "end": sentence.end,
        "kind": str(sentence.kind),
        "speaker": speaker_json(meeting.speaker(sentence.speaker)),
        "text": meeting.text[sentence.start : sentence.end],
    }


def hit_json(meeting: Meeting, index: int, score: float) -> dict[str, Any]:
    """A found sentence (a search hit): where its meeting is, the sentence, and the score."""
    return {
        "meeting_id": meeting.id,
        "path": meeting.path,
        "line": meeting.line or None,
        "date": meeting.date.isoformat() if meeting.date else None,
        **sentence_json(meeting, index),
        "score": round(score, 1),
    }


# -- human output -------------------------------------------------------------------------


def one_line(text: str) -> str:
    return " ".join(clean(text).split())


def who(meeting: Meeting, index: int) -> str:
    """Who says sentence ``index``: the speaker's name, or the kind of sentence."""
    sentence = meeting.sentences[index]
    speaker = meeting.speaker(sentence.speaker)
    return clean_line(speaker.name) if speaker else str(sentence.kind)


def meeting_line(meeting: Meeting, prefix: str = "") -> Text:
    line = Text(prefix)
    line.append(meeting.date_text, style="bold")
    line.append("  " + clean_line(meeting.title or "—"))
    line.append(f"  {clean_line(meeting.location)}", style="dim")
    return line


def sentence_line(meeting: Meeting, index: int, indent: str = "  ", with_who: bool = True) -> Text:
    """Sentence ``index`` on one line, numbered from 1 as the reader and the JSON number it."""
    line = Text(f"{indent}[{index + 1}] ", style="dim")
    if with_who:
        line.append(who(meeting, index) + ": ", style="cyan")
    line.append(one_line(meeting.sentence_text(index)))
    return line


def chart_text(line: ChartLine) -> Text:
    """A line of a character chart (``dipreader.core.analysis.charts``) as rich text."""
    return Text.assemble(*((segment.text, segment.style) for segment in line.segments))
