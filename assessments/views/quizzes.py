"""Learner views of quizzes."""
