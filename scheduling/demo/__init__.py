"""Demo data of scheduling: `scheduling_demo_load` (this year's plan for every
region, holidays, cadence rules, the Almaty story), called by lms.demo after
certificates."""

from .loader import scheduling_demo_load

__all__ = ["scheduling_demo_load"]
