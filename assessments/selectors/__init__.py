"""Reads of assessments: quizzes/ (a package), assignments.py, results.py, figures.py
(for grouped reports), record.py (a learner's attempts and submissions, for the
reports' learner record). Import from the submodule."""
