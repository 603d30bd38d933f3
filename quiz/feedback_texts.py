"""Words for a learner after an answer: about the mistake they made (not only the right label),
and how they could check the statement themselves.

Pure Python: no Flask, no database.
"""

from __future__ import annotations

from quiz.labels import Label

# (the right label, the label chosen) -> what that mistake misses.
MISTAKES: dict[tuple[Label, Label], str] = {
    (Label.INTELLIGENCE_CLAIM, Label.VERIFIED): (
        "A newspaper printing an agency's claim does not confirm it. Who is the deepest source? "
        "If it is a spy or security service, and nobody independent confirms the claim, it is "
        "an intelligence claim."
    ),
    (Label.INTELLIGENCE_CLAIM, Label.SPECULATION): (
        "It may sound unsure, but look at who says it: a spy or security service. An agency's "
        "own hedge (\u201cmay be preparing\u201d) keeps it the agency's claim."
    ),
    (Label.VERIFIED, Label.INTELLIGENCE_CLAIM): (
        "Naming an agency is not the same as the agency being the source. Who says this, and "
        "is it something anyone could see or check on the record?"
    ),
    (Label.VERIFIED, Label.SPECULATION): (
        "Look for a hedge or a guess: this sentence has none. It reports what happened, or "
        "what someone said or announced on the record."
    ),
    (Label.SPECULATION, Label.VERIFIED): (
        "Said with confidence is not the same as confirmed. Look for the words of guessing: a "
        "forecast, a hedge, or someone's reading of motives."
    ),
    (Label.SPECULATION, Label.INTELLIGENCE_CLAIM): (
        "No spy or security service stands behind this: an analyst, an unnamed source or the "
        "writer is guessing. That makes it speculation."
    ),
}


def mistake_text(right: Label, chosen: Label, why_not: dict[str, str] | None = None) -> str | None:
    """What a wrong choice misses: the author's own words where written, else the pair's text."""
    if right is chosen:
        return None
    return (why_not or {}).get(chosen.value) or MISTAKES[(right, chosen)]


def lateral_reading(verify_note: str) -> list[tuple[str, str]]:
    """The statement's note on how to verify it, as the steps of SIFT (Caulfield): stop,
    investigate the source, find better coverage, trace the claim to its origin."""
    return [
        ("Stop", "Before you share or believe it, notice who is really behind it."),
        ("Investigate the source", "Who said this first, and how could they know?"),
        ("Find better coverage", verify_note),
        ("Trace the claim", "Follow it back to the original statement, document or footage."),
    ]
