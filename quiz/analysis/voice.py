"""The document's voice: who is speaking when a sentence names no source.

A transcript's speaker labels ("SENIOR DEFENSE OFFICIAL:", "MODERATOR:") say who speaks each
turn; elsewhere the opening lines (a letterhead, a byline, a dateline) say who wrote it. An
intelligence, defence or law-enforcement body speaking in the first person ("we assess") is the
source of its unattributed sentences (testimony, an agency's report, a defence briefing).
"""

from __future__ import annotations

import re
from enum import StrEnum

from quiz.analysis.lexicon import lexicon
from quiz.analysis.segment import speakers

# Defence and security words in a speaker label or a letterhead (general knowledge of titles:
# ranks, ministries of defence, the Pentagon).
SECURITY_WORDS = re.compile(
    r"\b(?:defen[cs]e|military|pentagon|dod|mod|army|navy|air force|marine|general|admiral|"
    r"colonel|commander|armed forces|homeland security|counterterrorism|"
    r"law enforcement|police)\b",
    re.IGNORECASE,
)
MODERATOR_WORDS = re.compile(r"\b(?:moderator|operator|question|q|host|staff)\b", re.IGNORECASE)
BYLINE = re.compile(r"^\s*(?:by\s+|byline\s*=\s*)\S", re.IGNORECASE | re.MULTILINE)
TERMINAL = tuple(".!?\"”’')]:")
LETTERHEAD_LINES = 4
LETTERHEAD_WORDS = 6  # a body's name, not a headline
# Words that name a unit of an organisation in a letterhead ("Office of the Spokesperson").
ORGANISATION = re.compile(
    r"\b(?:office|department|ministry|bureau|agency|directorate|secretariat|embassy|mission|"
    r"command|council|commission|spokesperson|press (?:office|release|briefing)|"
    r"special briefing)\b",
    re.IGNORECASE,
)


class Speaker(StrEnum):
    """Who speaks a stretch of the document."""

    SECURITY = "security"  # an intelligence, defence or law-enforcement body or official
    OFFICIAL = "official"  # another official or body
    MODERATOR = "moderator"  # whoever runs a briefing or a call
    WRITER = "writer"  # the reporter or author of a written piece


def speaker_kind(label: str) -> Speaker:
    """The kind of a transcript's speaker label."""
    if MODERATOR_WORDS.search(label) and len(label.split()) <= 2:
        return Speaker.MODERATOR
    if SECURITY_WORDS.search(label) or lexicon("intelligence").search(label):
        return Speaker.SECURITY
    return Speaker.OFFICIAL


def letterhead(text: str) -> list[str]:
    """The short unpunctuated lines that open a document (a letterhead, a label, a date)."""
    lines = []
    for line in text.strip().splitlines()[:LETTERHEAD_LINES]:
        line = line.strip()
        if not line:
            continue
        if line.endswith(TERMINAL) or len(line.split()) > LETTERHEAD_WORDS:
            break
        lines.append(line)
    return lines


# A speech or testimony opens by greeting or thanking its audience, outside any quotation.
SPEECH_OPENING = re.compile(
    r"^[^\"“”]{0,300}\b(?:thank you|thanks(?! to)|good (?:morning|afternoon|evening)|"
    r"ladies and gentlemen|hono(?:u)?red to)\b",
    re.IGNORECASE,
)


def author_kind(text: str) -> Speaker:
    """Who wrote a document without speaker labels: a body named in its letterhead ("DOD NEWS",
    "Office of the Spokesperson"); an official when it opens as a speech ("Thank you ... I'm
    honoured to be here"); else a writer (a byline, a reporter)."""
    if BYLINE.search(text[:400]):
        return Speaker.WRITER
    if SPEECH_OPENING.search(text[:400]):
        return Speaker.OFFICIAL
    for line in letterhead(text):
        if not (ORGANISATION.search(line) or line.isupper()):
            continue  # a short headline, not the name of the body that speaks
        if SECURITY_WORDS.search(line) or lexicon("intelligence").search(line):
            return Speaker.SECURITY
        return Speaker.OFFICIAL
    return Speaker.WRITER


def turns(text: str) -> list[tuple[int, Speaker]]:
    """Where each speaker's turn starts, with the speaker's kind; the author from offset 0."""
    labelled = speakers(text)
    if not labelled:
        return [(0, author_kind(text))]
    first = labelled[0][0]
    opening = [(0, author_kind(text[:first]))] if text[:first].strip() else []
    return opening + [(start, speaker_kind(label)) for start, label in labelled]


def speaker_at(turns_: list[tuple[int, Speaker]], offset: int) -> Speaker:
    """The speaker of the turn that holds an offset."""
    current = turns_[0][1]
    for start, kind in turns_:
        if start > offset:
            break
        current = kind
    return current
