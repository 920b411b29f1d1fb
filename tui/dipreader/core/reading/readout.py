"""One readout from text to a fully read Meeting: parsed, attributed, titled."""

from __future__ import annotations

from dipreader.core.model import Meeting
from dipreader.core.reading.attribution import attribute
from dipreader.core.reading.parse import parse_text
from dipreader.core.reading.reader_version import READER_VERSION, reader_fingerprint

__all__ = ["READER_VERSION", "make_title", "read_meeting", "reader_fingerprint"]


def read_meeting(text: str, path: str, line: int = 0, title: str | None = None) -> Meeting:
    """Parse ``text``, find who says each sentence, and give the meeting a readable title."""
    meeting = parse_text(text, path, line=line)
    given = title.strip() if title else ""
    meeting.title = given  # what it says of who met whom helps the reading
    attribute(meeting)
    meeting.title = given or make_title(meeting)
    return meeting


def make_title(meeting: Meeting) -> str:
    """``Wang Yi and Park Jin in Jakarta``; the first words of the body when no one speaks."""
    names = [speaker.name for speaker in meeting.speakers]
    who = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 2 else " and ".join(names)
    if who:
        return f"{who} in {meeting.venue}" if meeting.venue else who
    for sentence in meeting.sentences:
        if sentence.start >= meeting.body_start:
            words = meeting.text[sentence.start : sentence.end].split()
            short = " ".join(words[:10])
            return short + ("…" if len(words) > 10 else "")
    return meeting.path.rsplit("/", 1)[-1]
