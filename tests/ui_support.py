"""Helpers shared by the UI tests: build meetings by hand and wait for the app to settle."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date

from textual.pilot import Pilot

from dipreader.core.model import Kind, Meeting, Sentence, Speaker
from dipreader.core.text.safe import clean
from dipreader.ui.app import DipreaderApp

WANG = Speaker("wang-yi", "Wang Yi", "Foreign Minister", "China")
PARK = Speaker("park-jin", "Park Jin", "Foreign Minister", "South Korea")


def make_meeting(
    parts: Iterable[tuple[str, str]],
    *,
    path: str = "made/meeting.txt",
    day: date | None = date(2024, 1, 2),
    venue: str | None = "Testville",
    speakers: tuple[Speaker, ...] = (WANG, PARK),
) -> Meeting:
    """A meeting from ``(label, sentence)`` pairs: a speaker id, ``joint`` or ``narration``;
    a sentence ending in a newline ends its paragraph."""
    text = ""
    sentences: list[Sentence] = []
    paragraph = 0
    for label, body in parts:
        stripped = body.rstrip("\n")
        start = len(text)
        text += stripped
        if label in ("joint", "narration"):
            kind, who = Kind(label), None
        else:
            kind, who = Kind.STATEMENT, label
        sentences.append(Sentence(start, len(text), paragraph, kind, who))
        if body.endswith("\n"):
            text += "\n\n"
            paragraph += 1
        else:
            text += " "
    return Meeting(
        path=path,
        text=text.rstrip(),
        date=day,
        venue=venue,
        speakers=list(speakers),
        sentences=sentences,
    )


def loader_of(*items: object) -> Callable[[list[str]], Iterator[object]]:
    """A loader (paths -> items) that yields the given meetings and problems."""

    def load(paths: list[str]) -> Iterator[object]:
        yield from items

    return load


async def settle(app: DipreaderApp, pilot: Pilot[int]) -> None:
    """Wait until loading has finished and every message it caused is handled."""
    for _ in range(400):  # at most 20 s: loading runs in a thread
        if not app.loading:
            break
        await pilot.pause(0.05)
    await app.workers.wait_for_complete()
    await pilot.pause()


async def settled(pilot: Pilot[int]) -> None:
    """:func:`settle` for callbacks that get only the pilot (snapshot ``run_before``)."""
    app = pilot.app
    assert isinstance(app, DipreaderApp)
    await settle(app, pilot)


def article_line_text(app: DipreaderApp, y: int) -> str:
    view = app.article
    return "".join(segment.text for segment in view.render_line(y))


def visible_text(app: DipreaderApp) -> str:
    view = app.article
    height = view.scrollable_content_region.height
    return "\n".join(article_line_text(app, y) for y in range(height))


__all__ = [
    "PARK",
    "WANG",
    "article_line_text",
    "clean",
    "loader_of",
    "make_meeting",
    "settle",
    "settled",
]
