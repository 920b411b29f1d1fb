"""A saved web page in the reader: its address is on the screen, and ``o`` opens it."""

from __future__ import annotations

from pathlib import Path

import pytest

from dipreader.core.settings import locations
from dipreader.ui.app import DipreaderApp
from ui_support import settle

URL = "https://ministry.example/news/2024/talks-in-oslo"
PAGE = f"""<!DOCTYPE html><html><head><title>Talks in Oslo | Example Ministry</title>
<meta property="og:site_name" content="Example Ministry">
<link rel="canonical" href="{URL}"></head>
<body><nav><a href="/">Home</a></nav><article><h1>Talks in Oslo</h1>
<p>The foreign ministers met in Oslo on Monday.</p>
<p>They agreed to meet again in the spring.</p></article></body></html>"""


@pytest.fixture
def page_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "talks.html").write_text(PAGE, encoding="utf-8")
    return folder


async def test_the_article_pane_shows_the_pages_address_and_o_opens_it(
    page_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(DipreaderApp, "open_url", lambda self, url, **kw: opened.append(url))
    app = DipreaderApp([str(page_folder)])
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        screen = app.export_screenshot().replace("&#160;", " ")
        assert URL in screen
        assert "Talks in Oslo" in screen
        assert "Home" not in screen
        await pilot.press("tab", "o")
        await pilot.pause()
    assert opened == [URL]


async def test_o_on_an_article_without_an_address_says_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(DipreaderApp, "open_url", lambda self, url, **kw: opened.append(url))
    app = DipreaderApp([str(locations.seeds_dir())])
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("tab", "o")
        await pilot.pause()
        messages = [str(n.message) for n in app._notifications]
    assert not opened
    assert any("no web address" in message for message in messages)
