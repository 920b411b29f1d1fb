"""A saved RSS or Atom feed -> its items, each an article: text, title, date, source, address.

feedparser reads the feed (RSS 0.9x, 1.0 and 2.0, Atom) from the bytes it is given, never
from a str (a str is a URL or a file name to it), so it opens and fetches nothing; its strict
parser is expat with external entities off. A document that declares its own entities is
refused before either of its parsers sees it: a billion laughs or an XXE feed is never
expanded. Each item's HTML gets the cleaning a web page's article gets
(:func:`dipreader.core.formats.webpage.read_fragment`), and one item that cannot be read costs only
itself.
"""

from __future__ import annotations

import codecs
import contextlib
import html
import io
import re
import time
import xml.sax
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from dipreader.core.formats.extracted import (
    Extracted,
    host,
    join_paragraphs,
    parse_date,
    squeeze,
    web_url,
)
from dipreader.core.formats.webpage import read_fragment


class FeedError(Exception):
    """The whole file is refused as a feed; the message says why."""


@dataclass(slots=True)
class FeedItem:
    """One item of a feed: its article, or why it could not be read."""

    number: int  # 1-based position of the item in the feed
    article: Extracted | None  # None when the item could not be read
    problem: str | None  # why not (or None)


# More items than any news feed carries: what is past them is skipped, with a warning.
MAX_ITEMS = 10_000

ENTITIES_REFUSED = (
    "the feed declares its own XML entities, which dipreader does not expand "
    "(they can expand without bound or reach outside the file)"
)

_RSS1_NAMESPACE = "http://purl.org/rss/1.0/"
_ATOM_NAMESPACES = ("http://www.w3.org/2005/Atom", "http://purl.org/atom/ns#")
# An element's start: ``<`` and a (qualified) name.
_ELEMENT = re.compile(r"<([A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?)(?=[\s/>]|$)")
_SPACE = re.compile(r"[ \t\r\n]+")
_DOCTYPE = re.compile(r"<!DOCTYPE(?=[\s\[>]|$)[ \t\r\n]*([\w.:\-]*)", re.IGNORECASE)
_DOCTYPE_STOP = re.compile(r"[\"'\[>]")
_SUBSET_STOP = re.compile(r"[\"'\]]|<!--|<\?")
_SUBSET_ENDS = {"<!--": "-->", "<?": "?>"}
# Case-blind: whatever a lenient parser might take for a declaration is refused too.
_ENTITY = re.compile(r"<!ENTITY", re.IGNORECASE)
# Where feedparser takes the document's head to end (its own DOCTYPE handling looks there).
_ANY_ELEMENT = re.compile(r"<\w")
_RSS1_PARTS = re.compile(r"<(?:[\w.\-]+:)?(?:item|channel)[\s/>]")
_DECLARED = re.compile(r"<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([A-Za-z0-9_.:\-]{1,40})[\"']")
# Byte order marks, then the first bytes of ``<`` (XML 1.0 appendix F), longest first.
_SNIFFED = (
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_BE, "utf-16"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x4c\x6f\xa7\x94", "cp037"),
    (b"\x00<", "utf-16-be"),
    (b"<\x00", "utf-16-le"),
)
_XML_DECLARATION = re.compile(r"<\?xml[^>]*?>")
_UTF8_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>"
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "html", "xhtml"})
# Markup in a piece of "HTML": without any, it is text whose line breaks still matter.
_MARKUP = re.compile(r"<[A-Za-z/!?]")
_BLANK_LINE = re.compile(r"\n[ \t\f\v]*\n")
_TITLE_IN_PROBLEM = 80


def looks_like_feed(head: str) -> bool:
    """Whether text (its first few kilobytes) is an RSS or Atom feed: by its root element,
    after the prolog (BOM, XML declaration, comments, processing instructions, DOCTYPE), so
    that a page that only mentions RSS is not one."""
    text = head.lstrip("\ufeff")
    prolog = _prolog(text)
    if prolog.root < 0:
        # A prolog longer than the head (a DOCTYPE with a long internal subset): a feed by
        # its DOCTYPE's name, so that read_feed refuses it with its reason.
        return prolog.cut_short and prolog.doctype.rpartition(":")[2] in ("rss", "RDF", "feed")
    found = _ELEMENT.match(text, prolog.root)
    local = found.group(1).rpartition(":")[2] if found else ""
    after = text[prolog.root :]
    if local == "rss":
        return True
    if local == "RDF":
        return _RSS1_NAMESPACE in after or _RSS1_PARTS.search(after) is not None
    if local == "feed":
        return any(namespace in after for namespace in _ATOM_NAMESPACES)
    return False


def read_feed(data: bytes) -> tuple[list[FeedItem], str | None]:
    """The feed's items in order, and a warning about the file as a whole (None when it is
    sound). Raises :class:`FeedError`, and nothing else, when the file is not a feed or is
    refused."""
    if isinstance(data, str):
        # feedparser would open a str as a URL or a file name.
        raise TypeError("read_feed takes the file's bytes, not a str")
    try:
        return _read(bytes(data))
    except FeedError:
        raise
    except Exception as error:  # a feedparser or reader bug: the file is refused, not the run
        raise FeedError(f"could not be read as a feed ({type(error).__name__})") from None


def _read(data: bytes) -> tuple[list[FeedItem], str | None]:
    if not data.strip():
        raise FeedError("not a feed: the file is empty")
    sniffed = _sniff(data)
    converted, encoding_trouble = _as_feedparser_decodes(_transcoded(data, sniffed))
    readings = _readings(data, sniffed, converted)
    if any(_declares_entities(text) for text in readings):
        raise FeedError(ENTITIES_REFUSED)
    source, unencodable = _without_unencodable_references(
        converted if converted is not None else data
    )
    import feedparser  # a feed's reader only: other files never import it

    parsed = feedparser.parse(io.BytesIO(source), sanitize_html=True, resolve_relative_uris=False)
    entries = _field(parsed, "entries")
    entries = entries if isinstance(entries, list) else []
    channel = _field(parsed, "feed")
    channel = channel if isinstance(channel, dict) else {}
    malformed = _malformed(parsed, readings[0], source)
    if not entries and not _field(parsed, "version"):
        raise FeedError(f"not a feed: {malformed or 'no RSS or Atom channel and no items in it'}")
    warnings = [encoding_trouble] if encoding_trouble else []
    if unencodable:
        plural = "s" if unencodable != 1 else ""
        warnings.append(
            f"{unencodable} character reference{plural} to no character (a surrogate, or past "
            "U+10FFFF) shown as \ufffd"
        )
    if malformed:
        warnings.append(f"{malformed}; read what could be recovered")
    if len(entries) > MAX_ITEMS:
        warnings.append(
            f"the feed has {len(entries):,} items: read the first {MAX_ITEMS:,}, skipped the rest"
        )
    channel_source = _channel_source(channel)
    items = [
        _item(number, entry, channel_source)
        for number, entry in enumerate(entries[:MAX_ITEMS], start=1)
    ]
    return items, "; ".join(warnings) or None


# -- Refusing entities ---------------------------------------------------------------------


class _Prolog(NamedTuple):
    root: int  # where the root element starts; -1 when the text ends or goes wrong first
    subset: str  # the DOCTYPE's internal subset ("" without one)
    doctype: str  # the DOCTYPE's root name ("" without one)
    cut_short: bool  # the text ended inside the prolog


def _prolog(text: str) -> _Prolog:
    """The prolog of an XML document: what comes before its root element. Linear in the
    text's length, whatever it holds (each construct is skipped with one search)."""
    at = 0
    subset = doctype = ""
    while True:
        space = _SPACE.match(text, at)
        at = space.end() if space else at
        doctype_start = _DOCTYPE.match(text, at)
        if text.startswith("<?", at):
            at = _after(text, "?>", at + 2)
        elif text.startswith("<!--", at):
            at = _after(text, "-->", at + 4)
        elif doctype_start is not None:
            doctype = doctype or doctype_start.group(1)
            at, found = _doctype(text, doctype_start.end())
            subset += found
        elif _ELEMENT.match(text, at):
            return _Prolog(at, subset, doctype, False)
        else:
            return _Prolog(-1, subset, doctype, at >= len(text))
        if at < 0:
            return _Prolog(-1, subset, doctype, True)


def _after(text: str, end: str, at: int) -> int:
    """Where the text goes on after the next ``end`` from ``at``; -1 when there is none."""
    found = text.find(end, at)
    return -1 if found < 0 else found + len(end)


def _doctype(text: str, at: int) -> tuple[int, str]:
    """The end of a DOCTYPE whose name ends at ``at``, and its internal subset."""
    while True:
        stop = _DOCTYPE_STOP.search(text, at)
        if stop is None:
            return -1, ""
        char = stop.group()
        if char == ">":
            return stop.end(), ""
        if char == "[":
            return _subset(text, stop.end())
        at = _after(text, char, stop.end())  # a quoted public or system identifier
        if at < 0:
            return -1, ""


def _subset(text: str, at: int) -> tuple[int, str]:
    """The end of a DOCTYPE whose internal subset starts at ``at``, and the subset. Quoted
    values, comments and processing instructions are skipped whole, so that a ``]`` in them
    does not end it early; a subset that never ends is all of the rest."""
    begin = at
    while True:
        stop = _SUBSET_STOP.search(text, at)
        if stop is None:
            return -1, text[begin:]
        token = stop.group()
        if token == "]":
            return _after(text, ">", stop.end()), text[begin : stop.start()]
        at = _after(text, _SUBSET_ENDS.get(token, token), stop.end())
        if at < 0:
            return -1, text[begin:]


def _declares_entities(text: str) -> bool:
    """Whether the document declares entities before its root element: in its DOCTYPE's
    internal subset, or anywhere in the part feedparser takes for its head (a prolog this
    scanner could not follow declares nothing unseen)."""
    text = text.lstrip("\ufeff")
    prolog = _prolog(text)
    if _ENTITY.search(prolog.subset):
        return True
    first = _ANY_ELEMENT.search(text)
    head_end = max(prolog.root, first.start() if first else len(text))
    return _ENTITY.search(text, 0, head_end) is not None


# A numeric character reference, as feedparser's loose parser reads them.
_CHAR_REFERENCE = re.compile(rb"&#([0-9]+|[xX][0-9a-fA-F]+);")


def _without_unencodable_references(data: bytes) -> tuple[bytes, int]:
    """``data`` with every character reference to no character (``&#xD800;``: a surrogate, or
    past U+10FFFF) made ``&#xFFFD;``, and how many there were. feedparser's loose parser turns
    each into a character and encodes it as UTF-8: one such reference refused the whole feed
    (UnicodeEncodeError), the sound items with it."""
    count = 0

    def fix(match: re.Match[bytes]) -> bytes:
        nonlocal count
        digits = match.group(1)
        hexadecimal = digits[:1] in (b"x", b"X")
        digits = (digits[1:] if hexadecimal else digits).lstrip(b"0") or b"0"
        if len(digits) <= 8:
            value = int(digits, 16 if hexadecimal else 10)
            if value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF:
                return match.group(0)
        count += 1
        return b"&#xFFFD;"

    if b"&#" not in data:
        return data, 0
    return _CHAR_REFERENCE.sub(fix, data), count


def _sniff(data: bytes) -> str:
    """The encoding the first bytes tell (a byte order mark, the NULs around ``<``), else
    Latin-1: every ASCII-compatible encoding spells markup the same."""
    return next((codec for mark, codec in _SNIFFED if data.startswith(mark)), "latin-1")


def _transcoded(data: bytes, sniffed: str) -> bytes:
    """UTF-16 and UTF-32 as UTF-8, declared so: feedparser reads such a document as UTF-8
    (and finds nothing in it) unless its XML declaration names the encoding."""
    if not sniffed.startswith(("utf-16", "utf-32")):
        return data
    text = data.decode(sniffed, "replace").lstrip("\ufeff")
    declaration = _XML_DECLARATION.match(text)
    return (_UTF8_DECLARATION + text[declaration.end() if declaration else 0 :]).encode()


def _readings(data: bytes, sniffed: str, converted: bytes | None) -> list[str]:
    """The document as each reader might decode it: by its first bytes, by the encoding it
    declares, and as feedparser does, so that no encoding (UTF-16, UTF-7, EBCDIC) hides an
    entity declaration from the check. The first is by its first bytes."""
    first = data.decode(sniffed, "replace")
    readings = [first]
    declared = _DECLARED.search(first, 0, 1024)
    if declared is not None:
        # An encoding Python does not know, feedparser cannot read in either.
        with contextlib.suppress(LookupError, UnicodeError, ValueError, TypeError):
            readings.append(data.decode(declared.group(1), "replace"))
    if converted is not None:
        readings.append(converted.decode("utf-8", "replace"))
    return readings


def _as_feedparser_decodes(data: bytes) -> tuple[bytes | None, str | None]:
    """The document in UTF-8 as feedparser's own decoding makes it (the bytes that are
    checked are then the bytes that are parsed), and what went wrong in decoding it."""
    try:
        from feedparser.encodings import convert_to_utf8
    except ImportError:
        return None, None
    import feedparser

    result: dict[str, Any] = {}
    converted = convert_to_utf8({}, data, result)
    if not isinstance(converted, bytes) or not result.get("encoding"):
        unknown = "its character encoding could not be told; undecodable bytes were replaced"
        return None, unknown
    error = result.get("bozo_exception")
    if isinstance(error, feedparser.CharacterEncodingOverride):
        told = squeeze(str(error))[:200]
        return converted, (
            f"the feed is not in the encoding it declares ({told}); some characters may be wrong"
        )
    return converted, None


# -- A malformed feed ----------------------------------------------------------------------


def _malformed(parsed: Any, original: str, source: bytes) -> str | None:
    """What made the strict parser give up (feedparser's lenient parser then read what it
    could), or None. The line is the file's own, not that of feedparser's rewritten copy."""
    if not _field(parsed, "bozo"):
        return None
    error = _field(parsed, "bozo_exception")
    if isinstance(error, xml.sax.SAXParseException):
        line = max(1, (error.getLineNumber() or 1) - _line_shift(original, source))
        return f"not well-formed XML (line {line}: {error.getMessage()})"
    if error is None or "CharacterEncoding" in type(error).__name__:
        return None  # told by the decoding's own warning
    return f"not well-formed XML ({type(error).__name__}: {squeeze(str(error))[:200]})"


def _line_shift(original: str, source: bytes) -> int:
    """How many lines feedparser's copy of the document has before its root element more
    than the file has: it adds an XML declaration and drops the DOCTYPE."""
    try:
        from feedparser.sanitizer import replace_doctype

        rewritten = replace_doctype(source)[1]
    except Exception:
        return 0
    if not isinstance(rewritten, bytes):
        return 0
    copy = rewritten.decode("utf-8", "replace")
    original = original.lstrip("\ufeff")
    copy_root, file_root = _prolog(copy).root, _prolog(original).root
    if copy_root >= 0 and file_root >= 0:
        return copy.count("\n", 0, copy_root) - original.count("\n", 0, file_root)
    # No root to line up: only the declaration feedparser put on a line of its own.
    added = copy.startswith(_UTF8_DECLARATION + "\n") and not original.startswith("<?xml")
    return 1 if added else 0


# -- Items ---------------------------------------------------------------------------------


def _item(number: int, entry: Any, channel_source: str | None) -> FeedItem:
    """One item as an article; an item that cannot be read is named and the others go on."""
    try:
        return _read_item(number, entry, channel_source)
    except Exception as error:
        return FeedItem(number, None, f"item {number} could not be read: {type(error).__name__}")


def _read_item(number: int, entry: Any, channel_source: str | None) -> FeedItem:
    if not isinstance(entry, dict):
        return FeedItem(number, None, f"item {number} could not be read: not an item")
    title = _plain(_field(entry, "title_detail"), _field(entry, "title"))
    url = _link(entry)
    paragraphs = _text(entry)
    if not paragraphs:
        named = f' ("{_clip(title)}")' if title else ""
        return FeedItem(number, None, f"item {number}{named} has no text")
    article = Extracted(
        join_paragraphs(paragraphs), title, _date(entry), channel_source or host(url), url
    )
    return FeedItem(number, article, None)


def _text(entry: dict[str, Any]) -> list[str]:
    """The paragraphs of the item's full content (RSS ``content:encoded``, Atom
    ``<content>``) where it has one, else of its summary (RSS ``<description>``)."""
    bodies: list[Any] = []
    content = _field(entry, "content")
    if isinstance(content, list):
        bodies.extend(content)
    summary = _field(entry, "summary_detail")
    if isinstance(summary, dict):
        bodies.append(summary)
    elif isinstance(_field(entry, "summary"), str):
        bodies.append({"type": "text/html", "value": _field(entry, "summary")})
    for body in bodies:
        if not isinstance(_field(body, "value"), str):
            continue
        paragraphs = _paragraphs(_field(body, "value"), _field(body, "type"))
        if paragraphs:
            return paragraphs
    return []


def _paragraphs(value: str, kind: object) -> list[str]:
    """HTML's paragraphs as a page's are read; plain text's, split at its blank lines."""
    if not value.strip():
        return []
    if kind in _HTML_TYPES or kind is None:
        if _MARKUP.search(value):
            return read_fragment(value)
        value = html.unescape(value)  # HTML without a tag: text whose blank lines still count
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    pieces = (squeeze(piece) for piece in _BLANK_LINE.split(text))
    return [piece for piece in pieces if piece.strip()]


def _plain(detail: object, value: object) -> str | None:
    """A title as text: squeezed, and its markup read when the feed says it is HTML."""
    if not isinstance(value, str):
        return None
    kind = _field(detail, "type")
    if kind in _HTML_TYPES and _MARKUP.search(value):
        return squeeze(" ".join(read_fragment(value))) or None
    if kind in _HTML_TYPES:
        value = html.unescape(value)
    return squeeze(value) or None


def _link(entry: dict[str, Any]) -> str | None:
    candidates: list[object] = [_field(entry, "link")]
    links = _field(entry, "links")
    if isinstance(links, list):
        candidates += [
            _field(link, "href") for link in links if _field(link, "rel") in (None, "alternate")
        ]
    return next((url for url in map(web_url, candidates) if url), None)


def _date(entry: dict[str, Any]) -> date | None:
    """The item's date as the feed writes it, in the publisher's own time zone. feedparser's
    ``*_parsed`` values are in UTC, which moves an evening's readout in Washington to the next
    day: they serve only for a date written in a form parse_date does not know."""
    for key in ("published", "updated"):
        day = parse_date(_field(entry, key))
        if day is None:
            day = _day(_field(entry, f"{key}_parsed"))
        if day is not None:
            return day
    return None


def _day(value: object) -> date | None:
    if not isinstance(value, time.struct_time):
        return None
    try:
        return date(value.tm_year, value.tm_mon, value.tm_mday)
    except ValueError:
        return None


def _channel_source(channel: dict[str, Any]) -> str | None:
    """Who publishes the feed: its channel's title, else the host of the channel's link (an
    item without either is named by its own link's host)."""
    title = _plain(_field(channel, "title_detail"), _field(channel, "title"))
    return title or host(web_url(_field(channel, "link")))


def _field(record: object, key: str) -> Any:
    """What feedparser stored under ``key`` itself. Its dictionaries' ``get`` answers for
    keys they map to others too (``updated`` for a missing ``published``), with a
    DeprecationWarning each time."""
    return dict.get(record, key) if isinstance(record, dict) else None


def _clip(text: str) -> str:
    return text if len(text) <= _TITLE_IN_PROBLEM else text[: _TITLE_IN_PROBLEM - 1] + "…"
