"""Who says each sentence: one participant, both or all sides together, or the narrator."""

from __future__ import annotations

from dipreader.core.model import Kind, Meeting, Sentence, Speaker
from dipreader.core.reading.cast import Person, english_order
from dipreader.core.reading.continuation import ReaderState, continuation, decide, forward_quote
from dipreader.core.reading.furniture import is_furniture
from dipreader.core.reading.grammar import (
    COLLECTIVE,
    DATELINE,
    JOINT,
    LIST_MARKER,
    MESSAGE,
    NARRATION,
    STATEMENT,
)
from dipreader.core.reading.labels import speaker_labels
from dipreader.core.reading.pairs import Article


def attribute(meeting: Meeting) -> None:
    """Fill ``meeting.speakers`` and each sentence's ``kind`` and ``speaker``."""
    sentences = meeting.sentences
    if not sentences:
        meeting.speakers = []
        return
    # Read numbered paragraphs and sentences under a wire's dateline from their first word:
    # the number or the dateline is not what is said. Their spans are restored after.
    numbered: list[tuple[Sentence, int]] = []
    text = meeting.text
    # The next bracket at or after the sentence: found again only once a sentence has passed
    # it (or starts before the last one), not searched for at every sentence.
    bracket = -1
    previous = -1
    for sentence in sentences:
        if sentence.start < previous:
            bracket = -1
        previous = sentence.start
        first = text[sentence.start : sentence.start + 1]
        # A marker starts with a digit (``\d`` is exactly ``str.isdecimal``), a dateline with
        # a capital and has a bracket soon: most sentences are ruled out without a regex.
        if first.isdecimal():
            marker = LIST_MARKER.match(text, sentence.start, sentence.end)
        elif first.isupper():
            if bracket < sentence.start:
                bracket = text.find("(", sentence.start)
                if bracket < 0:
                    bracket = len(text)
            if bracket >= sentence.start + 60:
                continue
            marker = DATELINE.match(text, sentence.start, sentence.end)
        else:
            continue
        if marker is not None and marker.end() < sentence.end:
            numbered.append((sentence, sentence.start))
            sentence.start = marker.end()
    try:
        _attribute(meeting, sentences)
    finally:
        for sentence, start in numbered:
            sentence.start = start


def _attribute(meeting: Meeting, sentences: list[Sentence]) -> None:
    article = Article(meeting)
    cast = article.cast
    body = article.body
    labels = speaker_labels(article)
    all_pairs = [
        article.pairs(s) if s.start >= body and i not in labels else []
        for i, s in enumerate(sentences)
    ]
    article.mark_meetings(all_pairs)
    if not labels and not any(p.met for p in cast.people):
        article.solo = article._author()  # a statement, not a meeting: who wrote it

    state = ReaderState()
    results: list[tuple[Kind, Person | None]] = []
    label_now: tuple[Person | None] | None = None
    source = meeting.source
    norm = article.norm
    pending: dict[int, Person] = {}
    furniture: set[int] = set()
    for index, sentence in enumerate(sentences):
        chunk = norm[sentence.start : sentence.end]
        if sentence.start < body or (source is not None and chunk.strip() == source):
            results.append((NARRATION, None))
            continue
        new_paragraph = index == 0 or sentences[index - 1].paragraph != sentence.paragraph
        if new_paragraph and index in labels:
            label_now = (labels[index],)
        if is_furniture(chunk, sentence, sentences, index, index in labels):
            results.append((NARRATION, None))
            furniture.add(index)
            state.run, state.run_joint = None, False
            continue
        if label_now is not None:
            who = label_now[0]
            results.append((STATEMENT, who) if who else (NARRATION, None))
            if who is not None:
                who.spoke = True
            continue
        if index in pending:
            kind: Kind | None = STATEMENT
            person: Person | None = pending.pop(index)
        elif state.run is not None and chunk[0] in 'TH "' and MESSAGE.match(chunk):
            kind, person = STATEMENT, state.run  # ``The message reads:``: the sender's words
        elif article.collective and chunk.startswith(COLLECTIVE):
            kind, person = JOINT, None  # ``We, the Foreign Ministers of ..., reaffirm``
        else:
            kind, person = decide(article, all_pairs[index], state)
        if kind is None:
            # A quotation that runs on into later sentences: their attribution is its own.
            ahead = forward_quote(article, all_pairs, index, state)
            if ahead is not None:
                kind, person = STATEMENT, ahead[0]
                for later in ahead[1]:
                    pending[later] = ahead[0]
            else:
                kind, person = continuation(article, chunk, sentence, state)
        results.append((kind, person))
        if kind == STATEMENT and person is not None:
            person.spoke = True
            state.run, state.run_joint = person, False
            state.run_paragraph = sentence.paragraph
            state.last_subject = person
            state.last_spoke[id(person)] = index
        elif kind == JOINT:
            state.run, state.run_joint = None, True
            state.run_paragraph = sentence.paragraph
        else:
            state.run, state.run_joint = None, False

    solo = article.solo
    if solo is not None and article.byline_end >= 0:
        # A statement under a byline is its author's throughout, what it reports of others
        # included: the author says it.
        for index, sentence in enumerate(sentences):
            if sentence.start >= article.byline_end and index not in furniture:
                results[index] = (STATEMENT, solo)
                solo.spoke = True
    in_meeting = sorted((p for p in cast.people if p.met or p.spoke), key=lambda p: p.first)
    for person in in_meeting:
        english_order(person, norm)
    speakers: dict[str, Speaker] = {}
    for person in in_meeting:
        if person.id not in speakers:
            speakers[person.id] = Speaker(person.id, person.name, person.role, person.country)
    meeting.speakers = list(speakers.values())
    for sentence, (kind, person) in zip(sentences, results, strict=True):
        if kind == STATEMENT and person is not None and person.id in speakers:
            sentence.kind, sentence.speaker = STATEMENT, person.id
        elif kind == JOINT:
            sentence.kind, sentence.speaker = JOINT, None
        else:
            sentence.kind, sentence.speaker = NARRATION, None


__all__ = ["attribute"]
