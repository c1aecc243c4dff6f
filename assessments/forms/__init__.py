"""Forms of assessments: quizzes.py, assignments.py, importing.py. Import from the submodule."""
