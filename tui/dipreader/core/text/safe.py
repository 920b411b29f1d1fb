"""Make untrusted text safe to show: no control character ever reaches a terminal.

Each control character is replaced by one visible character, so offsets stay valid. What
counts as a control character is defined once, here: :func:`clean` and :func:`clean_line`
(visible placeholders, for text being laid out) and :func:`drop_controls` (removal, for text
already laid out, where a control character takes no cell) use the same set.
"""

from __future__ import annotations

import re

# C0 controls become the Unicode "control pictures" (U+2400 + code): ESC shows as "␛".
_TABLE: dict[int, str] = {code: chr(0x2400 + code) for code in range(0x20)}
del _TABLE[0x0A]  # newline is layout, not a control sequence
del _TABLE[0x09]  # so is tab
_TABLE[0x0D] = " "  # CR of CRLF files; a lone CR could overwrite a line, a space cannot
_TABLE[0x7F] = "\u2421"  # DEL -> ␡
# C1 controls (0x80-0x9F) include CSI (0x9B) and OSC (0x9D) on some terminals.
_TABLE.update(dict.fromkeys(range(0x80, 0xA0), "\ufffd"))
# Bidi overrides and isolates can reorder what is shown; make them visible too.
_BIDI = (*range(0x202A, 0x202F), *range(0x2066, 0x206A))
_TABLE.update(dict.fromkeys(_BIDI, "\ufffd"))

# Everything a terminal may act on or reorder by: the table's characters, newline and tab too.
CONTROL_CODES = frozenset((*range(0x20), 0x7F, *range(0x80, 0xA0), *_BIDI))
_CONTROL = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(CONTROL_CODES)) + "]")


def clean(text: str) -> str:
    """``text`` with every control character replaced by a visible placeholder."""
    return text.translate(_TABLE)


def clean_line(text: str) -> str:
    """Like :func:`clean`, for one-line places (file names, table cells): newlines too."""
    return clean(text).replace("\n", "\u2424").replace("\t", " ")


def has_controls(text: str) -> bool:
    """Whether ``text`` holds a character of :data:`CONTROL_CODES` (newline and tab included)."""
    return _CONTROL.search(text) is not None


def drop_controls(text: str) -> str:
    """``text`` without its control characters: the last guard before a terminal, on text
    already laid out (each of them is zero cells wide, so the layout does not move)."""
    return _CONTROL.sub("", text)
