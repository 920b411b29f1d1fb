"""Attribution accuracy on real readouts and on the imitation fixtures, and speed on one core.

Usage: python bench/attribution.py [LABELS_DIR] [--seconds S] [--quiet] [--real DIR]

The real development set (``tests/fixtures/real/attribution.json``, scored by
``bench/real_labels.py``) is readouts published by governments, read from ``../shared/real``
through the loaders; it prints first, with the first-contact accuracy each of its batches had
before the code was tuned on it. Its accuracy is the project's measure of attribution.

The imitation fixtures (``tests/fixtures/labelled``) are short readouts written for tests; the
code was tuned on them, so their figure is in-sample.

Each ``NAME.labels.tsv`` holds one line per sentence, ``LABEL<TAB>sentence``, where LABEL is
a speaker id, ``joint`` or ``narration``; its article is ``NAME.txt`` beside it, or the file
named by a first line ``#source<TAB>PATH`` (relative to the repository). Gold sentences are
aligned with the parser's by their text (whitespace and non-breaking spaces folded); a gold
sentence with no parser sentence of the same text is a boundary mismatch, counted as an error
and reported. A speaker is right when it is the labelled person (see
``real_labels.same_person``). The last line is ``attribution accuracy A (N sentences)``, the
real set's figure.
"""

from __future__ import annotations

import argparse
import difflib
import sys
import time
from collections import Counter
from pathlib import Path

from dipreader.core.model import Kind, Meeting
from dipreader.core.reading.reader_version import reading_compiled
from dipreader.core.reading.readout import read_meeting

sys.path.insert(0, str(Path(__file__).resolve().parent))
import real_labels  # beside this file (bench is no package)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT / "tests" / "fixtures" / "labelled"


def fold(sentence: str) -> str:
    return " ".join(sentence.replace("\u00a0", " ").split())


def predicted(meeting: Meeting, index: int) -> tuple[str, str]:
    """The label of a parser sentence, and the speaker's name when it is a statement."""
    sentence = meeting.sentences[index]
    if sentence.kind == Kind.STATEMENT and sentence.speaker:
        found = meeting.speaker(sentence.speaker)
        return sentence.speaker, found.name if found is not None else sentence.speaker
    return ("joint" if sentence.kind == Kind.JOINT else "narration"), ""


def load_labels(path: Path) -> tuple[Path, list[tuple[str, str]]]:
    source = path.with_name(path.name.removesuffix(".labels.tsv") + ".txt")
    gold: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#source\t"):
            source = ROOT / line.split("\t", 1)[1].strip()
            continue
        if not line.strip() or line.startswith("#"):
            continue
        label, _, text = line.partition("\t")
        gold.append((label.strip(), text))
    return source, gold


def read_text(path: Path) -> str:
    return path.read_bytes().decode("utf-8-sig")


class Score:
    def __init__(self) -> None:
        self.right = 0
        self.total = 0
        self.confusions: Counter[tuple[str, str]] = Counter()
        self.mismatches: list[str] = []
        self.errors: list[str] = []


def score_file(labels: Path, score: Score) -> tuple[int, int]:
    source, gold = load_labels(labels)
    text = read_text(source)
    meeting = read_meeting(text, str(source))
    mine = [fold(meeting.text[s.start : s.end]) for s in meeting.sentences]
    theirs = [fold(sentence) for _label, sentence in gold]
    matcher = difflib.SequenceMatcher(a=theirs, b=mine, autojunk=False)
    aligned: dict[int, int] = {}
    for block in matcher.get_matching_blocks():
        for offset in range(block.size):
            aligned[block.a + offset] = block.b + offset
    right = 0
    people = {label for label, _sentence in gold} - {"joint", "narration"}
    for index, (label, sentence) in enumerate(gold):
        score.total += 1
        if index not in aligned:
            score.confusions[(label, "<boundary>")] += 1
            score.mismatches.append(f"{labels.name}: no parser sentence for: {sentence[:100]!r}")
            continue
        guess, name = predicted(meeting, aligned[index])
        if real_labels.same_person(guess, name, label, people):
            right += 1
            score.right += 1
        else:
            score.confusions[(label, guess)] += 1
            score.errors.append(f"{labels.name}: {label} -> {guess}: {sentence[:110]!r}")
    return right, len(gold)


def speed(texts: list[tuple[str, str]], seconds: float) -> float:
    """Articles per second of CPU time for parse + attribution, cycling through ``texts``.

    CPU time of this process (one thread, so one core), not wall time, and the best of
    several short rounds, as ``timeit`` does: other work on a shared machine only ever slows
    a round down, so the fastest round is the closest to what the code itself costs.
    """
    rounds = 5
    best = 0.0
    for _round in range(rounds):
        done = 0
        start = time.process_time()
        deadline = start + seconds / rounds
        while True:
            for path, text in texts:
                read_meeting(text, path)
            done += len(texts)
            now = time.process_time()
            if now >= deadline:
                break
        best = max(best, done / (now - start))
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--seconds", type=float, default=3.0, help="CPU time per speed run")
    parser.add_argument("--quiet", action="store_true", help="no per-sentence error lines")
    parser.add_argument("--real", type=Path, default=real_labels.REAL, help="../shared/real")
    args = parser.parse_args(argv)

    files = sorted(args.folder.glob("*.labels.tsv"))
    if not files:
        print(f"no *.labels.tsv in {args.folder}", file=sys.stderr)
        return 1
    if not args.real.is_dir():
        print(f"{args.real} is missing: the real development set cannot be scored", file=sys.stderr)
        return 1
    real = real_labels.score_set(args.real)
    batches = real_labels.load_set()["batches"]
    assert isinstance(batches, dict)
    print("real development set (readouts as published, through the loaders)")
    print(f"{'batch':>5} {'sentences':>9} {'first contact':>13} {'now':>6}")
    for batch, about in sorted(batches.items()):
        number = int(batch)
        print(
            f"{number:5d} {real.total_by_batch[number]:9d} {about['first_contact']:13.3f} "
            f"{real.accuracy(number):6.3f}"
        )
    if real.changed:
        print("articles whose text is no longer as labelled (relabel them):")
        for where in sorted(set(real.changed)):
            print("  " + where)
    print("confusions (gold -> predicted: count)")
    for (gold_kind, guess_kind), count in real.confusions.most_common():
        print(f"  {gold_kind} -> {guess_kind}: {count}")
    if not args.quiet:
        print("wrong sentences (article, span, gold -> predicted)")
        for line in real.errors:
            print("  " + line)
    print()

    score = Score()
    print("imitation fixtures (written for tests; in-sample)")
    print(f"{'file':48} {'right':>5} {'of':>4} {'accuracy':>8}")
    for labels in files:
        right, total = score_file(labels, score)
        name = labels.name.removesuffix(".labels.tsv")
        print(f"{name:48} {right:5d} {total:4d} {right / max(total, 1):8.3f}")

    if score.confusions:
        print("\nconfusions (gold -> predicted: count)")
        for (gold, guess), count in score.confusions.most_common():
            print(f"  {gold} -> {guess}: {count}")
    if score.mismatches:
        print("\nsentence boundary mismatches")
        for line in score.mismatches:
            print("  " + line)
    if score.errors and not args.quiet:
        print("\nwrong sentences")
        for line in score.errors:
            print("  " + line)

    seeds = [(str(p), read_text(p)) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    corpus = []
    for labels in files:
        source, _gold = load_labels(labels)
        corpus.append((str(source), read_text(source)))
    seed_rate = speed(seeds, args.seconds)
    corpus_rate = speed(corpus, args.seconds)
    size = sum(len(t) for _p, t in seeds) / len(seeds)
    print(
        f"\nspeed (parse + attribution, one core, reading code "
        f"{'compiled' if reading_compiled() else 'plain Python'}): {seed_rate:,.0f} seed "
        f"articles/s (mean {size:,.0f} chars); {corpus_rate:,.0f} labelled articles/s"
    )
    print(f"imitation fixtures accuracy {score.right / score.total:.4f} ({score.total} sentences)")
    first = ", ".join(
        f"batch {batch} {about['first_contact']:.3f}" for batch, about in sorted(batches.items())
    )
    print(f"real set first contact: {first}")
    print(f"attribution accuracy {real.accuracy():.4f} ({real.total} sentences, real set)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
