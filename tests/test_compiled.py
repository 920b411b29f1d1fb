"""The wheel's compiled reading code (tui/build_hook.py) reads exactly as the Python does, and
a machine without a C compiler still gets a working wheel."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from repo_modules import load_module

ROOT = Path(__file__).resolve().parent.parent

# Reads every article under the folders given and prints, per file, the meeting as the cache
# packs it (text, spans, kinds, speakers), which file the attribution module came from, and
# the reader's fingerprint.
READ_ALL = """
import json, os, sys
import dipreader.core.reading.attribution as attribution
from dipreader.core.corpus.packing import pack
from dipreader.core.reading.readout import read_meeting, reader_fingerprint
out = {}
for folder in sys.argv[1:]:
    for name in sorted(os.listdir(folder)):
        if name.endswith((".txt", ".md")):
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as handle:
                meeting = read_meeting(handle.read(), name)
            out[os.path.join(os.path.basename(folder), name)] = pack(meeting)
found = {"module": attribution.__file__, "reader": reader_fingerprint(), "meetings": out}
print(json.dumps(found, default=str))
"""


def _compiler() -> str | None:
    command = (sysconfig.get_config_var("CC") or "cc").split()[0]
    return shutil.which(command)


def _python(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """This interpreter run on ``args`` with ``env``, its output kept."""
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900
    )


def _read_all(python_path: Path, folders: list[Path]) -> dict[str, object]:
    env = dict(os.environ, PYTHONPATH=str(python_path))
    done = _python(["-c", READ_ALL, *map(str, folders)], env, python_path)
    assert done.returncode == 0, done.stderr[-3000:]
    found: dict[str, object] = json.loads(done.stdout)
    return found


@pytest.mark.skipif(_compiler() is None, reason="no C compiler: the wheel is plain Python here")
def test_compiled_reader_reads_every_article_exactly_as_the_python(tmp_path: Path) -> None:
    hook = load_module("build_hook", ROOT / "tui" / "build_hook.py")
    built = hook.compile_reader(ROOT / "tui" / "dipreader", tmp_path / "build")
    targets = {target for _path, target in built}
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    for module in hook.COMPILED_MODULES:
        assert module.removesuffix(".py") + suffix in targets
    # Seeds, the labelled readouts (every quirk attribution knows) and a generated corpus.
    make_corpus = load_module("make_corpus", ROOT / "bench" / "make_corpus.py")
    generated = tmp_path / "generated"
    make_corpus.write_corpus(300, generated, seed=11)
    folders = [ROOT / "seeds", ROOT / "tests" / "fixtures" / "labelled", generated]

    compiled = _read_all(tmp_path / "build" / "src", folders)
    plain = _read_all(ROOT / "tui", folders)

    assert str(compiled["module"]).endswith(suffix)
    assert str(plain["module"]).endswith(".py")
    assert isinstance(plain["meetings"], dict)
    articles = [p for folder in folders for p in folder.iterdir() if p.suffix in (".txt", ".md")]
    assert len(plain["meetings"]) == len(articles) >= 2 + 100 + 300
    assert compiled["meetings"] == plain["meetings"]
    # Reading the same, they share the cache: the fingerprint hashes the source of both.
    assert compiled["reader"] == plain["reader"]

    # The reading code's own tests (properties and hostile input included) pass compiled too:
    # compiled code checks its type annotations as it runs, where Python would not.
    shutil.copytree(ROOT / "seeds", tmp_path / "build" / "seeds")  # where the package finds them
    tests = ["test_parse.py", "test_parse_properties.py", "test_attribution.py"]
    tests += ["test_labelled.py", "test_fuzz.py", "test_corpus.py", "test_hostile.py"]
    env = dict(os.environ, PYTHONPATH=str(tmp_path / "build" / "src"))
    env.pop("DIPREADER_HYPOTHESIS_PROFILE", None)
    pytest = ["-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist"]
    run = _python(pytest + [str(ROOT / "tests" / name) for name in tests], env, tmp_path)
    assert run.returncode == 0, run.stdout[-3000:]
    assert " passed" in run.stdout


def _build_wheel(tmp_path: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    build = ["-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path), "."]
    return _python(build, env, ROOT)


def test_the_default_wheel_is_plain_python_and_needs_no_compiler(tmp_path: Path) -> None:
    # ``false`` as the C compiler: any attempt to compile would fail.
    env = dict(os.environ, CC="false")
    env.pop("DIPREADER_COMPILE", None)
    done = _build_wheel(tmp_path, env)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "mypyc" not in done.stderr + done.stdout
    (wheel,) = tmp_path.glob("*.whl")
    assert wheel.name.endswith("-py3-none-any.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "dipreader/core/reading/attribution.py" in names
    assert not [name for name in names if name.endswith((".so", ".pyd"))]
    # Nothing beyond hatchling is needed to build it.
    hook = load_module("build_hook", ROOT / "tui" / "build_hook.py")
    assert not hook.compile_requested()


def test_a_compile_asked_for_that_fails_stops_the_build_with_the_reason(tmp_path: Path) -> None:
    env = dict(os.environ, CC="false", DIPREADER_COMPILE="1")
    done = _build_wheel(tmp_path, env)
    assert done.returncode != 0
    said = done.stderr + done.stdout
    assert "DIPREADER_COMPILE=1 asked for the reading code compiled" in said
    assert "mypyc failed" in said
    assert not list(tmp_path.glob("*.whl"))


def test_compiling_asks_the_build_for_mypy_only_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    hook = load_module("build_hook", ROOT / "tui" / "build_hook.py")
    monkeypatch.delenv("DIPREADER_COMPILE", raising=False)
    assert not hook.compile_requested()
    monkeypatch.setenv("DIPREADER_COMPILE", "1")
    assert hook.compile_requested()
    assert any(need.startswith("mypy") for need in hook.COMPILE_REQUIRES)
