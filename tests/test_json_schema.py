"""Every subcommand's ``--json`` follows one schema (README, "JSON output").

The JSON Schema below is the README's section written for a validator: a speaker, a meeting,
a sentence and a hit have one shape each, in every subcommand, and no object carries a field
the schema does not name (a renamed or an added field fails here until the README and this
schema say it). Beyond the schema, each sentence wherever it appears is the one ``attribute``
gives for its meeting, with the same number, counted from 1.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from dipreader.cli.commands import build_parser, main

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

NULLABLE_STRING = {"type": ["string", "null"]}
SPEAKER: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "name", "role", "country"],
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
        "name": {"type": "string", "minLength": 1},
        "role": NULLABLE_STRING,
        "country": NULLABLE_STRING,
    },
}
KIND = {"enum": ["statement", "joint", "narration"]}
# A speaker goes with a statement; joint statements and narration have none.
SPOKEN_BY = {
    "if": {"properties": {"kind": {"const": "statement"}}},
    "then": {"properties": {"speaker": SPEAKER}},
    "else": {"properties": {"speaker": {"type": "null"}}},
}
WHO = {"speaker": {"anyOf": [SPEAKER, {"type": "null"}]}, "kind": KIND}

PLACE = {
    "path": {"type": "string", "minLength": 1},
    "line": {"anyOf": [{"type": "integer", "minimum": 1}, {"type": "null"}]},
    "date": {
        "anyOf": [
            {"type": "string", "format": "date", "pattern": r"^\d{4}-\d\d-\d\d$"},
            {"type": "null"},
        ]
    },
}
MEETING_FIELDS = {
    "id": {"type": "string", "pattern": "^[0-9a-f]{16}$"},
    **PLACE,
    "title": {"type": "string"},
    "venue": NULLABLE_STRING,
    "occasion": NULLABLE_STRING,
    "source": NULLABLE_STRING,
    "url": NULLABLE_STRING,
    "speakers": {"type": "array", "items": SPEAKER},
    "sentence_count": {"type": "integer", "minimum": 0},
}
SENTENCE_FIELDS = {
    "number": {"type": "integer", "minimum": 1},
    "start": {"type": "integer", "minimum": 0},
    "end": {"type": "integer", "minimum": 1},
    "kind": KIND,
    "speaker": {"anyOf": [SPEAKER, {"type": "null"}]},
    "text": {"type": "string", "minLength": 1},
}
SCORE = {"type": "number", "minimum": 0, "maximum": 100}


def shape(fields: dict[str, Any], *also: dict[str, Any]) -> dict[str, Any]:
    """An object with exactly ``fields``, every one of them present; ``also``: more rules."""
    schema: dict[str, Any] = {
        "type": "object",
        "additionalProperties": False,
        "required": list(fields),
        "properties": fields,
    }
    return {"allOf": [schema, *also]} if also else schema


def listing(item: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": item}


MEETING = shape(MEETING_FIELDS)
SENTENCE = shape(SENTENCE_FIELDS, SPOKEN_BY)
HIT = shape(
    {"meeting_id": MEETING_FIELDS["id"], **PLACE, **SENTENCE_FIELDS, "score": SCORE}, SPOKEN_BY
)
MENTION = shape({**SENTENCE_FIELDS, "score": SCORE}, SPOKEN_BY)
PAIR = shape({"a": SENTENCE, "b": SENTENCE, "score": SCORE, "shared": listing({"type": "string"})})
COUNT = {"type": "integer", "minimum": 0}

SCHEMAS: dict[str, dict[str, Any]] = {
    "list": listing(MEETING),
    "attribute": listing(
        shape({**MEETING_FIELDS, "text": {"type": "string"}, "sentences": listing(SENTENCE)})
    ),
    "search": listing(HIT),
    "statements": shape(
        {
            "speaker": SPEAKER,
            "meetings": listing(shape({**MEETING_FIELDS, "statements": listing(SENTENCE)})),
        }
    ),
    "compare": shape(
        {
            "a": MEETING,
            "b": MEETING,
            "min_score": SCORE,
            "min_shared": COUNT,
            "pairs": listing(PAIR),
            "a_only": listing(SENTENCE),
            "b_only": listing(SENTENCE),
            "echoes": listing(PAIR),
            "boilerplate": listing({"type": "string"}),
        }
    ),
    "trend": shape(
        {
            "phrase": {"type": "string"},
            "terms": listing({"type": "string"}),
            "mention_score": SCORE,
            "total": COUNT,
            "points": listing(
                shape(
                    {
                        **MEETING_FIELDS,
                        "count": COUNT,
                        "by_speaker": listing(shape({**WHO, "count": COUNT}, SPOKEN_BY)),
                        "mentions": listing(MENTION),
                    }
                )
            ),
            "by_speaker": listing(
                shape({**WHO, "total": COUNT, "counts": listing(COUNT)}, SPOKEN_BY)
            ),
            "by": {"enum": ["meeting", "month", "year"]},
            "buckets": listing(shape({"label": {"type": "string"}, "count": COUNT})),
        }
    ),
}

JOINT = (
    "Wang Yi met Park Jin in Testville on Monday. Wang said the ties matter. "
    "The two sides agreed to meet again and to strengthen cooperation."
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The samples and a .jsonl file (a meeting with a line number and a joint statement)."""
    folder = tmp_path_factory.mktemp("schema")
    lines = [
        {"date": "2024-01-02", "title": "Talks", "text": JOINT, "source": "Wire"},
        {"date": "2024-03-05", "title": "More talks", "text": JOINT.replace("Monday", "Tuesday")},
    ]
    (folder / "wire.jsonl").write_text(
        "".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8"
    )
    return [str(SEEDS), str(folder)]


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    capsys.readouterr()
    status = main([*args, "--json"])
    out = capsys.readouterr().out
    assert status == 0, (args, status)
    return json.loads(out)


# Each subcommand with --json, as a user runs it: (its arguments before the paths).
RUNS: dict[str, list[tuple[str, ...]]] = {
    "list": [("list",)],
    "attribute": [("attribute",)],
    "search": [("search", "one china principle"), ("search", "agreed to meet again")],
    "statements": [("statements", "Park Jin")],
    "compare": [("compare", "--in"), ("compare", "2022-07-08", "2023-07-15")],
    "trend": [("trend", "one-China principle"), ("trend", "meet again")],
}


def json_subcommands() -> set[str]:
    """Every subcommand that has a --json option, read from the parser itself."""
    parser = build_parser()
    found: set[str] = set()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                if any("--json" in a.option_strings for a in sub._actions):
                    found.add(name)
    return found


def test_every_subcommand_with_json_is_checked_here() -> None:
    assert json_subcommands() == set(SCHEMAS) == set(RUNS)


@pytest.mark.parametrize("command", sorted(RUNS))
def test_the_json_of_every_subcommand_follows_the_schema(
    capsys: pytest.CaptureFixture[str], corpus: list[str], command: str
) -> None:
    validator = jsonschema.Draft202012Validator(
        SCHEMAS[command], format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    for args in RUNS[command]:
        data = run_json(capsys, *args, *corpus)
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
        assert errors == [], (args, errors[:5])
        assert data  # something was found: an empty list would check nothing


def placed(command: str, data: Any) -> list[tuple[str, dict[str, Any]]]:
    """Every sentence object in a subcommand's output, with the id of its meeting, cut to
    the sentence's own fields (a hit's place and a mention's score left out)."""
    found: list[tuple[str, Any]] = []
    if command == "attribute":
        found = [(a["id"], s) for a in data for s in a["sentences"]]
    elif command == "search":
        found = [(hit["meeting_id"], hit) for hit in data]
    elif command == "statements":
        found = [(m["id"], s) for m in data["meetings"] for s in m["statements"]]
    elif command == "compare":
        a, b = data["a"]["id"], data["b"]["id"]
        for pair in (*data["pairs"], *data["echoes"]):
            found += [(a, pair["a"]), (b, pair["b"])]
        found += [(a, s) for s in data["a_only"]] + [(b, s) for s in data["b_only"]]
    elif command == "trend":
        found = [(p["id"], m) for p in data["points"] for m in p["mentions"]]
    return [(owner, {key: s[key] for key in SENTENCE_FIELDS}) for owner, s in found]


def test_a_sentence_is_the_same_object_everywhere_numbered_from_1(
    capsys: pytest.CaptureFixture[str], corpus: list[str]
) -> None:
    articles = run_json(capsys, "attribute", *corpus)
    by_id = {a["id"]: a for a in articles}
    assert len(by_id) == len(articles)
    for article in articles:
        numbers = [s["number"] for s in article["sentences"]]
        assert numbers == list(range(1, article["sentence_count"] + 1))
        for sentence in article["sentences"]:
            assert article["text"][sentence["start"] : sentence["end"]] == sentence["text"]
            if sentence["speaker"] is not None:
                assert sentence["speaker"] in article["speakers"]
    # A meeting in ``list`` is the article of ``attribute`` without its text and sentences.
    listed = {m["id"]: m for m in run_json(capsys, "list", *corpus)}
    assert listed == {
        key: {k: v for k, v in a.items() if k not in ("text", "sentences")}
        for key, a in by_id.items()
    }
    seen: set[str] = set()
    for command, runs in RUNS.items():
        for args in runs:
            for owner, sentence in placed(command, run_json(capsys, *args, *corpus)):
                assert by_id[owner]["sentences"][sentence["number"] - 1] == sentence, args
                seen.add(command)
    assert seen == set(RUNS) - {"list"}


def test_search_hits_name_their_meeting_by_id(
    capsys: pytest.CaptureFixture[str], corpus: list[str]
) -> None:
    ids = {m["id"] for m in run_json(capsys, "list", *corpus)}
    hits = run_json(capsys, "search", "agreed", *corpus)
    assert hits
    assert {hit["meeting_id"] for hit in hits} <= ids
    kinds = {hit["kind"] for hit in hits}
    assert "joint" in kinds  # a joint statement, with no speaker (the schema says null)


def test_the_human_output_numbers_sentences_as_the_json_does(
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = run_json(capsys, "statements", "Park Jin")
    first = data["meetings"][0]["statements"][0]
    capsys.readouterr()
    assert main(["statements", "Park Jin"]) == 0
    out = capsys.readouterr().out
    assert f"[{first['number']}] {first['text'][:30]}" in out
