"""Content files: clear validation, and a loader that is all-or-nothing and idempotent."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from quiz.config import CONTENT_DIR
from quiz.labels import Label
from quiz.library.content_files import read_article, read_library
from tests.content_copies import SLUG, edit


def reasons(root: Path) -> list[str]:
    """Every problem read_library reports, as text."""
    return [str(problem) for problem in read_library(root).problems]


def test_project_content_is_valid_and_complete() -> None:
    reading = read_library(CONTENT_DIR)
    assert reading.problems == []
    by_slug = {a.slug: a for a in reading.articles}
    first = by_slug["pyongyang-tribute"]
    counts = {label: sum(s.label == label for s in first.statements) for label in Label}
    assert len(first.statements) >= 15
    assert counts[Label.VERIFIED] >= 5 and counts[Label.SPECULATION] >= 5
    assert counts[Label.INTELLIGENCE_CLAIM] == 3  # the article makes exactly three
    assert len(by_slug) >= 10  # a library a teacher can plan a term with
    assert {a.level for a in by_slug.values()} == {1, 2, 3}
    with_all_three = 0
    for article in by_slug.values():
        scored = [s for s in article.statements if not s.discuss]
        assert len(scored) >= 8, article.slug
        assert len({s.label for s in scored}) >= 2, article.slug
        with_all_three += {s.label for s in article.statements} == set(Label)
        assert article.licence and article.credit
        assert article.source_url or article.slug == "pyongyang-tribute"  # supplied by the user
        assert article.teacher_notes and "Lesson" in article.teacher_notes, article.slug
        assert all(s.verify_note for s in article.statements if s.label != Label.VERIFIED)
    assert with_all_three >= 6


def test_quotes_are_verbatim_and_positions_exact() -> None:
    for article in read_library(CONTENT_DIR).articles:
        for statement in article.statements:
            assert article.body[statement.start : statement.end] == statement.quote
            for cue in statement.cues:
                assert article.body[cue.start : cue.end] == cue.text


@pytest.mark.parametrize(
    ("file", "old", "new", "reason"),
    [
        ("statements.toml", "It's a major rail hub\"", 'It is a major rail hub"', "not in the"),
        ("statements.toml", 'label = "speculation"', 'label = "opinion"', "'label' must be"),
        ("statements.toml", 'text = "We believe"', 'text = "we suspect"', "cue 'we suspect'"),
        (
            "statements.toml",
            'cues = [{ text = "We believe"',
            "cues = []\nx = [{ t = 1",
            "'cues' must",
        ),
        ("statements.toml", 'kind = "source_intelligence" }]', 'kind = "gut" }]', "'kind' must"),
        (
            "statements.toml",
            '"We believe", kind = "source_intelligence" }',
            '"We believe" }',
            "needs a 'kind'",
        ),
        ("statements.toml", "verify_note = ", "# verify_note = ", "'verify_note' is required"),
        (
            "statements.toml",
            'id = "believe-ss-21"',
            'id = "believe-ss-21"\ndiscuss = true',
            "needs a 'prompt'",
        ),
        (
            "statements.toml",
            'id = "believe-ss-21"',
            'id = "believe-ss-21"\ndiscuss = true\nprompt = "Who?"\n'
            'arguments = {verified = "On record."}',
            "at least two labels",
        ),
        (
            "statements.toml",
            'id = "believe-ss-21"',
            'id = "believe-ss-21"\nprompt = "Who?"',
            "belong to",
        ),
        (
            "statements.toml",
            'id = "believe-ss-21"',
            'id = "believe-ss-21"\nwhy_not = {intelligence_claim = "No."}',
            "wrong labels only",
        ),
        (
            "statements.toml",
            'id = "believe-ss-21"',
            'id = "believe-ss-21"\nwhy_not = {maybe = "x"}',
            "must map labels",
        ),
        (
            "statements.toml",
            'id = "believe-ss-21"',
            'id = "believe-ss-21"\ncontext = "rail hub"',
            "'context' must",
        ),
        ("statements.toml", 'id = "believe-ss-21"', 'id = "major-rail-hub"', "used by another"),
        ("statements.toml", 'id = "believe-ss-21"', 'id = "Bad Id"', "'id' is required"),
        (
            "statements.toml",
            'quote = "It\'s a major rail hub"',
            'quote = "have perfect visibility"',
            "occurs 2 times",
        ),
        ("statements.toml", "[[statement]]", "[[statement]]\ncolour = 'red'", "unknown field"),
        ("statements.toml", "[[statement]]", "[[statement", "not valid TOML"),
        (
            "statements.toml",
            'explanation = """"We believe" is',
            'explanation = """One sentence only without the cue."""\nx = """',
            "2 to 4 sentences",
        ),
        (
            "statements.toml",
            'explanation = """"We believe" is the',
            'explanation = """Here is the',
            "must quote at least one of the cue",
        ),
        (
            "statements.toml",
            'quote = "It\'s a major rail hub"',
            'quote = "It\'s a major rail hub, so I think I would just leave it at that. That"',
            "overlaps",
        ),
        ("meta.toml", "published = 2022-04-08", 'published = "last week"', "'published' must"),
        ("meta.toml", 'source_url = "https:', 'source_url = "javascript:', "'source_url' must"),
        ("meta.toml", 'outlet = "U.S.', 'outlet = "  "\nx = "', "'outlet' is required"),
        ("meta.toml", "title =", "headline =", "unknown field 'headline'"),
        ("meta.toml", "level = 2", "level = 4", "'level' must be 1, 2 or 3"),
        ("meta.toml", "level = 2", 'level = "2"', "'level' must be 1, 2 or 3"),
        ("meta.toml", "level = 2", "", "'level' must be 1, 2 or 3"),
    ],
)
def test_bad_files_are_refused_with_file_statement_and_reason(
    library: Path, file: str, old: str, new: str, reason: str
) -> None:
    edit(library / SLUG / file, old, new)
    found = reasons(library)
    assert any(reason in line for line in found), found
    assert all(line.startswith(str(library / SLUG)) for line in found)


def test_problem_names_the_statement_id(library: Path) -> None:
    edit(library / SLUG / "statements.toml", 'label = "speculation"', 'label = "opinion"')
    assert reasons(library) == [
        f"{library / SLUG / 'statements.toml'} [says-a-lot]: "
        "'label' must be one of: verified, intelligence_claim, speculation"
    ]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\xff\xfe\x00bad", "not UTF-8"),
        (b"text\x00with NUL", "NUL"),
    ],
)
def test_bad_article_text_is_refused(library: Path, content: bytes, reason: str) -> None:
    (library / SLUG / "article.txt").write_bytes(content)
    assert any(reason in line for line in reasons(library))


def test_missing_file_and_bad_folder_name(library: Path) -> None:
    (library / SLUG / "meta.toml").unlink()
    shutil.copytree(CONTENT_DIR / "pyongyang-tribute", library / "Bad_Name")
    found = reasons(library)
    assert any("meta.toml: file is missing" in line for line in found)
    assert any("Bad_Name: folder name" in line for line in found)


def test_missing_content_folder(tmp_path: Path) -> None:
    assert reasons(tmp_path / "nowhere") == [f"{tmp_path / 'nowhere'}: content folder not found"]


def test_an_imported_article_needs_only_what_makes_a_quiz(library: Path) -> None:
    """Older exports (plain cue phrases, no level, no verify notes) still read leniently."""
    statements = library / SLUG / "statements.toml"
    text = statements.read_text(encoding="utf-8")
    text = text.replace('{ text = "We believe", kind = "source_intelligence" }', '"We believe"')
    statements.write_text(text.replace("verify_note = ", "# verify_note = "), encoding="utf-8")
    edit(library / SLUG / "meta.toml", "level = 2", "")
    assert reasons(library)  # the project's library is held to the full standard
    article, problems = read_article(library / SLUG)
    assert problems == [] and article is not None
    believe = next(s for s in article.statements if s.key == "believe-ss-21")
    assert [(c.text, c.kind) for c in believe.cues] == [("We believe", None)]
    assert article.level is None


def test_discussion_context_and_why_not_are_read(library: Path) -> None:
    edit(
        library / SLUG / "statements.toml",
        'id = "believe-ss-21"',
        'id = "believe-ss-21"\ndiscuss = true\nprompt = "Whose belief is it?"\n'
        'arguments = {intelligence_claim = "A defence official.", speculation = "Belief."}\n'
        'why_not = {verified = "A belief is not a record."}\n'
        'context = "SENIOR DEFENSE OFFICIAL:"',
    )
    article, problems = read_article(library / SLUG, strict=True)
    assert problems == [], problems
    believe = next(s for s in article.statements if s.key == "believe-ss-21")
    assert believe.discuss and believe.prompt == "Whose belief is it?"
    assert set(believe.arguments) == {Label.INTELLIGENCE_CLAIM, Label.SPECULATION}
    assert believe.why_not == {Label.VERIFIED: "A belief is not a record."}
    start, end = believe.context
    assert article.body[start:end] == "SENIOR DEFENSE OFFICIAL:" and end <= believe.start


def test_read_article_returns_positions(library: Path) -> None:
    article, problems = read_article(library / SLUG)
    assert problems == [] and article is not None
    hub = next(s for s in article.statements if s.key == "major-rail-hub")
    assert article.body[hub.start : hub.end] == "It's a major rail hub"
