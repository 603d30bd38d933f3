"""What kind of source a noun phrase names: a spy service, an official, an expert, an outlet ...

A service counts only as the head of the phrase or in its title ("CIA Director George Tenet",
"the head of the CIA"); a "former" officer is no longer the service. Bare names ("Tenet",
"Mr. Tenet") take the kind they had where the article introduced them with a title.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from quiz.analysis.lexicon import lexicon

Token = Any


class SourceKind(StrEnum):
    """Who a source is, as far as the labels care."""

    INTELLIGENCE = "intelligence"
    OFFICIAL = "official"
    UNNAMED_OFFICIAL = "unnamed_official"
    EXPERT = "expert"
    ANONYMOUS = "anonymous"
    OUTLET = "outlet"
    DOCUMENT = "document"
    SELF = "self"  # I, we: the speaker or the document's author
    PRONOUN = "pronoun"  # he, she, they: someone named before
    IMPERSONAL = "impersonal"  # "it is believed", "X is expected to"
    OTHER = "other"


FIRST_PERSON = {"i", "we", "me", "us", "our", "my", "ours"}
FORMER = {"former", "ex", "retired", "onetime", "erstwhile"}
UNNAMED_HEADS = {"official", "officer", "authority", "diplomat", "spokesperson", "source"}
PERSON_TITLES = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "prof", "prof."}


def _has(name: str, tokens: Sequence[Token]) -> bool:
    lowers = [t.lower_ for t in tokens]
    lemmas = [t.lemma_.lower() for t in tokens]
    texts = [t.text for t in tokens]
    words = lexicon(name)
    return any(words.match(lowers, lemmas, texts, i) for i in range(len(tokens)))


def _named_person(tokens: Sequence[Token]) -> bool:
    """Whether the phrase ends in a person's name (two proper nouns or a title and a name)."""
    propns = [t for t in tokens if t.pos_ == "PROPN"]
    return len(propns) >= 2 or any(t.lower_ in PERSON_TITLES for t in tokens)


def classify(tokens: Sequence[Token], registry: dict[str, SourceKind] | None = None) -> SourceKind:
    """The kind of source a phrase names (its tokens, descriptions included)."""
    if not tokens:
        return SourceKind.IMPERSONAL
    content = [t for t in tokens if not t.is_punct]
    if len(content) == 1 and content[0].pos_ == "PRON":
        lower = content[0].lower_
        return SourceKind.SELF if lower in FIRST_PERSON else SourceKind.PRONOUN
    if content and content[0].lower_ in FIRST_PERSON and content[0].dep_ == "poss":
        return SourceKind.SELF
    former = any(t.lower_ in FORMER for t in tokens)
    if registry:
        names = [registry[t.text] for t in tokens if t.pos_ == "PROPN" and t.text in registry]
        if names and all(t.pos_ in ("PROPN", "PUNCT", "DET") or t.lower_ in PERSON_TITLES for t in content):
            return names[0]
    if _has("intelligence", tokens):
        return SourceKind.EXPERT if former else SourceKind.INTELLIGENCE
    if _has("experts", tokens) or former:
        return SourceKind.EXPERT
    if _has("anonymous", tokens):
        return SourceKind.ANONYMOUS
    if _has("outlets", [t for t in tokens if t.pos_ == "PROPN" or t.lower_ in _GENERIC_OUTLETS]):
        return SourceKind.OUTLET
    heads = [t for t in tokens if t.head not in tokens or t.head is t]
    top = heads[0] if heads else tokens[-1]
    if top.lemma_.lower() in lexicon("documents"):
        return SourceKind.DOCUMENT
    if top.lemma_.lower() in UNNAMED_HEADS and not _named_person(tokens):
        return SourceKind.UNNAMED_OFFICIAL
    if _has("officials", tokens) or any(t.pos_ == "PROPN" for t in tokens):
        return SourceKind.OFFICIAL
    return SourceKind.OTHER


_GENERIC_OUTLETS = {
    "newspaper",
    "broadcaster",
    "agency",
    "daily",
    "outlet",
    "media",
    "magazine",
    "tabloid",
    "wire",
    "television",
    "radio",
    "channel",
    "website",
}


def register_names(doc: Any, registry: dict[str, SourceKind]) -> None:
    """Remember the kind of each person or body the item introduces with a title."""
    for token in doc:
        if token.pos_ != "PROPN" or token.text in registry or token.dep_ == "compound":
            continue
        tokens = [t for t in token.subtree if t.dep_ not in ("relcl", "punct")]
        tokens += [t for c in token.children if c.dep_ == "appos" for t in c.subtree]
        if len([t for t in tokens if t.pos_ != "PROPN"]) == 0 and len(tokens) < 2:
            continue
        kind = classify(tokens)
        if kind in (SourceKind.INTELLIGENCE, SourceKind.EXPERT, SourceKind.OUTLET):
            registry[token.text] = kind
