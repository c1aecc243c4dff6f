import pytest
from tests.factories import course_with_lessons

pytestmark = pytest.mark.django_db


def test_smoke(program_page, learner_client):
    course, lessons = course_with_lessons(program_page, 3)
    print(course.url, lessons[0].url)
    r = learner_client.get(course.url)
    print(r.status_code)
    r = learner_client.post(course.url + "enrol/")
    print(r.status_code, r.url)
    r = learner_client.get(lessons[0].url)
    print(r.status_code)
    r = learner_client.get("/ru/my/")
    print(r.status_code)
