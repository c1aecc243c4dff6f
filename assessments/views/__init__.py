"""Learner and mentor views: quizzes.py, assignments.py. Import from the submodule."""
