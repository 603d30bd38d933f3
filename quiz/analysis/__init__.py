"""The statement analyser: text in; sentences with labels, cues, sources and explanations out.

Pure Python: no Flask, no database. ``analyse`` parses the text with spaCy (loaded on the first
call, once per process) and finds, for each sentence, the source of its content, the hedges,
negations and forecasts in that content's scope and the document's voice; a small logistic
regression over these signals (``model.json``) gives the label and a calibrated confidence.
Importing this package, ``kinds`` or ``selection`` does not import spaCy.
"""

from __future__ import annotations

from quiz.analysis.kinds import CueKind
from quiz.analysis.lexicon import lexicon
from quiz.analysis.result import Cue, Sentence

__all__ = ["Cue", "CueKind", "Sentence", "analyse", "cue_kind"]


def analyse(text: str) -> list[Sentence]:
    """Every sentence of the text, in order, labelled with cues, source and explanation."""
    from quiz.analysis.pipeline import analyse as run

    return run(text)


# Lexicons that decide a lone cue phrase's kind, most telling first.
_KIND_OF_LEXICON = (
    ("intelligence", CueKind.SOURCE_INTELLIGENCE),
    ("anonymous", CueKind.SOURCE_ANONYMOUS),
    ("experts", CueKind.SOURCE_EXPERT),
    ("outlets", CueKind.SOURCE_OUTLET),
    ("knowledge", CueKind.FRAMING),
    ("negation", CueKind.NEGATION),
    ("denial", CueKind.DENIAL),
    ("hedges", CueKind.HEDGE),
    ("speculation", CueKind.SPECULATION_VERB),
    ("cognition", CueKind.SPECULATION_VERB),
    ("forecast", CueKind.FORECAST),
    ("factive", CueKind.CONFIRMATION),
    ("framing", CueKind.FRAMING),
    ("evaluation", CueKind.EVALUATION),
    ("officials", CueKind.SOURCE_OFFICIAL),
    ("reporting", CueKind.SOURCE_OFFICIAL),
    ("assertive", CueKind.SOURCE_OFFICIAL),
    ("assessment", CueKind.SOURCE_OFFICIAL),
)


def cue_kind(phrase: str) -> CueKind | None:
    """The kind of a lone cue phrase (for articles exported without kinds), or None.

    Word lists only, no parser: a phrase with a negation and a confirming or denying verb
    ("has not confirmed", "did not deny") is a negation."""
    found = [kind for name, kind in _KIND_OF_LEXICON if lexicon(name).search(phrase)]
    if not found:
        return None
    if CueKind.NEGATION in found and {CueKind.CONFIRMATION, CueKind.DENIAL} & set(found):
        return CueKind.NEGATION
    if CueKind.NEGATION in found and len(found) > 1:
        found.remove(CueKind.NEGATION)
    return found[0]
