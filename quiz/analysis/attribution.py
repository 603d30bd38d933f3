"""Attribution: who stands behind the content of a sentence (PARC 3.0: source, cue, content).

A cue is a verb of saying, thinking, judging, guessing, confirming or denying (or its noun, or
"according to"); its source is the subject (or the agent of a passive, or the object of
"according to"); its content is the clause it governs. Attributions nest ("Reuters reported
that the NIS said ..."): the deepest one that holds the sentence's main clause decides whose
word the statement is (FactBank: factuality relative to each nested source).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from quiz.analysis.lexicon import lexicon

Token = Any  # a spaCy Token; spaCy is not imported here at module level


class Voice(StrEnum):
    """What kind of cue introduces the content."""

    SPEECH = "speech"  # said, told, added
    ASSERTIVE = "assertive"  # claimed, insisted, warned
    COMMISSIVE = "commissive"  # promised, vowed, threatened: the content is the speaker's plan
    FACTIVE = "factive"  # confirmed, revealed, found
    DENIAL = "denial"  # denied, rejected
    COGNITION = "cognition"  # believes, thinks, regards
    ASSESSMENT = "assessment"  # assessed, judged, detected
    SPECULATION = "speculation"  # speculated, predicted, expects
    ACCORDING = "according"  # according to


CUE_CLASSES = (
    (Voice.DENIAL, "denial"),
    (Voice.FACTIVE, "factive"),
    (Voice.ASSESSMENT, "assessment"),
    (Voice.SPECULATION, "speculation"),
    (Voice.COGNITION, "cognition"),
    (Voice.COMMISSIVE, "commissive"),
    (Voice.ASSERTIVE, "assertive"),
    (Voice.SPEECH, "reporting"),
)
CONTENT_DEPS = {"ccomp", "xcomp", "csubj"}
# Parts of a noun phrase that describe it rather than say who it is.
DESCRIPTIONS = {"relcl", "acl", "advcl", "appos", "punct", "cc", "conj", "prep"}
# Copulas of noun cues: "Our assessment is ...", "it's our expectation that ...".
COPULAS = {"be"}


@dataclass
class Attribution:
    """One attribution in a parsed item: cue tokens, source tokens and content tokens."""

    cue: list[int]
    voice: Voice
    source: list[int] = field(default_factory=list)
    content: set[int] = field(default_factory=set)
    negated: bool = False
    passive: bool = False
    stance: bool = False  # "regards X as Y", "views X as Y": a position taken, not a guess

    @property
    def anchor(self) -> int:
        """The cue's main token."""
        return self.cue[0]


def cue_voice(token: Token) -> Voice | None:
    """The kind of cue a verb or noun is, by its lemma."""
    lemma = token.lemma_.lower()
    noun = token.pos_ == "NOUN"
    for voice, name in CUE_CLASSES:
        words = lexicon(name)
        if (lemma in words.nouns or token.lower_ in words.nouns) if noun else lemma in words:
            return voice
    return None


def subtree(token: Token) -> set[int]:
    """Indexes of a token's subtree."""
    return {t.i for t in token.subtree}


def phrase(token: Token) -> list[int]:
    """The tokens that name a source: the head with its modifiers, without relative clauses,
    appositions or trailing punctuation."""
    keep = [token]
    for child in token.children:
        if child.dep_ in DESCRIPTIONS and not (child.dep_ == "prep" and child.lower_ == "of"):
            continue
        keep.extend(child.subtree)
    indexes = sorted(t.i for t in keep)
    return list(range(indexes[0], indexes[-1] + 1)) if indexes else []


def describers(token: Token) -> list[int]:
    """The appositions that say what a source is ("X, a former analyst")."""
    return [t.i for child in token.children if child.dep_ == "appos" for t in child.subtree]


def _subject(verb: Token) -> tuple[Token | None, bool]:
    """The source of a cue verb and whether the verb is passive (then the source is the agent)."""
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    if passive:
        for child in verb.children:
            if child.dep_ == "agent":
                objects = [g for g in child.children if g.dep_ == "pobj"]
                return (objects[0] if objects else None), True
        return None, True
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj"):
            return child, False
    # "quotes officials as saying ...": the saying belongs to the object of the outer verb.
    head = verb.head
    if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.i != verb.i:
        outer = head.head
        objects = [c for c in outer.children if c.dep_ == "dobj"]
        if objects:
            return objects[0], False
    if verb.dep_ in ("conj", "xcomp", "advcl", "acl", "ccomp") and head.i != verb.i:
        return _subject(head)[0], False
    return None, False


def _negated(token: Token) -> bool:
    return any(c.dep_ == "neg" for c in token.children)


def _verb_attribution(token: Token, voice: Voice) -> Attribution | None:
    content: set[int] = set()
    for child in token.children:
        if child.dep_ in CONTENT_DEPS:
            content |= subtree(child)
    if not content and token.dep_ == "parataxis" and token.head.i != token.i:
        # "Y, X said": the content is the clause the cue hangs from.
        content = subtree(token.head) - subtree(token)
    # A confirming verb with a plain object ("established a triad") is an act, not a source;
    # a denial, a belief or a forecast of a thing ("denied any role") still is one.
    negated_record = voice in (Voice.FACTIVE, Voice.DENIAL) and _negated(token)
    if not content and (
        negated_record or voice in (Voice.DENIAL, Voice.COGNITION, Voice.SPECULATION)
    ):
        for child in token.children:
            if (
                child.dep_ in ("dobj", "oprd", "attr")
                or child.dep_ == "prep"
                and voice is Voice.COGNITION
            ):
                content |= subtree(child)
    if not content and not any(c.dep_ == "dobj" for c in token.children):
        content = _next_root(token)
    passive_subject = [c for c in token.children if c.dep_ == "nsubjpass" and c.lower_ != "it"]
    for child in passive_subject:
        content |= subtree(child)
    if not content:
        return None
    source, passive = _subject(token)
    cue = [token.i] + [c.i for c in token.children if c.dep_ in ("neg", "prt", "aux", "auxpass")]
    stance = voice is Voice.COGNITION and any(
        c.dep_ == "prep" and c.lower_ == "as" for c in token.children
    )
    return Attribution(
        cue=sorted(cue, key=lambda i: i != token.i),
        voice=voice,
        source=phrase(source) if source is not None else [],
        content=content - set(cue),
        negated=_negated(token),
        passive=passive,
        stance=stance,
    )


def _next_root(token: Token) -> set[int]:
    """A clause the parser split off after a cue that ends its own clause ("X claim | Y told
    them Z"): the content it should have had."""
    doc = token.doc
    mine = subtree(token.sent.root) if token.sent is not None else subtree(token)
    if token.i != max(i for i in mine if not doc[i].is_punct):
        return set()
    following = [t for t in doc if t.dep_ == "ROOT" and t.i > token.i and t.i not in mine]
    return subtree(following[0]) if following else set()


def _according_to(token: Token) -> Attribution | None:
    """'according to X': the content is the clause the phrase belongs to."""
    to = [c for c in token.children if c.lower_ == "to"]
    objects = [g for c in to for g in c.children if g.dep_ == "pobj"]
    if not objects:
        return None
    head = token.head
    while head.dep_ not in ("ROOT", "ccomp", "conj", "parataxis") and head.head.i != head.i:
        head = head.head
    content = subtree(head) - subtree(token)
    return Attribution(
        cue=[token.i, to[0].i], voice=Voice.ACCORDING, source=phrase(objects[0]), content=content
    )


def _noun_attribution(token: Token, voice: Voice) -> Attribution | None:
    """'Our assessment is (that) ...', 'the claim that ...', 'it is our expectation that ...'."""
    content: set[int] = set()
    for child in token.children:
        clause = child.dep_ in ("acl", "ccomp") or (
            child.dep_ == "relcl"
            and any(g.dep_ == "mark" and g.lower_ == "that" for g in child.children)
        )  # "the claim that ...", also when the parser takes the "that" clause for a relative
        if clause and child.pos_ in ("VERB", "AUX"):
            content |= subtree(child)
    head = token.head
    if not content and head.lemma_ in COPULAS and token.dep_ in ("nsubj", "attr"):
        for child in head.children:
            if child.i != token.i and child.dep_ in ("ccomp", "xcomp"):
                content |= subtree(child)
    if not content:
        return None
    owners = [c for c in token.children if c.dep_ == "poss"]
    if not owners and token.dep_ == "ROOT":  # "NABE forecast that ...": a verb read as a noun
        owners = [c for c in token.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
    return Attribution(
        cue=[token.i], voice=voice, source=phrase(owners[0]) if owners else [], content=content
    )


def attributions(doc: Any) -> list[Attribution]:
    """Every attribution in a parsed item, outermost first."""
    found: list[Attribution] = []
    for token in doc:
        if token.lower_ == "according" and token.dep_ == "prep":
            attribution = _according_to(token)
        elif token.pos_ in ("VERB", "AUX") and (voice := cue_voice(token)):
            attribution = _verb_attribution(token, voice)
        elif token.pos_ == "NOUN" and (voice := cue_voice(token)):
            attribution = _noun_attribution(token, voice)
        else:
            continue
        if attribution is not None:
            found.append(attribution)
    return sorted(found, key=lambda a: -len(a.content))


def _on_main_path(outer: Attribution, inner: Attribution, doc: Any) -> bool:
    """Whether the inner cue heads the outer content, or joins its head through clauses that
    carry the content (not a clause of time, reason or description)."""
    token = doc[inner.anchor]
    while token.i in outer.content:
        if token.head.i not in outer.content or token.head.i == token.i:
            return True
        if token.dep_ not in ("conj", "ccomp", "xcomp", "parataxis", "csubj"):
            return False
        token = token.head
    return False


def _thought_reported(outer: Attribution, inner: Attribution) -> bool:
    """A third party's thought inside a report ("X says China may think ...", "researchers found
    that age predicted decline") is what the reporter claims about them, not a deeper source."""
    thinking = (Voice.COGNITION, Voice.SPECULATION, Voice.COMMISSIVE)
    return outer.voice not in thinking and inner.voice in thinking


def chain(doc: Any, found: list[Attribution]) -> list[Attribution]:
    """The attributions that hold the item's main clause, outermost first.

    Starts from the attribution whose cue is not inside any other's content and that covers
    most of the item; goes down while a nested cue sits in the current content."""
    if not found:
        return []
    outer = [a for a in found if not any(a.anchor in b.content for b in found if b is not a)]
    if not outer:
        return []
    path = [max(outer, key=lambda a: len(a.content))]
    while True:
        inner = [a for a in found if a is not path[-1] and a.anchor in path[-1].content]
        inner = [
            a
            for a in inner
            if a not in path
            and _on_main_path(path[-1], a, doc)
            and not _thought_reported(path[-1], a)
        ]
        if not inner:
            return path
        path.append(max(inner, key=lambda a: len(a.content)))
