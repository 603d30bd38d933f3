"""Pure units: labels, scoring, text spans and highlighting, configuration helpers."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz.config import load_secret_key, normalise_database_url
from quiz.labels import Label
from quiz.scoring import score
from quiz.text import Mark, highlight, paragraph_spans, passage_span, sentence_spans


def test_label_titles_and_keys() -> None:
    assert [label.title for label in Label] == ["Verified", "Intelligence claim", "Speculation"]
    assert [label.key for label in Label] == ["1", "2", "3"]
    assert Label.parse("speculation") is Label.SPECULATION
    assert Label.parse("Speculation") is None


def test_score_counts_matrix_and_percentages() -> None:
    card = score(
        [
            (Label.VERIFIED, Label.VERIFIED),
            (Label.VERIFIED, Label.SPECULATION),
            (Label.INTELLIGENCE_CLAIM, Label.SPECULATION),
            (Label.SPECULATION, Label.SPECULATION),
        ]
    )
    assert (card.right, card.total, card.percent) == (2, 4, 50)
    assert card.matrix[Label.VERIFIED][Label.SPECULATION] == 1
    assert card.matrix[Label.INTELLIGENCE_CLAIM][Label.SPECULATION] == 1
    per_label = {s.label: (s.right, s.total, s.percent) for s in card.per_label}
    assert per_label[Label.INTELLIGENCE_CLAIM] == (0, 1, 0)
    assert per_label[Label.SPECULATION] == (1, 1, 100)


def test_score_of_nothing_has_no_percent() -> None:
    card = score([])
    assert card.total == 0 and card.percent is None
    assert all(s.percent is None for s in card.per_label)


def test_paragraph_spans_strip_and_skip_blank_runs() -> None:
    text = "  First para.\nstill first.\n\n \n\nSecond.  \n"
    spans = paragraph_spans(text)
    assert [text[s:e] for s, e in spans] == ["First para.\nstill first.", "Second."]


def test_sentence_spans_keep_abbreviations_and_paragraphs() -> None:
    text = "The U.S. Gen. Smith spoke on Oct. 3. He left.\n\nNew para"
    sentences = [text[s:e] for s, e in sentence_spans(text)]
    assert sentences[-1] == "New para"
    assert "He left." in sentences


def test_highlight_nests_cue_inside_statement_and_handles_outside_cue() -> None:
    text = "Before. The NIS claims X is true. After that, it was denied."
    statement = Mark(8, 33, "statement")
    cue_inside = Mark(8, 22, "cue")
    cue_outside = Mark(53, 59, "cue")
    pieces = highlight(text, 0, len(text), [statement, cue_inside, cue_outside])
    assert "".join(p.text for p in pieces) == text
    kinds = [(p.text, tuple(m.kind for m in p.marks)) for p in pieces]
    assert ("The NIS claims", ("statement", "cue")) in kinds
    assert ("denied", ("cue",)) in kinds
    assert kinds[0] == ("Before. ", ())


def test_passage_spans_every_paragraph_touched() -> None:
    text = "One.\n\nTwo a. Two b.\n\nThree."
    two_b = text.index("Two b.")
    three = text.index("Three")
    assert text[slice(*passage_span(text, [(two_b, two_b + 6)]))] == "Two a. Two b."
    whole = passage_span(text, [(two_b, two_b + 6), (three, three + 5)])
    assert text[slice(*whole)] == "Two a. Two b.\n\nThree."


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_database_urls_use_psycopg(given: str, expected: str) -> None:
    assert normalise_database_url(given) == expected


def test_secret_key_is_generated_once_and_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = load_secret_key(tmp_path)
    assert len(first) == 64
    assert load_secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    assert load_secret_key(tmp_path) == "from-the-environment"
