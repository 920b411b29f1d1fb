"""Speaker colours: one person, one colour, in every meeting, view and session.

A person's colour is a function of their id alone (core/people/identity.py gives one person one id
across the corpus): a stable hash (never Python's salted ``hash``) of the id's words in
alphabetical order, so "kishida-fumio" and "fumio-kishida" are one colour too. It never
depends on who else is in the meeting, so the same person keeps it beside any partner.

Eight hues cannot keep every two people of a meeting apart. When two speakers of one meeting
share a hue, neither changes colour: the later by id is told apart by a second channel, an
underline of their words (a double underline, then an overline as well, for a third and
fourth), and a different swatch in the legend, which says what the underline means.

Each hue has a dark-theme and a light-theme shade, both chosen for contrast against that
theme's background.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from rich.style import Style


@dataclass(frozen=True, slots=True)
class Hue:
    name: str
    dark: str  # shade for dark themes (light enough on a dark background)
    light: str  # shade for light themes (dark enough on a light background)


PALETTE: tuple[Hue, ...] = (
    Hue("blue", "#6cb6ff", "#0b5cad"),
    Hue("orange", "#f0a04b", "#974a00"),
    Hue("green", "#5fd38d", "#136a33"),
    Hue("magenta", "#e58fd8", "#992a8c"),
    Hue("teal", "#4fd1c5", "#006963"),
    Hue("red", "#ff7b72", "#b42318"),
    Hue("yellow", "#e3c54f", "#735c00"),
    Hue("violet", "#b392f0", "#5b3fb5"),
)

# The legend's swatch of a speaker: a full block for the first of a hue in a meeting, then
# lighter ones for those told apart by the second channel.
SWATCHES = ("█", "▓", "▒", "░")
MARK_NAMES = ("", "underlined", "double underlined", "under- and overlined")


def home_slot(speaker_id: str) -> int:
    """The palette slot of a person: from the words of their id, in any order."""
    key = "-".join(sorted(speaker_id.split("-")))
    digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=4).digest()
    return int.from_bytes(digest, "big") % len(PALETTE)


def hue_of(speaker_id: str) -> Hue:
    """A person's hue, the same wherever they are."""
    return PALETTE[home_slot(speaker_id)]


@dataclass(frozen=True, slots=True)
class Look:
    """How one speaker of one meeting is drawn: their hue, and ``mark`` 0 when no earlier
    speaker of the meeting (by id) has that hue, else 1, 2, 3 for the second channel."""

    hue: Hue
    mark: int = 0

    @property
    def swatch(self) -> str:
        return SWATCHES[min(self.mark, len(SWATCHES) - 1)]

    @property
    def mark_name(self) -> str:
        return MARK_NAMES[min(self.mark, len(MARK_NAMES) - 1)]

    def style(self, dark: bool) -> Style:
        """The colour and, if shared, the second channel (never anything else)."""
        colour = shade(self.hue, dark)
        if self.mark == 0:
            return Style(color=colour)
        if self.mark == 1:
            return Style(color=colour, underline=True)
        if self.mark == 2:
            return Style(color=colour, underline2=True)
        return Style(color=colour, underline=True, overline=True)


def looks(speaker_ids: Iterable[str]) -> dict[str, Look]:
    """How the speakers of one meeting are drawn: each in their own hue; of those sharing
    one, the first by id plain, the later ones marked (the order they are listed in does
    not matter)."""
    found: dict[str, Look] = {}
    sharing: dict[int, int] = {}
    for sid in sorted(set(speaker_ids)):
        slot = home_slot(sid)
        mark = sharing.get(slot, 0)
        sharing[slot] = mark + 1
        found[sid] = Look(PALETTE[slot], mark)
    return found


def speaker_style(speaker_ids: Iterable[str], speaker_id: str, dark: bool) -> Style:
    """The style of ``speaker_id`` among the speakers of one meeting."""
    # Cached by the meeting's speakers: a view of many sentences asks again and again.
    look = _looks_of(tuple(speaker_ids)).get(speaker_id)
    return look.style(dark) if look is not None else Style(color=shade(hue_of(speaker_id), dark))


@functools.lru_cache(maxsize=64)
def _looks_of(speaker_ids: tuple[str, ...]) -> dict[str, Look]:
    return looks(speaker_ids)


def shade(hue: Hue, dark: bool) -> str:
    return hue.dark if dark else hue.light
