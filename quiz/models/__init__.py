"""Database models, one module per area; import them from here."""

from quiz.models.base import utcnow
from quiz.models.library import Article, Statement
from quiz.models.practice import Answer, Learner, Run

__all__ = ["Answer", "Article", "Learner", "Run", "Statement", "utcnow"]
