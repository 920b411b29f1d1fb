"""The data model: a Meeting (one article), its Speakers and its Sentences.

Offsets everywhere are Python ``str`` indices into ``Meeting.text``: for plain text the file's
text as decoded (a UTF-8 BOM dropped, line endings kept); for a web page, a feed's item or
Markdown, the text read from it (the markup gone).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from dipreader.core.text.names import name_words


class Kind(StrEnum):
    """What a sentence is: one speaker's statement, a joint statement, or narration."""

    STATEMENT = "statement"
    JOINT = "joint"
    NARRATION = "narration"


@dataclass(frozen=True, slots=True)
class Speaker:
    """A person who speaks in a meeting. ``id`` is stable across articles."""

    id: str
    name: str
    role: str | None = None
    country: str | None = None

    @property
    def label(self) -> str:
        """Name with role and country, for legends and exports."""
        extra = ", ".join(part for part in (self.role, self.country) if part)
        return f"{self.name} ({extra})" if extra else self.name


@dataclass(slots=True)
class Sentence:
    """One sentence: its span, the paragraph it sits in, and who says it."""

    start: int
    end: int
    paragraph: int = 0
    kind: Kind = Kind.NARRATION
    speaker: str | None = None  # a Speaker.id when kind is STATEMENT, else None


def text_hash(text: str) -> str:
    """The hash of an article's text: kept with anchors and caches to tell it has changed."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(slots=True)
class Meeting:
    """One readout article and what was read from it."""

    path: str
    text: str
    date: date | None = None
    title: str = ""
    venue: str | None = None
    occasion: str | None = None
    source: str | None = None
    caption: str | None = None
    body_start: int = 0  # where the body begins (after the header line and caption)
    speakers: list[Speaker] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    # For one article of a .jsonl file its 1-based line number, for a feed's item its
    # 1-based number in the feed; 0 for a file that holds one article.
    line: int = 0
    # Things worth telling the user that did not stop the article loading.
    warnings: list[str] = field(default_factory=list)
    # The page's address (a saved web page's, a feed item's link, a Markdown front matter's).
    url: str | None = None
    # (text, its hash) once worked out, or as the cache kept it: a text that is replaced is
    # hashed again (checked by identity, for nothing).
    _hashed: tuple[str, str] | None = field(default=None, init=False, repr=False, compare=False)
    # (path, line, id) once worked out: the id is asked for often, and hashed each time.
    _key: tuple[str, int, str] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def id(self) -> str:
        """Stable id from where the article lives (two files with the same text differ)."""
        cached = self._key
        if cached is not None and cached[0] is self.path and cached[1] == self.line:
            return cached[2]
        key = f"{self.path}#{self.line}" if self.line else self.path
        found = hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        self._key = (self.path, self.line, found)
        return found

    @property
    def location(self) -> str:
        """The path, with the line number for an article of a .jsonl file."""
        return f"{self.path}:{self.line}" if self.line else self.path

    @property
    def text_hash(self) -> str:
        """Hash of the text, so that stored anchors can tell whether it changed (and the
        search index, whether it was made from these texts)."""
        hashed = self._hashed
        if hashed is not None and hashed[0] is self.text:
            return hashed[1]
        digest = text_hash(self.text)
        self._hashed = (self.text, digest)
        return digest

    def known_text_hash(self, digest: str) -> None:
        """The hash of the text as worked out before (by the process that read it)."""
        self._hashed = (self.text, digest)

    @property
    def date_text(self) -> str:
        return self.date.isoformat() if self.date else "undated"

    def sentence_text(self, index: int) -> str:
        sentence = self.sentences[index]
        return self.text[sentence.start : sentence.end]

    def speaker(self, speaker_id: str | None) -> Speaker | None:
        if speaker_id is None:
            return None
        for speaker in self.speakers:
            if speaker.id == speaker_id:
                return speaker
        return None

    def sentence_at(self, offset: int) -> int | None:
        """Index of the sentence that holds ``offset``, or the next one after it."""
        for index, sentence in enumerate(self.sentences):
            if offset < sentence.end:
                return index
        return None

    @property
    def participants_text(self) -> str:
        return " and ".join(s.name for s in self.speakers) if self.speakers else ""


def speaker_id(name: str) -> str:
    """The id of a speaker from their name: ``Wang Yi`` -> ``wang-yi``.

    The same person written in different ways is one id: accents and letters beyond ASCII
    transliterated (``Radosław`` is ``radoslaw``), honorifics, suffixes and middle initials
    dropped, a nickname made formal: ``Joe Biden`` and ``H.E. Mr. Joseph R. Biden, Jr.`` are
    both ``joseph-biden`` (see :func:`dipreader.core.text.names.name_words`).
    """
    return "-".join(name_words(name)) or "speaker"
