"""Who is one person across the corpus: errors on the labelled set, and the cost at scale.

Usage: python bench/identity.py [--speakers N]

First the labelled set of tests/identity_labels.py (the real readouts of ../shared/real and the
invented hard cases) is loaded as the CLI loads it and scored pairwise: speakers of one person
given two ids (wrongly split) and of two people given one (wrongly merged), each pair listed.
Then the time to work out the identities of made-up meetings whose speakers are N distinct
names and their surnames (as a loader does: given as meetings arrive, the rest at the end),
for N and 4N, to show the cost grows with the number of speakers, not its square.
"""

from __future__ import annotations

import argparse
import importlib
import random
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

from dipreader.core.model import Meeting, Sentence, Speaker, speaker_id
from dipreader.core.people.identity import Registry

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "real"


def _labels() -> ModuleType:
    sys.path.insert(0, str(ROOT / "tests"))
    return importlib.import_module("identity_labels")


def score() -> None:
    labels = _labels()
    with tempfile.TemporaryDirectory() as folder:
        meetings, article_of = labels.load_labelled(REAL, Path(folder))
    found, _ = labels.labelled(meetings, article_of, [*labels.REAL, *labels.INVENTED_LABELS])
    wrong = labels.errors(found)
    people = {entry.person for entry in found}
    articles = {entry.article for entry in found}
    print(f"labelled: {len(found)} speakers, {len(people)} people, {len(articles)} articles")
    for kind, pairs in (("split", wrong.split), ("merged", wrong.merged)):
        for one, other in pairs:
            print(
                f"  {kind}: {one.article} {one.name!r} ({one.id})"
                f" / {other.article} {other.name!r} ({other.id})"
            )
    print(f"wrongly split {len(wrong.split)} pairs, wrongly merged {len(wrong.merged)} pairs")


def made_up(count: int, seed: int = 1) -> list[Meeting]:
    """Meetings of two speakers each: ``count`` full names, and as many surnames alone."""
    rng = random.Random(seed)
    syllables = "ka to mi ra no shi ve lo an der sen ko li pa mo ru zi be".split()

    def word() -> str:
        return "".join(rng.choice(syllables) for _ in range(3)).capitalize()

    names = list({f"{word()} {word()}" for _ in range(count)})[:count]
    meetings = []
    for number, name in enumerate(names):
        other = names[(number * 7 + 1) % len(names)].split()[-1]  # someone's surname alone
        speakers = [Speaker(speaker_id(name), name, "Minister"), Speaker(speaker_id(other), other)]
        sentences = [
            Sentence(0, 1, 0, speaker=speakers[0].id),
            Sentence(2, 3, 0, speaker=speakers[1].id),
        ]
        meetings.append(
            Meeting(path=f"{number}.txt", text="a b c", speakers=speakers, sentences=sentences)
        )
    return meetings


def cost(count: int) -> float:
    meetings = made_up(count)
    start = time.perf_counter()
    registry = Registry()
    for meeting in meetings:
        registry.add(meeting)
    registry.apply(registry.plan())
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--speakers", type=int, default=5_000)
    args = parser.parse_args()
    if REAL.is_dir():
        score()
    else:
        print(f"{REAL} is not here: no labelled score")
    for count in (args.speakers, 4 * args.speakers):
        seconds = cost(count)
        print(f"{2 * count:,} speakers in {count:,} meetings: {seconds * 1000:.0f} ms")


if __name__ == "__main__":
    main()
