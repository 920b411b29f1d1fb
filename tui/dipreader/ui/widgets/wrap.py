"""Word wrap of article text into line spans, fast enough for a 20 MB article.

Lines are ``(start, end)`` offsets into the text, so that the view can map any line back to
the sentences it holds without copying the text. The common case (text that is one cell per
character) costs one ``str.rfind`` per line rather than one step per word.
"""

from __future__ import annotations

from rich.cells import cell_len, get_character_cell_size


def _fit(text: str, start: int, stop: int, width: int) -> int:
    """The largest end <= ``stop`` with ``text[start:end]`` at most ``width`` cells wide."""
    end = min(stop, start + width)
    chunk = text[start:end]
    if chunk.isascii() or cell_len(chunk) == len(chunk):
        return end
    cells = 0
    for index in range(start, stop):
        cells += get_character_cell_size(text[index])
        if cells > width:
            return index
    return stop


def wrap_spans(text: str, start: int, stop: int, width: int) -> list[tuple[int, int]]:
    """Wrap ``text[start:stop]`` into lines at most ``width`` cells wide.

    Newlines end a line (a blank line stays blank); long lines break at the last ASCII space
    that fits (no-break spaces keep their words together); a word longer than a line is cut.
    """
    width = max(1, width)
    lines: list[tuple[int, int]] = []
    pos = start
    while pos <= stop:
        newline = text.find("\n", pos, stop)
        para_end = stop if newline < 0 else newline
        _wrap_paragraph(text, pos, para_end, width, lines)
        if newline < 0:
            break
        pos = newline + 1
    return lines


def _wrap_paragraph(
    text: str, pos: int, stop: int, width: int, lines: list[tuple[int, int]]
) -> None:
    if pos >= stop:
        lines.append((pos, pos))
        return
    while pos < stop:
        end = _fit(text, pos, stop, width)
        if end >= stop:
            lines.append((pos, stop))
            return
        if end == pos:  # one character wider than the line: show it alone
            end = pos + 1
        # A space just past the fitted part is a fine place to break as well.
        brk = text.rfind(" ", pos, end + 1)
        if brk > pos:
            lines.append((pos, brk))
            pos = brk + 1
        else:
            lines.append((pos, end))
            pos = end
