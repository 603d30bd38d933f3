"""Figures of a classroom session's results, computed from its rows: pure, no database."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from quiz.classroom.models import ClassAnswer, Participant
from quiz.labels import Label
from quiz.library.models import Statement
from quiz.scoring import Scorecard, percent, score


@dataclass
class StatementResult:
    """How the class answered one statement."""

    position: int
    statement: Statement
    counts: dict[Label, int] = field(default_factory=lambda: dict.fromkeys(Label, 0))
    # The evidence step: answers whose marks were checked for a source, and those that found it.
    source_checked: int = 0
    source_found: int = 0

    @property
    def answered(self) -> int:
        """How many students answered it."""
        return sum(self.counts.values())

    @property
    def right(self) -> int:
        """How many answered it right."""
        return self.counts[self.statement.label]

    @property
    def percent_right(self) -> int | None:
        """Share right, rounded, or None when nobody answered."""
        return percent(self.right, self.answered)

    @property
    def percent_found_source(self) -> int | None:
        """Share of the students asked to mark the source who marked it."""
        return percent(self.source_found, self.source_checked)

    @property
    def most_common_wrong(self) -> Label | None:
        """The wrong label chosen most often, if any was."""
        wrong = {k: v for k, v in self.counts.items() if k != self.statement.label and v}
        return max(wrong, key=lambda k: (wrong[k], -list(Label).index(k))) if wrong else None


@dataclass
class StudentResult:
    """One student's score in the session."""

    participant: Participant
    card: Scorecard


@dataclass
class SessionReport:
    """Everything the results page and the exports show."""

    statements: list[StatementResult]
    students: list[StudentResult]
    card: Scorecard
    responses: list[ClassAnswer]

    @property
    def has_evidence(self) -> bool:
        """Whether any student marked words (the session asked for the evidence step)."""
        return any(r.source_checked for r in self.statements)

    def cell(self, true: Label, chosen: Label) -> list[tuple[StatementResult, int]]:
        """The statements behind one cell of the class matrix, with how often each."""
        if true is None or chosen is None:
            return []
        return [
            (result, result.counts[chosen])
            for result in self.statements
            if result.statement.label == true and result.counts[chosen]
        ]


def found_source(answer: ClassAnswer) -> bool | None:
    """Whether the student's marks found who says so (None: no marks, or no source to find)."""
    if not answer.evidence:
        return None
    found = answer.evidence.get("found_source")
    return found if isinstance(found, bool) else None


def build_report(
    statements: list[Statement], participants: list[Participant], answers: list[ClassAnswer]
) -> SessionReport:
    """Per statement, per student and class-wide figures from a session's rows."""
    results = {s.id: StatementResult(n, s) for n, s in enumerate(statements, 1)}
    pairs_by_student: dict[int, list[tuple[Label, Label]]] = defaultdict(list)
    for answer in answers:
        result = results[answer.statement_id]
        result.counts[answer.chosen] += 1
        found = found_source(answer)
        if found is not None:
            result.source_checked += 1
            result.source_found += found
        if not result.statement.discuss:  # discussed, not scored
            pairs_by_student[answer.participant_id].append((result.statement.label, answer.chosen))
    students = [
        StudentResult(p, score(pairs_by_student[p.id]))
        for p in participants
        if p.removed_at is None
    ]
    class_pairs = [pair for pairs in pairs_by_student.values() for pair in pairs]
    return SessionReport(list(results.values()), students, score(class_pairs), answers)
