"""How long the reader takes to move the cursor and to open a meeting, with a large corpus open.

    python bench/ui.py CORPUS_DIR [--keys N]

The app runs headless at 120x36 on CORPUS_DIR (the article cache is filled first, so loading
does not overlap the measurements). Each step is the action itself (a cursor move, opening a
meeting) plus drawing the next frame: the article's visible lines and the whole screen
through Textual's compositor. A key press through the test pilot is also timed; most of that
is the pilot's own waiting.
Last line: ``ui cursor p50 A ms, p95 B ms, open p50 C ms, p95 D ms, meetings N``.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def measure(corpus: str, keys: int) -> None:
    from dipreader.core.corpus.corpus import load
    from dipreader.ui.app import DipreaderApp

    load([corpus])  # fill the article cache: the app then loads warm
    app = DipreaderApp([corpus], restore=False)
    async with app.run_test(size=(120, 36)) as pilot:
        for _ in range(600):
            if not app.loading:
                break
            await pilot.pause(0.05)
        await app.workers.wait_for_complete()
        await pilot.pause()
        view = app.article
        view.focus()
        await pilot.pause()
        height = view.scrollable_content_region.height

        def frame() -> None:
            # What the next frame costs: the article's visible lines and the whole screen.
            for y in range(height):
                view.render_line(y)
            app.screen._compositor.render_strips()

        def timed(action: object, count: int) -> list[float]:
            times = []
            for _ in range(count):
                started = time.perf_counter()
                action()  # type: ignore[operator]
                frame()
                times.append((time.perf_counter() - started) * 1000)
            return times

        floor = timed(lambda: None, keys)  # the frame alone, nothing changed
        cursor: list[float] = []
        for _ in range(max(1, keys // 10)):
            cursor += timed(view.action_cursor_down, 10)
            view.action_first()
        meetings = app.meetings
        step = max(1, len(meetings) // keys)
        chosen = iter(meetings[::step])
        opening = timed(lambda: app.open_meeting(next(chosen)), min(keys, len(meetings[::step])))
        # And as a user does it: a real key press through Textual, until the app is idle.
        pressed = []
        for _ in range(20):
            started = time.perf_counter()
            await pilot.press("j")
            pressed.append((time.perf_counter() - started) * 1000)
        count = len(meetings)
    print(f"a frame with nothing changed: p50 {statistics.median(floor):.2f} ms")
    print(
        f"cursor move + frame: p50 {statistics.median(cursor):.2f} ms, "
        f"p95 {percentile(cursor, 0.95):.2f} ms, max {max(cursor):.2f} ms ({len(cursor)} moves)"
    )
    print(
        f"open a meeting + frame: p50 {statistics.median(opening):.2f} ms, "
        f"p95 {percentile(opening, 0.95):.2f} ms, max {max(opening):.2f} ms "
        f"({len(opening)} meetings)"
    )
    print(
        f"key press through the test pilot until idle (pilot's own waits included): "
        f"p50 {statistics.median(pressed):.0f} ms"
    )
    print(
        f"ui cursor p50 {statistics.median(cursor):.2f} ms, p95 {percentile(cursor, 0.95):.2f} ms, "
        f"open p50 {statistics.median(opening):.2f} ms, p95 {percentile(opening, 0.95):.2f} ms, "
        f"meetings {count}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus")
    parser.add_argument("--keys", type=int, default=200)
    args = parser.parse_args()
    asyncio.run(measure(args.corpus, args.keys))


if __name__ == "__main__":
    try:
        import dipreader  # noqa: F401  (installed: measure that, compiled or not)
    except ImportError:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tui"))
    main()
