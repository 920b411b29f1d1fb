"""Charts drawn with characters, for the command line and the app alike.

Plain strings, and for labelled bars lines of segments, each a string and the name of its
style ("cyan", "dim", "" for none), never markup: labels may come from articles, so they are
cleaned. The command line and the app turn segments into their own styled text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from dipreader.core.text.safe import clean_line

_TICKS = "▁▂▃▄▅▆▇█"
ZERO = "·"  # nothing at all, told apart from a little
_EIGHTHS = " ▏▎▍▌▋▊▉"
_FULL = "█"


class Segment(NamedTuple):
    text: str
    style: str = ""  # a style name, as rich spells it; "" for none


@dataclass(frozen=True, slots=True)
class ChartLine:
    """One line of a chart: segments of text, each with its style."""

    segments: tuple[Segment, ...]

    @property
    def plain(self) -> str:
        return "".join(segment.text for segment in self.segments)


def resample(values: Sequence[int], width: int) -> list[int]:
    """``values`` summed into at most ``width`` consecutive buckets of (nearly) equal size."""
    if width <= 0:
        return []
    if len(values) <= width:
        return list(values)
    buckets = []
    for slot in range(width):
        low = slot * len(values) // width
        high = (slot + 1) * len(values) // width
        buckets.append(sum(values[low:high]))
    return buckets


def sparkline(values: Sequence[int], width: int | None = None, *, top: int | None = None) -> str:
    """One character per value (or per bucket, if ``width`` is smaller): ``·▁▃█``.

    Zero is ``·``; any count above zero shows at least the lowest tick. ``top`` is the value
    drawn full height (default: the largest), so that several lines can share one scale.
    """
    shown = resample(values, width) if width is not None else list(values)
    largest = max(shown, default=0)
    top = largest if top is None else max(top, largest)
    if top <= 0:
        return ZERO * len(shown)
    steps = len(_TICKS)
    return "".join(
        ZERO if value <= 0 else _TICKS[min(steps - 1, (value * steps - 1) // top)]
        for value in shown
    )


def bar(value: float, top: float, width: int) -> str:
    """A horizontal bar for ``value`` out of ``top`` over ``width`` cells, in eighths."""
    if top <= 0 or value <= 0 or width <= 0:
        return ""
    eighths = max(1, round(8 * width * min(value, top) / top))
    full, rest = divmod(eighths, 8)
    return _FULL * full + (_EIGHTHS[rest] if rest else "")


def bars(
    rows: Sequence[tuple[str, int]],
    width: int = 40,
    *,
    style: str = "cyan",
    label_width: int | None = None,
) -> list[ChartLine]:
    """One line per ``(label, value)``: the label, a bar scaled to the largest, the value."""
    if not rows:
        return []
    labels = [clean_line(label) for label, _ in rows]
    pad = label_width if label_width is not None else max(len(label) for label in labels)
    top = max(value for _, value in rows)
    lines = []
    for label, (_, value) in zip(labels, rows, strict=True):
        drawn = bar(value, top, width)
        shown = Segment(drawn or (ZERO if value <= 0 else ""), style if drawn else "dim")
        lines.append(
            ChartLine((Segment(label[:pad].ljust(pad) + " "), shown, Segment(f" {value}")))
        )
    return lines
