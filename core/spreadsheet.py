"""Cells of exported spreadsheets (CSV, XLSX): text a spreadsheet program would not
run as a formula."""

# A cell starting with one of these is a formula to spreadsheet programs
# (https://owasp.org/www-community/attacks/CSV_Injection): learners type their names.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """`value` as text, with a leading quote when it would start a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text
