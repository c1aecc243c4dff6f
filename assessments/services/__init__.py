"""State changes of assessments: quizzes.py (attempts) and assignments.py (submissions,
reviews). Import from the submodule."""
