"""Cue words inside the scope of a statement's content (CoNLL-2010: a hedge counts only in scope).

The scope is the content of the deepest attribution (or the whole item when nobody is cited),
without relative clauses that describe a noun, appositions, brackets, the source's own words and
quoted words that are only mentioned ("called the reports 'speculation'").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from quiz.analysis.lexicon import lexicon

Token = Any
NAMING = {"call", "describe", "term", "dub", "brand", "label", "name", "dismiss"}
OPENING_QUOTES = {'"', "“", "‘", "'"}
CLOSING_QUOTES = {'"', "”", "’", "'"}
FUTURE = {"will", "shall", "'ll", "’ll", "wo"}


@dataclass(frozen=True)
class Hit:
    """A lexicon phrase found in the item: token range and what it is."""

    start: int
    end: int
    name: str


def described(doc: Any) -> set[int]:
    """Tokens in relative clauses, appositions and brackets: they describe, not assert."""
    out: set[int] = set()
    for token in doc:
        if token.dep_ in ("relcl", "appos") or (
            token.dep_ == "acl" and any(c.tag_ in ("WDT", "WP") for c in token.children)
        ):
            out |= {t.i for t in token.subtree}
    depth = 0
    for token in doc:
        if token.text in ("(", "["):
            depth += 1
        if depth:
            out.add(token.i)
        if token.text in (")", "]"):
            depth = max(0, depth - 1)
    return out


def mentioned(doc: Any) -> set[int]:
    """Quoted words that follow a verb of naming: mentioned, not used."""
    out: set[int] = set()
    for token in doc:
        if token.lemma_.lower() not in NAMING:
            continue
        inside = False
        for t in doc[token.i + 1 : token.i + 12]:
            if t.text in OPENING_QUOTES and not inside:
                inside = True
                continue
            if t.text in CLOSING_QUOTES and inside:
                break
            if inside:
                out.add(t.i)
    return out


def find(doc: Any, name: str, allowed: set[int] | None = None) -> list[Hit]:
    """Every phrase of a lexicon in the item whose tokens all lie in ``allowed``."""
    lowers = [t.lower_ for t in doc]
    lemmas = [t.lemma_.lower() for t in doc]
    texts = [t.text for t in doc]
    words = lexicon(name)
    hits: list[Hit] = []
    i = 0
    while i < len(doc):
        n = words.match(lowers, lemmas, texts, i)
        if n and (allowed is None or all(j in allowed for j in range(i, i + n))):
            hits.append(Hit(i, i + n, name))
            i += n
        else:
            i += 1
    return hits


def is_hedge(doc: Any, hit: Hit) -> bool:
    """Modal 'could' of past ability in a negation ('could not find') is no hedge; nor is
    'appear' meaning 'show up', nor 'may' as the month."""
    token = doc[hit.start]
    if hit.end - hit.start > 1:
        return True
    if token.lower_ == "may" and token.tag_ != "MD":
        return False
    if token.lemma_ in ("appear", "seem", "tend"):
        return any(c.dep_ in ("xcomp", "ccomp", "acomp", "attr") for c in token.children)
    return True


def future(doc: Any, allowed: set[int]) -> list[Hit]:
    """Future and conditional markers in scope: will, 'll, going to, would, if ... ."""
    hits = []
    for token in doc:
        if token.i not in allowed:
            continue
        lower = token.lower_
        if token.tag_ == "MD" and (lower in FUTURE or token.lemma_ == "will"):
            hits.append(Hit(token.i, token.i + 1, "will"))
        elif token.tag_ == "MD" and lower == "would" and not _polite(token):
            name = "will" if lower == "would" and _reported(token) else "would"
            hits.append(Hit(token.i, token.i + 1, name))
        elif lower == "going" and token.i + 2 < len(doc) and doc[token.i + 1].lower_ == "to":
            if doc[token.i + 2].tag_ == "VB":
                hits.append(Hit(token.i, token.i + 2, "will"))
        elif lower in ("if", "unless") and token.dep_ == "mark":
            hits.append(Hit(token.i, token.i + 1, "if"))
    return hits


def _reported(modal: Token) -> bool:
    """'said the holiday would ...': the future of reported speech, not a condition."""
    verb = modal.head
    if any(t.lower_ in ("if", "unless") for t in modal.doc):
        return False
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    if verb.dep_ != "ccomp":
        return False
    head = verb.head
    return head.tag_ in ("VBD", "VBN") or (head.pos_ == "ADJ" and head.head.tag_ in ("VBD", "VBN"))


PREDICATES = {"acomp", "attr", "oprd", "ROOT", "advmod", "xcomp"}


def predicated(token: Token) -> bool:
    """Whether an evaluative word is what the clause says ("was a success", "clearly failed",
    "a clear success"), not a modifier inside a noun phrase ("critical needs")."""
    if token.dep_ in PREDICATES:
        return token.dep_ != "advmod" or token.head.dep_ in ("ROOT", "ccomp", "conj")
    return token.dep_ == "amod" and token.head.dep_ in ("attr", "acomp", "oprd", "ROOT")


def _polite(modal: Token) -> bool:
    """'I would note that ...', 'I would say': a speaker's politeness, not a condition."""
    verb = modal.head
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    return bool(subjects) and subjects[0].lower_ in ("i", "we") and verb.lemma_ in SPEAKING


SPEAKING = {"say", "note", "add", "stress", "point", "argue", "suggest", "leave", "like", "want"}


def superlatives(doc: Any, allowed: set[int]) -> list[Hit]:
    """Predicated superlatives ("is the best solution", "the most advanced"): a judgement,
    unless measured against a stated period or record ("the best result since 1996")."""
    if any(t.like_num or t.lower_ in ("since", "ever", "record") for t in doc):
        return []
    hits = []
    for token in doc:
        if token.i in allowed and token.tag_ in ("JJS", "RBS") and predicated(token):
            hits.append(Hit(token.i, token.i + 1, "evaluation"))
        elif (
            token.i in allowed
            and token.lower_ == "most"
            and token.head.tag_ == "JJ"
            and predicated(token.head)
        ):
            hits.append(Hit(token.i, token.head.i + 1, "evaluation"))
    return hits


def subject_of(token: Token) -> Token | None:
    """The subject of the verb a modal belongs to."""
    verb = token.head
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass", "expl"):
            return child
    return None


def planned(doc: Any, hit: Hit) -> bool:
    """Whether a future is the actor's own arrangement: its subject is I or we, an office or a
    body ("the government will"), or a plan or a scheduled event ("the plan will see")."""
    subject = subject_of(doc[hit.start])
    if subject is None:
        return False
    lemma = subject.lemma_.lower()
    if subject.lower_ in ("i", "we"):
        return True
    if any(c.dep_ == "poss" and c.lower_ in ("our", "my") for c in subject.children):
        return True
    return lemma in lexicon("plans") or lemma in lexicon("officials")
