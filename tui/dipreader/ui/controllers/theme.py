"""The theme kept between runs: ``settings.json`` in the config folder
(:mod:`dipreader.core.settings.preferences`).

At the start the theme chosen last time is taken; a bad or unknown one is said in a notice and
the default kept. From then on, every change of theme (the palette's) is saved; a theme that
cannot be saved is said too, and the reader goes on in it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dipreader.core.settings import preferences

if TYPE_CHECKING:
    from textual.app import App
    from textual.theme import Theme


class KeptTheme:
    """Restores the app's theme at the start and saves each change of it."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.kept: str | None = None  # the theme settings.json holds

    def restore(self) -> None:
        app = self.app
        settings, problems = preferences.read_settings()
        for problem in problems:
            app.notify(f"{problem}; ignored", title="Settings", severity="warning")
        name = settings.get("theme")
        if isinstance(name, str):
            if name in app.available_themes:
                app.theme = name
            else:
                app.notify(
                    f"{preferences.settings_path()}: no theme is named {name!r}; "
                    f"{app.theme} is used",
                    title="Settings",
                    severity="warning",
                )
        self.kept = name if isinstance(name, str) else None
        app.theme_changed_signal.subscribe(app, self.changed)

    def changed(self, theme: Theme) -> None:
        if theme.name == self.kept:
            return  # the one restored, or chosen again
        problem = preferences.save_setting("theme", theme.name)
        if problem is None:
            self.kept = theme.name
        else:
            self.app.notify(
                f"The theme is not kept for next time: {problem}",
                title="Settings",
                severity="warning",
            )
