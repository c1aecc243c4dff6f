"""The regions' front-office staff (people.demo.regional) through their onboarding,
as it would have gone: the onboarding rule applied to them at once (rather than
after the run) and each assignment dated from the appointment; in each region from
every other region one of the three has completed the program, weeks after starting,
so the per-region reports and targets differ and their trend has a history. Written
directly, dated, like the load data: the services would date everything today."""

from __future__ import annotations

import datetime
import re

from django.utils import timezone

from core.demo import Say
from people.models import Position, Region
from people.roles import Role

from ..models import Assignment, AssignmentRule, Enrolment, ProgramCompletion
from ..selectors import program_course_keys

# people.demo.regional's addresses: staff<n>.<region's ISO code>@demo.birgemiz.kz
# Which of a region's three staff (0: the latest appointed) has completed it.
STAFF_DONE = 2
STAFF_EMAIL = re.compile(r"^staff(?P<n>\d)\.(?P<iso>kz-\d+)@demo\.birgemiz\.kz$")


def regional_onboarding_demo_load(*, rule_name: str, say: Say) -> None:
    """Apply the onboarding rule `rule_name` now, date the regional staff's
    assignments from their appointment, and complete the program for some of them
    (once: what exists is left as it is)."""
    from ..services import assignment_rule_apply

    rule = (
        AssignmentRule.objects.filter(name=rule_name).select_related("target").first()
    )
    if rule is None:
        return
    assignment_rule_apply(rule=rule)
    program = rule.target.specific
    courses = program_course_keys(program=program)
    regions = [r.iso_code.lower() for r in Region.objects.order_by("iso_code")]
    started = dict(
        Position.objects.filter(
            role=Role.STAFF, user__email__endswith="@demo.birgemiz.kz"
        ).values_list("user_id", "start_date")
    )
    now = timezone.now()
    completed = 0
    for assignment in Assignment.objects.filter(rule=rule).select_related("learner"):
        match = STAFF_EMAIL.match(assignment.learner.email)
        start = started.get(assignment.learner_id)
        if match is None or start is None:
            continue
        moment = timezone.make_aware(
            datetime.datetime.combine(start, datetime.time(10))
        )
        Assignment.objects.filter(pk=assignment.pk).update(created_at=moment)
        n, region = int(match["n"]) - 1, regions.index(match["iso"])
        done_at = moment + datetime.timedelta(days=14 + 3 * n + region % 5)
        # In every other region one of the three is through (its first appointed, the
        # longest in post), so regions differ and few certificates are drawn.
        if n != STAFF_DONE or region % 2 or done_at > now:
            continue
        for key in courses:
            enrolment, _created = Enrolment.objects.get_or_create(
                learner=assignment.learner, course_key=key
            )
            if enrolment.status != Enrolment.Status.COMPLETED:
                Enrolment.objects.filter(pk=enrolment.pk).update(
                    status=Enrolment.Status.COMPLETED,
                    completed_at=done_at,
                    created_at=moment,
                )
        _completion, created = ProgramCompletion.objects.get_or_create(
            learner=assignment.learner,
            program_key=program.translation_key,
            defaults={"completed_at": done_at},
        )
        completed += created
    if completed:
        say(f"onboarding completed by {completed} of the regions' staff")
