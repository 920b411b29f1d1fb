"""Every place dipreader keeps files, in one module.

Tests and users point these elsewhere with ``DIPREADER_DATA_DIR``, ``DIPREADER_CONFIG_DIR`` and
``DIPREADER_CACHE_DIR`` (the CLI's ``--data-dir`` sets the first).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "dipreader"


def data_dir() -> Path:
    """Where the user's own work lives: bookmarks, notes, the last place read."""
    override = os.environ.get("DIPREADER_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME))


def config_dir() -> Path:
    """Where the user's settings live: the keymap."""
    override = os.environ.get("DIPREADER_CONFIG_DIR")
    return Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME))


def cache_dir() -> Path:
    """Where derived data lives; anything here may be deleted at any time."""
    override = os.environ.get("DIPREADER_CACHE_DIR")
    return Path(override) if override else Path(platformdirs.user_cache_dir(APP_NAME))


def screenshots_dir() -> Path:
    """Where the palette's screenshots go when the current folder cannot take them."""
    return data_dir() / "screenshots"


def store_path() -> Path:
    return data_dir() / "notes.sqlite3"


def state_path() -> Path:
    return data_dir() / "state.json"


def seeds_dir() -> Path:
    """The bundled sample articles: inside the wheel, or beside the source in a checkout."""
    packaged = Path(__file__).resolve().parents[2] / "seeds"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[4] / "seeds"
