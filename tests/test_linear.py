"""Reading grows linearly with the text on generated worst cases (``bench/worst_case.py``).

Work is counted as the calls the reading makes (Python and C functions), not time: the count
is the same on every machine, so doubling the text must about double it. A quadratic corner
(every verb looking at every name before it, a cast re-indexed at every new person) makes
the count four times larger.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from dipreader.core.reading.readout import read_meeting
from repo_modules import bench

ROOT = Path(__file__).resolve().parent.parent


CASES = bench("worst_case").CASES


def _clear_caches() -> None:
    """Reading caches what it saw (names, roles): each count starts from nothing."""
    for name, module in list(sys.modules.items()):
        if not name.startswith("dipreader.core."):
            continue
        for value in vars(module).values():
            clear = getattr(value, "cache_clear", None)
            if callable(clear):
                clear()


def calls(text: str) -> int:
    count = 0

    def profile(_frame: FrameType, event: str, _arg: Any) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    _clear_caches()
    sys.setprofile(profile)
    try:
        read_meeting(text, "worst-case")
    finally:
        sys.setprofile(None)
    return count


@pytest.mark.parametrize("name", sorted(CASES))
def test_reading_is_linear_in_the_text(name: str) -> None:
    make = CASES[name]
    small, large = make(20_000)[:20_000], make(40_000)[:40_000]
    ratio = calls(large) / calls(small)
    assert ratio < 2.6, f"{name}: twice the text took {ratio:.1f} times the calls"
