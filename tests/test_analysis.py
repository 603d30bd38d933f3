"""The statement analyser: splitting, attribution, carry-over, use and mention, cues, the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.analysis import analyse
from quiz.config import CONTENT_DIR, PROJECT_ROOT
from quiz.library.content_files import read_article
from quiz.text import sentence_spans


def labels(text: str) -> list[str]:
    return [s.label for s in analyse(text)]


def cue_kinds(text: str) -> set[str]:
    return {c.kind for s in analyse(text) for c in s.cues}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The U.S. Gen. Smith spoke on Oct. 3 with J. R. Ewing. He left.",
            ["The U.S. Gen. Smith spoke on Oct. 3 with J. R. Ewing.", "He left."],
        ),
        (
            "This line\nwraps inside a sentence. Next one.",
            ["This line\nwraps inside a sentence.", "Next one."],
        ),
        ('"Is it over?" he asked. Yes.', ['"Is it over?" he asked.', "Yes."]),
        (
            "Mr. Tenet says no. U.S. officials agreed.",
            ["Mr. Tenet says no.", "U.S. officials agreed."],
        ),
        ("First paragraph\n\nSecond paragraph.", ["First paragraph", "Second paragraph."]),
    ],
)
def test_sentence_splitting_edge_cases(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in sentence_spans(text)] == expected


def test_intelligence_agency_is_an_intelligence_claim() -> None:
    text = "The NIS claims that Pyongyang is supplying Russia with artillery shells."
    [sentence] = analyse(text)
    assert sentence.label == "intelligence_claim" and sentence.source == "NIS"
    assert "source_intelligence" in {c.kind for c in sentence.cues}
    assert "NIS" in sentence.explanation


def test_deepest_source_wins_over_the_outlet() -> None:
    text = "According to Reuters, the NIS said North Korea may be preparing more troops."
    assert labels(text) == ["intelligence_claim"]


def test_agency_hedge_stays_an_intelligence_claim() -> None:
    assert labels("The CIA said Russia might be planning another strike.") == ["intelligence_claim"]


def test_follow_on_sentences_inherit_the_source() -> None:
    text = (
        "CIA Director George Tenet says China is deeply concerned about Taiwan. "
        "He says Beijing will be watching the election closely. "
        "Mr. Tenet says China lacks the equipment to invade."
    )
    assert labels(text) == ["intelligence_claim"] * 3


def test_carry_over_stops_at_a_new_source() -> None:
    text = "The NIS said troops were moving north. The foreign ministry announced talks on Tuesday."
    assert labels(text) == ["intelligence_claim", "verified"]


def test_mentioned_word_is_no_hedge() -> None:
    text = "Peskov called the reports 'speculation' on Monday."
    [sentence] = analyse(text)
    assert sentence.label == "verified"
    assert all(c.kind != "speculation_verb" for c in sentence.cues)


def test_quoted_hedge_by_an_analyst_stays_speculation() -> None:
    assert labels('"This could be a signal," said the analyst.') == ["speculation"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Military expert Ivan Petrov has speculated that troops could move soon.", "hedge"),
        (
            "Military expert Ivan Petrov has speculated that troops could move soon.",
            "source_expert",
        ),
        ("Analysts predicted a long war.", "speculation_verb"),
        ("Sources close to the event suggest it was staged.", "source_anonymous"),
        ("The ceremony was attended by senior officials, according to Reuters.", "source_outlet"),
        ("The ministry confirmed the launch on Sunday.", "confirmation"),
        ("The regime has consistently denied any involvement.", "denial"),
        ("The ministry said the talks would resume.", "source_official"),
        ("Intelligence officials say the convoy crossed the border.", "source_intelligence"),
    ],
)
def test_each_cue_kind_is_found(text: str, kind: str) -> None:
    assert kind in cue_kinds(text)


def test_none_for_greetings_questions_and_remarks_about_reporting() -> None:
    text = (
        "MODERATOR: Good afternoon, everybody. "
        "Why would they do that? "
        "These claims have not been independently verified."
    )
    assert labels(text) == ["none", "none", "none"]


def test_expressed_concern_is_on_the_record() -> None:
    text = "The United States has expressed concern that Tehran might develop weapons."
    assert labels(text) == ["verified"]


def test_first_article_agrees_with_hand_labels() -> None:
    article, problems = read_article(CONTENT_DIR / "pyongyang-tribute")
    assert not problems and article is not None
    results = analyse(article.body)
    agreeing = sum(
        next(r for r in results if r.start <= s.start < r.end).label == s.label.value
        for s in article.statements
    )
    assert agreeing / len(article.statements) >= 0.9


def test_output_offsets_and_cues_slice_the_text() -> None:
    article, _ = read_article(CONTENT_DIR / "pyongyang-tribute")
    for sentence in analyse(article.body):
        assert article.body[sentence.start : sentence.end] == sentence.text
        assert 0 <= sentence.confidence <= 1
        assert sentence.explanation
        for cue in sentence.cues:
            assert article.body[cue.start : cue.end] == cue.text


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_any_unicode_never_crashes_and_offsets_slice_exactly(text: str) -> None:
    for sentence in analyse(text):
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text.strip()
        assert sentence.label in {"verified", "intelligence_claim", "speculation", "none"}
        for cue in sentence.cues:
            assert text[cue.start : cue.end] == cue.text


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "The NIS said X. ",
                "He added that Y may happen. ",
                "Analysts fear Z.\n",
                "Mr. Kim met Dr. Lee on Oct. 3. ",
                "\n\n",
                '"Is it?" she asked. ',
                "U.S. officials called it 'speculation'. ",
            ]
        ),
        max_size=12,
    )
)
def test_sentences_are_ordered_and_disjoint(parts: list[str]) -> None:
    text = "".join(parts)
    results = analyse(text)
    for before, after in zip(results, results[1:], strict=False):
        assert before.end <= after.start


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "quiz.analysis", *args],
        input=stdin,
        capture_output=True,
        cwd=PROJECT_ROOT,
        timeout=60,
    )


def test_cli_prints_one_json_object_per_sentence(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("The NIS claims X happened. Analysts fear more.", encoding="utf-8")
    result = run_cli(str(path))
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [r["label"] for r in rows] == ["intelligence_claim", "speculation"]
    assert set(rows[0]) >= {"start", "end", "text", "label", "confidence", "cues", "explanation"}


def test_cli_reads_standard_input() -> None:
    result = run_cli("-", stdin=b"Footage showed the parade.")
    assert result.returncode == 0
    assert json.loads(result.stdout)["label"] == "verified"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"  \n", "is empty"),
        (b"\xff\xfe\x00x", "not a text file"),
        (b"\xff\xfe", "not UTF-8"),
    ],
)
def test_cli_refuses_bad_input(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = run_cli(str(path))
    assert result.returncode == 1 and message in result.stderr.decode()


def test_cli_missing_file_and_usage(tmp_path: Path) -> None:
    missing = run_cli(str(tmp_path / "nope.txt"))
    assert missing.returncode == 1 and "cannot read" in missing.stderr.decode()
    assert run_cli().returncode == 2
