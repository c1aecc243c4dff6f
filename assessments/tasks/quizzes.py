"""Tasks of quizzes."""
