"""The label model: a multinomial logistic regression over the rule features, in plain Python.

Its weights (``model.json``) are fitted by ``python -m quiz.analysis.fit`` on the development
corpus; no numpy at run time. The confidence is the probability of the chosen label.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from quiz.analysis.result import LABELS

WEIGHTS_FILE = Path(__file__).parent / "model.json"


@dataclass(frozen=True)
class Model:
    """Per-label weights of each feature (a missing feature weighs nothing)."""

    labels: tuple[str, ...]
    weights: dict[str, dict[str, float]]
    temperature: float = 1.0

    def scores(self, features: dict[str, float]) -> dict[str, float]:
        """Each label's linear score (before the temperature)."""
        return {
            label: sum(
                self.weights[label].get(name, 0.0) * value for name, value in features.items()
            )
            for label in self.labels
        }

    def probabilities(self, features: dict[str, float]) -> dict[str, float]:
        """The probability of each label for one item's features."""
        scores = {label: s / self.temperature for label, s in self.scores(features).items()}
        top = max(scores.values())
        exps = {label: math.exp(score - top) for label, score in scores.items()}
        total = sum(exps.values())
        return {label: value / total for label, value in exps.items()}

    def as_json(self) -> dict:
        """The JSON form written to ``model.json``."""
        return {
            "labels": list(self.labels),
            "temperature": self.temperature,
            "weights": self.weights,
        }


def from_json(data: dict) -> Model:
    """A model from its JSON form."""
    return Model(tuple(data["labels"]), data["weights"], float(data.get("temperature", 1.0)))


@cache
def model() -> Model:
    """The committed model, read once."""
    if not WEIGHTS_FILE.exists():
        return Model(LABELS, {label: {} for label in LABELS})
    return from_json(json.loads(WEIGHTS_FILE.read_text(encoding="utf-8")))
