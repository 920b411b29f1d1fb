"""The whole labelled set: at least 400 sentences, at least 98 in 100 attributed right.

Scored exactly as ``bench/attribution.py`` scores it (the same code, loaded from there): gold
sentences aligned with the parser's by text, a boundary mismatch counted as an error.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "bench_attribution", ROOT / "bench" / "attribution.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_labelled_set_accuracy() -> None:
    bench = _bench()
    files = sorted(bench.DEFAULT_DIR.glob("*.labels.tsv"))
    assert len(files) >= 22
    score = bench.Score()
    for labels in files:
        bench.score_file(labels, score)
    assert score.total >= 400
    accuracy = score.right / score.total
    assert accuracy >= 0.98, "\n".join(score.mismatches + score.errors)


def test_every_labelled_article_has_its_text() -> None:
    bench = _bench()
    for labels in sorted(bench.DEFAULT_DIR.glob("*.labels.tsv")):
        source, gold = bench.load_labels(labels)
        assert source.is_file(), labels
        assert gold, labels
        for label, sentence in gold:
            assert label, labels
            assert sentence.strip(), labels
