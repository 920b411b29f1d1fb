"""What kind of article file a file is: decided by its content first, its suffix second.

A saved page named ``.txt`` is still a page, a feed named ``.xml`` a feed, and JSON Lines
named ``.txt`` JSON Lines.
"""

from __future__ import annotations

import json
import os
import re
from typing import Literal

from dipreader.core.formats.feed import looks_like_feed
from dipreader.core.formats.webpage import looks_like_page

InputKind = Literal["page", "feed", "jsonl", "markdown", "text", "other-xml"]

_MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
_PAGE_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
# The encoding a page or an XML file declares for itself, found the way browsers pre-scan.
_META_CHARSET = re.compile(
    rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{1,40})", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"\s*<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([A-Za-z0-9_.:-]{1,40})")
_FRONT_MATTER = re.compile(r"(?:---|\+\+\+)[ \t]*\r?\n")
_SEED_HEADER = re.compile(r"[ \t]*date[ \t]+\d{1,4}-\d{1,2}-\d{1,2}\b")


def declared_encoding(data: bytes) -> str | None:
    """The encoding named by an XML declaration or a ``<meta charset>`` near the start."""
    head = data[:4096]
    found = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return found.group(1).decode("ascii") if found else None


def kind_of(path: str, text: str) -> InputKind:
    head = text[:4096]
    suffix = os.path.splitext(path)[1].lower()
    if looks_like_feed(head):
        return "feed"
    if looks_like_page(head):
        return "page"
    stripped = head.lstrip("\ufeff \t\r\n")
    if suffix == ".jsonl" or _first_line_is_record(stripped):
        return "jsonl"
    if _SEED_HEADER.match(head):
        return "text"
    if suffix in _MARKDOWN_SUFFIXES or _FRONT_MATTER.match(head):
        return "markdown"
    if suffix in _PAGE_SUFFIXES and stripped.startswith("<"):
        return "page"
    if stripped.startswith("<?xml") or suffix in (".xml", ".rss", ".atom"):
        return "other-xml"
    return "text"


def _first_line_is_record(head: str) -> bool:
    """JSON Lines by content: the first line is a JSON object with a ``text``."""
    if not head.startswith("{"):
        return False
    first = head.split("\n", 1)[0].strip()
    try:
        record = json.loads(first)
    except (ValueError, RecursionError):
        return False
    return isinstance(record, dict) and "text" in record
