"""Read and validate the article library in ``content/``, and load it into the database.

Each article is a folder ``content/<slug>/`` holding ``article.txt`` (the text, UTF-8),
``meta.toml`` (title, outlet, date, source address, licence, credit) and ``statements.toml``
(the quiz statements). The README describes the format.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from quiz.labels import Label
from quiz.text import count_sentences, enclosing, occurrences, sentence_spans

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_ARTICLE_BYTES = 1_000_000
MAX_SLUG = 80
META_FIELDS = {"title", "outlet", "published", "source_url", "licence", "credit"}
REQUIRED_META = ("title", "outlet", "licence", "credit")
STATEMENT_FIELDS = {"id", "quote", "label", "explanation", "cues", "verify_note"}
MIN_EXPLANATION_SENTENCES, MAX_EXPLANATION_SENTENCES = 2, 4


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
class CueSpec:
    """A cue phrase and where it stands in the article."""

    text: str
    start: int
    end: int


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
    verify_note: str | None


@dataclass(frozen=True)
class ArticleSpec:
    """A validated article folder."""

    slug: str
    title: str
    outlet: str
    published: date | None
    source_url: str | None
    licence: str
    credit: str
    body: str
    statements: tuple[StatementSpec, ...]


@dataclass
class LibraryReading:
    """What was read from a content folder: the valid articles and every problem found."""

    articles: list[ArticleSpec] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_library(content_dir: Path) -> LibraryReading:
    """Read and validate every article folder under ``content_dir``."""
    reading = LibraryReading()
    if not content_dir.is_dir():
        reading.problems.append(Problem(str(content_dir), "content folder not found"))
        return reading
    for folder in sorted(p for p in content_dir.iterdir() if p.is_dir()):
        article, problems = read_article(folder)
        reading.problems.extend(problems)
        if article is not None:
            reading.articles.append(article)
    if not reading.articles and not reading.problems:
        reading.problems.append(Problem(str(content_dir), "no article folders found"))
    return reading


def read_article(folder: Path) -> tuple[ArticleSpec | None, list[Problem]]:
    """Read one ``content/<slug>/`` folder; the spec is None when anything is wrong."""
    problems: list[Problem] = []
    slug = folder.name
    if not SLUG.match(slug) or len(slug) > MAX_SLUG:
        problems.append(
            Problem(str(folder), "folder name must be lower-case words joined by hyphens")
        )
    body = _read_body(folder / "article.txt", problems)
    meta = _read_toml(folder / "meta.toml", problems)
    raw_statements = _read_toml(folder / "statements.toml", problems)
    if body is None or meta is None or raw_statements is None:
        return None, problems
    meta_values = _check_meta(folder / "meta.toml", meta, problems)
    statements = _check_statements(folder / "statements.toml", raw_statements, body, problems)
    if problems or meta_values is None:
        return None, problems
    return ArticleSpec(slug=slug, body=body, statements=statements, **meta_values), problems


def check_statement_entries(
    where: str, entries: list[dict[str, Any]], body: str
) -> tuple[tuple[StatementSpec, ...], list[Problem]]:
    """Validate statements given as dicts (as in statements.toml) against an article text."""
    problems: list[Problem] = []
    specs = _check_statements(Path(where), {"statement": entries}, body, problems)
    return specs, problems


def _read_body(path: Path, problems: list[Problem]) -> str | None:
    if not path.is_file():
        problems.append(Problem(str(path), "file is missing"))
        return None
    raw = path.read_bytes()
    if len(raw) > MAX_ARTICLE_BYTES:
        problems.append(Problem(str(path), f"larger than {MAX_ARTICLE_BYTES} bytes"))
        return None
    try:
        text = raw.decode("utf-8").replace("\r\n", "\n")
    except UnicodeDecodeError as error:
        problems.append(
            Problem(str(path), f"not UTF-8 text ({error.reason} at byte {error.start})")
        )
        return None
    if "\x00" in text:
        problems.append(Problem(str(path), "contains NUL bytes: not a text file"))
        return None
    if not text.strip():
        problems.append(Problem(str(path), "the article text is empty"))
        return None
    return text


def _read_toml(path: Path, problems: list[Problem]) -> dict[str, Any] | None:
    if not path.is_file():
        problems.append(Problem(str(path), "file is missing"))
        return None
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        problems.append(Problem(str(path), "not UTF-8 text"))
    except tomllib.TOMLDecodeError as error:
        problems.append(Problem(str(path), f"not valid TOML: {error}"))
    return None


def _check_meta(path: Path, meta: dict[str, Any], problems: list[Problem]) -> dict | None:
    before = len(problems)
    where = str(path)
    for unknown in sorted(set(meta) - META_FIELDS):
        problems.append(Problem(where, f"unknown field {unknown!r}"))
    for name in REQUIRED_META:
        if not isinstance(meta.get(name), str) or not meta[name].strip():
            problems.append(Problem(where, f"{name!r} is required and must be text"))
    published = meta.get("published")
    if published is not None and type(published) is not date:
        problems.append(Problem(where, "'published' must be a date such as 2024-10-25"))
    source_url = meta.get("source_url")
    if source_url is not None and not _is_web_address(source_url):
        problems.append(Problem(where, "'source_url' must be an http(s) address"))
    if isinstance(meta.get("title"), str) and len(meta["title"]) > 300:
        problems.append(Problem(where, "'title' is longer than 300 characters"))
    if len(problems) > before:
        return None
    return {
        "title": meta["title"].strip(),
        "outlet": meta["outlet"].strip(),
        "published": published,
        "source_url": source_url,
        "licence": meta["licence"].strip(),
        "credit": meta["credit"].strip(),
    }


def _is_web_address(value: object) -> bool:
    if not isinstance(value, str) or len(value) > 1000:
        return False
    parts = urlsplit(value)
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


def _check_statements(
    path: Path, raw: dict[str, Any], body: str, problems: list[Problem]
) -> tuple[StatementSpec, ...]:
    where = str(path)
    for unknown in sorted(set(raw) - {"statement"}):
        problems.append(Problem(where, f"unknown top-level field {unknown!r}"))
    entries = raw.get("statement")
    if not isinstance(entries, list) or not entries:
        problems.append(Problem(where, "no [[statement]] entries"))
        return ()
    sentences = sentence_spans(body)
    specs: list[StatementSpec] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, 1):
        key = entry.get("id") if isinstance(entry.get("id"), str) else f"#{number}"
        spec = _check_statement(where, key, entry, body, sentences, problems)
        if key in seen:
            problems.append(Problem(where, "id is used by another statement", key))
        seen.add(key)
        if spec is not None:
            specs.append(spec)
    _check_overlaps(where, specs, problems)
    return tuple(sorted(specs, key=lambda s: s.start))


def _check_statement(
    where: str,
    key: str,
    entry: dict[str, Any],
    body: str,
    sentences: list[tuple[int, int]],
    problems: list[Problem],
) -> StatementSpec | None:
    before = len(problems)

    def refuse(reason: str) -> None:
        problems.append(Problem(where, reason, key))

    for unknown in sorted(set(entry) - STATEMENT_FIELDS):
        refuse(f"unknown field {unknown!r}")
    if not SLUG.match(key) or len(key) > MAX_SLUG:
        refuse("'id' is required: lower-case words joined by hyphens")
    quote, explanation = entry.get("quote"), entry.get("explanation")
    label = Label.parse(entry.get("label")) if isinstance(entry.get("label"), str) else None
    if label is None:
        refuse("'label' must be one of: " + ", ".join(lab.value for lab in Label))
    position = _locate_quote(quote, body, refuse)
    if not isinstance(explanation, str) or not explanation.strip():
        refuse("'explanation' is required")
    elif not (
        MIN_EXPLANATION_SENTENCES <= count_sentences(explanation) <= MAX_EXPLANATION_SENTENCES
    ):
        refuse("'explanation' must have 2 to 4 sentences")
    verify_note = entry.get("verify_note")
    if verify_note is not None and (not isinstance(verify_note, str) or not verify_note.strip()):
        refuse("'verify_note' must be text when given")
    cues = _locate_cues(entry.get("cues"), body, position, sentences, refuse)
    if (
        isinstance(explanation, str)
        and cues
        and not any(cue.text.lower() in explanation.lower() for cue in cues)
    ):
        refuse("'explanation' must quote at least one of the cue phrases")
    if len(problems) > before or position is None or label is None:
        return None
    return StatementSpec(
        key=key,
        quote=quote,
        start=position[0],
        end=position[1],
        label=label,
        explanation=" ".join(explanation.split()),
        cues=cues,
        verify_note=" ".join(verify_note.split()) if verify_note else None,
    )


def _locate_quote(quote: object, body: str, refuse) -> tuple[int, int] | None:
    if not isinstance(quote, str) or not quote.strip():
        refuse("'quote' is required")
        return None
    if quote != quote.strip():
        refuse("'quote' must not start or end with white space")
        return None
    found = occurrences(body, quote)
    if not found:
        refuse("'quote' is not in the article text (it must be copied verbatim)")
        return None
    if len(found) > 1:
        refuse(f"'quote' occurs {len(found)} times in the article: quote more to make it unique")
        return None
    return found[0], found[0] + len(quote)


def _locate_cues(
    raw: object,
    body: str,
    position: tuple[int, int] | None,
    sentences: list[tuple[int, int]],
    refuse,
) -> tuple[CueSpec, ...]:
    if not isinstance(raw, list) or not raw or not all(isinstance(c, str) and c for c in raw):
        refuse("'cues' must be a list of at least one cue phrase")
        return ()
    if position is None:
        return ()
    start, end = position
    touched = enclosing(sentences, start, end) or [0]
    window_start = sentences[max(min(touched) - 1, 0)][0] if sentences else start
    window_end = sentences[min(max(touched) + 1, len(sentences) - 1)][1] if sentences else end
    window_start, window_end = min(window_start, start), max(window_end, end)
    cues = []
    for phrase in raw:
        in_quote = body.find(phrase, start, end)
        at = in_quote if in_quote >= 0 else body.find(phrase, window_start, window_end)
        if at < 0:
            refuse(f"cue {phrase!r} is neither in the quote nor in a neighbouring sentence")
            continue
        cues.append(CueSpec(phrase, at, at + len(phrase)))
    return tuple(cues)


def _check_overlaps(where: str, specs: list[StatementSpec], problems: list[Problem]) -> None:
    ordered = sorted(specs, key=lambda s: s.start)
    for first, second in zip(ordered, ordered[1:], strict=False):
        if second.start < first.end:
            problems.append(Problem(where, f"quote overlaps statement {first.key!r}", second.key))
