"""The ``dipreader`` command end to end, in a subprocess, as a user or a script runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def run(
    *args: str, cwd: Path | None = None, env_extra: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "dipreader", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
        check=False,
    )


def test_version_and_help() -> None:
    version = run("--version")
    assert version.returncode == 0
    assert version.stdout.startswith("dipreader ")
    # The test environment is an editable install, never compiled.
    assert version.stdout.rstrip().endswith("(reading code: plain Python)")
    top = run("--help")
    assert top.returncode == 0
    for command in ("list", "attribute", "search", "export"):
        assert command in top.stdout
    for command in ("list", "attribute", "search", "export"):
        sub = run(command, "--help")
        assert sub.returncode == 0, sub.stderr
        assert f"usage: dipreader {command}" in sub.stdout


def test_list_from_an_unrelated_folder_shows_the_samples(tmp_path: Path) -> None:
    result = run("list", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    meetings = json.loads(result.stdout)
    assert [m["date"] for m in meetings] == ["2023-07-15", "2022-07-08"]
    newest, oldest = meetings
    assert newest["venue"] == "Jakarta"
    assert newest["source"] == "Global Times"
    assert [p["name"] for p in newest["speakers"]] == ["Wang Yi", "Park Jin"]
    assert oldest["venue"] == "Bali"
    assert [p["name"] for p in oldest["speakers"]] == ["Wang Yi", "Park Jin"]
    assert all(m["sentence_count"] > 10 for m in meetings)


def test_list_table_names_date_venue_participants_source(tmp_path: Path) -> None:
    result = run("list", cwd=tmp_path, env_extra={"COLUMNS": "160"})
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.index("2023-07-15") < out.index("2022-07-08")
    for word in ("Jakarta", "Bali", "Wang Yi", "Park Jin", "Global Times"):
        assert word in out


def test_attribute_json_gives_whole_sentences_numbered_from_1() -> None:
    paths = sorted(str(p) for p in SEEDS.glob("*.txt"))
    result = run("attribute", *paths, "--json")
    assert result.returncode == 0, result.stderr
    articles = json.loads(result.stdout)
    assert len(articles) == 2
    for article in articles:
        assert set(article) >= {"id", "path", "date", "title", "venue", "occasion", "source"}
        text = Path(article["path"]).read_text(encoding="utf-8")
        ids = {s["id"] for s in article["speakers"]}
        assert {"wang-yi", "park-jin"} <= ids
        for speaker in article["speakers"]:
            assert set(speaker) == {"id", "name", "role", "country"}
        previous = 0
        for number, sentence in enumerate(article["sentences"], start=1):
            assert set(sentence) == {"number", "start", "end", "kind", "speaker", "text"}
            assert sentence["number"] == number
            assert previous <= sentence["start"] < sentence["end"] <= len(text)
            previous = sentence["end"]
            body = text[sentence["start"] : sentence["end"]]
            assert body == body.strip()
            assert body == sentence["text"]
            if sentence["kind"] == "statement":
                assert sentence["speaker"] in article["speakers"]
                assert sentence["speaker"]["id"] in ids
            else:
                assert sentence["kind"] in ("joint", "narration")
                assert sentence["speaker"] is None


def test_broken_file_beside_good_ones(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_bytes((SEEDS / "000_e2ee6582c83f05d0.txt").read_bytes())
    (tmp_path / "empty.txt").write_text("   \n")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    result = run("list", "--json", str(tmp_path))
    assert result.returncode == 0
    assert len(json.loads(result.stdout)) == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2
    assert any("empty.txt" in line and "empty" in line for line in lines)
    assert any("binary.txt" in line and "binary" in line for line in lines)


def test_nothing_loaded_is_status_1(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    result = run("list", str(tmp_path / "empty.txt"))
    assert result.returncode == 1
    assert "empty.txt" in result.stderr
    missing = run("list", str(tmp_path / "nope.txt"))
    assert missing.returncode == 1
    assert "nope.txt: no such file" in missing.stderr


@pytest.mark.parametrize(
    "args", [("list", "--bogus"), ("statements",), ("search",), ("export", "--format", "pdf")]
)
def test_usage_errors_are_status_2(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert "usage:" in result.stderr


def test_search_finds_a_typo_and_prints_json() -> None:
    result = run("search", "one china principel", "--json", "--limit", "3")
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    assert 1 <= len(hits) <= 3
    assert "one-China principle" in hits[0]["text"]
    assert set(hits[0]) >= {"path", "date", "speaker", "kind", "start", "end", "text", "score"}
    text = Path(hits[0]["path"]).read_text(encoding="utf-8")
    assert text[hits[0]["start"] : hits[0]["end"]] == hits[0]["text"]


def test_export_json_md_csv_of_notes_made_in_the_store(tmp_path: Path) -> None:
    from dipreader.core.corpus.corpus import load
    from dipreader.core.notes.store import Store

    data = tmp_path / "data"
    meeting = load([SEEDS], cache=False).meetings[0]
    park = next(i for i, s in enumerate(meeting.sentences) if s.speaker == "park-jin")
    sentence = meeting.sentences[park]
    with Store(data / "notes.sqlite3") as store:
        store.add_note(meeting, sentence.start, sentence.end, "Park on =the one-China line")
    quote = meeting.text[sentence.start : sentence.end]

    exported = run("export", "--format", "json", "--data-dir", str(data))
    assert exported.returncode == 0, exported.stderr
    document = json.loads(exported.stdout)
    assert document["type"] == "AnnotationCollection"
    annotations = document["first"]["items"]
    assert len(annotations) == 1
    selectors = {s["type"]: s for s in annotations[0]["target"]["selector"]}
    assert selectors["TextQuoteSelector"]["exact"] == quote
    assert selectors["TextPositionSelector"]["start"] == sentence.start

    out = tmp_path / "notes.csv"
    csv_run = run("export", "--format", "csv", "-o", str(out), "--data-dir", str(data))
    assert csv_run.returncode == 0, csv_run.stderr
    sheet = out.read_text(encoding="utf-8")
    assert "Park on =the one-China line" in sheet
    assert quote in sheet
    markdown = run("export", "--format", "md", "--data-dir", str(data))
    assert quote[:40] in markdown.stdout
    assert "Park Jin" in markdown.stdout


def test_max_size_refuses_an_article_already_in_the_cache(tmp_path: Path) -> None:
    seed = (SEEDS / "000_e2ee6582c83f05d0.txt").read_bytes()
    cached, fresh = tmp_path / "cached" / "big.txt", tmp_path / "fresh" / "big.txt"
    for path in (cached, fresh):
        path.parent.mkdir()
        path.write_bytes(seed)
    limit = str(len(seed) - 1)
    first = run("list", "--json", str(cached))  # no limit: read, and kept in the cache
    assert first.returncode == 0, first.stderr
    assert len(json.loads(first.stdout)) == 1
    again = run("list", "--json", "--max-size", limit, str(cached))
    assert again.returncode == 1, again.stdout
    assert json.loads(again.stdout) == []
    uncached = run("list", "--json", "--max-size", limit, str(fresh))
    # The same refusal, word for word, whether the article was in the cache or not.
    refusal = f"{cached}: larger than the article size limit ({len(seed):,} bytes > "
    assert again.stderr.startswith(f"dipreader: error: {refusal}"), again.stderr
    assert again.stderr.replace(str(cached), str(fresh)) == uncached.stderr
    # And the limit lifted, the cached article is there again.
    assert len(json.loads(run("list", "--json", str(cached)).stdout)) == 1
