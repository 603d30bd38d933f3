"""The statement analyser on sentences written for these tests: attribution (source, cue,
content), scope, negation, forecasts, the document's voice, splitting, explanations, the CLI.

The parser is loaded once per test process (``quiz.analysis.parse.parser`` is cached)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.analysis import Sentence, analyse
from quiz.config import CONTENT_DIR, PROJECT_ROOT
from quiz.library.content_files import read_article
from quiz.text import sentence_spans


def labels(text: str) -> list[str]:
    return [s.label for s in analyse(text)]


def only(text: str) -> Sentence:
    [sentence] = analyse(text)
    return sentence


def kinds(sentence: Sentence) -> set[str]:
    return {c.kind for c in sentence.cues}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The U.S. Gen. Smith spoke on Oct. 3 with J. R. Ewing. He left.",
            ["The U.S. Gen. Smith spoke on Oct. 3 with J. R. Ewing.", "He left."],
        ),
        ('"Is it over?" he asked. Yes.', ['"Is it over?" he asked.', "Yes."]),
        ("First paragraph\n\nSecond paragraph.", ["First paragraph", "Second paragraph."]),
    ],
)
def test_sentence_splitting_edge_cases(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in sentence_spans(text)] == expected


def test_a_service_that_speaks_is_the_source() -> None:
    sentence = only("The NIS claims that Pyongyang is supplying Russia with artillery shells.")
    assert sentence.label == "intelligence_claim" and sentence.source == "The NIS"
    assert "source_intelligence" in kinds(sentence)
    assert "“The NIS”" in sentence.explanation


@pytest.mark.parametrize(
    "text",
    [
        "Sanctions on the FSB were extended by the European Union on Monday.",
        "The ministry published a report on the budget of the BND last week.",
    ],
)
def test_a_service_that_is_only_the_topic_is_no_source(text: str) -> None:
    assert only(text).label == "verified"


def test_a_former_officer_is_no_longer_the_service() -> None:
    sentence = only("A former CIA officer said the talks could fail.")
    assert sentence.label == "speculation" and "source_expert" in kinds(sentence)


def test_an_analysts_hedge_about_a_service_is_speculation() -> None:
    assert only("Analysts say the FSB may be behind the attack.").label == "speculation"


def test_the_deepest_source_wins_over_the_outlet() -> None:
    sentence = only("According to Reuters, the NIS said North Korea may be preparing more troops.")
    assert sentence.label == "intelligence_claim" and sentence.source == "the NIS"


def test_a_services_own_hedge_stays_its_claim() -> None:
    assert (
        only("The CIA said Russia might be planning another strike.").label == "intelligence_claim"
    )


def test_follow_on_sentences_inherit_the_source() -> None:
    text = (
        "CIA Director Jane Doe says the rebels are running short of fuel. "
        "She says their supply lines will be cut within weeks. "
        "Ms. Doe told senators the rebels lack spare parts."
    )
    result = analyse(text)
    assert [s.label for s in result] == ["intelligence_claim"] * 3
    assert result[1].source == "CIA Director Jane Doe"


def test_a_new_source_ends_the_carry_over() -> None:
    text = "The NIS said troops were moving north. The foreign ministry announced talks on Tuesday."
    assert labels(text) == ["intelligence_claim", "verified"]


def test_a_quotation_takes_its_speaker_across_sentences() -> None:
    text = '"The talks collapsed last night. We may never know why," the analyst said.'
    first, second = analyse(text)
    assert first.source == second.source == "the analyst"
    assert first.label == second.label == "speculation"


@pytest.mark.parametrize(
    "text",
    [
        "The ministry has not confirmed reports that troops crossed the border.",
        "The Kremlin has not denied that its troops crossed the border.",
        "The Pentagon didn't confirm the NIS report that troops had moved.",
        "There is no evidence that the virus escaped from a laboratory.",
    ],
)
def test_negated_confirmations_and_missing_evidence_put_nothing_on_the_record(text: str) -> None:
    sentence = only(text)
    assert sentence.label == "none"
    assert "negation" in kinds(sentence) and "denial" not in kinds(sentence)


def test_a_denial_is_on_the_record() -> None:
    sentence = only("The regime has consistently denied any involvement in the attack.")
    assert sentence.label == "verified" and "denial" in kinds(sentence)


def test_a_hedge_in_a_relative_clause_is_out_of_scope() -> None:
    sentence = only("The minister, who may resign next week, opened the new bridge on Monday.")
    assert sentence.label == "verified" and "hedge" not in kinds(sentence)


def test_mentioned_words_are_no_hedge() -> None:
    sentence = only("The spokesman called the reports 'pure speculation' on Monday.")
    assert sentence.label == "verified"
    assert "speculation_verb" not in kinds(sentence)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("The economy will shrink next year.", "speculation"),
        ("If the talks fail, the war would spread to the south.", "speculation"),
        ("The ministry will hold talks with the rebels on Tuesday.", "verified"),
        ("The president has threatened to close the border if the attacks go on.", "verified"),
    ],
)
def test_forecasts_and_announced_plans(text: str, label: str) -> None:
    sentence = only(text)
    assert sentence.label == label
    if label == "speculation":
        assert "forecast" in kinds(sentence)


def test_transcript_small_talk_is_none() -> None:
    text = (
        "MODERATOR: Good afternoon, everybody. Thanks for joining us. "
        "We will take your questions after the opening remarks.\n\n"
        "COLONEL SMITH: Thank you. Sorry we are a bit late today. "
        "Why would they move the fleet now?"
    )
    assert set(labels(text)) == {"none"}


def test_opinion_and_a_company_boast_are_not_documented_facts() -> None:
    text = (
        "This policy is a disaster for ordinary families. "
        "Our innovative platform is the best solution on the market. "
        "Acme Corp today announced quarterly revenue of $2 billion."
    )
    assert labels(text) == ["speculation", "speculation", "verified"]


def test_a_quoted_boast_is_speculation_and_boilerplate_is_none() -> None:
    text = (
        '"The new model is a game-changer for the industry," said Maria Lopez, the chief '
        "executive. For more information, visit the company's website."
    )
    assert labels(text) == ["speculation", "none"]


def test_a_goal_added_in_a_match_is_no_speech() -> None:
    sentence = only("Smith added a second goal in the 80th minute.")
    assert sentence.label == "verified" and sentence.source is None


def test_unpunctuated_bullets_are_separate_items() -> None:
    text = (
        "Key points:\n• Troops crossed the border at dawn\n• The ministry denied any role\n"
        "• Analysts fear more fighting in the spring"
    )
    result = analyse(text)
    assert [s.text for s in result] == [
        "Key points:",
        "Troops crossed the border at dawn",
        "The ministry denied any role",
        "Analysts fear more fighting in the spring",
    ]
    assert [s.label for s in result] == ["none", "verified", "verified", "speculation"]


def test_a_list_of_short_lines_without_bullets_is_split_too() -> None:
    text = (
        "What we know so far\nTroops crossed the border at dawn\n"
        "The NIS said the units came from the north\nAnalysts fear a wider offensive"
    )
    assert labels(text) == ["none", "verified", "intelligence_claim", "speculation"]


def test_a_very_long_sentence_is_cut_into_clauses_by_source() -> None:
    text = (
        "Footage broadcast by state television on Monday showed the convoy crossing the bridge "
        "near the border town at dawn, with soldiers waving from the trucks as crowds watched "
        "from the roadside; a defence analyst at a London think tank said the move could be the "
        "first step of a wider offensive planned for the spring, while the country's intelligence "
        "service claimed that the convoy carried short-range missiles supplied by a neighbouring "
        "state in violation of the embargo agreed last year."
    )
    result = analyse(text)
    assert [s.label for s in result] == ["verified", "speculation", "intelligence_claim"]
    for before, after in zip(result, result[1:], strict=False):
        assert before.end <= after.start


def test_questions_and_remarks_about_knowledge_are_none() -> None:
    text = (
        "Is the ceasefire holding? "
        "Whether the rebels have heavy weapons is unclear. "
        "These claims could not be independently verified."
    )
    assert labels(text) == ["none", "none", "none"]


def test_a_defence_briefers_assessment_is_an_intelligence_claim() -> None:
    text = (
        "SENIOR DEFENSE OFFICIAL: Good morning, everyone.\n\n"
        "We assess that the enemy has moved two brigades toward the river."
    )
    assert labels(text) == ["none", "intelligence_claim"]


def test_first_article_agrees_with_hand_labels() -> None:
    article, problems = read_article(CONTENT_DIR / "pyongyang-tribute")
    assert not problems and article is not None
    results = analyse(article.body)

    def covering(start: int, end: int) -> Sentence:
        return max(results, key=lambda r: min(end, r.end) - max(start, r.start))

    agreeing = sum(
        covering(s.start, s.start + len(s.quote)).label == s.label.value for s in article.statements
    )
    assert agreeing / len(article.statements) >= 0.9


def test_explanations_quote_a_source_and_never_an_empty_bracket() -> None:
    article, _ = read_article(CONTENT_DIR / "pyongyang-tribute")
    for sentence in analyse(article.body):
        explanation = sentence.explanation
        assert "()" not in explanation and "“”" not in explanation
        assert 2 <= len(sentence_spans(explanation)) <= 4 or sentence.label == "none"
        if sentence.source is not None:
            assert sentence.source.split()[-1].lower() not in {"said", "says", "told", "added"}
            assert f"“{sentence.source}”" in explanation or sentence.label == "none"


def test_output_offsets_and_cues_slice_the_text() -> None:
    article, _ = read_article(CONTENT_DIR / "pyongyang-tribute")
    for sentence in analyse(article.body):
        assert article.body[sentence.start : sentence.end] == sentence.text
        assert 0 <= sentence.confidence <= 1
        assert sentence.explanation
        for cue in sentence.cues:
            assert article.body[cue.start : cue.end] == cue.text


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_any_unicode_never_crashes_and_offsets_slice_exactly(text: str) -> None:
    for sentence in analyse(text):
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text.strip()
        assert sentence.label in {"verified", "intelligence_claim", "speculation", "none"}
        for cue in sentence.cues:
            assert text[cue.start : cue.end] == cue.text


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "The NIS said X. ",
                "He added that Y may happen. ",
                "Analysts fear Z.\n",
                "• a point\n",
                "Mr. Kim met Dr. Lee on Oct. 3. ",
                "\n\n",
                '"Is it?" she asked. ',
                "U.S. officials called it 'speculation'. ",
            ]
        ),
        max_size=10,
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


def test_cli_prints_one_json_object_per_sentence_and_the_preselection(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(
        "The NIS claims that the convoy carried missiles. Analysts fear more fighting soon.",
        encoding="utf-8",
    )
    result = run_cli("--select", str(path))
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [r["label"] for r in rows] == ["intelligence_claim", "speculation"]
    assert set(rows[0]) >= {"start", "end", "text", "label", "confidence", "cues", "explanation"}
    assert all(isinstance(r["selected"], bool) for r in rows)


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
    assert run_cli("--select").returncode == 2
    assert run_cli("--bogus", "x.txt").returncode == 2
