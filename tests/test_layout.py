"""The house stays small: no module grows past about 500 lines, and ARCHITECTURE.md names
every package there is."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "tui" / "dipreader"
MOST_LINES = 520


def test_no_module_is_over_about_500_lines() -> None:
    long = {
        str(path.relative_to(PACKAGE)): lines
        for path in PACKAGE.rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MOST_LINES
    }
    assert not long


def test_the_architecture_names_every_package() -> None:
    described = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    packages = [
        path.parent.relative_to(PACKAGE.parent).as_posix() for path in PACKAGE.rglob("__init__.py")
    ]
    assert len(packages) > 10
    for package in packages:
        name = package.rsplit("/", 1)[-1]
        assert f"`{name}" in described or f"{name}/" in described, package
