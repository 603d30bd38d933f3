"""Article files in and out: text from uploads, and content/ folders as zip archives."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import tomli_w
from markdown_it import MarkdownIt

from quiz.library.content_files import ArticleSpec, UnreadableMember, read_article
from quiz.library.models import Article, Statement
from quiz.library.statement_rules import Problem, is_key

ARTICLE_FILES = ("article.txt", "meta.toml", "statements.toml", "teacher.md")
MAX_MEMBERS = 20
ZIP_ROOT = "content"
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
    """The article as a ``content/<slug>/`` folder in a zip archive (as in the library)."""
    meta = {
        key: value
        for key, value in (
            ("title", article.title),
            ("outlet", article.outlet),
            ("published", article.published),
            ("source_url", article.source_url),
            ("licence", article.licence),
            ("credit", article.credit),
            ("level", article.level),
        )
        if value is not None
    }
    statements = {
        "statement": [
            {
                "id": s.key,
                "quote": s.quote,
                "label": s.label.value,
                "cues": [_cue_entry(cue) for cue in s.cues],
                "explanation": s.explanation,
                **_optional_fields(s),
            }
            for s in article.active_statements
        ]
    }
    folder = f"{ZIP_ROOT}/{article.slug}"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{folder}/article.txt", article.body)
        archive.writestr(f"{folder}/meta.toml", tomli_w.dumps(meta))
        archive.writestr(f"{folder}/statements.toml", tomli_w.dumps(statements))
        if article.teacher_notes:
            archive.writestr(f"{folder}/teacher.md", article.teacher_notes + "\n")
    return buffer.getvalue()


def _optional_fields(statement: Statement) -> dict[str, object]:
    """A statement's optional fields, as statements.toml writes them (only those it has)."""
    fields: dict[str, object] = {
        "verify_note": statement.verify_note,
        "discuss": statement.discuss or None,
        "prompt": statement.prompt,
        "arguments": statement.arguments or None,
        "why_not": statement.why_not or None,
    }
    if statement.context_start is not None:
        body = statement.article.body
        fields["context"] = body[statement.context_start : statement.context_end]
    return {name: value for name, value in fields.items() if value}


def _cue_entry(cue: dict) -> dict[str, str]:
    """A stored cue as in statements.toml: its text, and its kind where known."""
    return {"text": cue["text"], **({"kind": cue["kind"]} if cue.get("kind") else {})}


@dataclass(frozen=True)
class ZipFiles:
    """An article folder inside a zip archive, read in memory (nothing touches the disk)."""

    archive: zipfile.ZipFile
    prefix: str  # the folder's path inside the archive, with a final slash

    @property
    def name(self) -> str:
        """The folder's name: the article's slug."""
        return PurePosixPath(self.prefix).name

    def read(self, filename: str, limit: int) -> bytes | None:
        """The member's bytes (at most ``limit + 1``), or None when it is missing."""
        try:
            info = self.archive.getinfo(self.prefix + filename)
        except KeyError:
            return None
        try:
            with self.archive.open(info) as member:
                return member.read(limit + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as error:
            raise UnreadableMember("the archive is damaged") from error
        except NotImplementedError as error:
            raise UnreadableMember("it is compressed in a way SourceSense cannot read") from error
        except RuntimeError as error:  # an encrypted member
            raise UnreadableMember("it is encrypted") from error

    def where(self, filename: str) -> str:
        """The member's path in the archive."""
        return self.prefix + filename


def read_zip(data: bytes) -> tuple[ArticleSpec | None, list[Problem]]:
    """Validate an article folder in a zip archive, in memory.

    The archive holds ``content/<slug>/`` (as exported) or ``<slug>/`` (older exports); names are
    checked before anything is read.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError):
        return None, [Problem("upload", "not a zip archive")]
    with archive:
        prefix = _article_folder(names)
        if prefix is None:
            return None, [Problem("upload", "the zip must hold exactly one article folder")]
        if not is_key(PurePosixPath(prefix).name):
            return None, [
                Problem("upload", "the folder name must be lower-case words joined by hyphens")
            ]
        return read_article(ZipFiles(archive, prefix))


def _article_folder(names: list[str]) -> str | None:
    """The one folder of the archive that holds the article's files, as ``path/``."""
    if not names or len(names) > MAX_MEMBERS:
        return None
    parents = {str(PurePosixPath(name).parent) for name in names if not name.endswith("/")}
    if len(parents) != 1:
        return None
    parent = parents.pop()
    parts = PurePosixPath(parent).parts
    if parent == "." or len(parts) > 2 or (len(parts) == 2 and parts[0] != ZIP_ROOT):
        return None
    return parent + "/"
