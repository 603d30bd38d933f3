"""The lexicons: word lists in ``lexicons/``, each with a header note that cites its sources.

An entry is a word or a phrase; verbs are given as lemmas. Entries under a ``[case]`` line are
matched with their case (abbreviations that are also ordinary words); entries under ``[nouns]``
are the nouns of a list of verbs ("assessment" for "assess"), matched as words too. Two ways to
match:
``Lexicon.match`` on parsed tokens (by surface form or lemma), and ``Lexicon.search`` on plain
text with common inflections, for the parser-free ``cue_kind``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LEXICON_DIR = Path(__file__).parent / "lexicons"

# Irregular past forms of the verbs the lexicons use, for matching plain text without a parser.
_IRREGULAR = {
    "say": ("said",),
    "tell": ("told",),
    "write": ("wrote", "written"),
    "think": ("thought",),
    "find": ("found",),
    "know": ("knew", "known"),
    "show": ("shown",),
    "see": ("saw", "seen"),
    "feel": ("felt",),
    "learn": ("learnt",),
    "foresee": ("foresaw", "foreseen"),
    "swear": ("swore", "sworn"),
    "read": ("read",),
    "put": ("put",),
    "bet": ("bet",),
    "go": ("went", "gone"),
}


def words_of(phrase: str) -> tuple[str, ...]:
    """A phrase split as the parser splits it: hyphens and a final 's apart."""
    out: list[str] = []
    for piece in phrase.split():
        if len(piece) > 2 and piece[-2:] in ("'s", "’s"):
            out.extend([piece[:-2], piece[-2:]])
        elif "-" in piece.strip("-"):
            out.extend(p for p in re.split(r"(-)", piece) if p)
        else:
            out.append(piece)
    return tuple(out)


def _forms(word: str) -> set[str]:
    """Common inflections of a verb or noun (enough for matching cue phrases)."""
    forms = {word, word + "s", word + "ed", word + "ing", word + "es", word + "d"}
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    if word.endswith("e"):
        forms.add(word[:-1] + "ing")
    if re.search(r"[^aeiou][aeiou][bdgmnprt]$", word):
        forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}
    return forms | set(_IRREGULAR.get(word, ()))


@dataclass(frozen=True)
class Lexicon:
    """One word list: its entries as word tuples, folded to lower case or kept with case."""

    name: str
    folded: frozenset[tuple[str, ...]]
    cased: frozenset[tuple[str, ...]]
    nouns: frozenset[str]
    longest: int

    def match(
        self, lowers: Sequence[str], lemmas: Sequence[str], texts: Sequence[str], i: int
    ) -> int:
        """Length of the longest entry that starts at token ``i`` (0 if none).

        Each position may match by its lower-case form or its lemma; cased entries by text."""
        for n in range(min(self.longest, len(lowers) - i), 0, -1):
            if self.cased and tuple(texts[i : i + n]) in self.cased:
                return n
            if not self.folded:
                continue
            if tuple(lowers[i : i + n]) in self.folded or tuple(lemmas[i : i + n]) in self.folded:
                return n
            if n > 1:
                mixed = (*lemmas[i : i + n - 1], lowers[i + n - 1])
                if mixed in self.folded or (lowers[i], *lemmas[i + 1 : i + n]) in self.folded:
                    return n
        return 0

    def __contains__(self, word: str) -> bool:
        return (word.lower(),) in self.folded or (word,) in self.cased

    def search(self, text: str) -> re.Match[str] | None:
        """The first entry (in any common inflection) found in plain text."""
        for pattern in _patterns(self.name):
            match = pattern.search(text)
            if match:
                return match
        return None


def _read(name: str) -> tuple[list[str], list[str], list[str]]:
    """(entries folded to lower case, entries with case, nouns) of a lexicon file."""
    sections: dict[str, list[str]] = {"": [], "[case]": [], "[nouns]": []}
    target = sections[""]
    for raw in (LEXICON_DIR / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line in sections:
            target = sections[line]
            continue
        target.append(line)
    return sections[""] + sections["[nouns]"], sections["[case]"], sections["[nouns]"]


@cache
def lexicon(name: str) -> Lexicon:
    """A lexicon by file name (without ``.txt``), read once."""
    folded, cased, nouns = _read(name)
    folded_words = frozenset(words_of(entry.lower()) for entry in folded)
    cased_words = frozenset(words_of(entry) for entry in cased)
    longest = max((len(w) for w in folded_words | cased_words), default=1)
    return Lexicon(name, folded_words, cased_words, frozenset(nouns), longest)


def _regex(entries: list[str]) -> str:
    alternatives = []
    for entry in sorted(entries, key=len, reverse=True):
        words = entry.split()
        last = "|".join(sorted((re.escape(f) for f in _forms(words[-1])), key=len, reverse=True))
        head = [re.escape(w) for w in words[:-1]]
        alternatives.append(r"\s+".join([*head, f"(?:{last})"]))
    return r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])"


@cache
def _patterns(name: str) -> tuple[re.Pattern[str], ...]:
    folded, cased, _ = _read(name)
    compiled = []
    if folded:
        compiled.append(re.compile(_regex(folded), re.IGNORECASE))
    if cased:
        escaped = "|".join(re.escape(e) for e in sorted(cased, key=len, reverse=True))
        compiled.append(re.compile(rf"(?<![\w-])(?:{escaped})(?![\w-])"))
    return tuple(compiled)
