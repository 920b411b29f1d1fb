"""Wheel build hook: the reading code compiled to C with mypyc, only when asked for.

``pip install .`` builds a plain ``py3-none-any`` wheel that needs no compiler and no mypy.
``DIPREADER_COMPILE=1 pip install .`` compiles parsing and attribution, which read every
article exactly as the Python does (a test compares them) and make a first (cold) load
faster; the wheel is then tagged for this interpreter and platform. A compile that was asked
for and fails stops the build with the reason: it never falls back silently. An editable
install is never compiled, so that an edit to the code takes effect at once.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

# The modules a cold load spends its time in; all are typed strictly (mypyc needs it).
COMPILED_MODULES = (
    "dipreader/core/reading/attribution.py",
    "dipreader/core/reading/cast.py",
    "dipreader/core/reading/continuation.py",
    "dipreader/core/reading/countries.py",
    "dipreader/core/reading/furniture.py",
    "dipreader/core/reading/grammar.py",
    "dipreader/core/reading/labels.py",
    "dipreader/core/reading/lexicon.py",
    "dipreader/core/reading/mentions.py",
    "dipreader/core/reading/name_runs.py",
    "dipreader/core/reading/pairs.py",
    "dipreader/core/reading/parse.py",
    "dipreader/core/reading/references.py",
    "dipreader/core/reading/roles.py",
    "dipreader/core/reading/scan.py",
    "dipreader/core/reading/sentences.py",
    "dipreader/core/reading/verbs.py",
)
# Set to 1 to compile; anything else (or unset) builds the plain wheel.
COMPILE_ENV = "DIPREADER_COMPILE"
# What a compile needs in the build environment, installed only when compiling.
COMPILE_REQUIRES = ["mypy>=1.11", "setuptools>=68", "anyascii>=0.3"]


def compile_requested() -> bool:
    return os.environ.get(COMPILE_ENV, "").strip() == "1"


class CompileError(Exception):
    """The reading code could not be compiled; the message says why."""


def compile_reader(package: Path, work: Path) -> list[tuple[Path, str]]:
    """Compile the reading modules of ``package`` (the ``dipreader`` folder) inside ``work``.

    Returns each built file with its path inside the wheel: one small module per compiled
    module, and the shared library mypyc puts at the top level. Raises CompileError.
    """
    tree = work / "src"
    shutil.copytree(package, tree / "dipreader", ignore=shutil.ignore_patterns("*.so", "*.pyd"))
    setup = work / "setup_reader.py"
    setup.write_text(
        "from setuptools import setup\n"
        "from mypyc.build import mypycify\n"
        f"setup(name='dipreader_reader', ext_modules=mypycify({list(COMPILED_MODULES)!r}))\n",
        encoding="utf-8",
    )
    command = [sys.executable, str(setup), "build_ext", "--inplace"]
    try:
        done = subprocess.run(command, cwd=tree, capture_output=True, text=True, timeout=900)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise CompileError(f"could not run mypyc: {error}") from error
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines()
        raise CompileError(lines[-1] if lines else f"mypyc exited with {done.returncode}")
    suffix = sysconfig.get_config_var("EXT_SUFFIX") or ".so"
    built = [(path, path.name) for path in tree.glob(f"*{suffix}")]  # the shared library
    for module in COMPILED_MODULES:
        path = tree / (module.removesuffix(".py") + suffix)
        if not path.is_file():
            raise CompileError(f"mypyc made no {path.name}")
        built.append((path, path.relative_to(tree).as_posix()))
    return built


class ReaderBuildHook(BuildHookInterface[Any]):
    PLUGIN_NAME = "custom"

    def dependencies(self) -> list[str]:
        return list(COMPILE_REQUIRES) if compile_requested() else []

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable" or not compile_requested():
            return
        sys.stderr.write(f"dipreader: {COMPILE_ENV}=1: compiling the reading code with mypyc\n")
        self._work = Path(tempfile.mkdtemp(prefix="dipreader-build-"))
        try:
            built = compile_reader(Path(self.root) / "tui" / "dipreader", self._work)
        except CompileError as error:
            shutil.rmtree(self._work, ignore_errors=True)
            raise RuntimeError(
                f"dipreader: {COMPILE_ENV}=1 asked for the reading code compiled, and mypyc "
                f"failed: {error}. Install without {COMPILE_ENV} for the plain-Python reader."
            ) from error
        for path, target in built:
            build_data["force_include"][str(path)] = target
        build_data["pure_python"] = False
        build_data["infer_tag"] = True

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        work = getattr(self, "_work", None)
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
