"""Roles compared: ``Minister of Foreign Affairs`` is ``Foreign Minister``; how well a role
nominal (``the Secretary``, ``the head of state``) fits a person's role.
"""

from __future__ import annotations

from functools import lru_cache

from dipreader.core.reading.lexicon import DIPLOMAT_ROLES, HEADS_OF, ROLE_QUALIFIERS, ROLE_SYNONYMS


@lru_cache(maxsize=1024)
def canonical_role(role: str) -> str:
    """``Minister of Foreign Affairs`` and ``Foreign Minister`` compare equal."""
    low = " ".join(role.lower().replace("-", " ").split())
    for pattern, replacement in ROLE_SYNONYMS:
        low = pattern.sub(replacement, low)
    return low


def role_score(noun: str, role: str | None) -> int:
    noun = canonical_role(noun)
    if role and noun.startswith("head of ") and noun.split()[-1] in role.lower().split():
        return 2  # ``the head of the Fund`` for the managing director of the Monetary Fund
    if noun in {"side", "counterpart", "leader", "delegation", "official", "host", "guest"}:
        return 1
    if role is None:
        return 0
    low = canonical_role(role)
    if noun in {"top diplomat", "diplomat", "chief diplomat"}:
        if any(word in low for word in DIPLOMAT_ROLES) or "foreign affairs" in low:
            return 3
        return 0
    if low == noun:
        return 4
    if noun in HEADS_OF:
        return 3 if any(word in low.split() for word in HEADS_OF[noun]) else 0
    if low.startswith(noun):
        return 3
    qualifier, _space, rest = noun.partition(" ")
    if rest == low and qualifier in ROLE_QUALIFIERS:
        return 3  # ``the Federal Chancellor`` for ``Chancellor Olaf Scholz``
    if f" {noun} " in f" {low} ":  # ``presidential`` is no ``president``
        return 2
    if noun == "minister" and "secretary" in low and "foreign" in low:
        return 1
    return 0
