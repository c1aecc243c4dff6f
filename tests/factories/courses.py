"""Page factories: pages are always created under a parent (parent.add_child)."""

import json

import factory

from courses.models import AssignmentRule, CoursePage, LessonPage, ProgramPage


class PageFactory(factory.Factory):
    """Builds a page and adds it under `parent`, published."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, parent, live=True, **kwargs):
        page = model_class(*args, **kwargs)
        parent.add_child(instance=page)
        revision = page.save_revision()
        if live:
            revision.publish()
        else:
            page.live = False
            page.save(update_fields=["live"])
        page.refresh_from_db()
        return page


class ProgramFactory(PageFactory):
    class Meta:
        model = ProgramPage

    title = factory.Sequence(lambda n: f"Программа {n}")
    slug = factory.Sequence(lambda n: f"program-{n}")
    summary = "Кратко о программе."


class CourseFactory(PageFactory):
    class Meta:
        model = CoursePage

    title = factory.Sequence(lambda n: f"Курс {n}")
    slug = factory.Sequence(lambda n: f"course-{n}")
    summary = "Кратко о курсе."
    hours = 2


class LessonFactory(PageFactory):
    class Meta:
        model = LessonPage

    title = factory.Sequence(lambda n: f"Урок {n}")
    slug = factory.Sequence(lambda n: f"lesson-{n}")
    estimated_minutes = 10
    body = factory.LazyFunction(
        lambda: json.dumps(
            [
                {"type": "heading", "value": {"text": "Раздел", "level": "h2"}},
                {"type": "text", "value": "<p>Текст урока.</p>"},
                {
                    "type": "callout",
                    "value": {
                        "kind": "safety",
                        "title": "",
                        "text": "<p>Работайте в паре.</p>",
                    },
                },
            ]
        )
    )


def course_with_lessons(program, lessons: int = 3, **kwargs) -> tuple[CoursePage, list]:
    """A published course with `lessons` published lessons."""
    course = CourseFactory(parent=program, **kwargs)
    return course, [LessonFactory(parent=course) for _ in range(lessons)]


class AssignmentRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssignmentRule

    name = factory.Sequence(lambda n: f"Правило {n}")
    due_in_days = 30
