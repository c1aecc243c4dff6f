"""Scheduling's services (writes): the yearly plan and the public holidays."""

from .holidays import holiday_defaults_load
from .plan import PlanResult, plan_next_quarter_create, plan_quarter_create

__all__ = [
    "PlanResult",
    "holiday_defaults_load",
    "plan_next_quarter_create",
    "plan_quarter_create",
]
