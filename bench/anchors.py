"""How fast anchors resolve: thousands of notes over thousands of articles.

    python bench/anchors.py                    # 3,000 articles, 3,000 anchors
    python bench/anchors.py --articles 10000 --anchors 5000

Articles are made from the seeds' sentences in shuffled orders (so quotes repeat across
articles, as boilerplate does). Prints the time per case: unchanged articles, text added at
the top of every article, every file renamed, every passage lightly edited, every passage
gone (orphans: the slowest path, since every other article is searched).
"""

from __future__ import annotations

import argparse
import random
import re
import time
from collections.abc import Callable

from dipreader.core.model import Meeting
from dipreader.core.notes.anchor import Anchor, MeetingIndex, Resolution, resolve
from dipreader.core.settings import locations


def sentences() -> list[str]:
    found: list[str] = []
    for path in sorted(locations.seeds_dir().glob("*.txt")):
        body = path.read_text(encoding="utf-8").split("\n", 1)[1]
        found += [s.strip() for s in re.split(r"(?<=[.!?])\s*(?=[A-Z\u201c\"])", body) if s.strip()]
    return found


def corpus(count: int, pool: list[str], chance: random.Random) -> list[Meeting]:
    made = []
    for n in range(count):
        # Each sentence made unique to its article by one word, as real readouts differ;
        # one in ten articles repeats a sentence verbatim, as republished wire copy does.
        picked = [f"{s[:-1]} (item {n}-{k})." for k, s in enumerate(chance.sample(pool, 12))]
        if n % 10 == 0:
            picked[5] = pool[n % len(pool)]
        text = f"Article {n} of the benchmark corpus. " + " ".join(picked)
        made.append(Meeting(path=f"bench/{n:05d}.txt", text=text))
    return made


def timed(label: str, anchors: list[Anchor], index: MeetingIndex) -> list[Resolution]:
    began = time.perf_counter()
    results = [resolve(anchor, index) for anchor in anchors]
    took = time.perf_counter() - began
    statuses: dict[str, int] = {}
    for result in results:
        statuses[result.status.value] = statuses.get(result.status.value, 0) + 1
    per = took / max(1, len(anchors)) * 1e6
    print(f"{label:<34} {took * 1000:9.1f} ms  {per:8.1f} µs/anchor  {statuses}")
    return results


def changed(meetings: list[Meeting], edit: Callable[[Meeting], Meeting]) -> MeetingIndex:
    return MeetingIndex([edit(m) for m in meetings])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--anchors", type=int, default=3000)
    parser.add_argument("--orphans", type=int, default=300, help="orphans to time (slow path)")
    args = parser.parse_args()
    chance = random.Random(7)
    meetings = corpus(args.articles, sentences(), chance)
    anchors: list[Anchor] = []
    for n in range(args.anchors):
        meeting = meetings[n % len(meetings)]
        # The anchor covers the 3rd sentence of the article (after the opening line).
        start = meeting.text.index(". ", meeting.text.index(". ") + 2) + 2
        end = meeting.text.index(".", start) + 1
        anchors.append(Anchor.from_span(meeting, start, end))
    print(
        f"{len(meetings)} articles ({sum(len(m.text) for m in meetings) / 1e6:.1f} M chars), "
        f"{len(anchors)} anchors"
    )

    began = time.perf_counter()
    index = MeetingIndex(meetings)
    print(f"{'index built':<34} {(time.perf_counter() - began) * 1000:9.1f} ms")
    timed("unchanged", anchors, index)

    top = changed(meetings, lambda m: Meeting(m.path, "Editor's note added.\n\n" + m.text))
    timed("text added at the top", anchors, top)

    renamed = changed(meetings, lambda m: Meeting(m.path.replace("bench/", "moved/"), m.text))
    timed("every file renamed (hash)", anchors, renamed)

    def moved_and_edited(m: Meeting) -> Meeting:
        return Meeting(m.path.replace("bench/", "moved/"), "Update.\n" + m.text)

    timed("renamed and text added (quote)", anchors, changed(meetings, moved_and_edited))

    def lightly_edited(m: Meeting) -> Meeting:
        start = m.text.index(". ", m.text.index(". ") + 2) + 2
        end = m.text.index(".", start) + 1
        sentence = m.text[start:end]
        words = sentence.split(" ")
        words[len(words) // 2] = "changed"
        return Meeting(m.path, m.text[:start] + " ".join(words) + m.text[end:])

    edited = changed(meetings, lightly_edited)
    # Passages under 40 characters need a closer match (85): some short ones are orphans.
    timed("passage lightly edited (fuzzy)", anchors, edited)

    def emptied(m: Meeting) -> Meeting:
        start = m.text.index(". ", m.text.index(". ") + 2) + 2
        end = m.text.index(".", start) + 1
        return Meeting(m.path, m.text[:start] + "Nothing here any more." + m.text[end:])

    gone = changed(meetings, emptied)
    timed("passage gone (orphans)", anchors[: args.orphans], gone)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
