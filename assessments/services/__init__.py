"""State changes of assessments: quizzes.py (attempts), grants.py (another attempt for a
learner stuck at a quiz), assignments.py (submissions, reviews) and bank.py (the
question bank). Import from the submodule."""
