"""Search speed and quality on a corpus folder and on real readouts, against an exhaustive
rapidfuzz scan.

Usage: python bench/search.py CORPUS_DIR [--queries 200] [--seed 1] [--real DIR]
       [--no-exhaustive] [--processor]        (BENCH_VERBOSE=1 prints each miss)

Builds the index (and times it), then runs known-item queries: a phrase of 2 to 4 words from a
random sentence with one typo of one of six kinds in turn (two adjacent letters swapped, one
dropped, one doubled, one changed; two words run together, one word split in two), a third of
them with a filter the sentence meets (``since:``, ``until:``, ``@speaker``, ``kind:``), each
searched once per keystroke as the user types it. The same full queries, without the filter,
go through an exhaustive ``process.extract(..., scorer=fuzz.partial_ratio)`` over every
sentence. A query succeeds when a sentence holding the phrase (the same words in the same
order, case and punctuation aside) is in the top 10.

A *hard* set takes only phrases found in at most 3 sentences of the corpus (so that a top hit
is not luck among hundreds that hold it): success@1 and mean reciprocal rank. The *real* sets
do the same over the real readouts in ``--real`` (default ``../shared/real``, read through
dipreader's own loader, ``load_file``); their queries are made here, from the files, at each
run, and never stored. The last line sums it up. The exhaustive scan is called exactly as
written above (no processor: case and punctuation count); ``--processor`` gives it rapidfuzz's
``default_process`` instead.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from rapidfuzz import fuzz, process, utils

from dipreader.core.model import Kind, Meeting
from dipreader.core.search.index import SearchIndex
from dipreader.core.search.index_file import INDEX_FILE, load_index, save_index

_WORD = re.compile(r"[^\W_]+")
TYPO_KINDS = ("swap", "drop", "double", "substitute", "join", "split")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_REAL = Path(__file__).resolve().parents[1] / ".." / "shared" / "real"


@dataclass(frozen=True)
class KnownItem:
    typed: str  # what the user types: the phrase with one typo (and perhaps a filter)
    words: str  # the same without the filter, for the exhaustive scan
    phrase: list[str]  # the phrase's folded words, as a sentence must hold them
    kind: str  # the typo's kind


def rss_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def load(folder: Path) -> list[Meeting]:
    """The corpus through the project's loader (parsed, attributed; the app's cache is used)."""
    from dipreader.core.corpus.corpus import load as load_corpus

    return load_corpus([folder]).meetings


def load_real(folder: Path) -> list[Meeting]:
    """Every readout under ``folder``, each file through ``load_file`` (no cache)."""
    from dipreader.core.corpus.articles import load_file

    meetings: list[Meeting] = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix in {".html", ".md", ".rss", ".txt", ".xml"}:
            meetings.extend(load_file(str(path), 8 << 20)[0])
    return meetings


def norm_words(text: str) -> list[str]:
    return [word.lower() for word in _WORD.findall(text)]


def holds(sentence: str, phrase: list[str]) -> bool:
    return f" {' '.join(phrase)} " in f" {' '.join(norm_words(sentence))} "


def letter_typo(word: str, kind: str, rng: random.Random) -> str | None:
    """``word`` with one typo of ``kind`` (swap, drop, double, substitute), or None."""
    letters = [index for index, char in enumerate(word) if char.isalpha()]
    for _ in range(20):
        index = rng.choice(letters)
        if kind == "swap":
            if index + 1 >= len(word) or not word[index + 1].isalpha():
                continue
            if word[index].lower() == word[index + 1].lower():
                continue
            changed = word[:index] + word[index + 1] + word[index] + word[index + 2 :]
        elif kind == "drop":
            changed = word[:index] + word[index + 1 :]
        elif kind == "double":
            changed = word[: index + 1] + word[index] + word[index + 1 :]
        else:
            other = rng.choice(_LETTERS.replace(word[index].lower(), ""))
            changed = word[:index] + other + word[index + 1 :]
        if changed.lower() != word.lower():
            return changed
    return None


def with_typo(picked: list[str], kind: str, rng: random.Random) -> list[str] | None:
    """The phrase's words as typed with one typo of ``kind``, or None if it cannot have one."""
    if kind == "join":
        places = [i for i in range(len(picked) - 1) if picked[i].isalpha() and picked[i + 1]]
        if not places:
            return None
        place = rng.choice(places)
        return [*picked[:place], picked[place] + picked[place + 1], *picked[place + 2 :]]
    if kind == "split":
        places = [i for i, word in enumerate(picked) if len(word) >= 5 and word.isalpha()]
        if not places:
            return None
        place = rng.choice(places)
        word = picked[place]
        cut = rng.randrange(2, len(word) - 1)
        return [*picked[:place], word[:cut], word[cut:], *picked[place + 1 :]]
    places = [i for i, word in enumerate(picked) if sum(c.isalpha() for c in word) >= 3]
    if not places:
        return None
    place = rng.choice(places)
    changed = letter_typo(picked[place], kind, rng)
    if changed is None:
        return None
    return [*picked[:place], changed, *picked[place + 1 :]]


def filter_for(meeting: Meeting, index: int, rng: random.Random) -> str:
    """A filter the sentence meets, as a user would type it before the words."""
    sentence = meeting.sentences[index]
    speaker = meeting.speaker(sentence.speaker)
    choices = []
    if meeting.date is not None:
        choices.append(f"since:{meeting.date.year}")
        choices.append(f"until:{meeting.date.year}-12")
    if speaker is not None:
        choices.append(f"@{speaker.name.split()[-1].lower()}")
    if sentence.kind is not Kind.STATEMENT:
        choices.append(f"kind:{sentence.kind}")
    return rng.choice(choices) if choices else ""


def make_queries(
    meetings: Sequence[Meeting],
    count: int,
    rng: random.Random,
    *,
    filtered: float = 0.0,
    wanted: Callable[[list[str]], bool] | None = None,
) -> list[KnownItem]:
    """``count`` known-item queries, the typo kinds in turn; a share ``filtered`` with a
    filter; ``wanted`` (if given) must accept a phrase's words."""
    queries: list[KnownItem] = []
    tries = 0
    while len(queries) < count and tries < 200 * count:
        tries += 1
        meeting = rng.choice(meetings)
        if not meeting.sentences:
            continue
        index = rng.randrange(len(meeting.sentences))
        tokens = _WORD.findall(meeting.sentence_text(index))
        size = rng.randint(2, 4)
        if len(tokens) < size:
            continue
        start = rng.randrange(len(tokens) - size + 1)
        picked = tokens[start : start + size]
        phrase = norm_words(" ".join(picked))
        if wanted is not None and not wanted(phrase):
            continue
        kind = TYPO_KINDS[len(queries) % len(TYPO_KINDS)]
        typed = with_typo(picked, kind, rng)
        if typed is None:
            continue
        words = " ".join(typed)
        extra = filter_for(meeting, index, rng) if rng.random() < filtered else ""
        queries.append(KnownItem(f"{extra} {words}".strip(), words, phrase, kind))
    return queries


def rare_phrases(meetings: Sequence[Meeting], most: int) -> Callable[[list[str]], bool]:
    """A test that a phrase occurs in at most ``most`` sentences of ``meetings``.

    Counted exactly: the sentences holding the phrase's rarest word are read for it.
    """
    frequency: Counter[str] = Counter()
    sentences: list[str] = []
    for meeting in meetings:
        for index in range(len(meeting.sentences)):
            text = " ".join(norm_words(meeting.sentence_text(index)))
            sentences.append(text)
            frequency.update(set(text.split()))
    holding: dict[str, list[int]] = {}

    def wanted(phrase: list[str]) -> bool:
        rarest = min(phrase, key=frequency.__getitem__)
        if frequency[rarest] > 50 * most:
            return False  # a phrase of common words: most often common itself
        found = holding.get(rarest)
        if found is None:
            found = holding[rarest] = [
                number for number, text in enumerate(sentences) if f" {rarest} " in f" {text} "
            ]
        joined = f" {' '.join(phrase)} "
        return sum(1 for number in found if joined in f" {sentences[number]} ") <= most

    return wanted


@dataclass
class Score:
    at1: float
    at10: float
    mrr: float


def score(index: SearchIndex, queries: list[KnownItem], label: str) -> Score:
    """Success@1, success@10 and the mean reciprocal rank (within the top 10) of ``queries``."""
    first = found = 0
    reciprocal = 0.0
    misses: Counter[str] = Counter()
    for query in queries:
        hits = index.search(query.typed, limit=10)
        rank = next((n for n, hit in enumerate(hits, 1) if holds(hit.text, query.phrase)), 0)
        if rank:
            found += 1
            first += rank == 1
            reciprocal += 1 / rank
        else:
            misses[query.kind] += 1
            if os.environ.get("BENCH_VERBOSE"):
                print(
                    f"{label} miss: {query.typed!r} for {' '.join(query.phrase)!r}", file=sys.stderr
                )
    if misses:
        print(f"{label} misses by typo kind: {dict(misses)}")
    total = max(len(queries), 1)
    return Score(first / total, found / total, reciprocal / total)


def exhaustive(
    texts: list[str], queries: list[KnownItem], processor: bool
) -> tuple[float, list[float]]:
    """The exhaustive scan's success@10 over ``texts`` and its time per query (ms)."""
    times: list[float] = []
    found = 0
    for query in queries:
        elapsed, result = timed(
            partial(
                process.extract,
                query.words,
                texts,
                scorer=fuzz.partial_ratio,
                processor=utils.default_process if processor else None,
                limit=10,
            )
        )
        times.append(elapsed)
        assert isinstance(result, list)
        if any(holds(text, query.phrase) for text, _, _ in result):
            found += 1
    return found / max(len(queries), 1), times


def all_texts(meetings: Sequence[Meeting]) -> list[str]:
    return [m.sentence_text(i) for m in meetings for i in range(len(m.sentences))]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def timed(call: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = call()
    return (time.perf_counter() - start) * 1000, result


def build(meetings: list[Meeting]) -> tuple[SearchIndex, float]:
    index = SearchIndex()
    start = time.perf_counter()
    index.add_many(meetings)
    return index, time.perf_counter() - start


def real_sets(folder: Path, count: int, seed: int, processor: bool) -> tuple[Score, float, Score]:
    """The real readouts' known-item score, the exhaustive scan's success@10, the hard score."""
    meetings = load_real(folder)
    index, _ = build(meetings)
    texts = all_texts(meetings)
    print(f"real: {len(meetings)} meetings, {len(texts)} sentences from {folder}")
    queries = make_queries(meetings, count, random.Random(seed))
    real = score(index, queries, "real")
    real_exhaustive, _ = exhaustive(texts, queries, processor)
    hard_queries = make_queries(
        meetings, count, random.Random(seed + 1), wanted=rare_phrases(meetings, 3)
    )
    hard = score(index, hard_queries, "real hard")
    print(
        f"real: {len(queries)} queries, success@1 {real.at1:.3f}, success@10 {real.at10:.3f}, "
        f"exhaustive success@10 {real_exhaustive:.3f}; hard ({len(hard_queries)} queries, "
        f"phrases in <= 3 sentences): success@1 {hard.at1:.3f}, mrr {hard.mrr:.3f}"
    )
    return real, real_exhaustive, hard


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--limit", type=int, default=50, help="hits asked per keystroke")
    parser.add_argument("--real", type=Path, default=_REAL, help="real readouts (../shared/real)")
    parser.add_argument("--no-exhaustive", action="store_true", help="skip the slow scan")
    parser.add_argument(
        "--processor",
        action="store_true",
        help="give the exhaustive scan rapidfuzz's default_process (lower case, no punctuation)",
    )
    args = parser.parse_args()

    real, real_exhaustive, real_hard = real_sets(args.real, args.queries, args.seed, args.processor)

    start = time.perf_counter()
    meetings = load(args.corpus)
    load_s = time.perf_counter() - start
    sentences = sum(len(meeting.sentences) for meeting in meetings)
    rss_before = rss_mb()
    print(f"loaded {len(meetings)} meetings, {sentences} sentences in {load_s:.2f} s")

    index, build_s = build(meetings)
    tokens = sum(len(row) for row in index.state().rows)
    print(
        f"index build {build_s:.2f} s, {index.vocabulary_size} words in {tokens} tokens, "
        f"rss +{rss_mb() - rss_before:.0f} MB (now {rss_mb():.0f})"
    )
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        save_index(index, Path(folder))
        dump_s = time.perf_counter() - start
        size = (Path(folder) / INDEX_FILE).stat().st_size
        start = time.perf_counter()
        restored = load_index(Path(folder), meetings)
        restore_s = time.perf_counter() - start
    assert restored is not None
    del restored
    print(f"index stored {size / 1e6:.1f} MB in {dump_s:.2f} s, loaded back in {restore_s:.2f} s")

    queries = make_queries(meetings, args.queries, random.Random(args.seed), filtered=1 / 3)
    keystroke_ms: list[float] = []
    keystroke_cpu: list[float] = []  # this thread's CPU time: what the machine's load hides
    for query in queries:
        for end in range(1, len(query.typed) + 1):
            cpu = time.thread_time()
            elapsed, _ = timed(partial(index.search, query.typed[:end], limit=args.limit))
            keystroke_cpu.append((time.thread_time() - cpu) * 1000)
            keystroke_ms.append(elapsed)
    plain = score(index, queries, "corpus")
    hard_queries = make_queries(
        meetings, args.queries, random.Random(args.seed + 1), wanted=rare_phrases(meetings, 3)
    )
    hard = score(index, hard_queries, "corpus hard")
    p50 = statistics.median(keystroke_ms)
    p95 = percentile(keystroke_ms, 0.95)
    cpu_p50 = statistics.median(keystroke_cpu)
    cpu_p95 = percentile(keystroke_cpu, 0.95)
    print(
        f"{len(keystroke_ms)} keystroke searches (a third filtered): p50 {p50:.1f} ms, "
        f"p95 {p95:.1f} ms, max {max(keystroke_ms):.1f} ms (CPU p50 {cpu_p50:.1f} ms, "
        f"p95 {cpu_p95:.1f} ms); "
        f"success@1 {plain.at1:.3f}, "
        f"success@10 {plain.at10:.3f}; hard ({len(hard_queries)} queries): "
        f"success@1 {hard.at1:.3f}, mrr {hard.mrr:.3f}"
    )

    exhaustive_p95 = exhaustive_success = float("nan")
    if not args.no_exhaustive:
        exhaustive_success, exhaustive_ms = exhaustive(all_texts(meetings), queries, args.processor)
        exhaustive_p95 = percentile(exhaustive_ms, 0.95)
    print(
        f"real hard success@1 {real_hard.at1:.3f}, mrr {real_hard.mrr:.3f}; "
        f"real success@1 {real.at1:.3f}"
    )
    print(
        f"search p50 {p50:.1f} ms, p95 {p95:.1f} ms, exhaustive p95 {exhaustive_p95:.1f} ms, "
        f"speedup {exhaustive_p95 / p95:.1f} x, success@10 {plain.at10:.3f}, "
        f"exhaustive success@10 {exhaustive_success:.3f}, "
        f"hard success@1 {hard.at1:.3f}, mrr {hard.mrr:.3f}, "
        f"real success@10 {real.at10:.3f}, real exhaustive success@10 {real_exhaustive:.3f}"
    )


if __name__ == "__main__":
    main()
