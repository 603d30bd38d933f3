"""The form of an item: question, lead-in, headline, imperative, whose main clause it is.

These flags read only the item itself (its text and its parse), not its neighbours.
"""

from __future__ import annotations

from typing import Any

from quiz.analysis.attribution import Attribution
from quiz.analysis.lexicon import lexicon
from quiz.analysis.parse import Parsed
from quiz.analysis.sources import FIRST_PERSON, SourceKind, classify

Token = Any
TERMINAL = tuple(".!?\"”’')]…")
# Openings that go on with the sentence before (Quirk et al. 1985, §8.134-8.137: conjuncts).
CONNECTIVES = {
    "but",
    "and",
    "however",
    "so",
    "still",
    "yet",
    "moreover",
    "furthermore",
    "also",
    "again",
    "in",
    "thus",
    "therefore",
    "meanwhile",
    "this",
    "that",
    "these",
    "those",
}


def flags(sentence: str, item: Parsed, path: list[Attribution]) -> set[str]:
    """What the item is, by its form (see the module docstring)."""
    doc = item.doc
    flags: set[str] = set()
    stripped = sentence.rstrip()
    bare = stripped.rstrip("\"”’')] ")
    if bare.endswith("?"):
        flags.add("question")
    if stripped.endswith(":"):
        flags.add("leadin")
    if not stripped.endswith(TERMINAL) and not stripped.endswith(":"):
        flags.add("unpunctuated")
    if not any(t.pos_ in ("VERB", "AUX") for t in doc):
        flags.add("no_verb")
    root, subjects = main_clause(doc)
    if root is not None:
        if subjects and subjects[0].lower_ in FIRST_PERSON and not path:
            flags.add("first_person")
        if subjects and subjects[0].lower_ == "i" and not path:
            flags.add("speaker_aside")
        if not subjects and root.pos_ in ("VERB", "AUX") and root.tag_ != "VB":
            flags.add("no_subject")
        first_word = next((t for t in doc if not t.is_punct), None)
        if not subjects and root.tag_ == "VB" and (first_word is root or first_word.dep_ == "prep"):
            flags.add("imperative")  # "Visit the website.", "For more, see ...": no claim
        if (
            subjects
            and subjects[0].pos_ in ("NOUN", "PROPN")
            and _intelligence_subject(subjects[0])
        ):
            flags.add("intel_subject")
        if root.lemma_.lower() in lexicon("public_acts") and not path:
            flags.add("public_act")
        if (
            subjects
            and subjects[0].lower_ == "this"
            and root.lemma_ == "be"
            and any(c.dep_ == "attr" and c.pos_ == "PROPN" for c in root.children)
        ):
            flags.add("leadin_report")  # "This is <name> with <programme>": a sign-on
        if root.tag_ == "VBD" or any(c.dep_ == "aux" and c.lemma_ == "have" for c in root.children):
            flags.add("past")
        if root.tag_ in ("VBZ", "VBP") and not any(c.dep_ in ("aux",) for c in root.children):
            flags.add("present")
    if any(t.like_num for t in doc):
        flags.add("number")
    if any(_reporter_leadin(t) for t in doc):
        flags.add("leadin_report")
    first = next((t for t in doc if not t.is_punct), None)
    if first is not None and (first.lower_ in CONNECTIVES or any(t.lower_ == "also" for t in doc)):
        flags.add("continues")
    return flags


def main_clause(doc: Any) -> tuple[Token | None, list[Token]]:
    """The main verb and its subjects. A sentence the parser reads as a noun phrase ("The
    service named two profiles" as "the service [that was] named ...") is read as a clause."""
    roots = [t for t in doc if t.dep_ == "ROOT"]
    if not roots:
        return None, []
    root = roots[0]
    if root.pos_ in ("NOUN", "PROPN"):
        verbs = [
            c for c in root.children if c.dep_ == "acl" and c.pos_ == "VERB" and c.tag_ == "VBD"
        ]
        if verbs and not any(c.dep_.startswith("nsubj") for c in verbs[0].children):
            return verbs[0], [root]
    return root, [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]


def _intelligence_subject(subject: Token) -> bool:
    tokens = [
        subject,
        *(t for c in subject.children if c.dep_ in ("compound", "amod", "poss") for t in c.subtree),
    ]
    return classify(tokens) is SourceKind.INTELLIGENCE


REPORTERS = {"correspondent", "reporter"}


def _reporter_leadin(token: Token) -> bool:
    """A broadcast's hand-over to its reporter: "As VOA's X reports, ...", "Correspondent X
    reports ..." (present tense): it introduces the report, it is no statement."""
    if token.lemma_ != "report" or token.tag_ != "VBZ":
        return False
    marks = [c for c in token.children if c.dep_ == "mark" and c.lower_ == "as"]
    subjects = [t for c in token.children if c.dep_ == "nsubj" for t in c.subtree]
    return bool(marks) or any(t.lemma_.lower() in REPORTERS for t in subjects)
