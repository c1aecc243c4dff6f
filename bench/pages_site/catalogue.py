"""The large catalogue of bench/pages.py's second round, built in the same database
after the demo round: the demo's Russian programs copied with their whole subtrees
(courses, lessons, quizzes) until there are ten times as many, one course of many
lessons, and learners with enrolments and progress. Needs Django set up.

Wagtail's Page.copy saves each page through its signals; the search index and the
reference index are updated by tasks that take two thirds of a copy's time, so during
the copy the tasks are only recorded (django-tasks' dummy backend) and the reference
index is left alone: neither is read by the pages measured. Each copied program is
then published once more (a revision, as an editor would), which bumps the content
version (core.pagecache) like any publish.
"""

from __future__ import annotations

import random
import time

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from wagtail.models import Page
from wagtail.signal_handlers import disable_reference_index_auto_update

from courses.models import (
    CatalogPage,
    CoursePage,
    Enrolment,
    ItemProgress,
    LessonPage,
    ProgramPage,
)
from people.models import User

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def _copy(page: Page, *, to: Page, slug: str, title: str) -> Page:
    return page.copy(
        recursive=True,
        to=to,
        update_attrs={"slug": slug, "title": title},
        keep_live=True,
        copy_revisions=False,
        log_action=None,
        reset_translation_key=True,
    )


def catalogue_counts() -> dict[str, int]:
    """Live Russian programs, courses, lessons; learners, enrolments, progress rows."""
    live = {"live": True, "locale__language_code": "ru"}
    return {
        "programs": ProgramPage.objects.filter(**live).count(),
        "courses": CoursePage.objects.filter(**live).count(),
        "lessons": LessonPage.objects.filter(**live).count(),
        "learners": User.objects.count(),
        "enrolments": Enrolment.objects.count(),
        "progress rows": ItemProgress.objects.count(),
    }


def catalogue_grow(*, factor: int, learners: int, long_course_lessons: int) -> dict:
    """Grow the catalogue to `factor` times the demo's Russian programs; add a course
    of `long_course_lessons` lessons (a copy of a demo course, its first lesson copied
    again and again) and `learners` learners, each enrolled in three copied courses
    with the first two lessons done. Returns the long course and the time taken."""
    started = time.perf_counter()
    catalog = CatalogPage.objects.get(locale__language_code="ru")
    programs = list(ProgramPage.objects.child_of(catalog).live().order_by("path"))
    copies = []
    with override_settings(TASKS=DUMMY_TASKS), disable_reference_index_auto_update():
        for n in range(1, factor):
            for program in programs:
                with transaction.atomic():
                    copies.append(
                        _copy(
                            program,
                            to=catalog,
                            slug=f"{program.slug}-{n}",
                            title=f"{program.title} ({n + 1})",
                        )
                    )
        long_course = _long_course(copies[0], lessons=long_course_lessons)
    for program in copies:
        program.specific.save_revision().publish()
    long_course.save_revision().publish()
    _learners_add(copies, learners)
    return {"long course": long_course, "seconds": time.perf_counter() - started}


def _long_course(program: Page, *, lessons: int) -> CoursePage:
    course = CoursePage.objects.child_of(program).order_by("path").first()
    copy = _copy(course, to=program, slug=f"{course.slug}-long", title=course.title)
    copy = CoursePage.objects.get(pk=copy.pk)
    lesson = LessonPage.objects.child_of(copy).order_by("path").first()
    with transaction.atomic():
        for n in range(len(LessonPage.objects.child_of(copy)), lessons):
            lesson.copy(
                to=copy,
                update_attrs={
                    "slug": f"{lesson.slug}-{n + 1}",
                    "title": f"{lesson.title} ({n + 1})",
                },
                keep_live=True,
                copy_revisions=False,
                log_action=None,
                reset_translation_key=True,
            )
    copy.title = f"{course.title} ({lessons})"
    return copy


def _learners_add(programs: list[Page], count: int) -> None:
    """`count` learners, each enrolled in three of the programs' courses, the first
    two lessons of each completed (bulk_create: no signal, nothing issued)."""
    rng = random.Random(15)
    courses = list(
        CoursePage.objects.filter(
            path__regex="^(" + "|".join(p.path for p in programs) + ")"
        ).values_list("path", "depth", "translation_key")
    )
    lessons: dict[str, list] = {}
    for path, key in (
        LessonPage.objects.filter(
            path__regex="^(" + "|".join(p.path for p in programs) + ")"
        )
        .values_list("path", "translation_key")
        .order_by("path")
    ):
        lessons.setdefault(path[: len(courses[0][0])], []).append(key)
    password = make_password(None)  # unusable: nobody logs in as them
    users = User.objects.bulk_create(
        User(
            email=f"bench-learner-{n}@example.kz",
            full_name=f"Bench Learner {n}",
            preferred_language="ru",
            password=password,
        )
        for n in range(count)
    )
    now = timezone.now()
    picks = [(user, rng.sample(courses, 3)) for user in users]
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(
            learner=user,
            course_key=key,
            last_activity_at=now,
            last_item_key=(lessons.get(path) or [None])[0],
        )
        for user, chosen in picks
        for path, _depth, key in chosen
    )
    by_key = {key: path for path, _depth, key in courses}
    ItemProgress.objects.bulk_create(
        ItemProgress(enrolment=enrolment, item_key=item, completed_at=now)
        for enrolment in enrolments
        for item in lessons.get(by_key[enrolment.course_key], [])[:2]
    )
