"""Reads of assessments: quizzes/ (a package), assignments.py, results.py. Import from
the submodule."""
