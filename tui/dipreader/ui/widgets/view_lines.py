"""Lines shared by the analyst views: a sentence in its speaker's colour, with its marker.

Every view shows a sentence the way the article does: the speaker's colour (as the article
assigns it in that meeting), joint statements bold italic, narration dim, and the bookmark or
note glyph in front when the user has one there.
"""

from __future__ import annotations

from rich.style import Style
from rich.table import Table
from rich.text import Text

from dipreader.core.model import Kind, Meeting
from dipreader.core.text.safe import clean
from dipreader.ui.widgets import palette

SHOWN_CHARS = 400  # a sentence longer than this is cut (the article has it whole)


def speaker_style(meeting: Meeting, speaker_id: str | None, dark: bool) -> Style:
    """The colour the article gives this speaker in this meeting (bold), else plain bold."""
    if speaker_id is None or meeting.speaker(speaker_id) is None:
        return Style(bold=True)
    return palette.speaker_style((s.id for s in meeting.speakers), speaker_id, dark) + Style(
        bold=True
    )


def sentence_style(meeting: Meeting, index: int, dark: bool) -> Style:
    """How the article draws sentence ``index``: speaker colour, joint or narration."""
    sentence = meeting.sentences[index]
    if sentence.kind is Kind.STATEMENT and sentence.speaker:
        return speaker_style(meeting, sentence.speaker, dark) + Style(bold=False)
    if sentence.kind is Kind.JOINT:
        return Style(bold=True, italic=True)
    return Style(dim=True)


def who_text(meeting: Meeting, index: int, dark: bool) -> Text:
    """Who says sentence ``index``: a name in colour, ``joint`` or ``narration``."""
    sentence = meeting.sentences[index]
    speaker = meeting.speaker(sentence.speaker)
    if sentence.kind is Kind.STATEMENT and speaker is not None:
        return Text(clean(speaker.name), speaker_style(meeting, speaker.id, dark))
    if sentence.kind is Kind.JOINT:
        return Text("joint", Style(bold=True, italic=True))
    return Text("narration", Style(dim=True))


def sentence_text(meeting: Meeting, index: int, limit: int = SHOWN_CHARS) -> Text:
    """The sentence as plain data (never markup), on one line, cut to ``limit`` characters."""
    body = " ".join(clean(meeting.sentence_text(index)).split())
    if len(body) > limit:
        body = body[: limit - 1] + "…"
    return Text(body)


def with_gutter(gutter: Text, body: Text, width: int = 2) -> Table:
    """``gutter`` in a narrow column beside ``body``, so that wrapped lines stay indented."""
    grid = Table.grid(expand=True)
    grid.add_column(width=width, no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(gutter, body)
    return grid


def styled_sentence(meeting: Meeting, index: int, dark: bool, limit: int = SHOWN_CHARS) -> Text:
    """The sentence in the style the article gives it."""
    body = sentence_text(meeting, index, limit)
    body.stylize(sentence_style(meeting, index, dark))
    return body


def meeting_heading(meeting: Meeting) -> Text:
    """Date, participants and place of a meeting, as one line."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(meeting.date_text, Style(bold=True))
    if meeting.participants_text:
        text.append("  " + " ".join(clean(meeting.participants_text).split()))
    if meeting.venue:
        text.append("  ·  " + " ".join(clean(meeting.venue).split()), Style(dim=True))
    return text
