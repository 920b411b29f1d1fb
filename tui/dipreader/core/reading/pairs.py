"""Subjects and their verbs: every subject-verb pair of a sentence, outside quotations, with
what tells which one decides (after a quote, at the end, embedded in a ``that`` clause).
"""

from __future__ import annotations

import re
from bisect import bisect_left

from dipreader.core.model import Sentence
from dipreader.core.reading.grammar import (
    AND,
    AND_COUNTERPART,
    LIST_END_WORDS,
    REF,
    country_only,
    is_switch,
)
from dipreader.core.reading.name_runs import analyse
from dipreader.core.reading.references import References
from dipreader.core.reading.scan import Pair, pair_start, taken_starts
from dipreader.core.reading.verbs import (
    EMBEDDED_WORDS,
    GAP,
    INVERTING,
    JOINT_VERB,
    JOINT_WORDS,
    NOT_REPORTERS,
    REPORTING,
    TAIL,
)


class Article(References):
    """An article read for attribution: its scans, references and subject-verb pairs."""

    # -- subjects and verbs --------------------------------------------------------------------

    def pairs(self, sentence: Sentence) -> list[Pair]:
        """Every subject-verb pair of one sentence, in order, outside quotations."""
        norm = self.norm
        low = bisect_left(self.verb_starts, sentence.start)
        high = bisect_left(self.verb_starts, sentence.end)
        if low == high:
            # No verb: only a plural subject (``The two sides ...``) can make a pair.
            joint = self.joint_starts
            at = bisect_left(joint, sentence.start)
            if at < len(joint) and joint[at] < sentence.end:
                found: list[Pair] = []
                self._joint_pairs(sentence, found)
                return found
            return []
        found = []
        cand_low = bisect_left(self.candidates, sentence.start)
        taken_until = -1
        quoted = bool(self.quotes)
        candidates = self.candidates
        ref_at = self.ref_at
        known = self._refs  # ``ref_at``'s cache, read here without a call for each
        gap = GAP.fullmatch
        s_start = sentence.start
        quotes, quote_starts = self.quotes, self.quote_starts
        for v_start, v_end, key, kind in self.verbs[low:high]:
            if kind == "object":
                continue
            if quoted:  # ``inside_quote(v_start)``, without the call
                inside = bisect_left(quote_starts, v_start) - 1
                if inside >= 0 and v_start < quotes[inside][1]:
                    continue
            subject: re.Match[str] | None = None
            floor = v_start - 280
            if floor < taken_until:
                floor = taken_until
            if floor < s_start:
                floor = s_start
            # A subject is never across a quotation mark or three commas.
            quote = norm.rfind('"', floor, v_start)
            if quote >= 0:
                floor = quote + 1
            # Three commas are rare: counted in one call, looked for only when there are.
            if norm.count(",", floor, v_start) >= 3:
                comma = norm.rfind(",", floor, v_start)
                comma = norm.rfind(",", floor, comma)
                floor = norm.rfind(",", floor, comma) + 1
            for index in range(bisect_left(candidates, v_start, cand_low) - 1, cand_low - 1, -1):
                position = candidates[index]
                if position < floor:
                    break
                ref = known[position] if position in known else ref_at(position)
                if ref is None:
                    continue
                ref_end = ref.end()
                if ref_end > v_start or (
                    norm[ref_end - 1] == "s" and norm[ref_end - 2 : ref_end] == "'s"
                ):
                    continue  # ``Russia's continued build-up``: a possessive is no subject
                # One space, the usual gap, always is one: the pattern need not be asked.
                if (v_start == ref_end + 1 and norm[ref_end] == " ") or gap(
                    norm, ref_end, v_start
                ) is not None:
                    # Both tests below need a comma between the reference and the verb.
                    comma_between = norm.find(",", ref_end, v_start) >= 0
                    if comma_between and self._background_place(ref, v_start):
                        continue
                    subject = ref
                    if comma_between:
                        subject = self._appositive_subject(index, cand_low, v_start) or ref
                    # The widest reference ending there: ``A and B`` read as one run.
                    outer = self.run_of.get(subject.start())
                    if outer is not None:
                        other = self.ref_at(outer)
                        if other is not None and other.end() == subject.end():
                            subject = other
                    break
            if subject is None:
                if key in REPORTING and self._someone_else_reports(sentence, v_start):
                    found.append(Pair(v_start, v_end, key, kind, []))
                continue
            refs = [subject]
            # ``X and Y``, ``X, Y and Z``: a list of subjects sharing the verb.
            while _after_joiner(norm, refs[0].start()):
                before = self._ref_before(refs[0].start(), cand_low)
                if before is None:
                    break
                refs.insert(0, before)
            if len(refs) == 1:
                # ``Kamikawa and her Chinese counterpart Wang Yi agreed``: both are subjects.
                # The pattern needs the word ``counterpart``: look for it with ``str.find``.
                window = subject.start() - 60
                if window < s_start:
                    window = s_start
                counterpart = (
                    AND_COUNTERPART.search(norm, window, subject.start())
                    if norm.find("counterpart", window, subject.start()) >= 0
                    else None
                )
                if counterpart is not None:
                    before = self._ref_before(counterpart.end("and"), cand_low)
                    if before is not None:
                        refs.insert(0, before)
            if len(refs) > 1 and " and " not in norm[refs[0].start() : subject.start()]:
                refs = [subject]  # ``between China and South Korea, Wang said``: not a list
            elif len(refs) > 1 and country_only(subject):
                refs = [subject]
            p_start = refs[0].start()
            pair = Pair(p_start, v_end, key, kind, refs)
            floor_at = p_start - 16 if p_start - 16 > s_start else s_start
            space = norm.rfind(" ", floor_at, p_start - 1)
            prior_word = norm[(space if space >= floor_at else floor_at - 1) + 1 : p_start].rstrip()
            pair.embedded = prior_word in EMBEDDED_WORDS or prior_word in REPORTING
            if subject.group("pron") is not None:
                head = norm[(p_start - 40 if p_start - 40 > s_start else s_start) : p_start]
                pair.switch = is_switch(head) or is_switch(norm[subject.end() : v_start])
            found.append(pair)
            taken_until = v_end
        joint = self.joint_starts
        at = bisect_left(joint, sentence.start)
        if at < len(joint) and joint[at] < sentence.end:
            self._joint_pairs(sentence, found)
        if high > low and self.verbs[high - 1][2] in INVERTING:
            self._inverted(sentence, found, low, high)
        if len(found) > 1:
            found.sort(key=pair_start)
            # Which attribution ends the sentence matters only when there are several.
            for pair in found:
                if not pair.tail:
                    pair.tail = TAIL.match(norm, pair.end, sentence.end) is not None
        if quoted and found and norm.find('"', sentence.start, sentence.end) >= 0:
            self._mark_after_quote(sentence, found)
        return found

    def unknown_speaker(self, sentence: Sentence) -> bool:
        """A verb of speech outside quotations with no participant as its subject: ``The
        previous Conservative government described China as ...`` opens a paragraph of
        someone else's words, not the last speaker's."""
        low = bisect_left(self.verb_starts, sentence.start)
        high = bisect_left(self.verb_starts, sentence.end)
        if not any(
            kind == "speech" and not (self.quotes and self.inside_quote(v_start))
            for v_start, _v_end, _key, kind in self.verbs[low:high]
        ):
            return False
        # ``China has never sought ...`` is the speaker's country going on: only a sentence
        # that opens with nobody of the meeting is someone else's.
        ref = self.ref_at(sentence.start)
        if ref is None:
            return False
        if ref.group("pron") is not None or ref.group("joint") is not None:
            return False
        kind, _people = self.resolve(ref, create=False)
        return kind == "other"

    def _background_place(self, ref: re.Match[str], v_start: int) -> bool:
        """``Turkey, a NATO member, has sought ...``: a country described by an appositive is
        the reporter's background, not its minister speaking."""
        if self.norm.find(",", ref.end(), v_start) < 0:
            return False
        if ref.group("cap") is None:
            return False
        parts = analyse(ref.group(0))
        return bool(parts) and all(
            country and not (name or role) for name, role, country, _s in parts
        )

    def _someone_else_reports(self, sentence: Sentence, v_start: int) -> bool:
        """``A State Department spokesperson said``: a speaker outside the meeting."""
        space = self.norm.rfind(" ", sentence.start, v_start - 1)
        if space < sentence.start - 1:
            space = sentence.start - 1
        word = self.norm[space + 1 : v_start].strip().lower()
        return word.isalpha() and word not in NOT_REPORTERS

    def _ref_before(self, start: int, floor_index: int) -> re.Match[str] | None:
        norm = self.norm
        joiner_at = start - 5 if norm.endswith(" and ", 0, start) else start - 2
        floor = joiner_at - 40 if joiner_at > 40 else 0
        word_start = norm.rfind(" ", floor, joiner_at) + 1
        if word_start < floor:
            word_start = floor
        word = norm[word_start:joiner_at]
        # Only a name or a role ends right before ``and``/``,`` in a list of subjects.
        if not word[:1].isupper() and word.lower() not in LIST_END_WORDS:
            return None
        index = bisect_left(self.candidates, start) - 1
        while index >= floor_index:
            position = self.candidates[index]
            if start - position > 120:
                return None
            ref = self.ref_at(position)
            if ref is not None and ref.end() < start:
                joiner = AND.fullmatch(self.norm, ref.end(), start)
                if joiner is None:
                    return None
                if ref.group("pron") is not None or ref.group("joint") is not None:
                    return None
                if self.norm[ref.end() : start].strip() == "," and not self._is_person(ref):
                    return None
                if not self._is_person(ref) or country_only(ref):
                    return None
                return ref
            index -= 1
        return None

    def _appositive_subject(self, index: int, floor: int, v_start: int) -> re.Match[str] | None:
        """``Baerbock, who has pushed for a tougher line on Beijing, said``: Baerbock."""
        # A few references back at most: an appositive holds few names, and a run of
        # ``X, Y, Z, said`` must not make every verb look at every name before it.
        for earlier in range(index - 1, max(floor, index - 9) - 1, -1):
            position = self.candidates[earlier]
            if v_start - position > 280:
                return None
            ref = self.ref_at(position)
            if ref is None or ref.end() >= self.candidates[index]:
                continue
            if not self.norm.startswith(",", ref.end()):
                continue
            if GAP.fullmatch(self.norm, ref.end(), v_start) is not None and self._is_person(ref):
                if ref.group("cap") is not None and country_only(ref):
                    continue
                return ref
        return None

    def _joint_pairs(self, sentence: Sentence, found: list[Pair]) -> None:
        """``The two sides had candid talks``: a plural subject with any finite verb."""
        low = bisect_left(self.joint_starts, sentence.start)
        high = bisect_left(self.joint_starts, sentence.end)
        if low == high:
            return
        quoted = bool(self.quotes)
        taken = taken_starts(found) if found else set()
        for position in self.joint_starts[low:high]:
            if position in taken or (quoted and self.inside_quote(position)):
                continue
            ref = self.ref_at(position)
            if ref is None or ref.group("joint") is None:
                continue
            follow = JOINT_VERB.match(self.norm, ref.end(), sentence.end)
            if follow is None:
                continue
            word = follow.group("w")
            if not (word.endswith("ed") or word in JOINT_WORDS):
                continue
            pair = Pair(position, follow.end(), word, "joint", [ref])
            head_at = position - 40 if position - 40 > sentence.start else sentence.start
            head = self.norm[head_at:position]
            words = head.rstrip().rsplit(" ", 1)
            pair.embedded = bool(words) and words[-1] in EMBEDDED_WORDS
            pair.tail = TAIL.match(self.norm, follow.end(), sentence.end) is not None
            found.append(pair)

    def _inverted(self, sentence: Sentence, found: list[Pair], low: int, high: int) -> None:
        """``..., said Wang.``: a verb of speech near the end, after a comma or a quote."""
        norm = self.norm
        floor = sentence.end - 80
        for v_start, v_end, key, _kind in self.verbs[low:high]:
            if v_start < floor or key not in INVERTING:
                continue
            before_at = v_start - 4 if v_start - 4 > sentence.start else sentence.start
            before = norm[before_at:v_start].rstrip(' "')
            if not before.endswith(","):
                continue
            ref = REF.match(norm, v_end + 1, sentence.end)
            if ref is None:
                continue
            if (
                not norm.startswith(",", ref.end())
                and TAIL.match(norm, ref.end(), sentence.end) is None
            ):
                continue  # ``..., said Wang Yi, also a member of ...`` ends with an appositive
            pair = Pair(v_start, ref.end(), key, "speech", [ref])
            pair.tail = True
            found.append(pair)

    def _mark_after_quote(self, sentence: Sentence, found: list[Pair]) -> None:
        last_close = -1
        # Quotations are ordered and do not overlap: only those opened before the end count.
        for index in range(bisect_left(self.quote_starts, sentence.end) - 1, -1, -1):
            q_start, q_end = self.quotes[index]
            if q_end < sentence.start:
                break
            closes_here = sentence.start <= q_end <= sentence.end and q_end > q_start + 1
            if closes_here and self.norm[q_end - 1] == '"' and q_end > last_close:
                last_close = q_end
        if last_close < 0:
            return
        for pair in found:
            if pair.start >= last_close and self.norm[last_close : pair.start].strip(" ,") == "":
                pair.after_quote = True


def _after_joiner(norm: str, at: int) -> bool:
    """Whether ``" and "`` or ``", "`` ends at ``at``: told by the characters before it first,
    as nearly every reference has a space before it and few a comma or a ``d``."""
    if at < 2 or norm[at - 1] != " ":
        return False
    before = norm[at - 2]
    return before == "," or (before == "d" and norm.endswith(" and ", 0, at))
