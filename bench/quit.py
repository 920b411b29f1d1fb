"""Time from ``ctrl+q`` to the terminal given back, in a pseudo-terminal, during the load of
the hostile folder (``tests/hostile.py``: a 20 MB file, a 2 MB line, pipes, links, 100,000
files that are no articles) and on an idle reader.

    python bench/quit.py [--runs N]

``ctrl+q`` is sent at several moments after the reader took the screen; "terminal back" is
when the sequence that leaves the alternate screen arrives, "gone" when the process has
ended. The target is the terminal back within 0.2 s at any moment (issue 17).
Last line: ``quit terminal back worst W s, median M s; process gone worst G s``.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import pty
import select
import shutil
import statistics
import struct
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DELAYS = (0.1, 0.3, 0.5, 0.8, 1.2, 2.0)  # seconds after the screen was taken


def one_quit(command: list[str], delay: float, home: Path) -> tuple[float, float]:
    """(terminal back, process gone), in seconds after ``ctrl+q``."""
    env = dict(os.environ, TERM="xterm-256color")
    for name in ("DIPREADER_CACHE_DIR", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
        env[name] = tempfile.mkdtemp(dir=home)  # a new user: nothing cached, nothing to resume
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(command[0], command, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    output = bytearray()

    def pump(timeout: float) -> bool:
        ready, _, _ = select.select([fd], [], [], timeout)
        if ready:
            try:
                output.extend(os.read(fd, 65536))
            except OSError:
                return False  # the child has gone
        return True

    started = time.perf_counter()
    while b"\x1b[?1049h" not in output:
        if time.perf_counter() - started > 30 or not pump(0.01):
            raise SystemExit("the reader never took the screen")
    taken = time.perf_counter()
    while time.perf_counter() - taken < delay:
        pump(0.005)
    mark = len(output)
    os.write(fd, b"\x11")  # ctrl+q
    sent = time.perf_counter()
    back = float("inf")
    while time.perf_counter() - sent < 60:
        alive = pump(0.002)
        if back == float("inf") and b"\x1b[?1049l" in output[mark:]:
            back = time.perf_counter() - sent
        if not alive or os.waitpid(pid, os.WNOHANG)[0]:
            break
    gone = time.perf_counter() - sent
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)
    os.close(fd)
    return back, gone


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=1, help="rounds of every moment")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "tests"))
    from hostile import make_hostile_folder  # the tests' hostile folder, made afresh

    dipreader = shutil.which("dipreader") or str(Path(sys.executable).with_name("dipreader"))
    backs: list[float] = []
    gones: list[float] = []
    with tempfile.TemporaryDirectory(prefix="dipreader-bench-quit-") as scratch:
        home = Path(scratch)
        hostile = home / "hostile"
        make_hostile_folder(hostile)
        for name, command in (
            ("hostile load", [dipreader, str(hostile)]),
            ("idle, samples", [dipreader]),
        ):
            for _round in range(max(1, args.runs)):
                for delay in DELAYS:
                    back, gone = one_quit(command, delay, home)
                    backs.append(back)
                    gones.append(gone)
                    print(
                        f"{name}: ctrl+q {delay:.1f} s after the screen was taken: terminal "
                        f"back {back:.3f} s, process gone {gone:.3f} s",
                        flush=True,
                    )
    print(
        f"quit terminal back worst {max(backs):.3f} s, median {statistics.median(backs):.3f} s; "
        f"process gone worst {max(gones):.3f} s"
    )


if __name__ == "__main__":
    main()
