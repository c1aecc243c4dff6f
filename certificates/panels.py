"""Panels certificates adds to pages of other apps. courses and people must not import
certificates (they are to its left), so their pages call every Wagtail hook named
"lms_<page>_panels" through the `lms_panels` template tag, and wagtail_hooks.py
registers these functions there: the holder's certificates with downloads and the risk
zones they are cleared for, and the certificate a completion has just earned."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.pagecache import content_cached
from courses.selectors import learning_stamp

from . import selectors


def certificates_panel(request, *, subject) -> str:
    """The "Certificates" section of a page about `subject`: their own pages, or an
    admin's page about a learner (who is in the admin's scope: the page checked it),
    shown to admins who may see certificates."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not subject.is_authenticated:
        return ""
    own = subject.pk == user.pk
    if not own and not user.has_perm("certificates.view_certificate"):
        return ""
    now = timezone.now()
    summaries = selectors.certificate_summary_list_for_holder(learner=subject, now=now)

    def render() -> str:
        # The valid ones among them are what clearance needs: no second read.
        clearances = selectors.clearance_list(
            learner=subject,
            now=now,
            valid_keys={
                s.certificate.target_key
                for s in summaries
                if s.status in (selectors.Status.VALID, selectors.Status.EXPIRING)
            },
        )
        return render_to_string(
            "certificates/includes/panel.html",
            {
                "summaries": summaries,
                "own": own,
                "subject": subject,
                "has_clearance_rules": bool(clearances),
                "cleared": [c for c in clearances if c.cleared],
            },
            request=request,
        )

    if not own:
        return render()
    # One's own panel is kept (in the process's memory, under the content version)
    # for as long as what it shows is the same: each certificate as it is now (its
    # status included), the acknowledgements signed (the learning stamp) and the day
    # (ages). Admins' views of a learner are rendered every time.
    key = (
        "certificates-panel",
        subject.pk,
        learning_stamp(learner=subject),
        timezone.localdate(now).isoformat(),
        translation.get_language(),
        tuple(
            (
                s.certificate.pk,
                s.certificate.updated_at,
                s.certificate.revoked_at,
                s.certificate.expires_at,
                s.certificate.previous_id,
                s.status,
                repr(s.certificate.title),
            )
            for s in summaries
        ),
    )
    return content_cached(key, render)


def completion_panel(
    request, *, subject, course, enrolment, item=None, at=None, **kwargs
) -> str:
    """On the course page of a completed course and the result of a passed quiz: the
    certificate just issued (or renewed), or that it is being issued. `course` is the
    course page, `enrolment` the learner's (or None), `item` the quiz passed and `at`
    when the course was completed or the quiz passed."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or subject.pk != user.pk:
        return ""
    certificates = selectors.certificate_list_for_completion(
        learner=subject,
        course=course,
        enrolment=enrolment,
        item_key=item.translation_key if item is not None else None,
        at=at,
    )
    if not certificates:
        return ""
    return render_to_string(
        "certificates/includes/completion_panel.html",
        {"certificates": certificates},
        request=request,
    )
