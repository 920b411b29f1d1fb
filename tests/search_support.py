"""Meetings made by hand for the search tests: the core alone, no Textual."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from dipreader.core.model import Kind, Meeting, Sentence, Speaker

WANG = Speaker("wang-yi", "Wang Yi", "Foreign Minister", "China")
PARK = Speaker("park-jin", "Park Jin", "Foreign Minister", "South Korea")
LAVROV = Speaker("sergey-lavrov", "Sergey Lavrov", "Foreign Minister", "Russia")


def meeting(
    parts: Iterable[tuple[str, str]],
    *,
    path: str = "made/meeting.txt",
    day: date | None = date(2024, 1, 2),
    source: str | None = None,
    speakers: tuple[Speaker, ...] = (WANG, PARK),
) -> Meeting:
    """A meeting from ``(label, sentence)`` pairs: a speaker id, ``joint`` or ``narration``."""
    text = ""
    sentences: list[Sentence] = []
    for label, body in parts:
        start = len(text)
        text += body
        if label in ("joint", "narration"):
            kind, who = Kind(label), None
        else:
            kind, who = Kind.STATEMENT, label
        sentences.append(Sentence(start, len(text), 0, kind, who))
        text += " "
    return Meeting(
        path=path,
        text=text.rstrip(),
        date=day,
        source=source,
        speakers=list(speakers),
        sentences=sentences,
    )


def filler(count: int, path: str = "made/filler.txt") -> Meeting:
    """A meeting of ``count`` plain sentences, all of them holding ``cooperation``."""
    parts = [
        ("narration", f"Item {number} noted that cooperation in area {number} went on well.")
        for number in range(count)
    ]
    return meeting(parts, path=path)
