"""Bytes from a file -> text, with a note naming the encoding whenever it was not UTF-8.

UTF-8 is the fast path. A byte order mark, or the NUL pattern of UTF-16 and UTF-32 without
one, decides those; an encoding the file declares (a web page's ``<meta charset>``, an XML
declaration) is tried next; anything else is detected with charset-normalizer, among the
encodings readouts really come in. A file whose encoding cannot be told is refused with a
reason, never shown as mojibake.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass, field


class DecodeError(Exception):
    """The bytes are not text, or not text whose encoding can be told; the message says why."""


@dataclass(slots=True)
class Decoded:
    text: str
    notes: list[str] = field(default_factory=list)
    encoding: str = "utf-8"


# The encodings detection chooses among: the legacy encodings readouts are found in.
CANDIDATES = (
    "cp1252",
    "cp1250",
    "cp1251",
    "gb18030",
    "big5",
    "shift_jis",
    "euc_jp",
    "euc_kr",
    "iso8859_2",
    "koi8_r",
)
_NAMES = {
    "cp1252": "cp1252 (Western European)",
    "cp1250": "cp1250 (Central European)",
    "cp1251": "cp1251 (Cyrillic)",
    "gb18030": "GB18030 (GBK, Chinese)",
    "big5": "Big5 (traditional Chinese)",
    "shift_jis": "Shift-JIS (Japanese)",
    "cp932": "Shift-JIS (Japanese)",
    "euc_jp": "EUC-JP (Japanese)",
    "euc_kr": "EUC-KR (Korean)",
    "cp949": "EUC-KR (Korean)",
    "iso8859_2": "ISO-8859-2 (Central European)",
    "koi8_r": "KOI8-R (Cyrillic)",
}
# Detection's measure of how garbled a decoding looks (0 clean, 1 noise): a reading above
# it is no candidate, and a file with none is refused rather than guessed.
MAX_CHAOS = 0.2
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode(data: bytes, declared: str | None = None) -> Decoded:
    """Decode a file's bytes; ``declared`` is an encoding the file names for itself.

    Raises :class:`DecodeError` for binary data and for text whose encoding cannot be told.
    """
    for bom, encoding in _BOMS:  # UTF-32 LE before UTF-16 LE: its mark starts the same
        if data.startswith(bom):
            return _decode_as(data[len(bom) :], encoding, "byte order mark")
    wide = _wide_unicode(data)
    if wide is not None:
        return _decode_as(data, wide, "no byte order mark")
    if b"\x00" in data:
        raise DecodeError("binary file (contains NUL bytes), not an article")
    try:
        return Decoded(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        position = error.start
    if _looks_binary(data):
        raise DecodeError("binary file (mostly non-text bytes), not an article")
    if declared:
        try:
            codec = codecs.lookup(declared).name
            text = data.decode(codec)
        except (LookupError, UnicodeDecodeError):
            pass
        else:
            return Decoded(text, [f"read as {_name(codec)}, the encoding it declares"], codec)
    return _detect(data, position)


def _decode_as(data: bytes, encoding: str, why: str) -> Decoded:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        reason = f"looks like {encoding.upper()} but is invalid at byte {error.start}"
        raise DecodeError(reason) from None
    if encoding == "utf-8":
        return Decoded(text)
    return Decoded(text, [f"read as {encoding.upper()} ({why})"], encoding)


def _wide_unicode(data: bytes) -> str | None:
    """UTF-16 or UTF-32 without a byte order mark, told by where the NUL bytes fall: in
    text that is mostly Latin, every other byte (or three of four) is NUL."""
    sample = data[:4096]
    size = len(sample) - len(sample) % 4
    if size < 8:
        return None
    sample = sample[:size]
    quarters = [sample[offset::4].count(0) / (size // 4) for offset in range(4)]
    if quarters[1] > 0.9 and quarters[2] > 0.9 and quarters[3] > 0.9 and quarters[0] < 0.1:
        return "utf-32-le"
    if quarters[0] > 0.9 and quarters[1] > 0.9 and quarters[2] > 0.9 and quarters[3] < 0.1:
        return "utf-32-be"
    evens = (quarters[0] + quarters[2]) / 2
    odds = (quarters[1] + quarters[3]) / 2
    if odds > 0.7 and evens < 0.1:
        return "utf-16-le"
    if evens > 0.7 and odds < 0.1:
        return "utf-16-be"
    return None


def _detect(data: bytes, position: int) -> Decoded:
    from charset_normalizer import from_bytes  # only for files that are not UTF-8

    # Detection leaves out every reading more garbled than the threshold: none left, no guess.
    results = list(from_bytes(data, cp_isolation=list(CANDIDATES), threshold=MAX_CHAOS))
    if not results:
        raise DecodeError(
            f"not UTF-8 (first bad byte at {position}) and its encoding cannot be told; "
            "save it as UTF-8"
        )
    best = min(result.chaos for result in results)
    close = [result for result in results if result.chaos <= best + 0.01]
    # Detection cannot tell the single-byte code pages apart by their statistics alone
    # (``Radosław`` and ``Rados³aw`` score alike): the one that puts no symbol inside a word
    # wins, and on a tie the order of CANDIDATES (the commonest first).
    chosen = min(
        close,
        key=lambda result: (_symbols_in_words(str(result)), _rank(result.encoding)),
    )
    text = str(chosen)
    codec = _commonest_alike(data, text, codecs.lookup(chosen.encoding).name)
    return Decoded(text, [f"not UTF-8; read as {_name(codec)} (detected)"], codec)


def _commonest_alike(data: bytes, text: str, codec: str) -> str:
    """The commonest candidate that reads ``data`` as ``text``: detection keeps one of the
    code pages that decode a file alike (``Café`` is the same in cp1250 and cp1252), and the
    notice should name the likelier."""
    for candidate in CANDIDATES[: _rank(codec)]:
        try:
            if data.decode(candidate) == text:
                return codecs.lookup(candidate).name
        except UnicodeDecodeError:
            continue
    return codec


def _symbols_in_words(text: str) -> int:
    """How many non-ASCII characters that are not letters stand right next to a letter on
    both sides, as a wrong code page puts them (``Rados³aw``, ``£odzi``)."""
    count = 0
    text = text[:20_000]  # a sample is enough to tell, and keeps this linear and short
    for index in range(1, len(text) - 1):
        char = text[index]
        if (
            char > "\x7f"
            and not char.isalpha()
            and not unicodedata.category(char).startswith("M")
            and text[index + 1].isalpha()
            and (text[index - 1].isalpha() or text[index - 1] == " ")
        ):
            count += 1
    return count


def _rank(encoding: str) -> int:
    name = codecs.lookup(encoding).name
    names = [codecs.lookup(candidate).name for candidate in CANDIDATES]
    return names.index(name) if name in names else len(names)


def _name(codec: str) -> str:
    return _NAMES.get(codec.replace("-", "_"), codec)


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if not sample:
        return False
    controls = sum(1 for byte in sample if byte < 0x20 and byte not in (0x09, 0x0A, 0x0D, 0x0C))
    return controls / len(sample) > 0.1
