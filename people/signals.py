"""Events people announces; apps to the right react (they may not be imported here)."""

from django.dispatch import Signal

# Sent inside the transaction that starts a position. kwargs: position.
position_started = Signal()

# Sent inside the transaction that ends a position (its holder leaves or moves; a
# hand-over ends it too). kwargs: position (end_date set), actor (a User or None).
position_ended = Signal()

# Sent inside the transaction that changes what may change in an open position (its
# title). kwargs: position.
position_changed = Signal()

# Sent inside the transaction that saves a user's profile (sign-up completion, the
# profile form, an admin's edit). kwargs: user.
profile_changed = Signal()

# Sent when a learner downloads their data. kwargs: user. A receiver returns
# (section_name, JSON-serialisable data) for the records its app keeps about the user.
personal_data_export = Signal()

# Sent inside the transaction that erases a user's personal data. kwargs: user.
# A receiver deletes or anonymises what its app keeps that identifies the person.
personal_data_erase = Signal()
