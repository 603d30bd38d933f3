"""Read and validate the article library in ``content/``: one folder per article.

Each article is a folder ``content/<slug>/`` holding ``article.txt`` (the text, UTF-8),
``meta.toml`` (title, outlet, date, source address, licence, credit, level),
``statements.toml`` (the quiz statements) and ``teacher.md`` (notes shown to teachers only).
The README describes the format. Pure Python: no Flask, no database.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from quiz.library.statement_rules import Problem, StatementSpec, check_entries, is_key
from quiz.text import sentence_spans

MAX_ARTICLE_BYTES = 1_000_000
MAX_NOTES_BYTES = 100_000
META_FIELDS = {"title", "outlet", "published", "source_url", "licence", "credit", "level"}
REQUIRED_META = ("title", "outlet", "licence", "credit")
LEVELS = (1, 2, 3)


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
    level: int | None = None
    teacher_notes: str | None = None


@dataclass
class LibraryReading:
    """What was read from a content folder: the valid articles and every problem found."""

    articles: list[ArticleSpec] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class ArticleFiles(Protocol):
    """The files of one article folder, wherever they are (a folder on disk, a zip)."""

    name: str

    def read(self, filename: str, limit: int) -> bytes | None:
        """The file's bytes (at most ``limit + 1`` of them), or None when it is missing.

        Raises UnreadableMember with a reason when the file is there but cannot be read.
        """

    def where(self, filename: str) -> str:
        """How problems name the file."""


class UnreadableMember(Exception):
    """A file that exists but cannot be read (a damaged or unsupported archive member)."""


@dataclass(frozen=True)
class FolderFiles:
    """An article folder on disk, such as ``content/<slug>/``."""

    folder: Path

    @property
    def name(self) -> str:
        """The folder's name: the article's slug."""
        return self.folder.name

    def read(self, filename: str, limit: int) -> bytes | None:
        """The file's bytes, or None when it is missing."""
        path = self.folder / filename
        if not path.is_file():
            return None
        with path.open("rb") as handle:
            return handle.read(limit + 1)

    def where(self, filename: str) -> str:
        """The file's path."""
        return str(self.folder / filename)


def read_library(content_dir: Path) -> LibraryReading:
    """Read and validate every article folder under ``content_dir``, strictly."""
    reading = LibraryReading()
    if not content_dir.is_dir():
        reading.problems.append(Problem(str(content_dir), "content folder not found"))
        return reading
    for folder in sorted(p for p in content_dir.iterdir() if p.is_dir()):
        article, problems = read_article(FolderFiles(folder), strict=True)
        reading.problems.extend(problems)
        if article is not None:
            reading.articles.append(article)
    if not reading.articles and not reading.problems:
        reading.problems.append(Problem(str(content_dir), "no article folders found"))
    return reading


def read_article(
    files: ArticleFiles | Path, *, strict: bool = False
) -> tuple[ArticleSpec | None, list[Problem]]:
    """Read one article folder; the spec is None when anything is wrong.

    ``strict`` holds the project's library to its full standard (levels, cue kinds, notes on
    how to verify, teacher notes); an article a teacher imports needs only what makes a quiz.
    """
    files = FolderFiles(files) if isinstance(files, Path) else files
    problems: list[Problem] = []
    if not is_key(files.name):
        problems.append(
            Problem(files.where(""), "folder name must be lower-case words joined by hyphens")
        )
    body = _read_body(files, problems)
    meta = _read_toml(files, "meta.toml", problems)
    raw_statements = _read_toml(files, "statements.toml", problems)
    notes = _read_notes(files, problems, required=strict)
    if body is None or meta is None or raw_statements is None:
        return None, problems
    meta_values = _check_meta(files.where("meta.toml"), meta, problems, strict=strict)
    statements, found = check_entries(
        files.where("statements.toml"), raw_statements, body, sentence_spans(body), strict=strict
    )
    problems.extend(found)
    if problems or meta_values is None:
        return None, problems
    spec = ArticleSpec(
        slug=files.name, body=body, statements=statements, teacher_notes=notes, **meta_values
    )
    return spec, problems


def _read_text(
    files: ArticleFiles, filename: str, limit: int, problems: list[Problem]
) -> str | None:
    """A UTF-8 text file without NUL bytes, within a size limit (None when missing or after a
    problem, which is reported)."""
    where = files.where(filename)
    try:
        raw = files.read(filename, limit)
    except UnreadableMember as error:
        problems.append(Problem(where, f"cannot be read: {error}"))
        return None
    if raw is None:
        return None
    if len(raw) > limit:
        problems.append(Problem(where, f"larger than {limit} bytes"))
        return None
    try:
        text = raw.decode("utf-8").replace("\r\n", "\n")
    except UnicodeDecodeError as error:
        problems.append(Problem(where, f"not UTF-8 text ({error.reason} at byte {error.start})"))
        return None
    if "\x00" in text:
        problems.append(Problem(where, "contains NUL bytes: not a text file"))
        return None
    return text


def _read_required(
    files: ArticleFiles, filename: str, limit: int, problems: list[Problem]
) -> str | None:
    before = len(problems)
    text = _read_text(files, filename, limit, problems)
    if text is None and len(problems) == before:
        problems.append(Problem(files.where(filename), "file is missing"))
    return text


def _read_body(files: ArticleFiles, problems: list[Problem]) -> str | None:
    text = _read_required(files, "article.txt", MAX_ARTICLE_BYTES, problems)
    if text is not None and not text.strip():
        problems.append(Problem(files.where("article.txt"), "the article text is empty"))
        return None
    return text


def _read_notes(files: ArticleFiles, problems: list[Problem], *, required: bool) -> str | None:
    before = len(problems)
    text = _read_text(files, "teacher.md", MAX_NOTES_BYTES, problems)
    if text is None and required and len(problems) == before:
        problems.append(Problem(files.where("teacher.md"), "file is missing (notes for teachers)"))
    return (text.strip() or None) if text is not None else None


def _read_toml(files: ArticleFiles, filename: str, problems: list[Problem]) -> dict | None:
    text = _read_required(files, filename, MAX_ARTICLE_BYTES, problems)
    if text is None:
        return None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        problems.append(Problem(files.where(filename), f"not valid TOML: {error}"))
    except RecursionError:
        problems.append(Problem(files.where(filename), "not valid TOML: nested too deeply"))
    return None


def _check_meta(
    where: str, meta: dict[str, Any], problems: list[Problem], *, strict: bool
) -> dict | None:
    before = len(problems)
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
    level = meta.get("level")
    if (level is not None or strict) and (type(level) is not int or level not in LEVELS):
        problems.append(Problem(where, "'level' must be 1, 2 or 3 (see the README)"))
    if len(problems) > before:
        return None
    return {
        "title": meta["title"].strip(),
        "outlet": meta["outlet"].strip(),
        "published": published,
        "source_url": source_url,
        "licence": meta["licence"].strip(),
        "credit": meta["credit"].strip(),
        "level": level,
    }


def _is_web_address(value: object) -> bool:
    if not isinstance(value, str) or len(value) > 1000:
        return False
    parts = urlsplit(value)
    return parts.scheme in {"http", "https"} and bool(parts.netloc)
