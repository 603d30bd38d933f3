"""Article files in and out: text from uploads, and content/ folders as zip archives."""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from pathlib import Path

import tomli_w
from markdown_it import MarkdownIt

from quiz.library.content_files import ArticleSpec, read_article
from quiz.library.models import Article
from quiz.library.statement_rules import Problem

ARTICLE_FILES = ("article.txt", "meta.toml", "statements.toml")
MAX_ZIP_MEMBER = 1_000_000
_BLANK_LINES = re.compile(r"\n{3,}")


class UnreadableFile(ValueError):
    """An upload that cannot be turned into article text; the message says why."""


def text_from_upload(filename: str, data: bytes) -> str:
    """The article text of an uploaded .txt, .md or .html file."""
    suffix = Path(filename).suffix.lower()
    if suffix not in {".txt", ".md", ".html", ".htm"}:
        raise UnreadableFile("Upload a .txt, .md or .html file.")
    if b"\x00" in data:
        raise UnreadableFile("The file is not text (it contains NUL bytes).")
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError:
        raise UnreadableFile("The file is not UTF-8 text.") from None
    if suffix == ".md":
        return _markdown_text(raw)
    if suffix in {".html", ".htm"}:
        import trafilatura  # heavy (lxml, dateparser): loaded only when a page is uploaded

        extracted = trafilatura.extract(raw, include_comments=False, include_tables=False)
        if not extracted:
            raise UnreadableFile("No article text was found in the HTML file.")
        return extracted.replace("\n", "\n\n")
    return normalise_text(raw)


def normalise_text(raw: str) -> str:
    """Unix line ends, no trailing spaces on lines, at most one blank line in a row."""
    lines = [line.rstrip() for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip() + "\n"


def _markdown_text(raw: str) -> str:
    """Paragraph texts of a Markdown document, without its markup."""
    blocks = [
        "".join(child.content for child in (token.children or []) if child.type == "text")
        for token in MarkdownIt().parse(raw)
        if token.type == "inline"
    ]
    return normalise_text("\n\n".join(block for block in blocks if block.strip()))


def export_zip(article: Article) -> bytes:
    """The article as a ``<slug>/`` content folder in a zip archive."""
    meta = {
        key: value
        for key, value in (
            ("title", article.title),
            ("outlet", article.outlet),
            ("published", article.published),
            ("source_url", article.source_url),
            ("licence", article.licence),
            ("credit", article.credit),
        )
        if value is not None
    }
    statements = {
        "statement": [
            {
                "id": s.key,
                "quote": s.quote,
                "label": s.label,
                "cues": [_cue_entry(cue) for cue in s.cues],
                "explanation": s.explanation,
                **({"verify_note": s.verify_note} if s.verify_note else {}),
            }
            for s in article.active_statements
        ]
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{article.slug}/article.txt", article.body)
        archive.writestr(f"{article.slug}/meta.toml", tomli_w.dumps(meta))
        archive.writestr(f"{article.slug}/statements.toml", tomli_w.dumps(statements))
    return buffer.getvalue()


def _cue_entry(cue: dict) -> dict[str, str]:
    """A stored cue as in statements.toml: its text, and its kind where known."""
    return {"text": cue["text"], **({"kind": cue["kind"]} if cue.get("kind") else {})}


def read_zip(data: bytes) -> tuple[ArticleSpec | None, list[Problem]]:
    """Validate a content folder in a zip archive, reading only the three expected files."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return None, [Problem("upload", "not a zip archive")]
    with archive, tempfile.TemporaryDirectory() as workdir:
        folders = {Path(name).parts[0] for name in archive.namelist() if Path(name).parts}
        if len(folders) != 1:
            return None, [Problem("upload", "the zip must hold exactly one article folder")]
        slug = folders.pop()
        if slug in {"..", "."} or "/" in slug or "\\" in slug:
            return None, [Problem("upload", "bad folder name in the zip")]
        target = Path(workdir) / slug
        target.mkdir()
        for name in ARTICLE_FILES:
            try:
                info = archive.getinfo(f"{slug}/{name}")
            except KeyError:
                continue  # read_article reports the missing file
            if info.file_size > MAX_ZIP_MEMBER:
                return None, [Problem(f"{slug}/{name}", "file is too large")]
            (target / name).write_bytes(archive.read(info))
        spec, problems = read_article(target)
        relative = [
            Problem(p.path.replace(workdir + "/", ""), p.reason, p.statement) for p in problems
        ]
        return spec, relative
