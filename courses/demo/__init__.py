"""Demo data of courses: `courses_demo_load` (the catalog, the curriculum of
content/, the acknowledgements, the assignment rules), called by lms.demo after the
people and the home pages."""

from .loader import courses_demo_load

__all__ = ["courses_demo_load"]
