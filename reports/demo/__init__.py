"""Demo data of reports: `reports_demo_load` (a staff onboarding target for every
region, with its trend), called last by lms.demo."""

from .loader import TARGET_PERCENT, TARGET_TITLE, reports_demo_load

__all__ = ["TARGET_PERCENT", "TARGET_TITLE", "reports_demo_load"]
