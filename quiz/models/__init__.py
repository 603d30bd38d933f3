"""Database models, one module per area; import them from here."""

from quiz.models.accounts import TEACHER, User
from quiz.models.base import utcnow
from quiz.models.classroom import (
    FEEDBACK_EACH,
    FEEDBACK_END,
    LIVE,
    SELF_PACED,
    ClassAnswer,
    ClassSession,
    Participant,
)
from quiz.models.library import Article, ArticleDraft, Statement
from quiz.models.practice import Answer, Learner, Run

__all__ = [
    "FEEDBACK_EACH",
    "FEEDBACK_END",
    "LIVE",
    "SELF_PACED",
    "TEACHER",
    "Answer",
    "Article",
    "ArticleDraft",
    "ClassSession",
    "Learner",
    "Participant",
    "ClassAnswer",
    "Run",
    "Statement",
    "User",
    "utcnow",
]
