"""Reading time of generated worst cases: each ~1 MB of text built to stress one part of the
reading (repeated attributions, thousands of names, lists of subjects, labels, quotes).

Usage: python bench/worst_case.py [--kb KB]

Prints seconds per 100 KB for each; the target is at most 0.5 s per 100 KB on any input.
``tests/test_linear.py`` checks the same cases for linear growth by counting calls, which
unlike a clock does not vary with the machine.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable

from dipreader.core.reading.readout import read_meeting


def _syllables(rng: random.Random, count: int) -> str:
    return "".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(count))


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda size: unit * (size // len(unit) + 1)


def _distinct(part: Callable[[random.Random], str], separator: str) -> Callable[[int], str]:
    """Parts made by ``part`` from a seeded generator, joined until ``size`` characters."""

    def make(size: int) -> str:
        rng = random.Random(size)
        parts: list[str] = []
        total = 0
        while total < size:
            parts.append(part(rng))
            total += len(parts[-1]) + len(separator)
        return separator.join(parts)

    return make


def _person_speaks(rng: random.Random) -> str:
    given, family = _syllables(rng, 3).capitalize(), _syllables(rng, 3).capitalize() + "ov"
    return (
        f"Foreign Minister {given} {family} said the talks went well. He added that more "
        f"was needed. The Minister stressed peace."
    )


def _speaker_label(rng: random.Random) -> str:
    name = f"{_syllables(rng, 2).capitalize()} {_syllables(rng, 3).capitalize()}"
    return f"Deputy Prime Minister {name}: Thank you, we agreed on much."


def _surname_says(rng: random.Random) -> str:
    return f"{_syllables(rng, 3).capitalize()} said it."


CASES: dict[str, Callable[[int], str]] = {
    "they said, no full stop": _repeat("they said "),
    "He said.": _repeat("He said. "),
    "X, Y, Z, said": _repeat("X, Y, Z, said "),
    "Wang and Wang and": _repeat("Wang and "),
    "The two sides agreed.": _repeat("The two sides agreed. "),
    "capitalised words": _repeat("Aaa Bbb "),
    "quotation marks": _repeat('"a" '),
    "one long word": _repeat("a"),
    "distinct people speaking": _distinct(_person_speaks, " "),
    "distinct speaker labels": _distinct(_speaker_label, "\n\n"),
    "distinct surnames": _distinct(_surname_says, " "),
}


def seconds(text: str) -> float:
    start = time.process_time()
    read_meeting(text, "worst-case")
    return time.process_time() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=int, default=1000, help="size of each case (KB)")
    args = parser.parse_args(argv)
    size = args.kb * 1000
    worst = 0.0
    print(f"{'case':28} {'KB':>6} {'s':>7} {'s/100KB':>8}")
    for name, make in CASES.items():
        text = make(size)[:size]
        took = seconds(text)
        per = took / (len(text) / 100_000)
        worst = max(worst, per)
        print(f"{name:28} {len(text) / 1000:6.0f} {took:7.2f} {per:8.3f}", flush=True)
    print(f"worst case {worst:.3f} s per 100 KB (target: at most 0.5)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
