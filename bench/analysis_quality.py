"""Quality of the statement analyser, judged by leave-one-article-out cross-validation.

Usage: .venv/bin/python bench/analysis_quality.py [CORPUS_DIR] [--errors]

Each article of the corpus is scored by a model fitted on all the other articles (the rules
and lexicons are not fitted); the sentences are matched as ../shared/tools/score_analysis.py
matches them. Prints the cross-validated macro-F1 (all sentences and those not marked
ambiguous), per-label F1, calibration (share right per confidence band, expected calibration
error), preselection precision, and the figure of the committed model on the whole corpus.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quiz.analysis.fit import DEFAULT_CORPUS, L2, Article, fit_calibrated, load  # noqa: E402
from quiz.analysis.model import Model, model  # noqa: E402
from quiz.analysis.pipeline import sentences  # noqa: E402
from quiz.analysis.result import LABELS  # noqa: E402
from quiz.analysis.selection import preselect  # noqa: E402

QUIZ = LABELS[:3]


def score(articles: list[Article], models: dict[str, Model], unambiguous: bool = False) -> dict:
    """Confusion, calibration pairs and preselection counts, each article by its own model."""
    confusion: Counter = Counter()
    scored: list[tuple[float, bool]] = []
    selected = [0, 0]
    errors: list[str] = []
    for article in articles:
        out = [s.as_dict() for s in sentences(article.text, article.readings, models[article.name])]
        chosen = set(preselect(out, article.text))
        for g, index in zip(article.gold, article.matches, strict=True):
            if unambiguous and g["ambiguous"]:
                continue
            label = out[index]["label"] if index is not None else "none"
            confusion[(g["label"], label)] += 1
            if index is not None:
                scored.append((out[index]["confidence"], label == g["label"]))
                if index in chosen:
                    selected[0] += label == g["label"]
                    selected[1] += 1
            if label != g["label"]:
                mark = "*" if g["ambiguous"] else " "
                errors.append(
                    f"{article.name}#{g['sentence_index']}{mark} gold {g['label']}, "
                    f"got {label}: {g['text'][:100]!r}"
                )
    return {"confusion": confusion, "scored": scored, "selected": selected, "errors": errors}


def f1s(confusion: Counter) -> dict[str, float]:
    """F1 per quiz label (none is the negative class), as the scorer computes it."""
    out = {}
    for lab in QUIZ:
        tp = confusion[(lab, lab)]
        fp = sum(confusion[(g, lab)] for g in LABELS if g != lab)
        fn = sum(confusion[(lab, p)] for p in LABELS if p != lab)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        out[lab] = 2 * p * r / (p + r) if p + r else 0.0
    return out


def calibration(scored: list[tuple[float, bool]]) -> str:
    """Share right per confidence band and the expected calibration error over ten bands."""
    parts = []
    for lo, hi in ((0.8, 1.01), (0.5, 0.8), (0.0, 0.5)):
        inside = [ok for c, ok in scored if lo <= c < hi]
        share = f"{sum(inside) / len(inside):.2f}" if inside else "-"
        parts.append(f"{lo:.1f}-{min(hi, 1.0):.1f}: {share} right of {len(inside)}")
    ece = 0.0
    for k in range(10):
        inside = [
            (c, ok) for c, ok in scored if k / 10 <= c < (k + 1) / 10 or (k == 9 and c >= 1.0)
        ]
        if inside:
            gap = sum(c for c, _ in inside) / len(inside) - sum(ok for _, ok in inside) / len(
                inside
            )
            ece += len(inside) / len(scored) * abs(gap)
    return "; ".join(parts) + f"; ECE {ece:.3f}"


def bands(scored: list[tuple[float, bool]]) -> str:
    """Share right in the bands that selection.confidence_words uses."""
    parts = []
    for lo, hi in ((0.8, 1.01), (0.6, 0.8), (0.0, 0.6)):
        inside = [ok for c, ok in scored if lo <= c < hi]
        share = f"{sum(inside) / len(inside):.2f}" if inside else "-"
        parts.append(f"{lo:.1f}-{min(hi, 1.0):.1f}: {share} of {len(inside)}")
    return "; ".join(parts)


def macro(confusion: Counter) -> float:
    """Macro-F1 over the three quiz labels."""
    return sum(f1s(confusion).values()) / len(QUIZ)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    parser.add_argument("--errors", action="store_true", help="list the cross-validated errors")
    parser.add_argument("--l2", type=float, default=L2, help="the penalty to fit with")
    args = parser.parse_args()
    started = time.perf_counter()
    articles = load(Path(args.corpus))
    folds = {}
    for held_out in articles:
        folds[held_out.name] = fit_calibrated([a for a in articles if a is not held_out], args.l2)
    loao = score(articles, folds)
    clean = score(articles, folds, unambiguous=True)
    committed = {a.name: model() for a in articles}
    full = score(articles, committed)
    print(
        f"articles: {len(articles)}, sentences: {sum(len(a.gold) for a in articles)}, "
        f"{time.perf_counter() - started:.1f} s"
    )
    print(
        "per-label F1 (LOAO): "
        + ", ".join(f"{k} {v:.3f}" for k, v in f1s(loao["confusion"]).items())
    )
    print("confusion (LOAO; rows gold, columns predicted):")
    for g in LABELS:
        print(f"  {g:<20}" + "".join(f"{loao['confusion'][(g, p)]:>8}" for p in LABELS))
    print(f"calibration (LOAO): {calibration(loao['scored'])}")
    print(f"confidence words' bands (LOAO): {bands(loao['scored'])}")
    right, total = loao["selected"]
    print(f"preselection (LOAO): {right} of {total} right ({right / max(total, 1):.2f})")
    print(f"full-dev macro-F1 (committed model): {macro(full['confusion']):.3f}")
    print(f"LOAO macro-F1 unambiguous: {macro(clean['confusion']):.3f}")
    if args.errors:
        print("\n".join(loao["errors"]))
    print(f"LOAO macro-F1: {macro(loao['confusion']):.3f}")


if __name__ == "__main__":
    main()
