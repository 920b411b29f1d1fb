"""``bench/load.py --sizes``: the sizes it takes, and the generated corpora it keeps."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from repo_modules import bench

load_bench = bench("load")


def test_sizes_are_parsed_smallest_first_once_each() -> None:
    assert load_bench.sizes_of("100000,10000,10_000") == [10_000, 100_000]


@pytest.mark.parametrize("text", ["", "ten", "0,5", "-3"])
def test_a_bad_size_is_refused_by_name(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match="size"):
        load_bench.sizes_of(text)


def test_a_generated_corpus_is_kept_and_a_half_made_one_made_again(tmp_path: Path) -> None:
    folder = Path(load_bench.generated(7, tmp_path))
    made = sorted(p.name for p in folder.iterdir() if p.name != ".complete")
    assert len(made) == 7
    stray = folder / "left-by-hand.txt"
    stray.write_text("x")
    assert Path(load_bench.generated(7, tmp_path)) == folder
    assert stray.exists()  # complete: reused as it is, not made again
    (folder / ".complete").unlink()  # as if a run had stopped midway
    load_bench.generated(7, tmp_path)
    assert not stray.exists()
    assert sorted(p.name for p in folder.iterdir() if p.name != ".complete") == made
