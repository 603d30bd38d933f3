"""Database models, one module per area; import them from here."""

from quiz.models.accounts import LEARNER, TEACHER, User
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
from quiz.models.practice import PRACTICE, REVIEW, Answer, Learner, ReviewItem, Run

__all__ = [
    "FEEDBACK_EACH",
    "FEEDBACK_END",
    "LEARNER",
    "LIVE",
    "SELF_PACED",
    "TEACHER",
    "PRACTICE",
    "REVIEW",
    "Answer",
    "Article",
    "ArticleDraft",
    "ClassSession",
    "Learner",
    "Participant",
    "ClassAnswer",
    "ReviewItem",
    "Run",
    "Statement",
    "User",
    "utcnow",
]
