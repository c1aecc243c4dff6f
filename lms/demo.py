"""Demo data: the curriculum from courses/demo/content, organisations, one login per role.

Idempotent: everything is looked up first and created only when missing, so a second
run changes nothing. Learner actions go through the apps' services.
"""

from __future__ import annotations

import datetime
import json
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from wagtail.models import (
    GroupApprovalTask,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from assessments.demo.loader import assessments_load, quiz_pass_demo
from assessments.models import AssignmentPage, QuizPage
from assessments.services.assignments import submission_create
from certificates.demo import certificates_load
from certificates.models import CertificateRule
from certificates.services import certificate_rule_apply
from courses import services as course_services
from courses.demo.schema import (
    check_slugs_unique,
    load_acknowledgements,
    load_and_check,
)
from courses.models import (
    AcknowledgementPage,
    AssignmentRule,
    CatalogPage,
    CoursePage,
    CoursePrerequisite,
    Enrolment,
    LessonPage,
    ProgramPage,
)
from lms.models import HomePage
from lms.services import site_sync
from people import services as people_services
from people.models import Organization, Position, Region, User
from people.roles import WAGTAIL_MODERATORS_GROUP, Role

DEMO_DIR = Path(settings.BASE_DIR) / "courses" / "demo"
CONTENT_DIR = DEMO_DIR / "content"
ACKNOWLEDGEMENTS_FILE = DEMO_DIR / "acknowledgements.yaml"
# Quizzes of demo courses that assessments/demo does not hold (the refresher's).
DEMO_PASSWORD = "birgemiz-demo-2026"


LEADER_DRAFT = """Проект «Тёплый двор»: соседская помощь пожилым людям в Караганде.

Проблема и целевая группа: в микрорайоне Юго-Восток живут около 900 одиноких пожилых людей; по
опросу 120 из них, 64% не выходят из дома зимой без помощи.
Цель: за 6 месяцев наладить регулярную помощь 60 одиноким пожилым людям силами 25 обученных
волонтеров-соседей.
Мероприятия: набор и обучение волонтеров (май), закрепление пар «волонтер — подопечный» (июнь),
еженедельные визиты и доставка продуктов (июнь-октябрь), итоговая встреча (ноябрь).
Ожидаемые результаты: 60 подопечных получают помощь не реже раза в неделю; 25 волонтеров обучены;
доля подопечных, которые чувствуют себя одиноко, снижается (опрос в начале и в конце).
Бюджет: 1 850 000 тенге (обучение, проезд волонтеров, продуктовые наборы, связь); таблица будет
приложена отдельно.
Команда и партнеры: ОО «Жарқын жол», акимат района, поликлиника № 3.
Устойчивость: пары «волонтер — подопечный» продолжают работу после гранта; поликлиника передает
новые обращения."""


class DemoDataError(Exception):
    pass


# Shell texts (home and catalog) per language.
SHELL = {
    "ru": {
        "home_title": "Академия Birgemiz",
        "tagline": "Обучение для волонтеров, лидеров волонтерских организаций и сотрудников фронт-офисов.",
        "intro": (
            "<p>Академия помогает региональным фронт-офисам волонтеров сохранять знания, когда "
            "меняются сотрудники, готовить волонтеров к работе в зонах риска и внедрять Стандарт "
            "поддержки волонтерства. Уроки короткие, их удобно читать с телефона даже при "
            "медленном интернете.</p>"
        ),
        "catalog_title": "Каталог",
        "catalog_intro": "<p>Программы и курсы академии. Выберите программу, чтобы увидеть ее курсы.</p>",
    },
    "kk": {
        "home_title": "Birgemiz академиясы",
        "tagline": "Волонтерлерге, волонтерлік ұйым көшбасшыларына және фронт-офис қызметкерлеріне арналған оқу.",
        "intro": (
            "<p>Академия өңірлік волонтерлер фронт-офистеріне қызметкерлер ауысқанда білімді "
            "сақтауға, волонтерлерді тәуекел аймақтарындағы жұмысқа дайындауға және волонтерлікті "
            "қолдау стандартын енгізуге көмектеседі. Сабақтар қысқа, оларды баяу интернетте де "
            "телефоннан оқу ыңғайлы.</p>"
        ),
        "catalog_title": "Каталог",
        "catalog_intro": "<p>Академияның бағдарламалары мен курстары. Курстарын көру үшін бағдарламаны таңдаңыз.</p>",
    },
    "en": {
        "home_title": "Birgemiz Academy",
        "tagline": "Learning for volunteers, leaders of volunteer organisations and front-office staff.",
        "intro": (
            "<p>The academy helps the regional volunteer front offices keep knowledge when staff "
            "change, prepare volunteers for risk zones and roll out the Standard of volunteer "
            "support. Lessons are short and easy to read on a phone, even on a slow connection.</p>"
        ),
        "catalog_title": "Catalog",
        "catalog_intro": "<p>Programs and courses of the academy. Most are in Russian; the intro course is also in Kazakh.</p>",
    },
}


@dataclass
class DemoUser:
    email: str
    full_name: str
    role_label: str
    region: str  # ISO code
    organization_kind: str
    born: datetime.date
    language: str = "ru"
    position: tuple[str, str] | None = None  # (organisation key, role)


ORGANIZATIONS = {
    # key: (name, kind, region ISO code or None, parent key)
    "national": (
        "Республиканский фронт-офис волонтеров BIRGEMIZ",
        "national_office",
        None,
        None,
    ),
    "rfo-almaty": (
        "Региональный фронт-офис волонтеров города Алматы",
        "regional_front_office",
        "KZ-75",
        "national",
    ),
    "mrc-almaty": (
        "Молодежный ресурсный центр города Алматы",
        "youth_resource_centre",
        "KZ-75",
        None,
    ),
    "ngo-karaganda": ("ОФ «Жанашыр» (Караганда)", "volunteer_ngo", "KZ-35", None),
}

USERS = [
    DemoUser(
        "volunteer@demo.birgemiz.kz",
        "Айгерим Садыкова",
        "volunteer",
        "KZ-75",
        "",
        datetime.date(2004, 5, 17),
    ),
    DemoUser(
        "teen@demo.birgemiz.kz",
        "Данияр Ахметов",
        "volunteer under 18",
        "KZ-79",
        "initiative_group",
        datetime.date(timezone.now().year - 16, 3, 2),
        "kk",
    ),
    DemoUser(
        "leader@demo.birgemiz.kz",
        "Мадина Жумабаева",
        "organisation leader",
        "KZ-35",
        "volunteer_ngo",
        datetime.date(1988, 11, 3),
        "ru",
        ("ngo-karaganda", Role.LEADER),
    ),
    DemoUser(
        "staff@demo.birgemiz.kz",
        "Ерлан Токтаров",
        "RFO staff member",
        "KZ-75",
        "regional_front_office",
        datetime.date(1997, 2, 21),
        "kk",
        ("rfo-almaty", Role.STAFF),
    ),
    DemoUser(
        "mentor@demo.birgemiz.kz",
        "Светлана Ким",
        "mentor",
        "KZ-75",
        "regional_front_office",
        datetime.date(1985, 8, 9),
        "ru",
        ("rfo-almaty", Role.MENTOR),
    ),
    DemoUser(
        "admin.almaty@demo.birgemiz.kz",
        "Асель Нурланова",
        "regional admin (Almaty)",
        "KZ-75",
        "regional_front_office",
        datetime.date(1990, 1, 30),
        "ru",
        ("rfo-almaty", Role.REGIONAL_ADMIN),
    ),
    DemoUser(
        "admin@demo.birgemiz.kz",
        "Тимур Бекенов",
        "national admin / editor",
        "KZ-71",
        "national_office",
        datetime.date(1983, 6, 12),
        "ru",
        ("national", Role.NATIONAL_ADMIN),
    ),
]

RULES = [
    # (name, role, organisation kind, target program slug, due in days)
    (
        "Новый сотрудник РФО: введение в должность",
        Role.STAFF,
        "regional_front_office",
        "rfo-onboarding",
        30,
    ),
    (
        "Новый сотрудник РФО: Стандарт поддержки волонтерства",
        Role.STAFF,
        "regional_front_office",
        "standard",
        60,
    ),
    ("Лидер организации: школа лидеров", Role.LEADER, "", "leaders", 120),
]


def _stream(blocks: list[dict]) -> str:
    """YAML blocks to StreamField raw JSON."""
    raw = []
    for block in blocks:
        ((kind, value),) = block.items()
        if kind == "heading":
            value = {"text": value, "level": "h2"}
        elif kind == "callout":
            value = {
                "kind": value["kind"],
                "title": value.get("title", ""),
                "text": value["text"],
            }
        elif kind == "video":
            value = {
                "title": value["title"],
                "file": None,
                "url": value["url"],
                "minutes": value.get("minutes"),
                "transcript": value["transcript"],
            }
        raw.append({"type": kind, "value": value, "id": str(uuid.uuid4())})
    return json.dumps(raw, ensure_ascii=False)


def _acknowledgement_texts(spec: dict, course_slug: str, code: str) -> dict:
    """Title, statement and body of an acknowledgement in one course and language:
    the common text plus what the course's risk zone adds."""
    text = spec["texts"][code]
    zone = (spec.get("zones") or {}).get(course_slug, {})
    return {
        "title": text["title"],
        "statement": text["statement"],
        "body": text["body"] + zone.get(code, ""),
    }


class DemoLoader:
    def __init__(self, stdout=None):
        self.stdout = stdout
        self.created: list[str] = []

    def say(self, message: str) -> None:
        self.created.append(message)
        if self.stdout:
            self.stdout.write(message)

    # Curriculum
    # --------------------------------------------------------------------------

    def read_content(
        self,
    ) -> tuple[list[tuple[str, dict]], list[tuple[str, dict]], list[dict]]:
        """(sources, Kazakh translations, acknowledgements), all checked before
        anything is written."""
        sources, translations, problems = [], [], []
        for path in sorted(CONTENT_DIR.glob("*.yaml")):
            data, errors = load_and_check(path)
            problems.extend(errors)
            if data is None:
                continue
            (translations if path.name.endswith(".kk.yaml") else sources).append(
                (path.name, data)
            )
        problems.extend(check_slugs_unique(dict(sources)))
        course_slugs = {
            course["slug"] for _name, data in sources for course in data["courses"]
        }
        acknowledgements, errors = load_acknowledgements(
            ACKNOWLEDGEMENTS_FILE, course_slugs
        )
        problems.extend(errors)
        if problems:
            raise DemoDataError("Demo content is not valid:\n" + "\n".join(problems))
        return sources, translations, acknowledgements or []

    def shell(self) -> dict[str, CatalogPage]:
        """Home and catalog pages in every language; the site points at the Russian home."""
        root = Page.get_first_root_node()
        ru = Locale.objects.get(language_code="ru")
        home = HomePage.objects.filter(locale=ru).first()
        if home is None:
            # Wagtail's initial "Welcome" page takes the slug "home"; it goes.
            for page in Page.objects.filter(depth=2, content_type__model="page"):
                page.delete()
            texts = SHELL["ru"]
            home = root.add_child(
                instance=HomePage(
                    title=texts["home_title"],
                    slug="home",
                    locale=ru,
                    tagline=texts["tagline"],
                    intro=texts["intro"],
                )
            )
            home.save_revision().publish()
            self.say("home page (ru)")
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name="Birgemiz Academy",
            )
        elif site.root_page_id != home.pk:
            site.root_page = home
            site.site_name = "Birgemiz Academy"
            site.save()
        # The Django and Wagtail sites at LMS_PUBLIC_URL's host, named for e-mails.
        if site_sync():
            self.say("site address")
        catalog = CatalogPage.objects.child_of(home).first()
        if catalog is None:
            texts = SHELL["ru"]
            catalog = home.add_child(
                instance=CatalogPage(
                    title=texts["catalog_title"],
                    slug="catalog",
                    intro=texts["catalog_intro"],
                )
            )
            catalog.save_revision().publish()
            self.say("catalog (ru)")
        catalogs = {"ru": catalog}
        for code in ("kk", "en"):
            locale = Locale.objects.get(language_code=code)
            texts = SHELL[code]
            home_tr = HomePage.objects.filter(
                locale=locale, translation_key=home.translation_key
            ).first()
            if home_tr is None:
                home_tr = home.copy_for_translation(locale).specific
                home_tr.title = texts["home_title"]
                home_tr.tagline = texts["tagline"]
                home_tr.intro = texts["intro"]
                home_tr.save_revision().publish()
                self.say(f"home page ({code})")
            catalog_tr = CatalogPage.objects.filter(
                locale=locale, translation_key=catalog.translation_key
            ).first()
            if catalog_tr is None:
                catalog_tr = catalog.copy_for_translation(locale).specific
                catalog_tr.title = texts["catalog_title"]
                catalog_tr.intro = texts["catalog_intro"]
                catalog_tr.save_revision().publish()
                self.say(f"catalog ({code})")
            catalogs[code] = catalog_tr
        return catalogs

    def curriculum(self, catalog: CatalogPage, sources: list[tuple[str, dict]]) -> None:
        courses: dict[str, CoursePage] = {
            c.slug: c for c in CoursePage.objects.filter(locale=catalog.locale)
        }
        programs: dict[str, ProgramPage] = {
            p.slug: p for p in ProgramPage.objects.child_of(catalog)
        }
        for _name, data in sources:
            if "program" in data:
                spec = data["program"]
                program = programs.get(spec["slug"])
                if program is None:
                    program = catalog.add_child(
                        instance=ProgramPage(
                            title=spec["title"],
                            slug=spec["slug"],
                            summary=spec["summary"],
                            audience=spec.get("audience", ""),
                            description=spec["description"],
                        )
                    )
                    program.save_revision().publish()
                    programs[program.slug] = program
                    self.say(f"program {program.slug}")
            else:
                program = programs[data["extends"]]
            for spec in data["courses"]:
                if spec["slug"] in courses:
                    continue
                course = CoursePage(
                    title=spec["title"],
                    slug=spec["slug"],
                    summary=spec["summary"],
                    description=spec["description"],
                    hours=spec["hours"],
                    min_age=spec.get("min_age"),
                )
                for order, prereq in enumerate(spec.get("prerequisites", []) or []):
                    course.prerequisite_links.add(
                        CoursePrerequisite(
                            required_course=courses[prereq], sort_order=order
                        )
                    )
                program.add_child(instance=course)
                course.save_revision().publish()
                courses[course.slug] = course
                for lesson_spec in spec["lessons"]:
                    lesson = course.add_child(
                        instance=LessonPage(
                            title=lesson_spec["title"],
                            slug=lesson_spec["slug"],
                            estimated_minutes=lesson_spec["minutes"],
                            body=_stream(lesson_spec["body"]),
                        )
                    )
                    lesson.save_revision().publish()
                self.say(f"course {course.slug} ({len(spec['lessons'])} lessons)")

    def translations(
        self, translations: list[tuple[str, dict]], code: str = "kk"
    ) -> None:
        locale = Locale.objects.get(language_code=code)
        ru = Locale.objects.get(language_code="ru")
        for _name, data in translations:
            if "program" in data:
                spec = data["program"]
                source = ProgramPage.objects.get(locale=ru, slug=spec["slug"])
                if not ProgramPage.objects.filter(
                    locale=locale, translation_key=source.translation_key
                ).exists():
                    page = source.copy_for_translation(locale).specific
                    page.title = spec["title"]
                    page.summary = spec["summary"]
                    page.audience = spec.get("audience", source.audience)
                    page.description = spec["description"]
                    page.save_revision().publish()
                    self.say(f"program {page.slug} ({code})")
            for spec in data["courses"]:
                source = CoursePage.objects.get(locale=ru, slug=spec["slug"])
                course = CoursePage.objects.filter(
                    locale=locale, translation_key=source.translation_key
                ).first()
                if course is None:
                    course = source.copy_for_translation(locale).specific
                    course.title = spec["title"]
                    course.summary = spec["summary"]
                    course.description = spec["description"]
                    course.save_revision().publish()
                    self.say(f"course {course.slug} ({code})")
                for lesson_spec in spec["lessons"]:
                    lesson_source = LessonPage.objects.child_of(source).get(
                        slug=lesson_spec["slug"]
                    )
                    if LessonPage.objects.filter(
                        locale=locale, translation_key=lesson_source.translation_key
                    ).exists():
                        continue
                    lesson = lesson_source.copy_for_translation(locale).specific
                    lesson.title = lesson_spec["title"]
                    lesson.body = _stream(lesson_spec["body"])
                    lesson.save_revision().publish()

    def acknowledgements(self, acknowledgements: list[dict]) -> None:
        """Each acknowledgement item (the code of conduct) in its courses, after the
        lessons and before a quiz; translated where the course is translated."""
        ru = Locale.objects.get(language_code="ru")
        others = {code: Locale.objects.get(language_code=code) for code in ("kk", "en")}
        for spec in acknowledgements:
            for course_slug in spec["courses"]:
                course = CoursePage.objects.get(locale=ru, slug=course_slug)
                page = (
                    AcknowledgementPage.objects.child_of(course)
                    .filter(slug=spec["slug"])
                    .first()
                )
                if page is None:
                    page = AcknowledgementPage(
                        slug=spec["slug"],
                        estimated_minutes=spec["minutes"],
                        **_acknowledgement_texts(spec, course_slug, "ru"),
                    )
                    following = (
                        Page.objects.child_of(course)
                        .not_type(LessonPage)
                        .order_by("path")
                        .first()
                    )
                    if following is not None:
                        following.add_sibling(pos="left", instance=page)
                    else:
                        course.add_child(instance=page)
                    page.save_revision().publish()
                    self.say(f"acknowledgement {course_slug}/{page.slug}")
                for code, locale in others.items():
                    if not CoursePage.objects.filter(
                        locale=locale, translation_key=course.translation_key
                    ).exists():
                        continue  # the course is not translated into this language
                    if AcknowledgementPage.objects.filter(
                        locale=locale, translation_key=page.translation_key
                    ).exists():
                        continue
                    translated = page.copy_for_translation(locale).specific
                    for field, value in _acknowledgement_texts(
                        spec, course_slug, code
                    ).items():
                        setattr(translated, field, value)
                    translated.save_revision().publish()
                    self.say(f"acknowledgement {course_slug}/{page.slug} ({code})")

    # People
    # --------------------------------------------------------------------------

    def organizations(self) -> dict[str, Organization]:
        regions = {r.iso_code: r for r in Region.objects.all()}
        result: dict[str, Organization] = {}
        for key, (name, kind, region_code, parent_key) in ORGANIZATIONS.items():
            org, created = Organization.objects.get_or_create(
                name=name,
                defaults={
                    "kind": kind,
                    "region": regions.get(region_code) if region_code else None,
                    "parent": result.get(parent_key) if parent_key else None,
                },
            )
            if created:
                self.say(f"organisation {name}")
            result[key] = org
        return result

    def rules(self) -> None:
        ru = Locale.objects.get(language_code="ru")
        for name, role, kind, program_slug, days in RULES:
            if AssignmentRule.objects.filter(name=name).exists():
                continue
            target = ProgramPage.objects.get(locale=ru, slug=program_slug)
            AssignmentRule.objects.create(
                name=name,
                role=role,
                organization_kind=kind,
                target=target,
                due_in_days=days,
            )
            self.say(f"assignment rule {name}")

    def users(self, organizations: dict[str, Organization]) -> None:
        regions = {r.iso_code: r for r in Region.objects.all()}
        for spec in USERS:
            user = User.objects.filter(email=spec.email).first()
            if user is not None:
                continue
            with transaction.atomic():
                user = User.objects.create_user(spec.email, DEMO_PASSWORD)
                from allauth.account.models import EmailAddress

                EmailAddress.objects.create(
                    user=user, email=spec.email, verified=True, primary=True
                )
                age = timezone.localdate().year - spec.born.year
                people_services.user_signup_complete(
                    user=user,
                    full_name=spec.full_name,
                    region=regions[spec.region],
                    organization_kind=spec.organization_kind,
                    date_of_birth=spec.born,
                    preferred_language=spec.language,
                    consent=True,
                    guardian_name="Ахметова Гульнара" if age < 18 else "",
                    guardian_consent=age < 18,
                )
            if spec.position:
                org_key, role = spec.position
                if not Position.objects.filter(
                    user=user, role=role, end_date__isnull=True
                ).exists():
                    people_services.position_start(
                        user=user,
                        organization=organizations[org_key],
                        role=role,
                        start_date=timezone.localdate() - datetime.timedelta(days=3),
                    )
                if role == Role.NATIONAL_ADMIN:
                    people_services.position_start(
                        user=user,
                        organization=organizations[org_key],
                        role=Role.EDITOR,
                        start_date=timezone.localdate() - datetime.timedelta(days=3),
                    )
            self.say(f"user {spec.email} ({spec.role_label})")

    def moderation(self) -> None:
        """Pages an editor submits for moderation wait for approval, which the national
        admin gives: Wagtail's "Moderators approval" workflow on the whole tree (its
        migrations create it; a database emptied since lacks it), joined by the
        national admins' group (people.services.moderation_sync)."""
        moderators, _created = Group.objects.get_or_create(
            name=WAGTAIL_MODERATORS_GROUP
        )
        if not GroupApprovalTask.objects.filter(groups=moderators).exists():
            task = GroupApprovalTask.objects.create(name="Moderators approval")
            task.groups.set([moderators])
            workflow = Workflow.objects.create(name="Moderators approval")
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
            root = Page.get_first_root_node()
            if not WorkflowPage.objects.filter(page=root).exists():
                WorkflowPage.objects.create(page=root, workflow=workflow)
            self.say("moderation workflow")
        people_services.moderation_sync()

    def progress(self) -> None:
        """The demo volunteer has finished the intro course and started the next one."""
        volunteer = User.objects.get(email="volunteer@demo.birgemiz.kz")
        ru = Locale.objects.get(language_code="ru")
        intro = CoursePage.objects.get(locale=ru, slug="volunteer-rights")
        if Enrolment.objects.filter(
            learner=volunteer, course_key=intro.translation_key
        ).exists():
            return
        enrolment = course_services.enrolment_create(learner=volunteer, course=intro)
        for lesson in LessonPage.objects.child_of(intro).live():
            course_services.item_complete(enrolment=enrolment, item=lesson)
        for quiz in QuizPage.objects.child_of(intro).live():
            quiz_pass_demo(learner=volunteer, quiz=quiz)
        safety = CoursePage.objects.get(locale=ru, slug="safety-ethics")
        enrolment = course_services.enrolment_create(learner=volunteer, course=safety)
        first = LessonPage.objects.child_of(safety).live().first()
        course_services.item_complete(enrolment=enrolment, item=first)
        self.say("progress of the demo volunteer")
        self.leader_progress()

    def leader_progress(self) -> None:
        """The demo leader has finished social project design and sent a draft grant
        application, which awaits review (the national admin sees it under Reviews)."""
        leader = User.objects.get(email="leader@demo.birgemiz.kz")
        ru = Locale.objects.get(language_code="ru")
        design = CoursePage.objects.get(locale=ru, slug="social-project-design")
        if Enrolment.objects.filter(
            learner=leader, course_key=design.translation_key
        ).exists():
            return
        enrolment = course_services.enrolment_create(learner=leader, course=design)
        for lesson in LessonPage.objects.child_of(design).live():
            course_services.item_complete(enrolment=enrolment, item=lesson)
        for quiz in QuizPage.objects.child_of(design).live():
            quiz_pass_demo(learner=leader, quiz=quiz)
        grants = CoursePage.objects.get(locale=ru, slug="grant-applications")
        course_services.enrolment_create(learner=leader, course=grants)
        assignment = AssignmentPage.objects.child_of(grants).live().first()
        if assignment is not None:
            submission_create(
                learner=leader,
                assignment=assignment,
                text=LEADER_DRAFT,
                files=[],
            )
        self.say("progress of the demo leader")

    @transaction.atomic
    def run(self) -> list[str]:
        """Everything in one transaction: a run that fails half-way leaves nothing, so
        the next run starts clean (follow-up tasks run once it commits)."""
        sources, translations, acknowledgements = self.read_content()
        catalogs = self.shell()
        self.curriculum(catalogs["ru"], sources)
        self.translations(translations)
        self.acknowledgements(acknowledgements)
        assessments_load(self.say)
        # Certificates before progress: the demo volunteer's completed intro course
        # issues its certificate (once the run commits).
        certificates_load(self.say)
        organizations = self.organizations()
        self.rules()
        self.users(organizations)
        self.moderation()
        # A database loaded before the rules existed: issue what was earned meanwhile.
        if sum(
            certificate_rule_apply(rule=rule)
            for rule in CertificateRule.objects.filter(is_active=True)
        ):
            self.say("certificates earned before the rules existed")
        self.progress()
        return self.created


def demo_logins() -> list[tuple[str, str, str]]:
    """(role, e-mail, password) of every demo login."""
    return [(u.role_label, u.email, DEMO_PASSWORD) for u in USERS]
