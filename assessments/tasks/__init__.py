"""Celery tasks of assessments. Celery's autodiscovery imports this package, which
imports every module that defines tasks."""

from . import assignments, quizzes

__all__ = ["assignments", "quizzes"]
