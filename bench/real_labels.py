"""The real development set: labels for readouts of ``../shared/real/``, scored against the code.

``tests/fixtures/real/attribution.json`` holds, per article, its file and feed item, a short
hash of its text as read, and per sentence its span, a short hash of its text and its label
(a person's slug, ``joint`` or ``narration``); never the text itself. Two labellers labelled
every sentence independently, from the guide (DESIGN §3) and the text alone; their
disagreements and how they were settled are kept beside the labels.

A gold sentence is scored by the parser's sentence that covers most of its span. A speaker is
right when it is the labelled person: the same slug, or a name sharing a word with the label
that no other person labelled in that article shares (an article's "Mr Putin" is its
"Vladimir Putin"; which ids are one person across articles is the identity tests' business).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from dipreader.core.corpus.articles import load_file
from dipreader.core.model import Kind, Meeting, speaker_id

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "tests" / "fixtures" / "real" / "attribution.json"
REAL = ROOT.parent / "shared" / "real"
_LIMIT = 50_000_000


def fold(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def short_hash(text: str) -> str:
    return hashlib.sha256(fold(text).encode("utf-8")).hexdigest()[:8]


@dataclass
class RealScore:
    right: int = 0
    total: int = 0
    by_batch: Counter[int] = field(default_factory=Counter)
    total_by_batch: Counter[int] = field(default_factory=Counter)
    confusions: Counter[tuple[str, str]] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # articles whose text is not as labelled

    def accuracy(self, batch: int | None = None) -> float:
        if batch is None:
            return self.right / max(self.total, 1)
        return self.by_batch[batch] / max(self.total_by_batch[batch], 1)


def load_set(path: Path = LABELS) -> dict[str, object]:
    data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return data


def read_article(entry: dict[str, object], real: Path = REAL) -> Meeting:
    meetings, _problems = load_file(str(real / str(entry["path"])), _LIMIT)
    for meeting in meetings:
        if meeting.line == entry["item"]:
            return meeting
    raise LookupError(f"{entry['path']}: no item {entry['item']}")


def _words(label: str) -> set[str]:
    return set(label.split("-")) - {"mr", "ms", "mrs", "dr", "jr", "sr", ""}


def _guess(meeting: Meeting, start: int, end: int) -> tuple[str, str]:
    """The label of the parser's sentence covering most of ``start:end``, and its name."""
    best, cover = None, 0
    for sentence in meeting.sentences:
        if sentence.end <= start:
            continue
        if sentence.start >= end:
            break
        overlap = min(end, sentence.end) - max(start, sentence.start)
        if overlap > cover:
            best, cover = sentence, overlap
    if best is None:
        return "<boundary>", ""
    if best.kind == Kind.STATEMENT and best.speaker:
        found = meeting.speaker(best.speaker)
        return best.speaker, found.name if found is not None else best.speaker
    return ("joint" if best.kind == Kind.JOINT else "narration"), ""


def same_person(guess: str, name: str, gold: str, people: set[str]) -> bool:
    if guess == gold:
        return True
    if guess in ("joint", "narration", "<boundary>") or gold in ("joint", "narration"):
        return False
    mine = _words(guess) | _words(speaker_id(name))
    if not mine & _words(gold):
        return False
    return not any(mine & _words(other) for other in people if other != gold)


def _kind(label: str, gold: str | None = None) -> str:
    if label in ("joint", "narration", "<boundary>"):
        return label
    return "another person" if gold not in (None, "joint", "narration") else "a person"


def score_article(entry: dict[str, object], score: RealScore, real: Path = REAL) -> None:
    meeting = read_article(entry, real)
    batch = int(str(entry["batch"]))
    sentences = entry["sentences"]
    assert isinstance(sentences, list)
    if meeting.text_hash[:12] != entry["text"]:
        score.changed.append(f"{entry['path']}#{entry['item']}")
    people = {str(s[3]) for s in sentences} - {"joint", "narration"}
    for start, end, digest, gold in sentences:
        score.total += 1
        score.total_by_batch[batch] += 1
        if short_hash(meeting.text[start:end]) != digest:
            score.changed.append(f"{entry['path']}#{entry['item']} at {start}")
        guess, name = _guess(meeting, start, end)
        if same_person(guess, name, gold, people):
            score.right += 1
            score.by_batch[batch] += 1
            continue
        score.confusions[(_kind(gold), _kind(guess, gold))] += 1
        score.errors.append(
            f"{entry['key']} {entry['path']}#{entry['item']} [{start}:{end}] {gold} -> {guess}"
        )


def score_set(real: Path = REAL, batch: int | None = None) -> RealScore:
    score = RealScore()
    data = load_set()
    articles = data["articles"]
    assert isinstance(articles, list)
    for entry in articles:
        if batch is None or entry["batch"] == batch:
            score_article(entry, score, real)
    return score
