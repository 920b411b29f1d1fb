"""Speaker colours: the same speaker gets the same colour in every meeting.

A colour is chosen from a stable hash of the speaker's id (never Python's salted ``hash``), so
it survives restarts. Each palette entry has a dark-theme and a light-theme shade of one hue,
both chosen for contrast against that theme's background.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass


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


def home_slot(speaker_id: str) -> int:
    """The palette slot a speaker id hashes to."""
    digest = hashlib.blake2b(speaker_id.encode("utf-8", "surrogatepass"), digest_size=4).digest()
    return int.from_bytes(digest, "big") % len(PALETTE)


def assign(speaker_ids: Iterable[str]) -> dict[str, Hue]:
    """Hues for the speakers of one meeting.

    Each speaker takes its home slot; when two speakers of the same meeting hash to the same
    slot, the later one (by id, so the outcome does not depend on order) takes the next free
    slot, since two speakers in one colour would defeat the point of colouring.
    """
    taken: set[int] = set()
    hues: dict[str, Hue] = {}
    for sid in sorted(set(speaker_ids)):
        slot = home_slot(sid)
        if len(taken) < len(PALETTE):
            while slot in taken:
                slot = (slot + 1) % len(PALETTE)
        taken.add(slot)
        hues[sid] = PALETTE[slot]
    return hues


def shade(hue: Hue, dark: bool) -> str:
    return hue.dark if dark else hue.light
