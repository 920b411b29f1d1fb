"""The meeting list's filter box: ``escape`` steps back out of it to the list."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input


class FilterInput(Input):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Back to the list", id="filter.leave"),
    ]

    class Left(Message):
        """The user stepped out of the filter (the filter itself stays as typed)."""

    def action_leave(self) -> None:
        self.post_message(self.Left())
