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


SAID_NOUNS = (
    "documents",
    "reporting",
    "assertive",
    "cognition",
    "assessment",
    "speculation",
    "factive",
)


def _said_noun(token: Token) -> bool:
    """A noun for what someone said or wrote ("comments", "report", "assessment")."""
    lemma = token.lemma_.lower()
    return any(lemma in lexicon(name) for name in SAID_NOUNS)


SECURITY_OFFICES = {"defense", "defence", "military", "security", "army", "navy", "police"}


def _office(head: Token) -> bool:
    """Whether an unnamed official is identified by a civilian office ("an election board
    official"): then the office, not secrecy, speaks."""
    nouns = [c for c in head.children if c.dep_ == "compound" and c.pos_ == "NOUN"]
    nouns += [g for c in nouns for g in c.children if g.dep_ == "compound" and g.pos_ == "NOUN"]
    return bool(nouns) and not any(n.lower_ in SECURITY_OFFICES for n in nouns)


def _name_part(token: Token) -> bool:
    """A word of a name ("Tenet", "Mr."), even where the tagger took it for a common noun."""
    return token.pos_ == "PROPN" or token.lower_ in PERSON_TITLES or token.text[:1].isupper()


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
    indexes = {t.i for t in tokens}
    heads = [t for t in tokens if t.head.i not in indexes or t.head.i == t.i]
    said = heads[:1] and _said_noun(heads[0])
    owners = [c for h in heads[:1] for c in h.children if c.dep_ == "poss" and c.i in indexes]
    if said and owners and owners[0].pos_ != "PRON":  # "Mikhaylov's comments", "the CIA's report"
        return classify(list(owners[0].subtree), registry)
    former = any(t.lower_ in FORMER for t in tokens)
    if registry:
        names = [registry[t.text] for t in tokens if t.text in registry and t.text[:1].isupper()]
        bare = all(_name_part(t) or t.pos_ in ("PUNCT", "DET") for t in content)
        if names and bare:
            return names[0]
    if _has("intelligence", tokens):
        return SourceKind.EXPERT if former else SourceKind.INTELLIGENCE
    if _has("experts", tokens) or former:
        return SourceKind.EXPERT
    if _has("anonymous", tokens):
        return SourceKind.ANONYMOUS
    if _has("outlets", [t for t in tokens if t.pos_ == "PROPN" or t.lower_ in _GENERIC_OUTLETS]):
        return SourceKind.OUTLET
    top = heads[0] if heads else tokens[-1]
    if top.lemma_.lower() in lexicon("documents"):
        return SourceKind.DOCUMENT
    if top.lemma_.lower() in UNNAMED_HEADS and not _named_person(tokens) and not _office(top):
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


def _title_kind(tokens: Sequence[Token]) -> SourceKind | None:
    """The kind a title or description gives a name: a service, an expert or an office."""
    former = any(t.lower_ in FORMER for t in tokens)
    if _has("intelligence", tokens):
        return SourceKind.EXPERT if former else SourceKind.INTELLIGENCE
    if _has("experts", tokens) or former:
        return SourceKind.EXPERT
    if _has("officials", tokens):
        return SourceKind.OFFICIAL
    return None


def register_names(doc: Any, registry: dict[str, SourceKind]) -> None:
    """Remember the kind of each name the item introduces with a title ("CIA Director George
    Tenet", "Military expert Ivan Petrov", "Ivan Petrov, a former analyst"): later bare
    mentions ("Mr. Tenet", "Petrov") take that kind."""
    i = 0
    while i < len(doc):
        if doc[i].pos_ != "PROPN":
            i += 1
            continue
        j = i
        while j + 1 < len(doc) and (doc[j + 1].pos_ == "PROPN" or doc[j + 1].text == "-"):
            j += 1
        window = [
            t for t in doc[max(0, i - 4) : j + 1] if t.pos_ in ("PROPN", "NOUN", "ADJ", "PUNCT")
        ]
        described = [t for c in doc[j].children if c.dep_ == "appos" for t in c.subtree]
        kind = _title_kind(window) or _title_kind(described)
        if kind is not None:
            for token in doc[i : j + 1]:
                if token.pos_ == "PROPN" and token.lower_ not in lexicon("officials"):
                    registry.setdefault(token.text, kind)
        i = j + 1


DEFINITE = {"the", "those", "these", "this", "that"}


def register_heads(doc: Any, heads: dict[str, SourceKind]) -> None:
    """Remember, for each described source noun ("Pakistani intelligence officials", "a National
    Intelligence Estimate"), the kind it names: "those officials" and "the estimate" refer back."""
    for token in doc:
        if token.pos_ not in ("NOUN", "PROPN") or token.dep_ == "compound":
            continue
        modifiers = [c for c in token.children if c.dep_ in ("amod", "compound", "nmod", "poss")]
        if not modifiers:
            continue
        tokens = sorted([token, *(t for m in modifiers for t in m.subtree)], key=lambda t: t.i)
        if _title_kind(tokens) is not None:
            heads[token.lemma_.lower()] = classify(tokens)


def anaphor(tokens: Sequence[Token], heads: dict[str, SourceKind]) -> SourceKind | None:
    """The kind of a definite noun phrase that refers back ("those officials", "the estimate")."""
    content = [t for t in tokens if not t.is_punct]
    if len(content) == 2 and content[0].lower_ in DEFINITE:
        return heads.get(content[1].lemma_.lower())
    return None


def definite_document(tokens: Sequence[Token]) -> bool:
    """'the report', 'the statement': a document the article has already cited."""
    content = [t for t in tokens if not t.is_punct]
    return (
        len(content) == 2
        and content[0].lower_ in DEFINITE
        and content[1].lemma_.lower() in lexicon("documents")
    )
