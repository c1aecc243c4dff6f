"""Demo data of people: `people_demo_load` (organisations, one login per role,
moderators), called first by lms.demo; the logins it creates."""

from .loader import DEMO_PASSWORD, USERS, DemoUser, demo_logins, people_demo_load

__all__ = ["DEMO_PASSWORD", "USERS", "DemoUser", "demo_logins", "people_demo_load"]
