"""Demo data of courses: `courses_demo_load` (the catalog, the curriculum of
content/, the acknowledgements, the assignment rules), called by lms.demo after the
people and the home pages; `regional_onboarding_demo_load` (the regions' staff
through their onboarding, dated), called before the reports' demo."""

from .loader import RULES, courses_demo_load
from .onboarding import regional_onboarding_demo_load

__all__ = ["RULES", "courses_demo_load", "regional_onboarding_demo_load"]
