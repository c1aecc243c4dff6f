"""Events people announces; apps to the right react (they may not be imported here)."""

import dataclasses

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


@dataclasses.dataclass(frozen=True)
class HandoverDutyInfo:
    """A duty a position's holder carries, as an app describes it: `kind` (the app's
    word: "sessions", "reviews", ...), the object it is about ("app_label.model" and
    its id), a label, and whether it moves to the next holder (False: shown only,
    such as the learning the role requires)."""

    kind: str
    object_type: str
    object_id: str
    label: str
    moves: bool = True


# Sent when a hand-over opens for an ended position. kwargs: position. A receiver
# returns a list of HandoverDutyInfo: what its app holds the leaver responsible for.
handover_duties_collect = Signal()

# Sent inside the transaction that moves a hand-over's duties to a stand-in or the
# successor. kwargs: handover, duties (its HandoverDuty rows that move), from_user,
# to_user. A receiver moves what its app keeps (e.g. the trainer of future sessions).
handover_duties_transfer = Signal()

# Sent when a hand-over's duties are shown. kwargs: duties (HandoverDuty rows). A
# receiver returns {duty pk: label} for its app's duties, in the active language: the
# stored labels are in the language of the day the hand-over opened.
handover_duty_labels = Signal()
