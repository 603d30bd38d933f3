"""From the analyser's suggestions and a teacher's review to quiz statements: pure rules.

The analyser's sentences keep their offsets and cue kinds all the way to the published
statements: a suggested cue the teacher kept is used as it is; only a cue the teacher typed is
looked for in the text.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from quiz.analysis import cue_kind
from quiz.analysis.kinds import CueKind
from quiz.errors import DomainError, ErrorKind
from quiz.labels import Label
from quiz.library.statement_cues import CueSpec, cue_window, locate_cue
from quiz.library.statement_rules import StatementSpec, overlap_problems, spec_problems
from quiz.text import Span, sentence_spans

MAX_WORDS = 20_000
MIN_SENTENCE_WORDS = 3  # a draft needs at least one sentence this long
KEY_WORDS = 6


class DraftInvalid(DomainError):
    """Input that cannot become an article; ``messages`` say why. Nothing was saved."""

    kind = ErrorKind.INVALID

    def __init__(self, messages: list[str]) -> None:
        super().__init__(" ".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class Choice:
    """The teacher's decision on one sentence of a draft."""

    index: int
    label: Label
    explanation: str
    cue_phrases: tuple[str, ...]
    verify_note: str | None = None


def check_length(body: str) -> None:
    """Refuse an empty text or one over the word limit."""
    words = len(body.split())
    if not words:
        raise DraftInvalid(["The article text is empty."])
    if words > MAX_WORDS:
        raise DraftInvalid([f"The article has {words:,} words; the limit is {MAX_WORDS:,}."])


def check_sentences(sentences: Sequence[dict[str, Any]]) -> None:
    """Refuse a text in which the analyser found no sentence of a few words."""
    if not any(len(s["text"].split()) >= MIN_SENTENCE_WORDS for s in sentences):
        raise DraftInvalid(["No sentences were found in the text."])


def statements_from_choices(
    body: str, sentences: Sequence[dict[str, Any]], choices: Sequence[Choice]
) -> tuple[StatementSpec, ...]:
    """The statements a review makes, or DraftInvalid naming each sentence that is wrong."""
    if not choices:
        raise DraftInvalid(["Include at least one sentence as a quiz statement."])
    spans = sentence_spans(body)
    keys: set[str] = set()
    specs, messages = [], []
    for choice in choices:
        sentence = sentences[choice.index]
        spec = StatementSpec(
            key=_unique_key(sentence["text"], keys),
            quote=sentence["text"],
            start=sentence["start"],
            end=sentence["end"],
            label=choice.label,
            explanation=choice.explanation,
            cues=_cues(body, sentence, choice.cue_phrases, spans, messages, choice.index),
            verify_note=choice.verify_note,
        )
        for reason in spec_problems(spec, strict=False):
            messages.append(f"Sentence {choice.index + 1}: {reason}")
        specs.append(spec)
    index_of = {spec.key: choice.index for choice, spec in zip(choices, specs, strict=True)}
    for problem in overlap_problems("review", specs):
        messages.append(f"Sentence {index_of[problem.statement] + 1}: {problem.reason}")
    if messages:
        raise DraftInvalid(messages)
    return tuple(specs)


def _cues(
    body: str,
    sentence: dict[str, Any],
    phrases: Sequence[str],
    spans: list[Span],
    messages: list[str],
    index: int,
) -> tuple[CueSpec, ...]:
    suggested = {cue["text"]: cue for cue in sentence["cues"]}
    position = (sentence["start"], sentence["end"])
    window = cue_window(body, position, spans)
    cues = []
    for phrase in phrases:
        if phrase in suggested:
            cue = suggested[phrase]
            cues.append(CueSpec(phrase, cue["start"], cue["end"], _kind(cue.get("kind"))))
            continue
        at = locate_cue(body, phrase, position, window)
        if at is None:
            messages.append(
                f"Sentence {index + 1}: cue “{phrase}” is neither in the sentence "
                "nor in a neighbouring one."
            )
            continue
        cues.append(CueSpec(phrase, at, at + len(phrase), _kind(cue_kind(phrase))))
    return tuple(cues)


def _kind(value: object) -> CueKind | None:
    """A cue kind from stored analysis (or a lexicon look-up), if it names one."""
    return CueKind(value) if isinstance(value, str) and value in set(CueKind) else None


def _unique_key(text: str, taken: set[str]) -> str:
    """A readable statement id from the sentence's first words, unique in the article."""
    words = re.findall(r"[a-z0-9]+", _ascii(text).lower())[:KEY_WORDS]
    base = "-".join(words) or "statement"
    key, number = base, 2
    while key in taken:
        key, number = f"{base}-{number}", number + 1
    taken.add(key)
    return key


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def unique_slug(title: str) -> str:
    """A URL id from the title, with a random suffix so that it is free."""
    words = re.findall(r"[a-z0-9]+", _ascii(title).lower())[:8]
    base = "-".join(words)[:60].strip("-") or "article"
    return f"{base}-{secrets.token_hex(3)}"
