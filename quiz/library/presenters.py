"""Turn statements and articles into highlighted HTML for the learner's pages."""

from __future__ import annotations

from markupsafe import Markup, escape

from quiz.labels import Label
from quiz.library.models import Article, Statement
from quiz.text import Mark, Piece, highlight, paragraph_spans, passage_span


def statement_anchor(statement: Statement) -> str:
    """The fragment id of a statement in the full article page."""
    return f"s-{statement.key}"


def source_passage(statement: Statement) -> Markup:
    """The paragraph(s) around a statement, the statement and its cue words marked."""
    body = statement.article.body
    marks = [Mark(statement.start, statement.end, "statement")] + [
        Mark(cue["start"], cue["end"], "cue") for cue in statement.cues
    ]
    start, end = passage_span(body, [(m.start, m.end) for m in marks])
    return _pieces_html(highlight(body, start, end, marks))


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
        return Markup('<mark class="cue">{}</mark>').format(inner)
    if mark.label is None:
        anchor = Markup(' id="{}"').format(mark.anchor) if mark.anchor and first else ""
        return Markup('<span class="stmt"{}>{}</span>').format(anchor, inner)
    label = Label(mark.label)
    return Markup(
        '<mark class="lab lab-{value}" id="{anchor}">{inner}</mark>'
        ' <span class="tag tag-{value}">[{title}]</span>'
    ).format(value=label.value, anchor=mark.anchor, inner=inner, title=label.title)


def highlighted_sentence(body: str, sentence: dict) -> Markup:
    """One analysed sentence with its cue words marked (for the teacher's review page)."""
    marks = [Mark(c["start"], c["end"], "cue") for c in sentence["cues"]]
    return _pieces_html(highlight(body, sentence["start"], sentence["end"], marks))
