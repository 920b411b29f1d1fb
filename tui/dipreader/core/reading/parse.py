"""Article text -> Meeting: header date, caption, dateline, source, venue, occasion, sentences.

Who speaks is left to :mod:`dipreader.core.reading.attribution`; every sentence leaves here as
narration.
"""

from __future__ import annotations

import re
from datetime import date

from dipreader.core.model import Meeting, Sentence
from dipreader.core.reading.sentences import blocks, split_line

# `` date 2023-07-15 `` opens a seed-format file; the rest of that line is a caption or body.
_HEADER = re.compile(r"[ \t]*date[ \t]+(\d{1,4})-(\d{1,2})-(\d{1,2})\b[ \t]*")
_CAPTION_MARK = re.compile(r"\b(?:Photo|Photos|Image|Picture|File photo)\s*[:/]", re.IGNORECASE)
# ``Bali - ``, ``BEIJING, July 8 (Xinhua) -- ``, ``WASHINGTON —``: a place line before the body.
_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Za-z'\u2019.]*(?:[ \-][A-Z][A-Za-z'\u2019.]*){0,3})"
    r"(?:,[ \t]*(?P<when>(?:[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2}(?:,[ \t]*\d{4})?)|\d{4}-\d{2}-\d{2}))?"
    r"(?:[ \t]*\((?P<agency>[A-Za-z][\w .&'\u2019-]{1,30})\))?"
    r"[ \t]+(?:-{1,2}|\u2013|\u2014)[ \t]+"
)
# TASS style: ``MOSCOW, October 18. /TASS/. Russian Foreign Minister ...``
_SLASH_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Za-z'\u2019.]*(?:[ \-][A-Z][A-Za-z'\u2019.]*){0,3}),[ \t]*"
    r"[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2}(?:,[ \t]*\d{4})?\.[ \t]*"
    r"/(?P<agency>[A-Za-z][\w .&-]{1,20})/\."
)
# A source glued onto the last sentence (``Peninsula.Global Times``) or on a line of its own.
# The tests of what stands before the name come after its capital (looking back past it), so
# that the pattern opens with a class and ``re`` tries it only at a capital, not everywhere.
_GLUED_SOURCE = re.compile(
    r"(?P<source>(?:[A-Z](?<=[a-z0-9.!?\"\u201d\u2019)].)(?<![A-Z]\..)[\w&'\u2019.-]*)"
    r"(?:[ \t]+(?:[A-Z][\w&'\u2019.-]*|of|the|and|&)){0,4})"
    r"[ \t]*$"
)
_SOURCE_LINE = re.compile(
    r"(?:(?:Source|Via|From)\s*:\s*)?"
    r"(?P<source>(?:[A-Z][\w&'\u2019.-]*)(?:[ \t]+(?:[A-Z][\w&'\u2019.-]*|of|the|and|&)){0,4})"
    r"\.?[ \t]*$"
)
# The long name of a body with its acronym after it reads as the acronym:
# ``the Group of 20 (G20) foreign ministers' meeting`` -> ``the G20 foreign ministers' meeting``.
_LONG_NAME = re.compile(
    r"\b[A-Z][\w-]*(?:\s+(?:of|for|and|the|on|[A-Z][\w-]*|\d+))*\s+\((?P<acronym>[A-Z][A-Za-z0-9&]{1,9})\)"
)
_OCCASION_WORDS = (
    r"(?:meetings?|summit|forum|conference|talks|dialogue|session|ministerial|consultations?|"
    r"visit|assembly|gathering|retreat|round|congress|expo|games|ceremony|G20|G7|BRICS)"
)
_OCCASION = re.compile(
    r"\b(?:on the (?:sidelines|margins) of|during|while attending|when attending|at|ahead of)"
    r"\s+(?P<occasion>the\s+[^,.;:\"\u201c\u201d]{2,90}?\b" + _OCCASION_WORDS + r")"
    r"(?=\s+in\b|\s+on\b|\s+at\b|\s+held\b|\s+here\b|[,.;]|\s+(?:which|that|where)\b)",
)
# Where an _OCCASION match can begin (without its leading ``\b``, so that ``re`` skips fast).
_OCCASION_LEAD = re.compile(
    r"(?:on the (?:sidelines|margins) of|during|while attending|when attending|at|ahead of)"
    r"\s+the\s"
)
_PLACE = (
    r"[A-Z][a-z\u00e0-\u00ff'\u2019-]+(?:[ ](?:[A-Z][a-z\u00e0-\u00ff'\u2019-]+|de|da|del|es))*"
)
_VENUE = re.compile(
    r"\b(?:in|at)\s+(?P<venue>" + _PLACE + r")(?=,|\.|;|\s+on\b|\s+in\b|\s+during\b|\s+at\b"
    r"|\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|\s*$)"
)
_NOT_VENUE = frozenset(
    "January February March April May June July August September October November December "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday The This That Recent Addition "
    "Particular General Response Principle Order Line Light Spite Terms Fact Return Person "
    "Future Past Beijing's Washington's".split()
)
_MEETING_CUE = re.compile(
    r"\b(?:met|meets|meeting|held talks|hold talks|talks|visit|visited|sidelines|summit|"
    r"agreed here|spoke|received)\b",
    re.IGNORECASE,
)
_MONTHS = {
    name: index
    for index, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_TEXT_DATE = re.compile(
    r"\b(?:(?P<y1>\d{4})-(?P<m1>\d{2})-(?P<d1>\d{2})"
    r"|(?P<mon2>[A-Z][a-z]{2,8})\.?\s+(?P<d2>\d{1,2}),\s*(?P<y2>\d{4})"
    r"|(?P<d3>\d{1,2})\s+(?P<mon3>[A-Z][a-z]{2,8})\s+(?P<y3>\d{4}))\b"
)


def parse_text(text: str, path: str, line: int = 0, *, find_source: bool = True) -> Meeting:
    """Read one article's text. Never raises on any string.

    ``find_source=False`` for text read from a page, a feed or Markdown: its source is in its
    metadata, and its last line is the article's, never a source glued on.
    """
    meeting = Meeting(path=path, text=text, line=line)
    end = len(text)
    position = 0
    header = _HEADER.match(text)
    caption_span: tuple[int, int] | None = None
    if header is not None and "\n" not in text[: header.start()]:
        meeting.date = _make_date(header.group(1), header.group(2), header.group(3), meeting)
        position = header.end()
        line_end = text.find("\n", position)
        line_end = end if line_end < 0 else line_end
        rest = text[position:line_end].strip()
        if rest and _is_caption(text, rest, line_end):
            caption_start = text.index(rest, position)
            caption_span = (caption_start, caption_start + len(rest))
            meeting.caption = rest
            position = line_end
    while position < end and text[position].isspace():
        position += 1
    meeting.body_start = position

    dateline = _find_dateline(text, position)
    if dateline is not None:
        meeting.venue = _place_name(dateline.group("place"))
        if dateline.group("agency"):
            meeting.source = dateline.group("agency").strip()
        when = dateline.groupdict().get("when")
        if when and meeting.date is None:
            meeting.date = _date_in_text(when, 0)

    body_end, source_span = _split_source(text, position, end) if find_source else (end, None)
    if source_span is not None:
        meeting.source = text[source_span[0] : source_span[1]].strip()

    sentences: list[Sentence] = []
    if caption_span is not None:
        sentences.append(Sentence(caption_span[0], caption_span[1], paragraph=0))
    paragraph = 1 if caption_span is not None else 0
    for block_start, block_end in blocks(text, position, body_end):
        for start, stop in split_line(text, block_start, block_end):
            sentences.append(Sentence(start, stop, paragraph))
        paragraph += 1
    if source_span is not None:
        sentences.append(Sentence(source_span[0], source_span[1], paragraph=paragraph))
    meeting.sentences = sentences

    if meeting.date is None:
        meeting.date = _date_in_text(text, position)
    _find_occasion_and_venue(meeting, text, position, body_end)
    return meeting


def _find_dateline(text: str, start: int) -> re.Match[str] | None:
    """A dateline at the start of the body, or of one of its first lines: wire stories put a
    headline and a byline before it (``TOKYO, May 14, 2024 (AFP) - ...``)."""
    position = start
    for _ in range(6):
        match = _DATELINE.match(text, position) or _SLASH_DATELINE.match(text, position)
        if match is not None and "\n" not in match.group(0):
            return match
        newline = text.find("\n", position, position + 400)
        if newline < 0:
            return None
        position = newline + 1
        while position < len(text) and text[position] in " \t\r\n":
            position += 1
    return None


def _make_date(year: str, month: str, day: str, meeting: Meeting) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        meeting.warnings.append(f"impossible date {year}-{month}-{day} in the header; undated")
        return None


def _is_caption(text: str, rest: str, line_end: int) -> bool:
    """The rest of the header line is a photo caption rather than the body's first words."""
    # Every caption mark ends in ``:`` or ``/``: without either, the pattern cannot match.
    if (":" in rest or "/" in rest) and _CAPTION_MARK.search(rest):
        return True
    followed_by_blank = text.startswith("\n", line_end + 1) or text.startswith("\r\n", line_end + 1)
    return followed_by_blank and len(rest) <= 160 and rest[-1] not in '.!?"\u201d'


def _place_name(place: str) -> str:
    place = place.strip()
    # ``BEIJING`` in a wire dateline is ``Beijing``; ``Bali`` stays as written.
    if place.isupper() and len(place) > 3:
        return " ".join(word.capitalize() for word in place.split(" "))
    return place


def _split_source(text: str, start: int, end: int) -> tuple[int, tuple[int, int] | None]:
    """Where the body ends, and the span of a source name after it, if there is one."""
    stop = end
    while stop > start and text[stop - 1].isspace():
        stop -= 1
    line_start = text.rfind("\n", start, stop) + 1
    line_start = max(line_start, start)
    last_line = text[line_start:stop]
    if line_start > start and len(last_line.strip()) <= 60:
        own = _SOURCE_LINE.fullmatch(last_line.strip())
        if own is not None and not last_line.rstrip().endswith((".", "!", "?")):
            first = line_start + last_line.index(last_line.strip())
            source_start = first + own.start("source")
            return line_start, (source_start, source_start + len(own.group("source")))
    glued = _GLUED_SOURCE.search(text, max(line_start, stop - 80), stop)
    if glued is not None and glued.start() > line_start:
        before = text[glued.start() - 1]
        # Only after a full stop (or closing quote) glued on with no space: ``Peninsula.Global``
        if before in '.!?"\u201d\u2019':
            name = glued.group("source")
            if 2 <= len(name) <= 60:
                return glued.start(), (glued.start(), glued.start() + len(name))
    return stop, None


def _date_in_text(text: str, start: int) -> date | None:
    match = _TEXT_DATE.search(text, start, min(len(text), start + 600))
    if match is None:
        return None
    try:
        if match.group("y1"):
            return date(int(match.group("y1")), int(match.group("m1")), int(match.group("d1")))
        if match.group("y2"):
            month = _MONTHS.get(match.group("mon2").lower())
            return date(int(match.group("y2")), month, int(match.group("d2"))) if month else None
        month = _MONTHS.get(match.group("mon3").lower())
        return date(int(match.group("y3")), month, int(match.group("d3"))) if month else None
    except ValueError:
        return None


def _search_occasion(window: str) -> re.Match[str] | None:
    """``_OCCASION.search(window)``, faster: the full pattern is tried only where one of its
    lead-ins begins (found by a pattern that ``re`` can skip ahead with), since trying its
    lazy middle part at every ``at the`` of a paragraph is most of its cost."""
    position = 0
    while True:
        lead = _OCCASION_LEAD.search(window, position)
        if lead is None:
            return None
        start = lead.start()
        before = window[start - 1] if start else " "
        if not (before.isalnum() or before == "_"):  # the ``\b`` the lead-in pattern lacks
            found = _OCCASION.match(window, start)
            if found is not None:
                return found
        position = start + 1


def _find_occasion_and_venue(meeting: Meeting, text: str, start: int, end: int) -> None:
    # The opening paragraph names the occasion and place; later ones wander.
    window_end = min(end, start + 1500)
    window = text[start:window_end]
    occasion = _search_occasion(window)
    if occasion is not None:
        named = occasion.group("occasion")
        # The acronym is in brackets: without one, the pattern has nothing to find.
        if "(" in named:
            named = _LONG_NAME.sub(lambda m: m.group("acronym"), named)
        meeting.occasion = named
        after = occasion.end()
        if meeting.venue is None:
            near = _VENUE.match(window, after + 1) if window[after : after + 1] == " " else None
            if near is not None and near.group("venue") not in _NOT_VENUE:
                meeting.venue = near.group("venue")
    if meeting.venue is not None:
        return
    for sentence in meeting.sentences[:4]:
        if sentence.start < start:
            continue
        chunk = text[sentence.start : min(sentence.end, window_end)]
        # The venue first: the cue (a slow case-blind pattern) matters only when there is one.
        for venue in _VENUE.finditer(chunk):
            name = venue.group("venue")
            if name.split(" ")[0] not in _NOT_VENUE:
                if _MEETING_CUE.search(chunk):
                    meeting.venue = name
                    return
                break
