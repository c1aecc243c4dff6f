"""Assessments' part of a hand-over: a mentor's or regional admin's reviews waiting
in their region are a duty; a region with work waiting and nobody to review it shows."""

import pytest

from assessments.selectors.handover import (
    HANDOVER_DUTY_REVIEWS,
    handover_review_duties,
    regions_with_reviews_unattended,
)
from assessments.services import assignments as services
from people import services as people_services
from people.models import Position
from people.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(learner, enrolment, assignment):
    return services.submission_create(
        learner=learner, assignment=assignment, text="Черновик", files=[]
    )


def test_a_mentors_waiting_reviews_are_one_duty_of_their_region(mentor, waiting):
    duties = handover_review_duties(position=Position.objects.get(user=mentor))

    assert [(d.kind, d.object_id) for d in duties] == [
        (HANDOVER_DUTY_REVIEWS, str(mentor.region_id))
    ]
    assert "1" in duties[0].label


def test_staff_and_empty_regions_carry_no_review_duty(regional_office, mentor, learner):
    staff_position = people_services.position_start(
        user=learner, organization=regional_office, role=Role.STAFF
    )
    assert handover_review_duties(position=staff_position) == []
    assert handover_review_duties(position=Position.objects.get(user=mentor)) == []


def test_a_region_whose_only_reviewer_left_is_unattended(mentor, waiting, region):
    assert not regions_with_reviews_unattended().exists()

    position = Position.objects.get(user=mentor)
    position.start_date = position.start_date.replace(year=2024)
    position.save()
    people_services.position_end(
        position=position, end_date=position.start_date.replace(month=12, day=31)
    )

    assert list(regions_with_reviews_unattended()) == [region]
