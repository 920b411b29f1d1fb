"""Shared test set-up: private data, config and cache folders, and the Hypothesis profiles."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# "default" keeps the suite quick; "fuzz" (DIPREADER_HYPOTHESIS_PROFILE=fuzz, run by .ci/run
# for the tests marked ``fuzz``) gives every fuzz target at least 10,000 examples.
settings.register_profile("default", max_examples=100, deadline=None)
settings.register_profile(
    "fuzz",
    max_examples=10_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("DIPREADER_HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(autouse=True)
def private_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data, config and cache folders: the user's are never touched."""
    base = tmp_path_factory.mktemp("dipreader-home")
    monkeypatch.setenv("DIPREADER_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("DIPREADER_CONFIG_DIR", str(base / "config"))
    monkeypatch.setenv("DIPREADER_CACHE_DIR", str(base / "cache"))
    return base
