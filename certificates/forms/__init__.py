"""Forms of the certificate pages, split the way the views are: the public pages'
(public) and the admins' (manage)."""

from .manage import CertificateFilterForm, RevokeForm, certified_course_choices
from .public import MSG_NOT_FOUND, VerifyForm

__all__ = [
    "MSG_NOT_FOUND",
    "CertificateFilterForm",
    "RevokeForm",
    "VerifyForm",
    "certified_course_choices",
]
