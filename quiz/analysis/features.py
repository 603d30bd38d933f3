"""The rule signals of one item as named features for the label model (all 0/1 or in [0, 1])."""

from __future__ import annotations

from quiz.analysis.attribution import Voice
from quiz.analysis.reading import Reading
from quiz.analysis.rules import decide, kind_of
from quiz.analysis.sources import SourceKind
from quiz.analysis.voice import Speaker

Features = dict[str, float]


def features(reading: Reading) -> Features:
    """Named signals of the item, for the label model."""
    label, reason = decide(reading)
    out: Features = {"bias": 1.0, f"rule_{label}": 1.0, f"reason_{reason.value}": 1.0}
    out.update(_source(reading))
    out.update(_scope(reading))
    out.update(_form(reading))
    return out


def _source(reading: Reading) -> Features:
    out: Features = {}
    kind = kind_of(reading)
    security = reading.speaker is Speaker.SECURITY
    if kind is SourceKind.SELF:
        out["src_self_security" if security else "src_self"] = 1.0
    elif kind is SourceKind.IMPERSONAL and reading.chain:
        thought = reading.chain[-1].voice in (Voice.COGNITION, Voice.SPECULATION, Voice.ASSESSMENT)
        out["src_impersonal_thought" if thought else "src_impersonal_said"] = 1.0
    elif kind is not None:
        out[f"src_{kind.value}"] = 1.0
        if reading.source_kind in (None, SourceKind.PRONOUN):
            out["inherited"] = 1.0
    else:
        out["src_none_security" if security else "src_none"] = 1.0
        if reading.previous is not None and "continues" in reading.flags:
            out[f"after_{reading.previous.value}"] = 1.0
    if SourceKind.INTELLIGENCE in reading.kinds[:-1]:
        out["intel_outer"] = 1.0
    if reading.chain:
        deepest = reading.chain[-1]
        out[f"cue_{deepest.voice.value}"] = 1.0
        if deepest.negated and deepest.voice in (Voice.FACTIVE, Voice.DENIAL):
            out["cue_negated_record"] = 1.0
        elif deepest.negated:
            out["cue_negated"] = 1.0
        if deepest.voice is Voice.ASSESSMENT and kind in (SourceKind.SELF, SourceKind.OFFICIAL):
            out["assessment_by_state"] = 1.0
        if deepest.stance:
            out["stance"] = 1.0
        if deepest.passive and not deepest.source:
            out["impersonal_passive"] = 1.0
    if "intel_subject" in reading.flags:
        out["intel_subject"] = 1.0
    if reading.speaker is Speaker.MODERATOR:
        out["moderator"] = 1.0
    return out


def _scope(reading: Reading) -> Features:
    out: Features = {}
    hits = reading.hits
    if hits["hedges"]:
        out["hedge"] = 1.0
        out["hedges_many"] = min(1.0, (len(hits["hedges"]) - 1) / 2)
    futures = {h.name for h in hits["future"]}
    if "will" in futures:
        out["future"] = 1.0
        if "first_person" in reading.flags or kind_of(reading) is SourceKind.SELF:
            out["future_own_plan"] = 1.0
    if "would" in futures:
        out["would"] = 1.0
    if "if" in futures:
        out["conditional"] = 1.0
    if hits["guess"]:
        out["guess_word"] = 1.0
    if hits["evaluation"]:
        out["evaluation"] = min(1.0, len(hits["evaluation"]) / 2)
    unsourced = kind_of(reading) in (None, SourceKind.SELF)
    if hits["covert"]:
        out["covert"] = 1.0
        if unsourced and reading.speaker is Speaker.SECURITY:
            out["covert_security_voice"] = 1.0
        if kind_of(reading) is SourceKind.UNNAMED_OFFICIAL:
            out["covert_unnamed_official"] = 1.0
    if unsourced:
        out["covert_document"] = reading.covert_share
    if hits["knowledge"]:
        out["knowledge"] = 1.0
    if hits["framing"]:
        out["framing"] = min(1.0, len(hits["framing"]) / 2)
    if any(reading.parsed.doc[h.start].lower_ == "no" for h in hits["negation"]):
        out["no_determiner"] = 1.0
    return out


def _form(reading: Reading) -> Features:
    out: Features = {f"is_{flag}": 1.0 for flag in reading.flags}
    words = reading.words
    out["short"] = 1.0 if words < 5 else 0.0
    out["long"] = min(1.0, max(0.0, (words - 25) / 40))
    if reading.paragraph_start:
        out["paragraph_start"] = 1.0
    if reading.turn_index < 3 and reading.speaker is not Speaker.WRITER:
        out["turn_opening"] = 1.0
    return out
