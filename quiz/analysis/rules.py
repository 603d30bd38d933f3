"""The labelling guide's decision, applied to a reading: a label and the reason for it.

The guide's order: an item that makes no claim is none; then intelligence claim over speculation
over verified. The model takes this decision as a feature beside the signals it rests on, so
it can learn where the guide's rule holds less firmly on real text, and how sure to be.
"""

from __future__ import annotations

from enum import StrEnum

from quiz.analysis.attribution import Voice
from quiz.analysis.reading import Reading
from quiz.analysis.result import INTELLIGENCE, NONE, SPECULATION, VERIFIED
from quiz.analysis.scope import planned
from quiz.analysis.sources import SourceKind
from quiz.analysis.voice import Speaker

FRAMING_WORDS = 14  # a greeting or a piece of logistics is short
ASIDE_WORDS = 10  # an elliptical aside ("Had some trouble here.") is shorter still
SECRET_SHARE = 0.25  # a document about secret matters: a quarter of its items speak of them
GUESSING = {SourceKind.EXPERT, SourceKind.ANONYMOUS}


class Reason(StrEnum):
    """Why the rules chose a label (also what the explanation talks about)."""

    QUESTION = "question"
    HEADLINE = "headline"
    LEADIN = "leadin"
    FRAMING = "framing"
    KNOWLEDGE = "knowledge"
    UNCONFIRMED = "unconfirmed"
    FRAGMENT = "fragment"
    INTEL_SOURCE = "intel_source"
    INTEL_INHERITED = "intel_inherited"
    INTEL_VOICE = "intel_voice"
    INTEL_SECRET = "intel_secret"
    HEDGE = "hedge"
    FORECAST = "forecast"
    GUESS_VERB = "guess_verb"
    GUESSING_SOURCE = "guessing_source"
    EVALUATION = "evaluation"
    DENIAL = "denial"
    ON_RECORD = "on_record"
    OWN_PLAN = "own_plan"
    FACT = "fact"


def kind_of(reading: Reading) -> SourceKind | None:
    """The deepest source, resolved through pronouns, quotations and inheritance."""
    kind = reading.source_kind
    if kind in (None, SourceKind.PRONOUN) and reading.inherited is not None:
        return reading.inherited
    return kind


def secret_topic(reading: Reading) -> bool:
    """Whether the item (or the document it belongs to) speaks of secret matters."""
    return bool(reading.hits["covert"]) or reading.covert_share >= SECRET_SHARE


def _none(reading: Reading) -> Reason | None:
    flags = reading.flags
    if "question" in flags:
        return Reason.QUESTION
    if "unpunctuated" in flags and (
        "no_verb" in flags or reading.paragraph_start and reading.words <= 16
    ):
        return Reason.HEADLINE
    if "leadin" in flags and reading.words <= 12:
        return Reason.LEADIN
    if reading.speaker is Speaker.MODERATOR or "imperative" in flags:
        return Reason.FRAMING
    opening = reading.turn_index < 4 and reading.speaker is not Speaker.WRITER
    if reading.hits["framing"] and (
        reading.words <= FRAMING_WORDS or opening or "first_person" in flags
    ):
        return Reason.FRAMING
    elliptical = "no_subject" in flags and not reading.chain and reading.words <= ASIDE_WORDS
    if opening and ("speaker_aside" in flags or elliptical) and not reading.hits["hedges"]:
        return Reason.FRAMING  # "I appreciate your patience", "Had some trouble here"
    if "leadin_report" in flags:
        return Reason.LEADIN
    if reading.words < 3 or ("no_verb" in flags and reading.words < 4):
        return Reason.FRAGMENT
    if reading.hits["knowledge"] and not reading.hits["hedges"]:
        return Reason.KNOWLEDGE
    deepest = reading.chain[-1] if reading.chain else None
    if deepest is not None and deepest.negated and deepest.voice in (Voice.FACTIVE, Voice.DENIAL):
        return Reason.UNCONFIRMED  # "has not confirmed", "did not deny": nothing on the record
    if any(h.end - h.start > 1 for h in reading.hits["negation"]):
        return Reason.UNCONFIRMED  # "no evidence that", "no sign of"
    return None


def _security_voice(reading: Reading) -> bool:
    return reading.speaker is Speaker.SECURITY


def _intelligence(reading: Reading) -> Reason | None:
    kind = kind_of(reading)
    if SourceKind.INTELLIGENCE in reading.kinds:
        return Reason.INTEL_SOURCE
    if kind is SourceKind.INTELLIGENCE:
        return Reason.INTEL_INHERITED
    if kind is None and "intel_subject" in reading.flags and "public_act" not in reading.flags:
        return Reason.INTEL_SOURCE  # a service's own finding or action ("MI5 named two profiles")
    deepest = reading.chain[-1] if reading.chain else None
    judging = (
        deepest is not None
        and deepest.voice in (Voice.ASSESSMENT, Voice.COGNITION, Voice.SPECULATION)
        and not deepest.stance  # "we view X as Y" is a stated position, not an assessment
    )
    plural = deepest is not None and any(
        reading.parsed.doc[i].lower_ in ("we", "our", "us") for i in deepest.source
    )
    if kind is SourceKind.SELF and _security_voice(reading) and judging and plural:
        return Reason.INTEL_VOICE
    if deepest is not None and deepest.voice is Voice.ASSESSMENT and kind is SourceKind.OFFICIAL:
        return Reason.INTEL_VOICE
    if (
        kind in (SourceKind.UNNAMED_OFFICIAL, SourceKind.DOCUMENT)
        and secret_topic(reading)
        and (kind is SourceKind.UNNAMED_OFFICIAL or _security_voice(reading))
    ):
        return Reason.INTEL_SECRET
    official_voice = reading.speaker in (Speaker.SECURITY, Speaker.OFFICIAL)
    acting = "public_act" in reading.flags
    if kind in (None, SourceKind.SELF) and official_voice and reading.hits["covert"] and not acting:
        return Reason.INTEL_SECRET
    return None


def _own_plan(reading: Reading) -> bool:
    """Every future in scope is an actor's own arrangement, or a commitment on the record."""
    deepest = reading.chain[-1] if reading.chain else None
    if deepest is not None and deepest.voice is Voice.COMMISSIVE:
        return True
    kind = kind_of(reading)
    on_record = (Voice.SPEECH, Voice.ASSERTIVE)
    if kind is SourceKind.OFFICIAL and deepest is not None and deepest.voice in on_record:
        return True  # a named official stating what will be done
    if kind not in (None, SourceKind.SELF, SourceKind.OFFICIAL):
        return False  # supporters, analysts or forecasters saying what a plan will do
    doc = reading.parsed.doc
    return all(planned(doc, h) for h in reading.hits["future"] if h.name == "will")


def _speculation(reading: Reading) -> Reason | None:
    hits = reading.hits
    kind = kind_of(reading)
    deepest = reading.chain[-1] if reading.chain else None
    if hits["hedges"]:
        return Reason.HEDGE
    futures = {h.name for h in hits["future"]}
    committed = deepest is not None and deepest.voice is Voice.COMMISSIVE
    if ("would" in futures or "if" in futures) and not committed:
        return Reason.FORECAST
    if "will" in futures and not _own_plan(reading):
        return Reason.FORECAST
    stance = (
        deepest is not None and deepest.stance and kind in (SourceKind.OFFICIAL, SourceKind.SELF)
    )
    if deepest is not None and deepest.voice in (Voice.SPECULATION, Voice.COGNITION) and not stance:
        return Reason.GUESS_VERB
    if hits["guess"] and (deepest is None or deepest.voice is not Voice.FACTIVE):
        return Reason.GUESS_VERB
    if kind in GUESSING:
        return Reason.GUESSING_SOURCE
    if hits["evaluation"] and kind in (
        None,
        SourceKind.SELF,
        SourceKind.OTHER,
        SourceKind.OFFICIAL,
    ):
        return Reason.EVALUATION
    return None


def decide(reading: Reading) -> tuple[str, Reason]:
    """The label the guide's rules give the item, and why."""
    reason = _none(reading)
    if reason is not None:
        return NONE, reason
    reason = _intelligence(reading)
    if reason is not None:
        return INTELLIGENCE, reason
    reason = _speculation(reading)
    if reason is not None:
        return SPECULATION, reason
    deepest = reading.chain[-1] if reading.chain else None
    if deepest is not None and deepest.voice is Voice.DENIAL:
        return VERIFIED, Reason.DENIAL
    if {h.name for h in reading.hits["future"]}:
        return VERIFIED, Reason.OWN_PLAN
    if deepest is not None:
        return VERIFIED, Reason.ON_RECORD
    return VERIFIED, Reason.FACT
