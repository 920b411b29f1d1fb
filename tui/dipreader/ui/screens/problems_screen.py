"""Every load problem: which file (and line) and why, shown as data, never as markup."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from dipreader.core.text.safe import clean_line


@dataclass(frozen=True, slots=True)
class ProblemLine:
    """A load problem as the screen shows it (from ``corpus.Problem`` or anything like it)."""

    path: str
    reason: str
    severity: str = "error"
    line: int = 0

    @classmethod
    def of(cls, problem: object) -> ProblemLine:
        return cls(
            path=str(getattr(problem, "path", "?")),
            reason=str(getattr(problem, "reason", problem)),
            severity=str(getattr(problem, "severity", "error")),
            line=int(getattr(problem, "line", 0) or 0),
        )

    @property
    def where(self) -> str:
        shown = clean_line(self.path)
        return f"{shown}:{self.line}" if self.line else shown


class ProblemsScreen(ModalScreen[None]):
    """A table of load problems; escape closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,P", "dismiss", "Close", id="problems.close"),
    ]

    def __init__(self, problems: list[ProblemLine]) -> None:
        super().__init__()
        self.problems = problems

    def compose(self) -> ComposeResult:
        errors = sum(1 for p in self.problems if p.severity == "error")
        with Vertical(id="problems-box"):
            warnings = len(self.problems) - errors
            title = f"Load problems: {errors:,} not loaded"
            if warnings:
                title += f", {warnings:,} loaded with a warning (in italics)"
            yield Static(Text(title, style=Style(bold=True)), id="problems-title")
            table: DataTable[Text] = DataTable(id="problems-table", cursor_type="row")
            yield table
            yield Static(Text("escape closes", style=Style(dim=True)))

    def on_mount(self) -> None:
        table: DataTable[Text] = self.query_one(DataTable)
        table.add_column(Text("File"), key="file")
        table.add_column(Text("Problem"), key="reason")
        for problem in self.problems:
            reason = Text(clean_line(problem.reason))
            if problem.severity != "error":
                reason.stylize("italic")
            table.add_row(Text(problem.where), reason)
        table.focus()

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
