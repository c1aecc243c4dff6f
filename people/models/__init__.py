"""The models of people, by sub-domain: people (users, regions, organisations,
positions, consent, erasure) and handover (the hand-over of an ended position);
Django finds them through the imports here."""

from .audience import audience_kind_field, audience_role_field
from .handover import Handover, HandoverContact, HandoverDuty
from .people import (
    ConsentRecord,
    ErasureRequest,
    Organization,
    OrganizationKind,
    Position,
    Region,
    User,
    UserManager,
)

__all__ = [
    "audience_kind_field",
    "audience_role_field",
    "ConsentRecord",
    "ErasureRequest",
    "Handover",
    "HandoverContact",
    "HandoverDuty",
    "Organization",
    "OrganizationKind",
    "Position",
    "Region",
    "User",
    "UserManager",
]
