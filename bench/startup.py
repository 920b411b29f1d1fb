"""Time to the first frame: dipreader on the sample articles against a bare Textual app.

    python bench/startup.py [--runs N]

Each run starts a fresh Python process, as a user's shell does, and times from the spawn to
the app's first refresh (headless), so interpreter start and imports count for both apps.
The median of N runs of each, interleaved. Marks are written with ``os.write``: Textual
captures ``print`` while an app runs. Also printed: when the sample meetings were listed.
Last line: ``startup first-frame S s, bare textual B s, ratio R``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD_BARE = """
import os

from textual.app import App
from textual.widgets import Footer, Header, Static

class Bare(App[None]):
    def compose(self):
        yield Header()
        yield Static("hello")
        yield Footer()

    def on_mount(self) -> None:
        self.call_after_refresh(self.first_frame)

    def first_frame(self) -> None:
        os.write(1, b"first-frame\\n")
        self.exit()

Bare().run(headless=True, size=(120, 36))
"""

CHILD_DIPREADER = """
import os
from pathlib import Path

import dipreader.ui.app
from dipreader.ui.app import DipreaderApp

class Timed(DipreaderApp):
    # Textual resolves a relative CSS path beside the subclass's file: point at the app's.
    CSS_PATH = str(Path(dipreader.ui.app.__file__).parent / DipreaderApp.CSS_PATH)

    def on_mount(self) -> None:
        self.call_after_refresh(self.first_frame)
        self.set_interval(0.005, self.poll_loaded)

    def first_frame(self) -> None:
        os.write(1, b"first-frame\\n")

    def poll_loaded(self) -> None:
        if not self.loading:
            os.write(1, b"loaded\\n")
            self.exit()

Timed(None).run(headless=True, size=(120, 36))
"""


def run_child(script: str, env: dict[str, str]) -> dict[str, float]:
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, script], stdout=subprocess.PIPE, text=True, env=env)
    marks: dict[str, float] = {}
    assert process.stdout is not None
    for line in process.stdout:
        marks.setdefault(line.strip(), time.perf_counter() - started)
    process.wait(timeout=60)
    if "first-frame" not in marks:
        raise SystemExit(f"{script} printed no first frame (exit {process.returncode}): {marks}")
    return marks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    source_root = str(Path(__file__).resolve().parent.parent / "tui")
    bare: list[float] = []
    ours: list[float] = []
    listed: list[float] = []
    with tempfile.TemporaryDirectory(prefix="dipreader-bench-") as home:
        env = dict(
            os.environ,
            DIPREADER_DATA_DIR=os.path.join(home, "data"),
            DIPREADER_CACHE_DIR=os.path.join(home, "cache"),
            PYTHONPATH=source_root + os.pathsep + os.environ.get("PYTHONPATH", ""),
        )
        # Scripts in files, not ``-c``: Textual finds an app's CSS beside its source file.
        bare_script = os.path.join(home, "bare_app.py")
        our_script = os.path.join(home, "timed_dipreader.py")
        Path(bare_script).write_text(CHILD_BARE, encoding="utf-8")
        Path(our_script).write_text(CHILD_DIPREADER, encoding="utf-8")
        run_child(our_script, env)  # warm the OS file cache and the article cache
        run_child(bare_script, env)
        for _ in range(args.runs):
            bare.append(run_child(bare_script, env)["first-frame"])
            marks = run_child(our_script, env)
            ours.append(marks["first-frame"])
            listed.append(marks.get("loaded", float("nan")))
    first, base = statistics.median(ours), statistics.median(bare)
    print(f"bare textual first frame: {', '.join(f'{t:.3f}' for t in bare)} s")
    print(f"dipreader first frame:    {', '.join(f'{t:.3f}' for t in ours)} s")
    print(f"dipreader meetings listed: median {statistics.median(listed):.3f} s")
    print(f"startup first-frame {first:.3f} s, bare textual {base:.3f} s, ratio {first / base:.2f}")


if __name__ == "__main__":
    main()
