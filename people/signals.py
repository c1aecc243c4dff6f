"""Events people announces; apps to the right react (they may not be imported here)."""

from django.dispatch import Signal

# Sent inside the transaction that starts a position. kwargs: position.
position_started = Signal()

# Sent when a learner downloads their data. kwargs: user. A receiver returns
# (section_name, JSON-serialisable data) for the records its app keeps about the user.
personal_data_export = Signal()

# Sent inside the transaction that erases a user's personal data. kwargs: user.
# A receiver deletes or anonymises what its app keeps that identifies the person.
personal_data_erase = Signal()
