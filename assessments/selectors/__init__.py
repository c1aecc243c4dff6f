"""Reads of assessments: quizzes/ (a package), assignments.py, results.py, figures.py
(for grouped reports). Import from the submodule."""
