"""Turn statements and articles into HTML for the learner's pages: passages with the statement
and its cue words marked (and announced to screen readers), the context before a question,
and the words a learner can mark in the evidence step."""

from __future__ import annotations

from markupsafe import Markup, escape

from quiz import evidence
from quiz.feedback_texts import lateral_reading, mistake_text
from quiz.labels import Label
from quiz.library.models import Article, Statement
from quiz.text import Mark, Piece, Span, highlight, paragraph_spans, passage_span

STATEMENT_PREFIX = Markup('<span class="visually-hidden">Statement: </span>')
CUE_PREFIX = Markup('<span class="visually-hidden">cue: </span>')


def statement_anchor(statement: Statement) -> str:
    """The fragment id of a statement in the full article page."""
    return f"s-{statement.key}"


def source_passage(statement: Statement) -> Markup:
    """The paragraph(s) around a statement, the statement and its cue words marked."""
    marks = [Mark(statement.start, statement.end, "statement", announce=True)] + [
        Mark(cue["start"], cue["end"], "cue") for cue in statement.cues
    ]
    return _passage(statement.article.body, marks)


def reading_passage(statement: Statement) -> Markup:
    """The paragraph(s) around a statement with only the statement marked (no cue words: it is
    shown before the learner answers)."""
    return _passage(
        statement.article.body, [Mark(statement.start, statement.end, "statement", announce=True)]
    )


def _passage(body: str, marks: list[Mark]) -> Markup:
    start, end = passage_span(body, [(m.start, m.end) for m in marks])
    return _pieces_html(highlight(body, start, end, marks))


def context_text(statement: Statement) -> str | None:
    """The text just before the statement that a reader needs to answer it fairly."""
    if statement.context_start is None:
        return None
    return statement.article.body[statement.context_start : statement.context_end]


def markable_words(statement: Statement) -> tuple[Span, list[tuple[Span, str, bool]]]:
    """The stretch a learner may mark in the evidence step, and its words (offsets, text, and
    whether the word belongs to the statement itself rather than the context before it)."""
    body = statement.article.body
    span = evidence.markable_span(statement.start, statement.end, statement.cues)
    words = [
        ((s, e), body[s:e], statement.start <= s < statement.end)
        for s, e in evidence.words(body, span)
    ]
    return span, words


def evidence_options(statement: Statement) -> list[evidence.Option]:
    """The phrases a learner may tick in the evidence step without JavaScript."""
    span = evidence.markable_span(statement.start, statement.end, statement.cues)
    return evidence.options(statement.article.body, span, statement.cues)


def marked_text(statement: Statement, marks: list[list[int]]) -> list[str]:
    """The words a learner marked, as text."""
    body = statement.article.body
    return [body[start:end] for start, end in marks]


def article_paragraphs(
    article: Article, statements: list[Statement], *, with_labels: bool
) -> list[Markup]:
    """The article's paragraphs as HTML, each statement marked (and labelled if asked)."""
    marks = [
        Mark(
            s.start,
            s.end,
            "statement",
            label=s.label if with_labels else None,
            anchor=statement_anchor(s),
        )
        for s in statements
    ]
    return [
        _pieces_html(highlight(article.body, start, end, marks))
        for start, end in paragraph_spans(article.body)
    ]


def _pieces_html(pieces: list[Piece]) -> Markup:
    html = Markup("")
    for piece in pieces:
        inner = escape(piece.text)
        for mark in reversed(piece.marks):
            inner = _wrap(mark, inner, first=mark in piece.first_of)
        html += inner
    return html


def _wrap(mark: Mark, inner: Markup, *, first: bool) -> Markup:
    if mark.kind == "cue":
        prefix = CUE_PREFIX if first else Markup("")
        return Markup('<mark class="cue">{}{}</mark>').format(prefix, inner)
    if mark.label is None:
        anchor = Markup(' id="{}"').format(mark.anchor) if mark.anchor and first else ""
        prefix = STATEMENT_PREFIX if mark.announce and first else Markup("")
        return Markup('<span class="stmt"{}>{}{}</span>').format(anchor, prefix, inner)
    label = Label(mark.label)
    return Markup(
        '<mark class="lab lab-{value}" id="{anchor}">{inner}</mark>'
        ' <span class="tag tag-{value}">[{title}]</span>'
    ).format(value=label.value, anchor=mark.anchor, inner=inner, title=label.title)


def highlighted_sentence(body: str, sentence: dict) -> Markup:
    """One analysed sentence with its cue words marked (for the teacher's review page)."""
    marks = [Mark(c["start"], c["end"], "cue") for c in sentence["cues"]]
    return _pieces_html(highlight(body, sentence["start"], sentence["end"], marks))


def evidence_context(statement: Statement) -> dict[str, object]:
    """What an evidence-step page shows: the statement, its context, and what to mark."""
    _, words = markable_words(statement)
    return {
        "context": context_text(statement),
        "words": words,
        "options": evidence_options(statement),
    }


def feedback_context(statement: Statement, answer: object | None) -> dict[str, object]:
    """What a feedback page shows for an answer (None: the student did not answer): the
    mistake's words, the marked passage, the learner's marks beside the cues, and how to check
    the statement."""
    evidence_marks = ((answer.evidence if answer else None) or {}).get("marks", [])
    mistake = mistake_text(statement.label, answer.chosen, statement.why_not) if answer else None
    return {
        "mistake": None if statement.discuss else mistake,
        "lateral": lateral_reading(statement.verify_note) if statement.verify_note else None,
        "passage": source_passage(statement),
        "anchor": statement_anchor(statement),
        "marked": marked_text(statement, evidence_marks),
    }
