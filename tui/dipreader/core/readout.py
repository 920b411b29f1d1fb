"""One readout from text to a fully read Meeting: parsed, attributed, titled."""

from __future__ import annotations

import functools
import hashlib
import sys
from pathlib import Path

from dipreader.core.attribution import attribute
from dipreader.core.model import Meeting
from dipreader.core.parse import parse_text

# Bump when parsing or attribution changes what they produce: cached meetings are keyed on it.
READER_VERSION = 1


@functools.cache
def reader_fingerprint() -> str:
    """The version and a hash of the reading code, so that any change to it (even one that
    forgot to bump READER_VERSION) makes cached meetings stale rather than wrong."""
    from dipreader.core import attribution, model, parse, participants, sentences

    digest = hashlib.sha256(str(READER_VERSION).encode())
    for module in (attribution, model, parse, participants, sentences, sys.modules[__name__]):
        try:
            digest.update(Path(module.__file__ or "").read_bytes())
        except OSError:
            digest.update(module.__name__.encode())
    return digest.hexdigest()[:16]


def read_meeting(text: str, path: str, line: int = 0, title: str | None = None) -> Meeting:
    """Parse ``text``, find who says each sentence, and give the meeting a readable title."""
    meeting = parse_text(text, path, line=line)
    attribute(meeting)
    meeting.title = title.strip() if title and title.strip() else make_title(meeting)
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
