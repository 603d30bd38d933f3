"""The three labels a learner chooses between, and how an answer is graded.

Pure Python: no Flask, no database.
"""

from __future__ import annotations

from enum import StrEnum


class Label(StrEnum):
    """How an article presents a statement (see shared/guides/labelling.md)."""

    VERIFIED = "verified"
    INTELLIGENCE_CLAIM = "intelligence_claim"
    SPECULATION = "speculation"

    @property
    def title(self) -> str:
        """The name shown to learners, also the accessible name of its answer button."""
        return _TITLES[self]

    @property
    def key(self) -> str:
        """The keyboard key that answers with this label."""
        return str(list(Label).index(self) + 1)

    @classmethod
    def parse(cls, value: str) -> Label | None:
        """The label named by ``value``, or None when it names none of the three."""
        try:
            return cls(value)
        except ValueError:
            return None


_TITLES = {
    Label.VERIFIED: "Verified",
    Label.INTELLIGENCE_CLAIM: "Intelligence claim",
    Label.SPECULATION: "Speculation",
}


class Confidence(StrEnum):
    """The learner's optional answer to "How sure are you?"."""

    SURE = "sure"
    NOT_SURE = "not_sure"

    @property
    def title(self) -> str:
        """The wording shown to learners."""
        return "Sure" if self is Confidence.SURE else "Not sure"


def is_correct(true_label: Label, chosen: Label) -> bool:
    """Whether a learner's choice matches the statement's label."""
    return true_label == chosen
