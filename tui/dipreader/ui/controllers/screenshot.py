"""The palette's "Screenshot": an SVG of the screen, saved where the user can find it.

Textual's own ``deliver_screenshot`` saves to the Downloads folder and, where there is none,
says only "Failed to save screenshot". Here: the folder asked for, else the current one, else
(a folder that cannot be written, or is gone) the data folder's ``screenshots``; a new file
every time, never one written over, and the notice names it.
"""

from __future__ import annotations

import contextlib
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dipreader.core.settings import locations

if TYPE_CHECKING:
    from textual.app import App


def save_screenshot(
    app: App[Any],
    filename: str | None = None,
    path: str | None = None,
    time_format: str | None = None,
) -> str | None:
    """Save an SVG of ``app``'s screen and say where; the path saved to, or None."""
    svg = app.export_screenshot()
    stamp = datetime.now().strftime(time_format or "%Y-%m-%dT%H-%M-%S")
    name = filename or f"dipreader-{stamp}.svg"
    folders: list[Path] = []
    if path:
        folders.append(Path(path))
    else:
        with contextlib.suppress(OSError):  # the folder started in may be gone
            folders.append(Path.cwd())
        folders.append(locations.screenshots_dir())
    problem: OSError | None = None
    for folder in folders:
        try:
            saved = save_new(folder, name, svg)
        except OSError as error:
            problem = problem or error
            continue
        app.notify(f"Saved to {saved}", title="Screenshot", timeout=10)
        return str(saved)
    reason = problem.strerror if problem and problem.strerror else type(problem).__name__
    app.notify(f"Not saved in {folders[0]}: {reason}", title="Screenshot", severity="error")
    return None


def save_new(folder: Path, name: str, text: str) -> Path:
    """Write ``text`` to a new file ``name`` in ``folder`` (made if need be), or to
    ``name-2`` and so on beside it: an earlier file is never written over."""
    folder.mkdir(parents=True, exist_ok=True)
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    for number in range(1, 1000):
        candidate = folder / (name if number == 1 else f"{stem}-{number}{dot}{suffix}")
        try:
            handle = candidate.open("x", encoding="utf-8")
        except FileExistsError:
            continue
        try:
            with handle:
                handle.write(text)
        except OSError:
            candidate.unlink(missing_ok=True)  # never a half picture
            raise
        return candidate
    raise FileExistsError(f"{folder / name} and 998 others exist")
