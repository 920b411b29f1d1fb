"""Where the reader was: the meeting and sentence last open, kept between runs.

Stored by ``core.state`` (``state.json`` in the data folder, written atomically). A missing,
unreadable or corrupt file, or values of the wrong type, simply mean "start at the top".
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dipreader.core.model import Meeting
from dipreader.core.settings.state import read_state, update_state

QUOTE_CHARS = 80


@dataclass(frozen=True, slots=True)
class LastPlace:
    path: str
    line: int = 0  # the article's line in a .jsonl file, 0 otherwise
    sentence: int = 0
    quote: str = ""  # how the sentence began, to find it again if the article changed

    def sentence_in(self, meeting: Meeting) -> int:
        """The sentence to reopen in ``meeting``: the one that still begins with the quote
        (nearest the stored index, should the article have grown or shrunk), else the index."""
        count = len(meeting.sentences)
        if not count:
            return 0
        index = min(self.sentence, count - 1)
        if not self.quote or meeting.sentence_text(index).startswith(self.quote):
            return index
        matches = [i for i in range(count) if meeting.sentence_text(i)[:QUOTE_CHARS] == self.quote]
        return min(matches, key=lambda i: abs(i - self.sentence)) if matches else index

    @classmethod
    def of(cls, meeting: Meeting, sentence: int) -> LastPlace:
        quote = meeting.sentence_text(sentence)[:QUOTE_CHARS] if meeting.sentences else ""
        return cls(meeting.path, meeting.line, sentence, quote)


def load(path: Path | None = None) -> LastPlace | None:
    """The last place read, or None when there is none or it cannot be trusted."""
    return load_with_problems(path)[0]


def load_with_problems(path: Path | None = None) -> tuple[LastPlace | None, list[str]]:
    """The last place read (as :func:`load`), and what was wrong with the state file, each
    message naming the file and the reason, for the reader to say."""
    state, problems = read_state(path)
    return _place(state), problems


def _place(state: dict[str, object]) -> LastPlace | None:
    where = state.get("last_path")
    line = state.get("last_line", 0)
    sentence = state.get("last_sentence", 0)
    if not isinstance(where, str) or not where:
        return None
    if type(line) is not int or type(sentence) is not int or line < 0 or sentence < 0:
        return None
    quote = state.get("last_quote", "")
    return LastPlace(where, line, sentence, quote if isinstance(quote, str) else "")


def save(place: LastPlace, path: Path | None = None) -> bool:
    """Remember ``place``; False when the data folder cannot be written."""
    return update_state(
        path,
        last_path=place.path,
        last_line=place.line,
        last_sentence=place.sentence,
        last_quote=place.quote,
    )
