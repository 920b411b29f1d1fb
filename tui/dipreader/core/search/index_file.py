"""The stored search index: one file in the cache folder, a JSON header then raw arrays.

The only code that knows the file's layout (a later issue moves it into SQLite): an index is
stored as the :class:`~dipreader.core.search.index.IndexState` it hands over and comes back
from one, only for exactly the meetings (same order, same texts) it was made from. Never
pickle: a cache file is never trusted to run code.
"""

from __future__ import annotations

import hashlib
import json
import sys
from array import array
from collections.abc import Iterable, Sequence
from itertools import chain
from pathlib import Path

from dipreader.core.files import read_regular, write_atomically
from dipreader.core.model import Meeting
from dipreader.core.search.index import IndexState, SearchIndex
from dipreader.core.search.vocabulary import SEPARATOR

INDEX_FILE = "search-index.bin"
_FORMAT = 3
_MAGIC = b"dipreader-search-index\n"
_SECTIONS = 6


def to_bytes(index: SearchIndex) -> bytes:
    """The index without its meetings, compactly; see :func:`from_bytes`."""
    return b"".join(_chunks(index))


def _chunks(index: SearchIndex) -> list[bytes]:
    """What :func:`to_bytes` joins, in order: written one by one, a stored index is never
    held twice in memory."""
    state = index.state()
    sections = [
        state.first.tobytes(),
        state.who.tobytes(),
        state.counts.tobytes(),
        state.merged.tobytes(),
        # UTF-16: ids are mostly beyond ASCII, and it decodes 40 times faster than UTF-8.
        SEPARATOR.join(state.rows).encode("utf-16-le"),
        "\n".join(state.words).encode("utf-8"),
    ]
    header = {
        "format": _FORMAT,
        "itemsize": array("I").itemsize,
        "byteorder": sys.byteorder,
        "fingerprint": fingerprint(index.meetings),
        "speaker_codes": state.speaker_codes,
        "speaker_keys": state.speaker_keys,
        "sections": [len(section) for section in sections],
    }
    encoded = json.dumps(header).encode("utf-8")
    return [_MAGIC, len(encoded).to_bytes(8, "little"), encoded, *sections]


def from_bytes(data: bytes, meetings: Sequence[Meeting]) -> SearchIndex:
    """The index :func:`to_bytes` wrote, for exactly these meetings in this order.

    Raises ValueError when ``data`` is not such an index (a cache to rebuild).
    """
    try:
        return SearchIndex.from_state(_decode(data, meetings), meetings)
    except ValueError:
        raise
    except Exception as error:
        raise ValueError(f"not a search index: {type(error).__name__}") from error


def _decode(data: bytes, meetings: Sequence[Meeting]) -> IndexState:
    if not data.startswith(_MAGIC):
        raise ValueError("not a search index")
    offset = len(_MAGIC)
    size = int.from_bytes(data[offset : offset + 8], "little")
    offset += 8
    header = json.loads(data[offset : offset + size].decode("utf-8"))
    offset += size
    if (
        header.get("format") != _FORMAT
        or header.get("itemsize") != array("I").itemsize
        or header.get("byteorder") != sys.byteorder
    ):
        raise ValueError("a search index from another version or machine")
    if header.get("fingerprint") != fingerprint(meetings):
        raise ValueError("the search index is for other meetings or other texts")
    view = memoryview(data)  # sections without copying 20 MB of them first
    sections = []
    for length in header["sections"]:
        sections.append(view[offset : offset + length])
        offset += length
    if offset != len(data) or len(sections) != _SECTIONS:
        raise ValueError("a truncated search index")
    first, who, counts, merged = (_array(raw) for raw in sections[:4])
    joined = str(sections[4], "utf-16-le")
    word_list = str(sections[5], "utf-8").split("\n") if sections[5] else []
    rows = joined.split(SEPARATOR) if first and first[-1] else []
    speaker_keys = header["speaker_keys"]
    if (
        not isinstance(speaker_keys, dict)
        or set(map(type, speaker_keys.values())) - {list}
        or set(map(type, chain.from_iterable(speaker_keys.values()))) - {int}
    ):
        raise ValueError("an inconsistent search index")
    return IndexState(
        first=first,
        who=who,
        counts=counts,
        merged=merged,
        rows=rows,
        words=word_list,
        speaker_codes={str(key): int(code) for key, code in header["speaker_codes"].items()},
        speaker_keys=speaker_keys,
    )


def save_index(index: SearchIndex, folder: Path) -> bool:
    """Store ``index`` in ``folder`` (the cache folder), atomically; False if it cannot."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        chunks = _chunks(index)
        write_atomically(folder / INDEX_FILE, lambda stream: stream.writelines(chunks))
    except OSError:
        return False
    return True


def load_index(folder: Path, meetings: Sequence[Meeting]) -> SearchIndex | None:
    """The index :func:`save_index` stored for exactly these meetings (same order, same
    texts), or None: missing, stale, damaged or foreign files are ignored, never fatal."""
    path = folder / INDEX_FILE
    # An index is a few bytes per character of text; a far larger file is not ours.
    bound = 8 * sum(len(meeting.text) for meeting in meetings) + (1 << 20)
    try:  # a regular file only (a pipe or /dev/zero in its place is refused: core/files.py)
        data = read_regular(path, bound)
    except OSError:
        return None
    try:
        return from_bytes(data, meetings)
    except ValueError:
        return None


def fingerprint(meetings: Iterable[Meeting]) -> str:
    """A digest of what an index depends on: the meetings' ids and texts, and where their
    sentences begin and end (their number, the first start, the last end: cheap, and with the
    text and the reader's version, as the cache keys them, enough).

    Texts count by their hash, which a cached meeting brings with it: hashing 10,000 texts
    again took a warm start 50 ms.
    """
    parts = []
    for meeting in meetings:
        sentences = meeting.sentences
        packed = getattr(sentences, "bounds", None)  # cached sentences answer without unpacking
        if packed is not None:
            bounds = packed()
        else:
            bounds = (len(sentences), sentences[0].start, sentences[-1].end) if sentences else (0,)
        parts.append(f"{meeting.path}\x00{meeting.line}\x00{bounds}\x00{meeting.text_hash}\x00")
    joined = "".join(parts).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(joined, digest_size=16).hexdigest()


def _array(raw: bytes | memoryview) -> array[int]:
    values = array("I")
    values.frombytes(raw)
    return values
