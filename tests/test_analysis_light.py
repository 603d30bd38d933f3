"""The analyser's light parts, which pages and forms use without the parser: cue kinds,
preselection, confidence in words, review order; and that importing them loads no spaCy."""

from __future__ import annotations

import subprocess
import sys

import pytest

from quiz.analysis import CueKind, cue_kind
from quiz.analysis.selection import confidence_words, preselect, quiz_worthy, review_order
from quiz.config import PROJECT_ROOT


def test_importing_the_light_modules_loads_no_parser() -> None:
    code = (
        "import sys, quiz.analysis, quiz.analysis.kinds, quiz.analysis.selection; "
        "quiz.analysis.cue_kind('The NIS claims'); "
        "heavy = [m for m in ('spacy', 'thinc', 'numpy', 'sklearn') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


@pytest.mark.parametrize(
    ("phrase", "kind"),
    [
        ("The NIS claims", CueKind.SOURCE_INTELLIGENCE),
        ("could soon", CueKind.HEDGE),
        ("has speculated", CueKind.SPECULATION_VERB),
        ("Sources close to the event suggest", CueKind.SOURCE_ANONYMOUS),
        ("according to Reuters", CueKind.SOURCE_OUTLET),
        ("has consistently denied", CueKind.DENIAL),
        ("has not confirmed", CueKind.NEGATION),
        ("did not deny", CueKind.NEGATION),
        ("will", CueKind.FORECAST),
        ("Good afternoon", CueKind.FRAMING),
        ("blue sky", None),
    ],
)
def test_cue_kind_of_a_lone_phrase(phrase: str, kind: CueKind | None) -> None:
    assert cue_kind(phrase) == kind


@pytest.mark.parametrize(
    ("confidence", "words"),
    [
        (0.95, "very likely right"),
        (0.8, "very likely right"),
        (0.7, "probably right"),
        (0.3, "unsure — check it"),
    ],
)
def test_confidence_in_words(confidence: float, words: str) -> None:
    assert confidence_words(confidence) == words


def row(text: str, label: str, confidence: float) -> dict:
    return {"text": text, "label": label, "confidence": confidence, "cues": [{"text": "x"}]}


def test_review_order_puts_the_least_sure_first() -> None:
    rows = [
        row("a b c d e", "verified", 0.9),
        row("f g h i j", "none", 0.4),
        row("k l m n o", "speculation", 0.6),
    ]
    assert review_order(rows) == [1, 2, 0]


def test_preselection_balances_labels_and_skips_unsure_suggestions() -> None:
    sentences = [
        row("one two three four five", "verified", 0.95),
        row("six seven eight nine ten", "verified", 0.9),
        row("alpha beta gamma delta epsilon", "speculation", 0.7),
        row("zeta eta theta iota kappa", "speculation", 0.3),
        row("lambda mu nu xi omicron", "intelligence_claim", 0.2),
        row("pi rho sigma tau upsilon", "none", 0.99),
    ]
    body = " ".join(s["text"] for s in sentences)
    chosen = preselect(sentences, body, limit=4)
    assert chosen == [0, 1, 2, 4]  # the only intelligence claim fills its gap; 3 is unsure
    assert not quiz_worthy(sentences[5], body)


def test_serving_students_and_learners_never_loads_the_parser(tmp_path) -> None:
    """Only analysing an article loads spaCy: the pages a class uses stay light."""
    import subprocess
    import sys

    script = f"""
import sys
from quiz import create_app
from quiz.config import CONTENT_DIR, TestConfig
from quiz.extensions import db
from quiz.library.operations import load_content
app = create_app(TestConfig, {{"SQLALCHEMY_DATABASE_URI": "sqlite:///{tmp_path / "light.db"}"}})
with app.app_context():
    db.create_all()
    load_content(CONTENT_DIR)
client = app.test_client()
for path in ("/", "/articles/pyongyang-tribute", "/join", "/me", "/login"):
    assert client.get(path).status_code == 200, path
page = client.get("/articles/pyongyang-tribute").get_data(as_text=True)
token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
run = client.post("/articles/pyongyang-tribute/practice", data={{"csrf_token": token}})
assert client.get(run.location).status_code == 200
print(sorted(m for m in sys.modules if m.split(".")[0] in ("spacy", "thinc")))
"""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "[]"
