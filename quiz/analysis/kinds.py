"""Kinds of cue words, and the few groups that learners see them in.

Pure Python with no heavy imports: the content checker, the progress pages and the forms use
these names without loading the analyser's parser.
"""

from __future__ import annotations

from enum import StrEnum


class CueKind(StrEnum):
    """What a cue phrase tells the reader about a statement."""

    SOURCE_INTELLIGENCE = "source_intelligence"  # a spy or security service, secret information
    SOURCE_OFFICIAL = "source_official"  # a named person or body speaking on the record
    SOURCE_EXPERT = "source_expert"  # an analyst, expert or scholar giving a view
    SOURCE_ANONYMOUS = "source_anonymous"  # sources the reader cannot identify
    SOURCE_OUTLET = "source_outlet"  # a news outlet, report or document credited
    HEDGE = "hedge"  # could, may, likely, appears to
    FORECAST = "forecast"  # will, expected to, if ... would: the future or a condition
    SPECULATION_VERB = "speculation_verb"  # speculated, suggested, feared, estimated
    EVALUATION = "evaluation"  # opinion or a reading of motives without a hedge word
    CONFIRMATION = "confirmation"  # confirmed, footage showed, was attended by, records
    DENIAL = "denial"  # a denial or refusal on the record
    NEGATION = "negation"  # has not confirmed, no evidence that
    FRAMING = "framing"  # greetings, logistics, remarks about the reporting itself

    @property
    def group(self) -> CueGroup:
        """The plain-language group the kind is shown in."""
        return _GROUP_OF[self]


class CueGroup(StrEnum):
    """At most six groups of cue kinds, named in plain words for learners."""

    SECRET_SOURCES = "secret_sources"
    ON_THE_RECORD = "on_the_record"
    OPINION_SOURCES = "opinion_sources"
    HEDGES = "hedges"
    GUESSWORK = "guesswork"
    NOT_CONFIRMED = "not_confirmed"

    @property
    def title(self) -> str:
        """The group's name on the progress page."""
        return _GROUP_TITLES[self]

    @property
    def kinds(self) -> tuple[CueKind, ...]:
        """The cue kinds in this group."""
        return tuple(kind for kind in CueKind if kind.group is self)


_GROUP_OF = {
    CueKind.SOURCE_INTELLIGENCE: CueGroup.SECRET_SOURCES,
    CueKind.SOURCE_OFFICIAL: CueGroup.ON_THE_RECORD,
    CueKind.SOURCE_OUTLET: CueGroup.ON_THE_RECORD,
    CueKind.CONFIRMATION: CueGroup.ON_THE_RECORD,
    CueKind.DENIAL: CueGroup.ON_THE_RECORD,
    CueKind.SOURCE_EXPERT: CueGroup.OPINION_SOURCES,
    CueKind.SOURCE_ANONYMOUS: CueGroup.OPINION_SOURCES,
    CueKind.HEDGE: CueGroup.HEDGES,
    CueKind.FORECAST: CueGroup.HEDGES,
    CueKind.SPECULATION_VERB: CueGroup.GUESSWORK,
    CueKind.EVALUATION: CueGroup.GUESSWORK,
    CueKind.NEGATION: CueGroup.NOT_CONFIRMED,
    CueKind.FRAMING: CueGroup.NOT_CONFIRMED,
}

_GROUP_TITLES = {
    CueGroup.SECRET_SOURCES: "Spy agencies and secret sources",
    CueGroup.ON_THE_RECORD: "Officials, documents and observed events",
    CueGroup.OPINION_SOURCES: "Experts and unnamed sources",
    CueGroup.HEDGES: "Hedges and forecasts",
    CueGroup.GUESSWORK: "Guessing and opinion words",
    CueGroup.NOT_CONFIRMED: "What is not confirmed",
}
