"""Very long sentences that join claims of different sources become one item per clause.

A sentence of several hundred characters can join a filmed fact, an analyst's guess and an
agency's claim with semicolons or "and", "but", "while": one label cannot fit it. It is cut
before each top-level clause that has a subject of its own, and the cut is kept only when the
clauses differ in who speaks or how sure they are.
"""

from __future__ import annotations

from quiz.analysis.attribution import attributions
from quiz.analysis.parse import Parsed, parse
from quiz.analysis.scope import find
from quiz.analysis.segment import body_start

LONG = 300  # characters: shorter sentences keep one label
PART = 120  # a clause cut from a long sentence is cut again past this length
MIN_WORDS = 6  # each clause keeps at least this many words
JOINERS = {"and", "but", "while", "whereas", "although", "though", "yet"}

Span = tuple[int, int]


def _spine(doc: object) -> list:
    """The roots and the clauses that carry their content (ccomp, conj), outermost first."""
    out = [t for t in doc if t.dep_ == "ROOT"]
    for token in out:
        out.extend(c for c in token.children if c.dep_ in ("ccomp", "conj") and c not in out)
    return out


def _cuts(item: Parsed) -> list[int]:
    """Token indexes where a new top-level clause starts: after a semicolon, or at a joined
    clause ("and", "but", "while" ...) that has a subject of its own."""
    doc = item.doc
    cuts = []
    for head in _spine(doc):
        for child in head.children:
            if child.text == ";" and child.i + 1 < len(doc):
                cuts.append(child.i + 1)
            own_subject = any(g.dep_ in ("nsubj", "nsubjpass") for g in child.children)
            if child.dep_ not in ("conj", "advcl") or not own_subject or child.i < head.i:
                continue
            first = min(t.i for t in child.subtree)
            before = doc[first - 1] if first > 0 else None
            if doc[first].lower_ in JOINERS:
                cuts.append(first)
            elif before is not None and before.lower_ in JOINERS:
                cuts.append(first - 1)
    return sorted(set(cuts))


def _pieces(text: str, item: Parsed, span: Span) -> list[Span]:
    doc = item.doc
    bounds = [span[0]] + [item.start(doc[i]) for i in _cuts(item)] + [span[1]]
    pieces = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        while b > a and text[b - 1] in " \t\n,;":
            b -= 1
        if len(text[a:b].split()) < MIN_WORDS:
            return [span]
        pieces.append((a, b))
    return pieces


def _signature(item: Parsed) -> tuple[bool, bool, tuple[str, ...]]:
    """Who speaks and how sure, roughly: enough to tell clauses apart."""
    doc = item.doc
    voices = tuple(sorted(a.voice.value for a in attributions(doc)))
    subjects = tuple(
        sorted(
            t.lemma_.lower()
            for a in attributions(doc)
            for i in a.source
            for t in [doc[i]]
            if t.dep_.startswith("nsubj")
        )
    )
    return bool(find(doc, "hedges")), bool(voices), voices + subjects


def _split(text: str, span: Span, item: Parsed, longest: int) -> list[tuple[Span, Parsed]]:
    pieces = _pieces(text, item, span) if span[1] - span[0] > longest else [span]
    if len(pieces) == 1:
        return [(span, item)]
    clauses = parse(text, [(body_start(text, a, b), b) for a, b in pieces])
    if len({_signature(c) for c in clauses}) == 1:
        return [(span, item)]
    out = []
    for piece, clause in zip(pieces, clauses, strict=True):
        out.extend(_split(text, piece, clause, PART))
    return out


def split_long(
    text: str, spans: list[Span], parsed: list[Parsed]
) -> tuple[list[Span], list[Parsed]]:
    """The items with each very long sentence cut into clauses where their sources differ."""
    out = [
        pair
        for span, item in zip(spans, parsed, strict=True)
        for pair in _split(text, span, item, LONG)
    ]
    return [span for span, _ in out], [item for _, item in out]
