"""A cache of read articles, so that a large folder opens at once the second time.

One JSON file in the cache folder maps each article file (absolute path) to its size, its
modification time and what was read from it. An entry is used only when all three and the
reader's version match. JSON rather than pickle: the cache folder is not trusted, and a
corrupt, stale or foreign cache is ignored and rebuilt, never fatal.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from dipreader.core.model import Kind, Meeting, Sentence, Speaker

FORMAT = "dipreader-cache"
_KINDS = (Kind.STATEMENT, Kind.JOINT, Kind.NARRATION)
_KIND_CODE = {kind: code for code, kind in enumerate(_KINDS)}

# What one file yields: its meetings and its problems as (reason, severity, line).
FileEntry = tuple[list[Meeting], list[tuple[str, str, int]]]


def cache_file(folder: Path) -> Path:
    return folder / "meetings.json"


def stamp(path: str) -> tuple[int, int] | None:
    """(size, mtime in ns) of a regular file, or None."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


class ArticleCache:
    """Read articles keyed by absolute path, size, mtime and the reader's version."""

    def __init__(self, folder: Path, version: str) -> None:
        self.path = cache_file(folder)
        self.version = version
        self._entries: dict[str, list[Any]] = {}
        self._dirty = False
        self.notice: str | None = None
        self._load()

    def _load(self) -> None:
        try:
            raw = self.path.read_bytes()
        except OSError:
            return  # no cache yet, or unreadable: start empty
        try:
            data = json.loads(raw)
            if (
                not isinstance(data, dict)
                or data.get("format") != FORMAT
                or data.get("version") != self.version
                or not isinstance(data.get("files"), dict)
            ):
                raise ValueError("foreign cache")
            self._entries = data["files"]
        except (ValueError, RecursionError):
            self._entries = {}
            self._dirty = True
            self.notice = f"ignored an unreadable cache at {self.path}; it will be rebuilt"

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: str, file_stamp: tuple[int, int]) -> FileEntry | None:
        entry = self._entries.get(key)
        if not isinstance(entry, list) or len(entry) != 4:
            return None
        size, mtime, meetings, problems = entry
        if [size, mtime] != list(file_stamp):
            return None
        try:
            return [_meeting_from(item) for item in meetings], [
                (str(r), str(s), int(n)) for r, s, n in problems
            ]
        except (TypeError, ValueError, IndexError, KeyError):
            del self._entries[key]  # a damaged entry is read again from the file
            self._dirty = True
            return None

    def put(self, key: str, file_stamp: tuple[int, int], entry: FileEntry) -> None:
        meetings, problems = entry
        self._entries[key] = [
            file_stamp[0],
            file_stamp[1],
            [_meeting_to(meeting) for meeting in meetings],
            [list(problem) for problem in problems],
        ]
        self._dirty = True

    def save(self) -> None:
        """Write the cache atomically; a cache that cannot be written is only slower."""
        if not self._dirty:
            return
        payload = {"format": FORMAT, "version": self.version, "files": self._entries}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=self.path.parent, prefix=".meetings-")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as stream:
                    json.dump(payload, stream, ensure_ascii=False, separators=(",", ":"))
                os.replace(temp, self.path)
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(temp)
        except OSError:
            return
        self._dirty = False


def _meeting_to(meeting: Meeting) -> list[Any]:
    speaker_index = {speaker.id: index for index, speaker in enumerate(meeting.speakers)}
    flat: list[int] = []
    for sentence in meeting.sentences:
        who = speaker_index.get(sentence.speaker, -1) if sentence.speaker else -1
        flat += (sentence.start, sentence.end, sentence.paragraph, _KIND_CODE[sentence.kind], who)
    return [
        meeting.line,
        meeting.text,
        meeting.date.isoformat() if meeting.date else None,
        meeting.title,
        meeting.venue,
        meeting.occasion,
        meeting.source,
        meeting.caption,
        meeting.body_start,
        [[s.id, s.name, s.role, s.country] for s in meeting.speakers],
        flat,
        meeting.warnings,
    ]


def _meeting_from(item: list[Any]) -> Meeting:
    (line, text, day, title, venue, occasion, source, caption, body_start, people, flat, notes) = (
        item
    )
    if not isinstance(text, str) or not isinstance(flat, list) or len(flat) % 5:
        raise ValueError("damaged entry")
    speakers = [Speaker(str(i), str(n), r, c) for i, n, r, c in people]
    ids = [speaker.id for speaker in speakers]
    size = len(text)
    sentences: list[Sentence] = []
    append = sentences.append
    # The hot loop of a warm start (150,000 sentences): kept to the bare minimum of work.
    for offset in range(0, len(flat), 5):
        start, end, paragraph, code, who = flat[offset : offset + 5]
        if not 0 <= start < end <= size:
            raise ValueError("span outside the text")
        append(Sentence(start, end, paragraph, _KINDS[code], ids[who] if who >= 0 else None))
    return Meeting(
        path="",
        text=text,
        date=date.fromisoformat(day) if day else None,
        title=str(title),
        venue=venue,
        occasion=occasion,
        source=source,
        caption=caption,
        body_start=int(body_start),
        speakers=speakers,
        sentences=sentences,
        line=int(line),
        warnings=[str(note) for note in notes],
    )
