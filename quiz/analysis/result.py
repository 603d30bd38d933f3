"""What the analyser returns: sentences (or list items, or clauses) with their cues."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

VERIFIED = "verified"
INTELLIGENCE = "intelligence_claim"
SPECULATION = "speculation"
NONE = "none"
LABELS = (VERIFIED, INTELLIGENCE, SPECULATION, NONE)


@dataclass(frozen=True)
class Cue:
    """A word or phrase of the sentence that signals its label, with its offsets and kind
    (a ``quiz.analysis.kinds.CueKind`` value)."""

    start: int
    end: int
    text: str
    kind: str


@dataclass
class Sentence:
    """One sentence of the article and what the analyser makes of it."""

    start: int
    end: int
    text: str
    label: str
    confidence: float
    cues: list[Cue] = field(default_factory=list)
    source: str | None = None
    explanation: str = ""

    def as_dict(self) -> dict[str, Any]:
        """The JSON form that ``python -m quiz.analysis`` prints."""
        return asdict(self)
