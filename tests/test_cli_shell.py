"""The ``dipreader`` command as the shell sees it: pipes that close early, a mistyped
subcommand, and the reader asked for where there is no terminal."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = str(ROOT / "seeds")
DIPREADER = [sys.executable, "-m", "dipreader"]


def piped_into_head(*args: str) -> tuple[int, str]:
    """``dipreader ARGS | head -1``: dipreader's exit status and what it wrote to stderr."""
    command = subprocess.Popen(
        [*DIPREADER, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT
    )
    assert command.stdout is not None
    assert command.stderr is not None
    command.stdout.readline()
    command.stdout.close()  # what ``head -1`` does once it has its line
    errors = command.stderr.read().decode()
    return command.wait(timeout=120), errors


@pytest.mark.parametrize(
    "args",
    [
        ("list",),
        ("attribute", SEEDS),
        ("attribute", SEEDS, "--json"),
        ("search", "china"),
        ("statements", "park"),
        ("compare",),
        ("trend", "china"),
    ],
)
def test_output_piped_into_head_ends_quietly_with_0(args: tuple[str, ...]) -> None:
    status, errors = piped_into_head(*args)
    assert status == 0, errors
    assert "Traceback" not in errors
    assert "BrokenPipe" not in errors


def test_a_mistyped_subcommand_is_a_usage_error_that_suggests_the_right_one() -> None:
    done = subprocess.run(
        [*DIPREADER, "serch", "china"], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 2
    assert "did you mean 'search'?" in done.stderr
    assert done.stdout == ""


def test_a_word_that_is_a_file_opens_as_a_path_not_as_a_subcommand(tmp_path: Path) -> None:
    # ``serch`` here names a file: it is read, not refused (the reader needs a terminal, so
    # the refusal that follows is the terminal's, not the subcommand's).
    (tmp_path / "serch").write_text("Wang Yi met Park Jin.\n", encoding="utf-8")
    done = subprocess.run(
        [*DIPREADER, "serch"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
    )
    assert "did you mean" not in done.stderr
    assert "needs a terminal" in done.stderr


def test_the_reader_on_a_pipe_says_it_needs_a_terminal_instead_of_hanging() -> None:
    done = subprocess.run(
        DIPREADER, input="hi\n", capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 2
    assert "needs a terminal" in done.stderr


@pytest.mark.parametrize("args", [("list",), ("list", "--json"), ("search", "china")])
def test_a_full_disk_under_the_output_is_said_in_one_line(args: tuple[str, ...]) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [*DIPREADER, *args], stdout=full, stderr=subprocess.PIPE, text=True, timeout=60
        )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "could not write the output: No space left on device" in done.stderr


def test_a_store_that_fails_while_read_makes_export_say_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from dipreader.cli.commands import main
    from dipreader.core.notes.store import Store, StoreError

    def broken(self: Store) -> list[object]:
        raise StoreError("the notes could not be read: database disk image is malformed")

    monkeypatch.setattr(Store, "all", broken)
    assert main(["export", "--format", "md", SEEDS]) == 1
    assert "database disk image is malformed" in capsys.readouterr().err


def test_list_in_a_pipe_is_one_tab_separated_line_per_meeting() -> None:
    done = subprocess.run(
        [*DIPREADER, "list", SEEDS], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0
    rows = [line.split("\t") for line in done.stdout.splitlines()]
    assert [row[0] for row in rows] == ["2023-07-15", "2022-07-08"]
    assert all(len(row) == 5 for row in rows)
    assert rows[0][1] == "Wang Yi, Park Jin"
    assert not any(char in done.stdout for char in "┏┃│└━")


@pytest.mark.parametrize(
    "args", [("attribute", SEEDS), ("search", "china"), ("statements", "park"), ("compare",)]
)
def test_text_in_a_pipe_keeps_each_line_whole_without_padding(args: tuple[str, ...]) -> None:
    done = subprocess.run(
        [*DIPREADER, *args], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert not [line for line in lines if line != line.rstrip()]
    # Long sentences are not cut at 80 columns: the pipe gets each one on one line.
    assert max(len(line) for line in lines) > 100


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("search", "china"), 0),
        (("search", "zzqqxx"), 1),
        (("search", "zzqqxx", "--json"), 1),
        (("trend", "china"), 0),
        (("trend", "zzqqxx"), 1),
        (("statements", "nobody"), 1),
        (("search", "china", "--kind", "speech"), 2),
    ],
)
def test_exit_status_is_0_found_1_nothing_found_2_usage(
    args: tuple[str, ...], expected: int
) -> None:
    done = subprocess.run([*DIPREADER, *args], capture_output=True, text=True, timeout=60)
    assert done.returncode == expected, done.stderr


def test_every_subcommand_help_names_the_exit_statuses() -> None:
    from dipreader.cli.commands import SUBCOMMANDS

    for name in sorted(SUBCOMMANDS):
        done = subprocess.run(
            [*DIPREADER, name, "--help"], capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, name
        assert "Exit status: 0 found, 1 nothing found" in " ".join(done.stdout.split()), name


def test_every_subcommand_takes_its_articles_the_same_way() -> None:
    """PATHs after the other arguments, options anywhere, the samples when none are given."""

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*DIPREADER, *args], capture_output=True, text=True, timeout=60)

    assert run("attribute").returncode == 0  # the samples
    limited = run("search", "china", SEEDS, "--limit", "1", "--json")
    assert limited.returncode == 0, limited.stderr
    assert limited.stdout.count('"meeting_id"') == 1
    compared = run("compare", "2022-07-08", "2023-07-15", SEEDS)
    assert compared.returncode == 0, compared.stderr
    assert run("compare", SEEDS).returncode == 0  # a lone folder: its two newest
    # --data-dir only where notes are used.
    assert "--data-dir" in run("export", "--help").stdout
    assert "--data-dir" not in run("list", "--help").stdout
    assert "DESIGN" not in run("attribute", "--help").stdout
    assert "Web Annotation" in " ".join(run("export", "--help").stdout.split())
