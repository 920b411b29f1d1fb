"""How long the analyst views take to open, with a large corpus open in the reader.

    python bench/views.py CORPUS_DIR [--phrase PHRASE]

The app runs headless at 120x36 on CORPUS_DIR (make one with ``bench/make_corpus.py``; the
article cache is filled first, so loading does not overlap the measurements). Timed, each
up to the next frame: the speaker view of the speaker with the most statements, the compare
view of the two meetings with the most statements, and the trend view counting PHRASE.
Last line: ``views speaker A s (N statements), compare B s, trend C s, meetings M``.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections import Counter
from pathlib import Path


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


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--phrase", default="supply chain")
    args = parser.parse_args(argv)
    asyncio.run(measure(str(args.corpus), args.phrase))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
