"""The analyser: read the article, let the model choose each item's label, explain it."""

from __future__ import annotations

from quiz.analysis.cues import cues
from quiz.analysis.explain import Situation, explain
from quiz.analysis.features import features
from quiz.analysis.model import Model, model
from quiz.analysis.reading import Reading, read
from quiz.analysis.result import Sentence
from quiz.analysis.rules import decide, kind_of
from quiz.analysis.sources import SourceKind
from quiz.analysis.voice import Speaker


def analyse(text: str) -> list[Sentence]:
    """Every item of the text, in order, labelled with cues, source and explanation."""
    if not text.strip():
        return []
    return sentences(text, read(text), model())


def sentences(text: str, readings: list[Reading], chosen: Model) -> list[Sentence]:
    """The analysed items of an article already read, labelled by the given model."""
    out = []
    phrases = _source_phrases(text, readings)
    for reading, phrase in zip(readings, phrases, strict=True):
        probabilities = chosen.probabilities(features(reading))
        label = max(probabilities, key=probabilities.__getitem__)
        found = cues(text, reading, label)
        kind = kind_of(reading)
        ruled, reason = decide(reading)
        situation = Situation(
            label=label,
            reason=reason.value if ruled == label else None,
            source=phrase,
            source_kind=kind.value if kind else None,
            inherited=reading.source_kind in (None, SourceKind.PRONOUN) and phrase is not None,
            security_voice=reading.speaker is Speaker.SECURITY,
            cues=found,
        )
        out.append(
            Sentence(
                start=reading.start,
                end=reading.end,
                text=text[reading.start : reading.end],
                label=label,
                confidence=round(probabilities[label], 3),
                cues=found,
                source=phrase,
                explanation=explain(situation),
            )
        )
    return out


def _own_phrase(text: str, reading: Reading) -> str | None:
    """The deepest source's words, unless it is only a pronoun or nobody."""
    for attribution, kind in zip(reversed(reading.chain), reversed(reading.kinds), strict=True):
        if not attribution.source or kind in (SourceKind.PRONOUN, SourceKind.SELF):
            continue
        doc, parsed = reading.parsed.doc, reading.parsed
        if not any(doc[i].pos_ in ("NOUN", "PROPN") for i in attribution.source):
            continue  # never a bare verb or a pronoun as the source
        start = parsed.start(doc[attribution.source[0]])
        end = parsed.end(doc[attribution.source[-1]])
        words = text[start:end].strip(" ,;:—–-\"“”'‘’")
        return " ".join(words.split()) or None
    return None


def _source_phrases(text: str, readings: list[Reading]) -> list[str | None]:
    """Each item's source phrase; items that inherit a source take their donor's."""
    own = [_own_phrase(text, reading) for reading in readings]
    out: list[str | None] = []
    for reading, phrase in zip(readings, own, strict=True):
        if phrase is None and reading.donor is not None:
            phrase = own[reading.donor] or (
                out[reading.donor] if reading.donor < len(out) else None
            )
        out.append(phrase)
    return out
