"""Scheduling's URLs, split like its views: `learner` (calendars, the session page,
sign-up), `manage` (admins' and trainers' pages), `attendance` (marking, check-in,
sign-in sheets) and `feeds` (iCalendar, without a language prefix)."""
