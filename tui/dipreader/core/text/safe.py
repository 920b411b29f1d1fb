"""Make untrusted text safe to show: no control character ever reaches a terminal.

Each control character is replaced by one visible character, so offsets stay valid.
"""

from __future__ import annotations

# C0 controls become the Unicode "control pictures" (U+2400 + code): ESC shows as "␛".
_TABLE: dict[int, str] = {code: chr(0x2400 + code) for code in range(0x20)}
del _TABLE[0x0A]  # newline is layout, not a control sequence
del _TABLE[0x09]  # so is tab
_TABLE[0x0D] = " "  # CR of CRLF files; a lone CR could overwrite a line, a space cannot
_TABLE[0x7F] = "\u2421"  # DEL -> ␡
# C1 controls (0x80-0x9F) include CSI (0x9B) and OSC (0x9D) on some terminals.
_TABLE.update(dict.fromkeys(range(0x80, 0xA0), "\ufffd"))
# Bidi overrides and isolates can reorder what is shown; make them visible too.
_TABLE.update(dict.fromkeys((*range(0x202A, 0x202F), *range(0x2066, 0x206A)), "\ufffd"))


def clean(text: str) -> str:
    """``text`` with every control character replaced by a visible placeholder."""
    return text.translate(_TABLE)


def clean_line(text: str) -> str:
    """Like :func:`clean`, for one-line places (file names, table cells): newlines too."""
    return clean(text).replace("\n", "\u2424").replace("\t", " ")
