"""Fit the label model on a labelled corpus and write ``model.json``.

Usage: python -m quiz.analysis.fit [CORPUS_DIR]   (default: ../shared/corpus/dev)

A class-balanced multinomial logistic regression with a strong L2 penalty, over the rule
features of each gold sentence's item (matched as the scorer matches them). Needs numpy, which
spaCy brings; the analyser itself applies the weights in plain Python.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from quiz.analysis.features import Features, features
from quiz.analysis.model import WEIGHTS_FILE, Model
from quiz.analysis.reading import Reading, read
from quiz.analysis.result import LABELS

DEFAULT_CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "dev"
L2 = 2.0  # penalty: the objective is the mean log-loss plus L2 / (2 n) times the squared weights
STEPS = 4000
FOLDS = 5
TEMPERATURES = [round(0.5 + 0.05 * k, 2) for k in range(21)]  # 0.5 to 1.5


@dataclass
class Article:
    """One corpus article: its text, its gold sentences, and what the analyser read in it."""

    name: str
    text: str
    gold: list[dict]
    readings: list[Reading]
    rows: list[Features]
    matches: list[int | None]  # per gold sentence: the index of the item that the scorer picks


def locate(text: str, sentence: str, start_at: int) -> tuple[int, int] | None:
    """Where a gold sentence is in the article (as the scorer finds it)."""
    i = text.find(sentence, start_at)
    if i < 0:
        i = text.find(sentence)
    if i >= 0:
        return i, i + len(sentence)
    words = [re.escape(w) for w in sentence.split()]
    match = re.compile(r"\s+".join(words)).search(text) if words else None
    return (match.start(), match.end()) if match else None


def match_items(
    text: str, gold: Sequence[dict], spans: Sequence[tuple[int, int]]
) -> list[int | None]:
    """For each gold sentence, the item overlapping it most, if it covers at least half of it."""
    out: list[int | None] = []
    position = 0
    for g in gold:
        span = locate(text, g["text"], position)
        if span is None:
            out.append(None)
            continue
        s, e = span
        position = e
        best, best_overlap = None, 0
        for index, (a, b) in enumerate(spans):
            overlap = min(e, b) - max(s, a)
            if overlap > best_overlap:
                best, best_overlap = index, overlap
        out.append(best if best_overlap * 2 >= e - s else None)
    return out


def load(corpus: Path) -> list[Article]:
    """Read and analyse every article of a corpus (articles/*.txt and labels.jsonl)."""
    gold: dict[str, list[dict]] = {}
    for line in (corpus / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            gold.setdefault(row["article"], []).append(row)
    articles = []
    for name in sorted(gold):
        text = (corpus / "articles" / f"{name}.txt").read_text(encoding="utf-8")
        rows = sorted(gold[name], key=lambda g: g["sentence_index"])
        readings = read(text)
        spans = [(r.start, r.end) for r in readings]
        articles.append(
            Article(
                name,
                text,
                rows,
                readings,
                [features(r) for r in readings],
                match_items(text, rows, spans),
            )
        )
    return articles


def training_rows(articles: Sequence[Article]) -> tuple[list[Features], list[str]]:
    """The feature rows and gold labels of every matched gold sentence."""
    rows, labels = [], []
    for article in articles:
        for g, index in zip(article.gold, article.matches, strict=True):
            if index is not None:
                rows.append(article.rows[index])
                labels.append(g["label"])
    return rows, labels


def temperature(articles: Sequence[Article], l2: float = L2) -> float:
    """The temperature that makes out-of-fold probabilities most likely: the model is fitted
    on all but a fifth of the articles and scored on that fifth, five times."""
    import math

    pairs: list[tuple[dict[str, float], str]] = []
    for k in range(FOLDS):
        inner = [a for i, a in enumerate(articles) if i % FOLDS != k]
        held = [a for i, a in enumerate(articles) if i % FOLDS == k]
        model = fit(*training_rows(inner), l2)
        rows, labels = training_rows(held)
        pairs += [(model.scores(row), label) for row, label in zip(rows, labels, strict=True)]

    def loss(t: float) -> float:
        total = 0.0
        for scores, label in pairs:
            top = max(scores.values())
            norm = sum(math.exp((v - top) / t) for v in scores.values())
            total -= (scores[label] - top) / t - math.log(norm)
        return total

    return min(TEMPERATURES, key=loss)


def fit_calibrated(articles: Sequence[Article], l2: float = L2) -> Model:
    """The model fitted on all the articles, with its temperature fitted out of fold."""
    model = fit(*training_rows(articles), l2)
    return Model(model.labels, model.weights, temperature(articles, l2))


def fit(rows: Sequence[Features], labels: Sequence[str], l2: float = L2) -> Model:
    """A class-balanced multinomial logistic regression, fitted by gradient descent."""
    import numpy as np

    names = sorted({name for row in rows for name in row})
    column = {name: j for j, name in enumerate(names)}
    x = np.zeros((len(rows), len(names)))
    for i, row in enumerate(rows):
        for name, value in row.items():
            x[i, column[name]] = value
    classes = list(LABELS)
    y = np.zeros((len(rows), len(classes)))
    for i, label in enumerate(labels):
        y[i, classes.index(label)] = 1.0
    counts = y.sum(axis=0)
    weight = (y * (len(rows) / (len(classes) * np.maximum(counts, 1.0)))).sum(axis=1)
    penalty = np.full(len(names), l2)
    if "bias" in column:
        penalty[column["bias"]] = 0.0
    w = np.zeros((len(names), len(classes)))
    velocity = np.zeros_like(w)
    rate = 0.5
    for _ in range(STEPS):
        ahead = w + 0.9 * velocity
        scores = x @ ahead
        scores -= scores.max(axis=1, keepdims=True)
        p = np.exp(scores)
        p /= p.sum(axis=1, keepdims=True)
        gradient = x.T @ ((p - y) * weight[:, None]) / len(rows) + penalty[:, None] * ahead / len(
            rows
        )
        velocity = 0.9 * velocity - rate * gradient
        w += velocity
    weights = {
        label: {
            name: round(float(w[j, k]), 4) for name, j in column.items() if abs(w[j, k]) >= 1e-4
        }
        for k, label in enumerate(classes)
    }
    return Model(tuple(classes), weights)


def main(argv: list[str]) -> int:
    """Fit on the corpus and write model.json."""
    corpus = Path(argv[0]) if argv else DEFAULT_CORPUS
    articles = load(corpus)
    model = fit_calibrated(articles)
    WEIGHTS_FILE.write_text(
        json.dumps(model.as_json(), indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    sentences = len(training_rows(articles)[0])
    print(
        f"fitted on {sentences} sentences of {len(articles)} articles, "
        f"temperature {model.temperature}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
