"""``dipreader statements``, ``compare`` and ``trend`` end to end, in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_2023 = SEEDS / "000_e2ee6582c83f05d0.txt"
SEED_2022 = SEEDS / "002_fb00f497c8c50f76.txt"

PARK_2023 = (
    "Park Jin, on his part, expressed",
    "The smooth development of South Korea-China relations",
    "South Korea has consistently respected the one-China principle",
    "South Korea is willing to further deepen exchanges",
    "Park noted that he is looking forward",
)
PARK_2022 = ("For his part, Park called", "The South Korean side believes")


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dipreader", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "COLUMNS": "100"},
        timeout=120,
        check=False,
    )


def run_json(*args: str, cwd: Path | None = None) -> Any:
    result = run(*args, "--json", cwd=cwd)
    assert result.returncode == 0, result.stderr
    assert result.stdout.isascii()
    return json.loads(result.stdout)


def _openings(texts: list[str], openings: tuple[str, ...]) -> bool:
    return len(texts) == len(openings) and all(
        any(text.startswith(opening) for text in texts) for opening in openings
    )


def test_the_view_commands_have_help() -> None:
    top = run("--help")
    for command in ("statements", "compare", "trend"):
        assert command in top.stdout
        sub = run(command, "--help")
        assert sub.returncode == 0, sub.stderr
        assert f"usage: dipreader {command}" in sub.stdout


def test_statements_of_park_jin_from_both_meetings_in_date_order(tmp_path: Path) -> None:
    data = run_json("statements", "Park Jin", cwd=tmp_path)
    assert data["speaker"]["id"] == "park-jin"
    assert data["speaker"]["name"] == "Park Jin"
    assert [m["date"] for m in data["meetings"]] == ["2022-07-08", "2023-07-15"]
    old, new = data["meetings"]
    assert _openings([s["text"] for s in old["statements"]], PARK_2022)
    assert _openings([s["text"] for s in new["statements"]], PARK_2023)
    text = Path(new["path"]).read_text(encoding="utf-8")
    for statement in (*old["statements"], *new["statements"]):
        assert statement["speaker"]["id"] == "park-jin"
    for statement in new["statements"]:
        assert text[statement["start"] : statement["end"]] == statement["text"]
    # The surname and the id name him too; the human output lists the same sentences.
    assert run_json("statements", "park") == data
    assert run_json("statements", "PARK-JIN", str(SEEDS)) == data
    human = run("statements", "Park Jin")
    assert human.returncode == 0
    assert "Park Jin" in human.stdout
    assert human.stdout.index("2022-07-08") < human.stdout.index("2023-07-15")
    assert "For his part, Park called" in human.stdout


def test_statements_of_no_one_or_of_two_people_is_status_1(tmp_path: Path) -> None:
    missing = run("statements", "Moon Jae-in")
    assert missing.returncode == 1
    assert "no speaker called 'Moon Jae-in'" in missing.stderr
    other = tmp_path / "other.txt"
    other.write_text(
        " date 2015-09-02 Chinese President Xi Jinping met with South Korean President "
        "Park Geun-hye in Beijing on Wednesday. Park Geun-hye said that the two countries "
        "should deepen cooperation in trade. Xi said China values the partnership.\n",
        encoding="utf-8",
    )
    # The reading must name her: if it does not, that is a failure to see, not to skip.
    names = run_json("list", str(other))[0]["speakers"]
    assert "Park Geun-hye" in [p["name"] for p in names], names
    ambiguous = run("statements", "Park", str(SEEDS), str(other))
    assert ambiguous.returncode == 1
    assert "Park Jin (park-jin)" in ambiguous.stderr
    assert "Park Geun-hye (park-geun-hye)" in ambiguous.stderr
    assert run("statements", "Park Jin", str(SEEDS), str(other)).returncode == 0


def test_trend_of_one_china_counts_2023_and_not_2022(tmp_path: Path) -> None:
    data = run_json("trend", "one-China principle", cwd=tmp_path)
    assert [(p["date"], p["count"]) for p in data["points"]] == [
        ("2022-07-08", 0),
        ("2023-07-15", 2),
    ]
    assert data["total"] == 2
    mentions = data["points"][1]["mentions"]
    assert all("one-China principle" in m["text"] for m in mentions)
    assert {s["speaker"]["name"]: s["counts"] for s in data["by_speaker"]} == {
        "Wang Yi": [0, 1],
        "Park Jin": [0, 1],
    }
    assert run_json("trend", "one china principle")["total"] == 2
    human = run("trend", "one-China principle")
    assert human.returncode == 0
    assert "2 mentions in 1 of 2 meetings" in human.stdout
    assert "·█" in human.stdout  # the sparkline: nothing in 2022, the most in 2023
    assert "South Korea has consistently respected" in human.stdout


def test_trend_lists_at_most_limit_sentences_but_counts_them_all() -> None:
    result = run("trend", "Wang", "--limit", "1")
    assert result.returncode == 0, result.stderr
    listed = [line for line in result.stdout.splitlines() if line.startswith("  [")]
    assert len(listed) == 1
    total = run_json("trend", "Wang")["total"]
    assert f"… {total - 1} more mentions" in result.stdout


def test_trend_of_nothing_is_a_usage_error() -> None:
    result = run("trend", " -- ")
    assert result.returncode == 2
    assert "no words to count" in result.stderr


def test_compare_sets_the_taiwan_paragraph_apart_as_2023_only(tmp_path: Path) -> None:
    data = run_json("compare", cwd=tmp_path)
    assert data["a"]["date"] == "2022-07-08"
    assert data["b"]["date"] == "2023-07-15"
    only_2023 = [s["text"] for s in data["b_only"]]
    for opening in (
        "The Taiwan question is the core interest of China",
        "It is hoped that South Korea will adhere to the one-China principle",
        "Park noted that he is looking forward",
    ):
        assert any(text.startswith(opening) for text in only_2023), opening
    assert any("Cold War mentality" in s["text"] for s in data["a_only"])
    assert data["pairs"]
    for pair in data["pairs"]:
        assert pair["score"] >= data["min_score"]
    # Named by date, by file, by id prefix: the same comparison.
    assert run_json("compare", "2022-07-08", "2023-07-15") == data
    assert run_json("compare", str(SEED_2022), str(SEED_2023)) == data
    assert run_json("compare", data["a"]["id"][:8], "2023-07-15", "--in", str(SEEDS)) == data
    assert run_json("compare", SEED_2022.name, str(SEED_2023), "--in", str(SEEDS)) == data
    swapped = run_json("compare", "2023-07-15", "2022-07-08")
    assert [s["text"] for s in swapped["a_only"]] == only_2023
    human = run("compare")
    assert human.returncode == 0
    section = human.stdout[human.stdout.index("Only in B, 2023-07-15") :]
    assert "The Taiwan question is the core interest" in section.replace("\n", " ")


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (("compare", "2022-07-08"), 2, "two meetings"),
        (("compare", "1999-01-01", "2023-07-15"), 1, "no meeting matches '1999-01-01'"),
        (("compare", "2022-07-08", "2023-07-15", "--in", "/nonexistent/x"), 1, "no such file"),
    ],
)
def test_compare_usage_and_unknown_meetings(
    args: tuple[str, ...], status: int, message: str
) -> None:
    result = run(*args)
    assert result.returncode == status
    assert message in result.stderr


def test_compare_refuses_a_date_two_meetings_share(tmp_path: Path) -> None:
    text = SEED_2023.read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(text.replace("Jakarta", "Seoul"), encoding="utf-8")
    result = run("compare", "2023-07-15", "2022-07-08", "--in", str(tmp_path), str(SEEDS))
    assert result.returncode == 1
    assert "'2023-07-15' matches 3 meetings" in result.stderr
    one = run("compare", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--json")
    assert one.returncode == 0, one.stderr
    data = json.loads(one.stdout)
    assert len(data["pairs"]) >= 10  # the same readout twice: nearly everything pairs
    assert not data["a_only"]


def test_article_text_never_reaches_the_terminal_raw(tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(
        " date 2024-01-02 Wang Yi met with Park Jin in Seoul. Wang said the one-China "
        "principle \x1b]0;pwned\x07 is the basis [bold]of[/bold] ties \x1b[2J.\n",
        encoding="utf-8",
    )
    for args in (
        ("trend", "one-China principle", str(hostile), str(SEEDS)),
        ("statements", "Wang Yi", str(hostile)),
        ("compare", str(hostile), "2023-07-15", "--in", str(SEEDS)),
    ):
        result = run(*args)
        assert result.returncode == 0, (args, result.stderr)
        assert "\x1b" not in result.stdout
        assert "\x07" not in result.stdout
    trend = run("trend", "one-China principle", str(hostile))
    assert "[bold]of[/bold]" in trend.stdout.replace("\n", " ")
