"""Wagtail admin views of assessments: importing.py (GIFT/CSV question import) and
results.py (per-quiz results, question statistics, CSV export)."""
