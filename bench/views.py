"""How long the analyst views take to open, with a large corpus open in the reader.

    python bench/views.py CORPUS_DIR [--phrase PHRASE]
    python bench/views.py --long ARTICLES [ARTICLES ...]

The app runs headless at 120x36 on CORPUS_DIR (make one with ``bench/make_corpus.py``; the
article cache is filled first, so loading does not overlap the measurements). Timed, each
up to the next frame: the speaker view of the speaker with the most statements, the compare
view of the two meetings with the most statements, and the trend view counting PHRASE.
Last line: ``views speaker A s (N statements), compare B s, trend C s, meetings M``.

``--long`` times ``compare`` on two long readouts instead: each ARTICLES generated articles
(``bench/make_corpus.py``) run together into one text, the second sharing half of the first's;
then the compare view on them in the reader, up to its first frame (the comparison is worked
out off the interface thread) and up to the result. One line per size: ``compare long L x R
statements: core A s (partial|whole), view first frame B s, result C s``.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dipreader.core.model import Meeting


async def measure(corpus: str, phrase: str) -> None:
    from dipreader.core.corpus.corpus import load
    from dipreader.ui.app import DipreaderApp
    from dipreader.ui.screens.compare_screen import CompareScreen
    from dipreader.ui.screens.speaker_screen import SpeakerScreen
    from dipreader.ui.screens.trend_screen import TrendScreen

    load([corpus])  # fills the article cache
    app = DipreaderApp([corpus], restore=False)
    async with app.run_test(size=(120, 36)) as pilot:
        while app.loading:
            await pilot.pause(0.1)
        await app.workers.wait_for_complete()
        await pilot.pause()
        meetings = app.meetings
        said = Counter(s.speaker for m in meetings for s in m.sentences if s.speaker)
        speaker, statements = said.most_common(1)[0]

        start = time.perf_counter()
        app.views.show_speaker(speaker)
        await pilot.pause()
        assert isinstance(app.screen, SpeakerScreen)
        speaker_s = time.perf_counter() - start
        await pilot.press("escape")
        await pilot.pause()

        first, second = sorted(meetings, key=lambda m: -len(m.sentences))[:2]
        start = time.perf_counter()
        app.views.compare(first, second)
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        compare_s = time.perf_counter() - start
        await pilot.press("escape")
        await pilot.pause()

        start = time.perf_counter()
        await app.views.trend(phrase)
        screen = app.screen
        assert isinstance(screen, TrendScreen)
        while screen.result is None:
            await pilot.pause(0.01)
        await pilot.pause()
        trend_s = time.perf_counter() - start
        print(f"speaker {speaker}: {statements:,} statements")
        print(f"compare: {len(first.sentences)} and {len(second.sentences)} sentences")
        print(f"trend {phrase!r}: {screen.result.total:,} mentions")
        print(
            f"views speaker {speaker_s:.2f} s ({statements:,} statements), "
            f"compare {compare_s:.2f} s, trend {trend_s:.2f} s, meetings {len(meetings):,}"
        )


def long_pair(articles: int, seed: int = 0) -> tuple[Meeting, Meeting]:
    """Two long readouts: ``articles`` generated articles each, half of them shared."""
    from datetime import date

    from dipreader.core.reading.readout import read_meeting

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import make_corpus

    writer = make_corpus._Writer(random.Random(seed), make_corpus._people())
    texts = [writer.article(date(2024, 1, 1)) for _ in range(articles * 3 // 2)]
    bodies = [text.split("\n", 1)[-1] for text in texts]
    half = articles // 2
    left = "\n\n".join([texts[0], *bodies[1:articles]])
    right = "\n\n".join([texts[half], *bodies[half + 1 :]])
    return read_meeting(left, "left.txt"), read_meeting(right, "right.txt")


async def measure_long(articles: int) -> None:
    from dipreader.core.analysis.compare import compare
    from dipreader.ui.app import DipreaderApp
    from dipreader.ui.screens.compare_screen import CompareScreen

    first, second = long_pair(articles)
    start = time.perf_counter()
    result = compare(first, second)
    core_s = time.perf_counter() - start
    app = DipreaderApp(["long"], loader=lambda paths: iter([first, second]), restore=False)
    async with app.run_test(size=(120, 36)) as pilot:
        while app.loading:
            await pilot.pause(0.05)
        await app.workers.wait_for_complete()
        await pilot.pause()
        start = time.perf_counter()
        app.views.compare(first, second)
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        frame_s = time.perf_counter() - start
        await app.workers.wait_for_complete()
        await pilot.pause()
        result_s = time.perf_counter() - start
    print(
        f"compare long {len(result.left_items):,} x {len(result.right_items):,} statements: "
        f"core {core_s:.2f} s ({'partial' if result.limited else 'whole'}), "
        f"view first frame {frame_s:.2f} s, result {result_s:.2f} s"
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, nargs="?")
    parser.add_argument("--phrase", default="supply chain")
    parser.add_argument("--long", type=int, nargs="+", metavar="ARTICLES")
    args = parser.parse_args(argv)
    if args.long:
        for articles in args.long:
            asyncio.run(measure_long(articles))
        return 0
    if args.corpus is None:
        parser.error("a corpus folder, or --long")
    asyncio.run(measure(str(args.corpus), args.phrase))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
