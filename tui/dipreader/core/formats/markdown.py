"""A Markdown file -> its article: the text without the markup, and its front matter's metadata.

A readout saved as Markdown (by a static-site generator, a scraper, a note-taking app) starts
with front matter: YAML between ``---`` lines or TOML between ``+++`` lines, holding the title,
date and address. The body is read by markdown-it-py (CommonMark, plus GFM tables) and turned
back into plain text: every paragraph, heading, list item, table row and code block one
paragraph, no ``#``, ``*``, ``[text](url)`` or ``<tags>`` left, the characters themselves (a
non-breaking space, a curly quote, an escaped ``\\###``) kept as published.

It never raises: what cannot be read (front matter that is broken, is not a mapping or is too
big; a body too dense with markup to render in time) is said in :attr:`Extracted.notes` and
the rest is still read. So there is no ``MarkdownError``: the loader shows notes as warnings,
and a refusal would cost the user an article whose body is fine.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING

from dipreader.core.formats.extracted import (
    Extracted,
    host,
    join_paragraphs,
    parse_date,
    squeeze,
    web_url,
)

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import date

    from markdown_it import MarkdownIt
    from markdown_it.token import Token

# Front matter: the opening fence is the file's very first line. YAML's closing fence may
# also be ``...``, YAML's own end of a document.
_OPEN = re.compile(r"(---|\+\+\+)[ \t]*\r?\n")
_CLOSE = {
    "---": re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE),
    "+++": re.compile(r"^\+\+\+[ \t]*\r?$", re.MULTILINE),
}
_MAX_FRONT_MATTER = 64 * 1024  # bytes of UTF-8; real front matter is a few hundred
# PyYAML's pure-Python scanner is quadratic in flow nesting (``[[[[``) and tomllib in the
# parts of a dotted key (``a.b.c...``); front matter nests two or three deep.
_MAX_FLOW_DEPTH = 50
_MAX_KEY_PARTS = 100

_DATE_KEYS = ("date", "published", "published_time", "publishdate", "pubdate")
_URL_KEYS = ("url", "source_url", "link", "canonical_url", "canonical", "permalink")
_SOURCE_KEYS = ("source", "publisher", "site", "site_name")

# markdown-it-py costs some 15-40 µs a line and 5-17 µs a markup character: a budget of
# lines, markup characters and block markers keeps any file's rendering near half a second. A
# real readout is a few hundred; 1 MB of prose wrapped at 72 columns some 16,000.
_BUDGET = 30_000
_MARKUP = "[!*_`<&\\|"
_BLOCK_MARKS = re.compile(r"^[ \t]*(?:[-+*>#<|]|\d{1,9}[.)])", re.MULTILINE)

_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
_CELL_SEPARATOR = " · "


@dataclass(slots=True)
class _Block:
    """What one block of the body gives: its paragraphs, and whether it is a heading (its
    level) at the top of the document (not one inside a list or a quote)."""

    paragraphs: list[str]
    heading: int = 0
    top: bool = False


def read_markdown(text: str) -> Extracted:
    """The article of a Markdown file: its text, and the title, date, address and source its
    front matter (or its first heading) gives."""
    fields, body, notes = _front_matter(text)
    url = _first_url(fields)
    title = _string(fields.get("title"))
    blocks, note = _blocks(body)
    if note:
        notes.append(note)
    if title is None:
        found = _title_block(blocks)
        if found is not None:
            title = blocks.pop(found).paragraphs[0]
    paragraphs = [
        paragraph
        for block in blocks
        for paragraph in block.paragraphs
        if paragraph.strip() and not (block.heading and _same(paragraph, title))
    ]
    return Extracted(
        join_paragraphs(paragraphs), title, _first_date(fields), _source(fields, url), url, notes
    )


# Front matter.


def _front_matter(text: str) -> tuple[dict[str, object], str, list[str]]:
    """The front matter's keys (lower case), the body after it, and what could not be read."""
    opening = _OPEN.match(text)
    if opening is None:
        return {}, text, []
    closing = _CLOSE[opening.group(1)].search(text, opening.end())
    if closing is None:  # a thematic break, not a fence
        return {}, text, []
    block = text[opening.end() : closing.start()]
    if len(block) > _MAX_FRONT_MATTER or (
        len(block.encode("utf-8", "surrogatepass")) > _MAX_FRONT_MATTER
    ):
        return {}, text, ["the front matter is larger than 64 KiB: it is read as text"]
    body = text[closing.end() :]
    if opening.group(1) == "---":
        fields, problem = _yaml(block)
    else:
        fields, problem = _toml(block)
    notes = [f"the front matter could not be read ({problem}); it is left out"] if problem else []
    return fields, body, notes


def _yaml(block: str) -> tuple[dict[str, object], str | None]:
    import yaml

    if _flow_depth(block) > _MAX_FLOW_DEPTH:
        return {}, "YAML nested too deeply"
    # The same safe loader as yaml.safe_load; libyaml's parser, where PyYAML has it, is five
    # to ten times faster and bounds nesting itself.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(block, Loader=loader)
    except yaml.MarkedYAMLError as error:
        problem = error.problem or error.context or "not YAML"
        mark = error.problem_mark or error.context_mark
        where = f" on line {mark.line + 1}" if mark is not None else ""
        return {}, _short(f"YAML: {problem}{where}")
    except RecursionError:
        return {}, "YAML nested too deeply"
    except Exception as error:  # the constructors' own: a date 2021-13-45 is a ValueError
        return {}, _short(f"YAML: {error or type(error).__name__}")
    return _mapping(data)


def _toml(block: str) -> tuple[dict[str, object], str | None]:
    import tomllib

    if any(line.split("=", 1)[0].count(".") >= _MAX_KEY_PARTS for line in block.splitlines()):
        return {}, "TOML keys nested too deeply"
    try:
        data = tomllib.loads(block)
    except RecursionError:
        return {}, "TOML nested too deeply"
    except Exception as error:  # TOMLDecodeError says what and where
        return {}, _short(f"TOML: {error or type(error).__name__}")
    return _mapping(data)


def _flow_depth(block: str) -> int:
    """How deep ``[`` and ``{`` nest (quotes not told apart: an upper bound)."""
    if block.count("[") + block.count("{") <= _MAX_FLOW_DEPTH:
        return 0
    depth = deepest = 0
    for char in block:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth = max(depth - 1, 0)
    return deepest


def _mapping(data: object) -> tuple[dict[str, object], str | None]:
    if data is None:  # empty front matter
        return {}, None
    if not isinstance(data, dict):
        return {}, f"it is {_kind(data)}, not keys and values"
    fields: dict[str, object] = {}
    for key, value in data.items():
        if isinstance(key, str):
            fields.setdefault(key.strip().lower(), value)
    return fields, None


def _kind(data: object) -> str:
    if isinstance(data, str):
        return "a line of text"
    if isinstance(data, list):
        return "a list"
    if isinstance(data, bool | int | float):
        return "a number"
    return "a single value"


def _short(reason: str) -> str:
    line = squeeze(reason.splitlines()[0] if reason.strip() else reason)
    return line if len(line) <= 100 else line[:99] + "…"


def _string(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return squeeze(value) or None


def _first_date(fields: dict[str, object]) -> date | None:
    for key in _DATE_KEYS:
        day = parse_date(fields.get(key))
        if day is not None:
            return day
    return None


def _first_url(fields: dict[str, object]) -> str | None:
    for key in (*_URL_KEYS, "source"):  # ``source: https://...`` is where it came from
        url = web_url(fields.get(key))
        if url:
            return url
    return None


def _source(fields: dict[str, object], url: str | None) -> str | None:
    for key in _SOURCE_KEYS:
        value = _string(fields.get(key))
        if value:
            return host(value) if web_url(value) else value
    return host(url)


# The body.


@functools.cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


def _blocks(body: str) -> tuple[list[_Block], str | None]:
    """The body's blocks, in order; and a note when it was too dense with markup to render."""
    if _cost(body) > _BUDGET:
        note = "the Markdown has too much markup to render in full: its marks were stripped roughly"
        return [_Block([paragraph]) for paragraph in _rough(body)], note
    return _walk(_parser().parse(body)), None


def _cost(body: str) -> int:
    """An estimate of markdown-it-py's work: lines, markup characters, block markers."""
    cost = body.count("\n") + sum(body.count(char) for char in _MARKUP)
    if cost > _BUDGET:
        return cost
    return cost + sum(1 for _ in islice(_BLOCK_MARKS.finditer(body), _BUDGET - cost + 1))


def _walk(tokens: Sequence[Token]) -> list[_Block]:
    """The blocks of markdown-it's token stream, in one pass (nesting is only counted)."""
    blocks: list[_Block] = []
    heading = 0
    top = False
    row: list[str] | None = None
    for token in tokens:
        kind = token.type
        if kind == "heading_open":
            heading, top = int(token.tag[1:]), token.level == 0
        elif kind == "heading_close":
            heading = 0
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close" and row is not None:
            blocks.append(_Block([_CELL_SEPARATOR.join(cell for cell in row if cell)]))
            row = None
        elif kind == "inline":
            parts = _inline(token.children or [])
            if row is not None:
                row.append(" ".join(part for part in parts if part))
            elif heading:
                blocks.append(_Block([" ".join(part for part in parts if part)], heading, top))
            else:
                blocks.append(_Block(parts))
        elif kind in ("code_block", "fence"):
            blocks.append(_Block([squeeze(token.content)]))
        elif kind == "html_block":
            paragraphs = _html(token.content)
            if paragraphs:
                blocks.append(_Block(paragraphs))
        elif kind == "hr":
            blocks.append(_Block([]))  # nothing to show, but a heading after it is not first
    return blocks


def _inline(children: Sequence[Token]) -> list[str]:
    """An inline run's text: one paragraph, or several where a hard break ends a line."""
    paragraphs: list[str] = []
    current: list[str] = []
    for child in children:
        kind = child.type
        if kind in ("text", "code_inline"):
            current.append(child.content)
        elif kind == "softbreak":  # a hard-wrapped line goes on: the same sentence
            current.append(" ")
        elif kind == "hardbreak" or (kind == "html_inline" and _BREAK_TAG.fullmatch(child.content)):
            paragraphs.append(squeeze("".join(current)))
            current = []
        # Emphasis and link marks, images (alt text too) and inline tags give nothing.
    paragraphs.append(squeeze("".join(current)))
    return paragraphs


def _html(html: str) -> list[str]:
    from dipreader.core.formats.webpage import read_fragment

    if html.lstrip().startswith("<!--") and html.rstrip().endswith("-->"):
        return []  # a comment: no need for a parser
    return read_fragment(html)


def _title_block(blocks: list[_Block]) -> int | None:
    """Which block is the title: the first level-1 heading, else a heading that opens the
    document."""
    for index, block in enumerate(blocks):
        if block.heading == 1 and block.top and block.paragraphs[0]:
            return index
    if blocks and blocks[0].heading and blocks[0].top and blocks[0].paragraphs[0]:
        return 0
    return None


def _fold(text: str) -> str:
    return squeeze(text.replace("\u00a0", " ")).casefold()


def _same(paragraph: str, title: str | None) -> bool:
    return title is not None and _fold(paragraph) == _fold(title)


# The rough reading of a body too dense to render: each run of lines between blank lines a
# paragraph, the commonest marks taken out by patterns that look at each character a bounded
# number of times.
_BLANK_LINE = re.compile(r"\r?\n[ \t]*(?:\r?\n)+")
_LINE_MARK = re.compile(
    r"^[ \t]*(?:(?:#{1,6}|>+|[-+*]|\d{1,9}[.)])(?=[ \t]|$)|[=\-]+[ \t]*$|#+[ \t]*$)",
    re.MULTILINE,
)
_IMAGE = re.compile(r"!\[[^\[\]\n]*\]\([^()\n]*\)")
_LINK = re.compile(r"\[([^\[\]\n]*)\]\([^()\n]*\)")
_TAG = re.compile(r"</?[A-Za-z][^<>\n]*>")
_MARKS = re.compile(r"\\([!-/:-@\[-`{-~])|[*_`~]+")


def _rough(body: str) -> list[str]:
    paragraphs = []
    for chunk in _BLANK_LINE.split(body):
        text = _LINE_MARK.sub("", chunk)
        text = _LINK.sub(r"\1", _IMAGE.sub("", text))
        text = _MARKS.sub(lambda match: match.group(1) or "", _TAG.sub("", text))
        text = squeeze(text.replace("](", "] ("))
        if text.strip():
            paragraphs.append(text)
    return paragraphs
