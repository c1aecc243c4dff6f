"""The import of people from a file: reading it (files) and the dry run (plan).
Applying a plan is people.services.people_import_apply."""

from .files import (
    MAX_ROWS,
    FileProblem,
    RawRow,
    people_file_read,
    template_csv,
)
from .plan import (
    ImportPlan,
    RowPlan,
    RowProblem,
    people_import_plan,
)

__all__ = [
    "MAX_ROWS",
    "FileProblem",
    "ImportPlan",
    "RawRow",
    "RowPlan",
    "RowProblem",
    "people_file_read",
    "people_import_plan",
    "template_csv",
]
