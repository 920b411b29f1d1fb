"""The terminal driver: Textual's own, giving the terminal back before its input thread ends.

Textual's Linux driver stops its input thread first and restores the terminal after. That
thread polls every 0.1 s and polls once more on its way out, so ``ctrl+q`` took 0.2 s to
show the shell again, however idle the reader was. Here the screen, the cursor and the
terminal's modes are restored first; the thread then stops as before, while the user already
has the prompt back.
"""

from __future__ import annotations

import contextlib
import termios

from textual.driver import Driver
from textual.drivers.linux_driver import LinuxDriver


class PromptFirstDriver(LinuxDriver):
    """Textual's Linux driver with the terminal restored before input stops."""

    def stop_application_mode(self) -> None:
        self._disable_mouse_support()  # no mouse reports printed at the prompt
        self._disable_bracketed_paste()
        self._enable_line_wrap()
        self._disable_in_band_window_resize()
        if self.attrs_before is not None:
            with contextlib.suppress(termios.error):
                termios.tcsetattr(self.fileno, termios.TCSANOW, self.attrs_before)
        # The Kitty keyboard protocol is popped before leaving the alternate screen, whose own
        # stack it is; then the main screen and the cursor come back.
        self.write("\x1b[<u")
        self.write("\x1b[?1049l")
        self.write("\x1b[?25h")
        self.write("\x1b[?1004l")
        self.flush()
        self.disable_input()


def prompt_first(driver: type[Driver]) -> type[Driver]:
    """``driver``, or the prompt-first one where ``driver`` is Textual's Linux driver."""
    return PromptFirstDriver if driver is LinuxDriver else driver
