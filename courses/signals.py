"""Events courses announces; apps to the right (assessments, certificates, ...) react.

Both are sent inside the transaction that records the completion: receivers that start
background work must enqueue it with transaction.on_commit.
"""

from django.dispatch import Signal

# kwargs: enrolment (status completed, completed_at set), course (the canonical CoursePage)
course_completed = Signal()

# kwargs: completion (ProgramCompletion), program (the canonical ProgramPage)
program_completed = Signal()

# An item was passed, the first time or again (a quiz passed): kwargs learner_id,
# item_key (the item's translation_key), at (datetime). Sent by the app that owns the item
# type, inside its transaction; certificates reacts (a refresher quiz renews).
item_passed = Signal()
