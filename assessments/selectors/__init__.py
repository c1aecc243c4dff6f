"""Reads of assessments: quizzes.py, assignments.py, results.py. Import from the submodule."""
