"""Page factories: pages are always created under a parent (parent.add_child)."""

import json

import factory

from courses.models import (
    AcknowledgementPage,
    AssignmentRule,
    CoursePage,
    LessonPage,
    ProgramPage,
)


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


class AcknowledgementFactory(PageFactory):
    class Meta:
        model = AcknowledgementPage

    title = factory.Sequence(lambda n: f"Кодекс поведения {n}")
    slug = factory.Sequence(lambda n: f"code-of-conduct-{n}")
    body = "<p>Соблюдайте конфиденциальность, не принимайте подарков.</p>"
    statement = "Я прочитал(а) кодекс поведения волонтёра и обязуюсь его соблюдать."


def course_with_lessons(program, lessons: int = 3, **kwargs) -> tuple[CoursePage, list]:
    """A published course with `lessons` published lessons."""
    course = CourseFactory(parent=program, **kwargs)
    return course, [LessonFactory(parent=course) for _ in range(lessons)]


class AssignmentRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssignmentRule

    name = factory.Sequence(lambda n: f"Правило {n}")
    due_in_days = 30


def translate(page, locale):
    """Copy a published page into `locale` (its parent must be translated already) and
    publish the copy, as an editor does in Wagtail."""
    translated = page.copy_for_translation(locale)
    translated.save_revision().publish()
    translated.refresh_from_db()
    return translated.specific


def translate_tree(course, lessons, locale) -> tuple[CoursePage, list]:
    """Translate a course, its lessons and every ancestor that is not yet translated."""
    for ancestor in course.get_ancestors().filter(depth__gt=1).specific():
        if not ancestor.get_translations().filter(locale=locale).exists():
            translate(ancestor, locale)
    translated_course = translate(course, locale)
    translated_lessons = [translate(lesson, locale) for lesson in lessons]
    translated_course.refresh_from_db()  # numchild counts the lessons now
    return translated_course, translated_lessons


def lesson_body(*blocks: tuple[str, object]) -> str:
    """A LessonPage body from (block type, value) pairs, as StreamField JSON."""
    return json.dumps([{"type": kind, "value": value} for kind, value in blocks])


def image_create(title: str = "Схема", size: tuple[int, int] = (640, 480)):
    """A PNG (small unless `size` says otherwise) in the Wagtail image library."""
    from io import BytesIO

    import PIL.Image
    from django.core.files.images import ImageFile
    from wagtail.images.models import Image

    buffer = BytesIO()
    PIL.Image.new("RGB", size, "white").save(buffer, "PNG")
    return Image.objects.create(title=title, file=ImageFile(buffer, name="scheme.png"))


def document_create(title: str = "Памятка", name: str = "memo.pdf"):
    """A small document in the Wagtail document library."""
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    return Document.objects.create(
        title=title, file=ContentFile(b"%PDF-1.4 test", name=name)
    )


def prerequisite_add(course: CoursePage, *required: CoursePage) -> CoursePage:
    """Make `required` courses prerequisites of `course`, as an editor does (a new
    published revision)."""
    from courses.models import CoursePrerequisite

    # Fresh from the database: a stale numchild would be saved with the revision.
    course.refresh_from_db()
    for other in required:
        course.prerequisite_links.add(CoursePrerequisite(required_course=other))
    course.save_revision().publish()
    course.refresh_from_db()
    return course
