"""Modules of the repository that are not in the package (benches, the build hook), loaded
from their files for the tests that use them."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def load_module(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(name, module)  # dataclasses look their module up while defined
    spec.loader.exec_module(module)
    return module


def bench(name: str) -> ModuleType:
    """``bench/NAME.py``."""
    return load_module(f"bench_{name}", ROOT / "bench" / f"{name}.py")
