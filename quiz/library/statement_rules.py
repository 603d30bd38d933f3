"""The rules a quiz statement must follow, whether it comes from statements.toml or a review.

Pure Python: no Flask, no database. ``strict`` is for the project's own library (``content/``):
every cue names its kind and every statement that is not verified says how it could be checked.
A teacher's own article and older exports are read leniently; the app reminds them instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from quiz.labels import Label
from quiz.library.statement_cues import CueSpec, locate_cues
from quiz.text import Span, count_sentences, occurrences

MIN_EXPLANATION_SENTENCES, MAX_EXPLANATION_SENTENCES = 2, 4
MAX_KEY = 80
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
STATEMENT_FIELDS = {
    "id",
    "quote",
    "label",
    "explanation",
    "cues",
    "verify_note",
    "discuss",
    "prompt",
    "arguments",
    "why_not",
    "context",
}

Refuse = Callable[[str], None]


@dataclass(frozen=True)
class Problem:
    """One reason a content file is refused."""

    path: str
    reason: str
    statement: str | None = None

    def __str__(self) -> str:
        where = f"{self.path} [{self.statement}]" if self.statement else self.path
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class StatementSpec:
    """A validated statement, with its position in the article."""

    key: str
    quote: str
    start: int
    end: int
    label: Label
    explanation: str
    cues: tuple[CueSpec, ...]
    verify_note: str | None = None
    discuss: bool = False
    prompt: str | None = None
    arguments: dict[Label, str] = field(default_factory=dict)
    why_not: dict[Label, str] = field(default_factory=dict)
    context: Span | None = None


def check_entries(
    where: str, raw: dict[str, Any], body: str, sentences: list[Span], *, strict: bool
) -> tuple[tuple[StatementSpec, ...], list[Problem]]:
    """Validate the ``[[statement]]`` tables of a statements file against the article text."""
    problems: list[Problem] = []
    for unknown in sorted(set(raw) - {"statement"}):
        problems.append(Problem(where, f"unknown top-level field {unknown!r}"))
    entries = raw.get("statement")
    if not isinstance(entries, list) or not entries:
        problems.append(Problem(where, "no [[statement]] entries"))
        return (), problems
    specs: list[StatementSpec] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            problems.append(Problem(where, f"statement {number} is not a table"))
            continue
        key = entry.get("id") if isinstance(entry.get("id"), str) else f"#{number}"
        if key in seen:
            problems.append(Problem(where, "id is used by another statement", key))
        seen.add(key)
        spec = _check_entry(entry, key, body, sentences, _refuser(where, key, problems), strict)
        if spec is not None:
            specs.append(spec)
    problems.extend(overlap_problems(where, specs))
    return tuple(sorted(specs, key=lambda s: s.start)), problems


def _refuser(where: str, key: str, problems: list[Problem]) -> Refuse:
    return lambda reason: problems.append(Problem(where, reason, key))


def _check_entry(
    entry: dict[str, Any],
    key: str,
    body: str,
    sentences: list[Span],
    refuse: Refuse,
    strict: bool,
) -> StatementSpec | None:
    refused: list[str] = []

    def note(reason: str) -> None:
        refused.append(reason)
        refuse(reason)

    for unknown in sorted(set(entry) - STATEMENT_FIELDS):
        note(f"unknown field {unknown!r}")
    if not is_key(key):
        note("'id' is required: lower-case words joined by hyphens")
    raw_label = entry.get("label")
    label = Label.parse(raw_label) if isinstance(raw_label, str) else None
    if label is None:
        note("'label' must be one of: " + ", ".join(lab.value for lab in Label))
    position = _locate_quote(entry.get("quote"), body, note)
    cues = locate_cues(entry.get("cues"), body, position, sentences, note)
    context = _locate_context(entry.get("context"), body, position, note)
    texts = {name: _optional_text(entry, name, note) for name in ("verify_note", "prompt")}
    discuss = entry.get("discuss", False)
    if not isinstance(discuss, bool):
        note("'discuss' must be true or false")
    arguments = _label_table(entry, "arguments", note)
    why_not = _label_table(entry, "why_not", note)
    explanation = entry.get("explanation")
    if not isinstance(explanation, str) or not explanation.strip():
        note("'explanation' is required")
    if position is None or label is None or not isinstance(explanation, str):
        return None
    spec = StatementSpec(
        key=key,
        quote=entry["quote"],
        start=position[0],
        end=position[1],
        label=label,
        explanation=" ".join(explanation.split()),
        cues=cues,
        verify_note=texts["verify_note"],
        discuss=discuss is True,
        prompt=texts["prompt"],
        arguments=arguments,
        why_not=why_not,
        context=context,
    )
    for reason in spec_problems(spec, strict=strict):
        note(reason)
    return None if refused else spec


def spec_problems(spec: StatementSpec, *, strict: bool) -> list[str]:
    """The rules every statement follows, however it was written (file or review page)."""
    reasons = []
    sentences = count_sentences(spec.explanation)
    if not MIN_EXPLANATION_SENTENCES <= sentences <= MAX_EXPLANATION_SENTENCES:
        reasons.append("'explanation' must have 2 to 4 sentences")
    lowered = spec.explanation.lower()
    if spec.cues and not any(cue.text.lower() in lowered for cue in spec.cues):
        reasons.append("'explanation' must quote at least one of the cue phrases")
    if spec.label in spec.why_not:
        reasons.append("'why_not' explains wrong labels only, not the statement's own")
    if spec.discuss and not spec.prompt:
        reasons.append("a 'discuss' statement needs a 'prompt' for the class")
    if spec.discuss and len(spec.arguments) < 2:
        reasons.append("a 'discuss' statement needs 'arguments' for at least two labels")
    if (spec.prompt or spec.arguments) and not spec.discuss:
        reasons.append("'prompt' and 'arguments' belong to statements with discuss = true")
    if strict and spec.label is not Label.VERIFIED and not spec.verify_note:
        reasons.append("'verify_note' is required for a statement that is not verified")
    if strict and any(cue.kind is None for cue in spec.cues):
        reasons.append("every cue needs a 'kind' (write cues as {text = ..., kind = ...})")
    return reasons


def is_key(key: str) -> bool:
    """Whether a slug or statement id is lower-case words joined by hyphens."""
    return len(key) <= MAX_KEY and SLUG.match(key) is not None


def _optional_text(entry: dict[str, Any], name: str, note: Refuse) -> str | None:
    value = entry.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        note(f"{name!r} must be text when given")
        return None
    return " ".join(value.split())


def _label_table(entry: dict[str, Any], name: str, note: Refuse) -> dict[Label, str]:
    """A table such as ``why_not = {verified = "..."}`` from labels to texts."""
    raw = entry.get(name, {})
    table: dict[Label, str] = {}
    for key, text in raw.items() if isinstance(raw, dict) else [(None, None)]:
        label = Label.parse(key) if isinstance(key, str) else None
        if label is None or not isinstance(text, str) or not text.strip():
            note(f"{name!r} must map labels (verified, intelligence_claim, speculation) to text")
            return {}
        table[label] = " ".join(text.split())
    return table


def _locate_quote(quote: object, body: str, note: Refuse) -> Span | None:
    if not isinstance(quote, str) or not quote.strip():
        note("'quote' is required")
        return None
    if quote != quote.strip():
        note("'quote' must not start or end with white space")
        return None
    found = occurrences(body, quote)
    if not found:
        note("'quote' is not in the article text (it must be copied verbatim)")
        return None
    if len(found) > 1:
        note(f"'quote' occurs {len(found)} times in the article: quote more to make it unique")
        return None
    return found[0], found[0] + len(quote)


def _locate_context(raw: object, body: str, position: Span | None, note: Refuse) -> Span | None:
    """An earlier stretch of the article that names the statement's source."""
    if raw is None or position is None:
        return None
    if not isinstance(raw, str) or not raw.strip():
        note("'context' must be text copied from before the quote")
        return None
    at = body.rfind(raw, 0, position[0])
    if at < 0 or at + len(raw) > position[0]:
        note("'context' must be copied verbatim from the article text before the quote")
        return None
    return at, at + len(raw)


def overlap_problems(where: str, specs: list[StatementSpec]) -> list[Problem]:
    """A problem for every quote that overlaps the one before it."""
    ordered = sorted(specs, key=lambda s: s.start)
    return [
        Problem(where, f"quote overlaps statement {first.key!r}", second.key)
        for first, second in zip(ordered, ordered[1:], strict=False)
        if second.start < first.end
    ]
