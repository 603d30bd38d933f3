"""What an item takes from the others: the speaker of a quotation that runs over several
sentences, a pronoun's antecedent, a written piece's "we", and facts about the whole document."""

from __future__ import annotations

from typing import TYPE_CHECKING

from quiz.analysis.sources import SourceKind
from quiz.analysis.voice import Speaker

if TYPE_CHECKING:
    from quiz.analysis.reading import Reading

OPEN_QUOTES = "“"
CLOSE_QUOTES = "”"


def _quote_groups(text: str, readings: list[Reading]) -> list[list[int]]:
    """Runs of items that one quotation spans (it opens in the first and closes in the last)."""
    groups: list[list[int]] = []
    open_group: list[int] | None = None
    for index, reading in enumerate(readings):
        piece = text[reading.start : reading.end]
        depth_before = open_group is not None
        balance = piece.count(OPEN_QUOTES) - piece.count(CLOSE_QUOTES)
        straight = piece.count('"') % 2 == 1
        if depth_before:
            open_group.append(index)
            if balance < 0 or straight:
                groups.append(open_group)
                open_group = None
        elif balance > 0 or straight:
            open_group = [index]
    return groups


def inherit(text: str, readings: list[Reading]) -> None:
    """Fill in sources that earlier (or, for a quotation, later) items supply."""
    for group in _quote_groups(text, readings):
        kinds = [k for i in group for k in readings[i].kinds[-1:] if k is not SourceKind.PRONOUN]
        if not kinds:
            continue
        donor = next(i for i in reversed(group) if readings[i].kinds[-1:] == kinds[-1:])
        for i in group:
            readings[i].flags.add("quoted")
            if not readings[i].kinds:
                readings[i].inherited = kinds[-1]
                readings[i].donor = donor
    last: SourceKind | None = None
    last_index: int | None = None
    for index, reading in enumerate(readings):
        reading.previous = last
        kind = reading.source_kind
        speaking = kind is SourceKind.SELF or (kind is None and "first_person" in reading.flags)
        if speaking and reading.speaker is Speaker.WRITER:
            # A written piece's "we" is a quoted speaker's, or (outside quotes) the author's.
            quoted = "quoted" in reading.flags or any(
                q in text[reading.start : reading.end] for q in '"“”'
            )
            if quoted and last is not None:
                reading.inherited, reading.donor = last, last_index
                if kind is SourceKind.SELF:
                    reading.kinds[-1] = SourceKind.PRONOUN
            else:
                reading.speaker = Speaker.OFFICIAL
        if kind is SourceKind.PRONOUN:
            reading.inherited, reading.donor = last, last_index
        elif kind is not None and kind not in (SourceKind.SELF, SourceKind.IMPERSONAL):
            last, last_index = kind, index
        elif reading.inherited is not None:
            last, last_index = reading.inherited, reading.donor


def document_facts(readings: list[Reading], turn_starts: list[int]) -> None:
    """Set what each item needs to know about the whole document."""
    share = sum(1 for r in readings if r.hits["covert"]) / max(1, len(readings))
    index = 0
    for position, reading in enumerate(readings):
        reading.covert_share = share
        started = position > 0 and any(
            readings[position - 1].start < t <= reading.start for t in turn_starts
        )
        index = 0 if started else index + (position > 0)
        reading.turn_index = index
