"""Students' nicknames: how they are cleaned, and when two of them are the same name.

Two nicknames clash when they look alike, not only when they are equal: "Alice" and "Аlice"
(with a Cyrillic А) would be two students a teacher cannot tell apart. The comparison key is a
skeleton in the spirit of Unicode TR39: NFKC, letter case ignored, each character replaced by
the smallest character it can be confused with across scripts (the data of the
``confusable-homoglyphs`` package, taken from Unicode's confusables.txt). It knows look-alikes
across scripts (Latin and Cyrillic, letters and digits), not within one (l and I).
"""

from __future__ import annotations

import unicodedata
from functools import cache

from confusable_homoglyphs import confusables

from quiz.database import NICKNAME_KEY_LENGTH, NICKNAME_LENGTH


class NicknameProblem(ValueError):
    """Why a nickname cannot be used, in words for students."""


def clean_nickname(raw: str) -> str:
    """A nickname with white space folded; raises NicknameProblem if unusable."""
    nickname = " ".join(unicodedata.normalize("NFKC", raw).split())
    if not nickname:
        raise NicknameProblem("Choose a nickname.")
    if len(nickname) > NICKNAME_LENGTH:
        raise NicknameProblem(f"Nicknames have at most {NICKNAME_LENGTH} characters.")
    if any(unicodedata.category(ch).startswith("C") for ch in nickname):
        raise NicknameProblem("The nickname contains characters that cannot be shown.")
    return nickname


def nickname_key(nickname: str) -> str:
    """The key two nicknames share when a reader could mistake one for the other (letter case
    aside: "Kim" and "KIM" are one name)."""
    normal = unicodedata.normalize("NFKC", nickname)
    return "".join(_key_of(ch) for ch in normal)[:NICKNAME_KEY_LENGTH]


@cache
def _key_of(character: str) -> str:
    """One character's part of the key: the same for its capital, its small letter and the
    characters either can be confused with."""
    forms = {character, character.lower(), character.upper(), character.casefold()}
    return min(_prototype(form) for form in forms if len(form) == 1)


@cache
def _prototype(character: str) -> str:
    """The smallest character that ``character`` can be confused with (itself if none)."""
    found = confusables.is_confusable(character, greedy=True)
    if not found:
        return character
    homoglyphs = [h["c"] for entry in found for h in entry["homoglyphs"]]
    return min([character, *homoglyphs])
