"""Demo story across apps: Almaty's front office mid-handover.

Жанна Сейткалиева, coordinator of volunteer organisations at the Almaty RFO, left about
two weeks ago: her hand-over opened with her duties (the session she was to train, the
role's learning), she filled in the checklist (notes, open matters, contacts of
Almaty's volunteer organisations). Арман Касымов was appointed two weeks ago, read the
notes, and is two weeks into onboarding: the rules gave him the RFO programs with due
dates, and he has finished part of the first course.

Idempotent: nothing happens once Жанна's hand-over exists. People's demo creates both
logins (people.demo.USERS); this module gives them their positions, through the
services.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from wagtail.models import Locale

from assessments.demo import quiz_pass_demo
from assessments.models import QuizPage
from core.demo import Say
from courses import services as course_services
from courses.models import CoursePage, LessonPage, ProgramPage
from people import services as people_services
from people.models import Handover, Organization, Position, User
from people.roles import Role
from scheduling.models import SessionStatus, TrainingSession

LEAVER = "left.almaty@demo.birgemiz.kz"
SUCCESSOR = "successor.almaty@demo.birgemiz.kz"
OFFICE = "Региональный фронт-офис волонтеров города Алматы"
TITLE = "Координатор по работе с волонтерскими организациями"
LEFT_DAYS_AGO = 15
APPOINTED_DAYS_AGO = 14

NOTES = """Главное в работе — живые связи с организациями. Раз в месяц обзваниваю всех
руководителей из списка контактов ниже: что у них нового, какие нужны волонтеры, какие
мероприятия планируют. Записи звонков — в общей таблице «Партнеры РФО 2026» на диске
фронт-офиса (доступ даст Асель Нурланова).

Заявки от хосписа и домов престарелых приходят на общую почту; отвечать в течение двух
рабочих дней, волонтеров направлять только после курса по паллиативной помощи и
действующего сертификата (проверка по QR-коду на странице сертификата).

Ежемесячная онлайн-встреча волонтеров — вторая среда месяца, ссылку рассылаем за
неделю. Квартальный интенсив: программа согласована, тренером теперь будете вы."""

OPEN_MATTERS = """1. Отчет по волонтерской деятельности за квартал — сдать в акимат до 10 числа
следующего месяца; черновик в папке «Отчеты».
2. ОФ «Мейірім Алматы» ждет ответа по совместной акции ко Дню пожилых людей: обещала
подтвердить до конца месяца.
3. Два задания по грантовым заявкам ждут проверки (очередь «Проверка»)."""

CONTACTS = {
    "ОФ «Мейірім Алматы»": {
        "contact_person": "Динара Абдрахманова, директор",
        "phone": "+7 701 555 12 34",
        "email": "info@meyirim-almaty.kz",
        "note": "Помощь пожилым людям и хосписам; около 40 активных волонтеров.",
    },
    "Инициативная группа «Таза Алатау»": {
        "contact_person": "Ержан Омаров, координатор",
        "phone": "+7 707 222 45 67",
        "email": "taza.alatau@gmail.com",
        "note": "Экологические субботники в предгорьях; собираются по субботам.",
    },
}


def handover_demo_load(*, say: Say) -> None:
    """The Almaty coordinator who left, her checklist, and her successor two weeks
    into onboarding."""
    leaver = User.objects.filter(email=LEAVER).first()
    successor = User.objects.filter(email=SUCCESSOR).first()
    office = Organization.objects.filter(name=OFFICE).first()
    if leaver is None or successor is None or office is None:
        return
    if Handover.objects.filter(leaver=leaver).exists():
        return
    today = timezone.localdate()
    position = Position.objects.filter(user=leaver, organization=office).first()
    if position is None:
        position = people_services.position_start(
            user=leaver,
            organization=office,
            role=Role.STAFF,
            start_date=today - datetime.timedelta(days=540),
            title=TITLE,
        )
    # She was to train the next Almaty session: a duty her successor takes over.
    upcoming = (
        TrainingSession.objects.filter(
            region=office.region,
            status__in=[SessionStatus.OPEN, SessionStatus.CLOSED],
            starts_at__gt=timezone.now(),
        )
        .order_by("starts_at")
        .first()
    )
    if upcoming is not None:
        upcoming.trainers.add(leaver)
    people_services.position_end(
        position=position, end_date=today - datetime.timedelta(days=LEFT_DAYS_AGO)
    )
    handover = Handover.objects.get(position=position)
    contacts = [
        {
            "organization": contact.organization_id,
            "name": contact.name,
            **CONTACTS.get(contact.name, {}),
        }
        for contact in handover.contacts.all()
    ]
    people_services.handover_checklist_save(
        handover=handover,
        user=leaver,
        notes=NOTES,
        open_matters=OPEN_MATTERS,
        contacts=contacts,
        submit=True,
    )
    appointed = today - datetime.timedelta(days=APPOINTED_DAYS_AGO)
    people_services.handover_complete(
        handover=handover, successor=successor, date=appointed
    )
    people_services.handover_notes_mark_read(handover=handover, user=successor)
    # The dates the story tells (the services stamp "now").
    left_at = timezone.now() - datetime.timedelta(days=LEFT_DAYS_AGO)
    Handover.objects.filter(pk=handover.pk).update(
        created_at=left_at,
        checklist_submitted_at=left_at + datetime.timedelta(hours=5),
        completed_at=timezone.now() - datetime.timedelta(days=APPOINTED_DAYS_AGO),
        successor_read_at=timezone.now()
        - datetime.timedelta(days=APPOINTED_DAYS_AGO - 1),
    )
    say("hand-over of the Almaty coordinator")
    _onboarding_progress(successor=successor)


def _onboarding_progress(*, successor: User) -> None:
    """Two weeks in: the role's programs assigned (now, not after the commit, so that
    he can start), the first onboarding course done, the second one half done."""
    course_services.assignment_rules_apply(user=successor)
    ru = Locale.objects.get(language_code="ru")
    program = ProgramPage.objects.filter(locale=ru, slug="rfo-onboarding").first()
    if program is None:
        return
    courses = list(CoursePage.objects.child_of(program).live().order_by("path"))
    for index, course in enumerate(courses[:2]):
        enrolment = course_services.enrolment_create(learner=successor, course=course)
        lessons = list(LessonPage.objects.child_of(course).live())
        if index == 0:
            for lesson in lessons:
                course_services.item_complete(enrolment=enrolment, item=lesson)
            for quiz in QuizPage.objects.child_of(course).live():
                quiz_pass_demo(learner=successor, quiz=quiz)
        else:
            for lesson in lessons[: max(1, len(lessons) // 2)]:
                course_services.item_complete(enrolment=enrolment, item=lesson)
