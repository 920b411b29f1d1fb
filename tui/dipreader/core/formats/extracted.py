"""What the readers of web pages, feeds and Markdown give: an article's text and its metadata.

The text is what offsets index and what is shown: paragraphs separated by a blank line, the
markup gone, the characters themselves (non-breaking spaces, curly quotes) kept as published.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit


@dataclass(slots=True)
class Extracted:
    text: str
    title: str | None = None
    date: date | None = None
    source: str | None = None
    url: str | None = None
    notes: list[str] = field(default_factory=list)


# Runs of ASCII white space (a page's line breaks and indentation); a non-breaking space is
# part of the text as published and stays.
_SPACES = re.compile(r"[ \t\r\n\f\v]+")


def squeeze(text: str) -> str:
    """White space as a browser shows it: each run one space, none at the ends."""
    return _SPACES.sub(" ", text).strip(" ")


def join_paragraphs(paragraphs: list[str]) -> str:
    """The article's text: each paragraph on its own, a blank line between them."""
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


_ISO_DAY = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_date(value: object) -> date | None:
    """A date from what metadata holds: ISO 8601 (a day or a timestamp), an e-mail style
    date (``Wed, 30 Jun 2021 21:16:21 +0000``), or a date or datetime object."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    match = _ISO_DAY.match(value)
    if match is not None:
        try:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            return None
    try:
        return parsedate_to_datetime(value.strip()[:64]).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def web_url(value: object) -> str | None:
    """``value`` when it is an absolute http(s) address, else None."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if len(value) > 2000 or any(char.isspace() or ord(char) < 0x20 for char in value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    return value if parts.scheme in ("http", "https") and parts.netloc else None


def host(url: str | None) -> str | None:
    """The site's host name of ``url`` (``www.`` dropped), as a last resort for a source."""
    if not url:
        return None
    name = urlsplit(url).hostname or ""
    return name.removeprefix("www.") or None
