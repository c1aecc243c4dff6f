"""Forms of scheduling's pages, one module per area: the calendars' filters
(calendar), the admins' and trainers' pages (manage) and attendance (attendance)."""
