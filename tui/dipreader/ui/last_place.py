"""Where the reader was: the meeting and sentence last open, kept between runs.

Stored by ``core.state`` (``state.json`` in the data folder, written atomically). A missing,
unreadable or corrupt file, or values of the wrong type, simply mean "start at the top".
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dipreader.core.state import load_state, update_state


@dataclass(frozen=True, slots=True)
class LastPlace:
    path: str
    line: int = 0  # the article's line in a .jsonl file, 0 otherwise
    sentence: int = 0


def load(path: Path | None = None) -> LastPlace | None:
    """The last place read, or None when there is none or it cannot be trusted."""
    state = load_state(path)
    where = state.get("last_path")
    line = state.get("last_line", 0)
    sentence = state.get("last_sentence", 0)
    if not isinstance(where, str) or not where:
        return None
    if type(line) is not int or type(sentence) is not int or line < 0 or sentence < 0:
        return None
    return LastPlace(where, line, sentence)


def save(place: LastPlace, path: Path | None = None) -> bool:
    """Remember ``place``; False when the data folder cannot be written."""
    return update_state(
        path, last_path=place.path, last_line=place.line, last_sentence=place.sentence
    )
