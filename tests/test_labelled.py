"""Attribution accuracy, gated at what is reached: on the real development set (readouts as
published) and on the imitation fixtures written for tests.

Scored exactly as ``bench/attribution.py`` scores them (the same code, loaded from there). The
gates are counts of wrong sentences: a change that costs one more sentence fails.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType

import pytest

from repo_modules import bench

ROOT = Path(__file__).resolve().parent.parent


def _bench() -> ModuleType:
    return bench("attribution")


# What is reached (the closing note of the issue that set them): raise them as it improves.
REAL_WRONG_AT_MOST = 42  # of 1,743 sentences: 0.976
IMITATION_WRONG_AT_MOST = 5  # of 1,099 sentences: 0.995


def test_real_development_set_accuracy() -> None:
    bench = _bench()
    real = bench.real_labels.REAL
    if not real.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"{real} is missing on CI")
        pytest.skip(f"{real} is not here")
    score = bench.real_labels.score_set(real)
    assert not score.changed, f"texts no longer as labelled: {sorted(set(score.changed))}"
    assert score.total >= 1700
    wrong = score.total - score.right
    assert wrong <= REAL_WRONG_AT_MOST, "\n".join(score.errors)


FIELDS = {"key", "path", "item", "batch", "text", "sentences", "disagreements"}


def test_real_development_set_is_kept_as_labels_only() -> None:
    data = _bench().real_labels.load_set()
    articles = data["articles"]
    assert len(articles) >= 60
    assert {a["path"].split("/")[0] for a in articles} == {"kremlin", "whitehouse", "state"}
    for batch, about in data["batches"].items():
        assert 0 < about["first_contact"] < 1, batch  # recorded before tuning on it
        assert any(a["batch"] == int(batch) for a in articles)
    for article in articles:
        assert set(article) == FIELDS
        for start, end, digest, label in article["sentences"]:
            assert 0 <= start < end, article["key"]
            assert len(digest) == 8, article["key"]
            assert label, article["key"]
        for _index, first, second, settled in article["disagreements"]:
            assert first != second, article["key"]
            assert settled in (first, second), article["key"]


def test_imitation_fixtures_accuracy() -> None:
    bench = _bench()
    files = sorted(bench.DEFAULT_DIR.glob("*.labels.tsv"))
    assert len(files) >= 22
    score = bench.Score()
    for labels in files:
        bench.score_file(labels, score)
    assert score.total >= 400
    wrong = score.total - score.right
    assert wrong <= IMITATION_WRONG_AT_MOST, "\n".join(score.mismatches + score.errors)


def test_every_labelled_article_has_its_text() -> None:
    bench = _bench()
    for labels in sorted(bench.DEFAULT_DIR.glob("*.labels.tsv")):
        source, gold = bench.load_labels(labels)
        assert source.is_file(), labels
        assert gold, labels
        for label, sentence in gold:
            assert label, labels
            assert sentence.strip(), labels
