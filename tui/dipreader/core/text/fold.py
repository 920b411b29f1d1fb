"""The two folds of the core: typographic punctuation to plain, and letters to fewer letters.

:func:`fold_text` is the one punctuation fold, used by reading (names, roles, sentences are
matched on the folded copy of an article) and by anchors (a quote is found again whatever
quotes, dashes and spaces the text uses now). It replaces one character by one, so offsets
into the folded copy are offsets into the original, which is never rewritten.

:func:`fold_accents` is the one accent fold, used by search words (through
:func:`dipreader.core.search.query.fold_word`) and by speaker ids (through
:func:`dipreader.core.text.names.name_words`), which ask different things of it: see its
``transliterate`` parameter.
"""

from __future__ import annotations

import unicodedata

# One character for one: no-break and typographic spaces (and the tab), curly and low
# quotes, primes and the acute accent written for an apostrophe, guillemets, dashes and the
# minus sign, and the ellipsis.
_TEXT_FOLD: dict[int, str] = {
    **dict.fromkeys((0x00A0, *range(0x2000, 0x200B), 0x202F, 0x3000, 0x09), " "),
    **dict.fromkeys((0x2018, 0x2019, 0x201A, 0x201B, 0x2032, 0x00B4), "'"),
    **dict.fromkeys((0x201C, 0x201D, 0x201E, 0x201F, 0x2033, 0x00AB, 0x00BB), '"'),
    **dict.fromkeys((0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212), "-"),
    0x2026: ".",
}
_REPLACEMENTS = tuple((chr(code), plain) for code, plain in _TEXT_FOLD.items())


def fold_text(text: str) -> str:
    """``text`` with typographic spaces, quotes, dashes and the ellipsis as their plain ASCII
    counterparts, one character for one (the same length, the same offsets).

    ``str.translate`` looks every character of a non-ASCII string up in the table; replacing
    only the characters that occur is several times faster on real articles.
    """
    if text.isascii():
        return text.replace("\t", " ")
    for char, replacement in _REPLACEMENTS:
        if char in text:
            text = text.replace(char, replacement)
    return text


def fold_accents(text: str, *, transliterate: bool = False) -> str:
    """``text`` without its accents: ``Séjourné`` -> ``Sejourne`` (case is kept).

    By default the text is decomposed (NFKD) and the combining marks dropped: an accented
    letter loses its accent, a ligature or a superscript becomes plain letters and digits,
    and letters that are letters of their own ("ł", "ø", "ß") or of other scripts stay. That is
    the search's fold: a word is found as it is typed in its own script, and what the stored
    index holds does not change.

    With ``transliterate``, every character is written in ASCII (``anyascii``): "Radosław"
    is "Radoslaw", "Þór" is "Thor". That is the speaker ids' fold: an id is an ASCII slug,
    the same however the name is spelled; it would not do for search ("ß" would be "ss").
    """
    if text.isascii():
        return text
    if transliterate:
        from anyascii import anyascii  # text beyond ASCII is rare in names: imported then

        return anyascii(text)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))
