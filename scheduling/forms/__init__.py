"""Forms of scheduling's pages, one module per area: the calendars' filters
(calendar) and the admins' and trainers' pages (manage)."""
