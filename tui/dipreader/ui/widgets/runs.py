"""Runs of sentences by one speaker: where ``n``/``N`` and ``}``/``{`` land in the article.

``labels`` holds, for each sentence, whose it is (a speaker id, ``joint`` or ``narration``).
"""

from __future__ import annotations

from collections.abc import Sequence


def same_speaker(labels: Sequence[str], index: int, step: int) -> int | None:
    """The next (``step`` 1) or previous (-1) sentence of the same speaker, skipping the rest
    of the current run so that each press lands on a new statement."""
    if not labels:
        return None
    label = labels[index]
    pos = index
    while 0 <= pos < len(labels) and labels[pos] == label:
        pos += step
    while 0 <= pos < len(labels):
        if labels[pos] == label:
            if step < 0:  # land on the start of that run
                while pos > 0 and labels[pos - 1] == label:
                    pos -= 1
            return pos
        pos += step
    return None


def speaker_turn(labels: Sequence[str], index: int, step: int) -> int | None:
    """Start of the next run by another speaker (``step`` 1), or the start of the current
    run, or of the previous one when already there (-1)."""
    if not labels:
        return None
    if step > 0:
        pos = index
        while pos < len(labels) and labels[pos] == labels[index]:
            pos += 1
        return pos if pos < len(labels) else None
    pos = index
    if pos == 0 or labels[pos - 1] != labels[pos]:  # at the start of a run: go back one
        pos -= 1
        if pos < 0:
            return None
    while pos > 0 and labels[pos - 1] == labels[pos]:
        pos -= 1
    return pos
