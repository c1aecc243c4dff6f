"""Demo data: the site shell (home pages, site), each app's demo data in the order of
dependency, and the demo story (who has learned what).

Each app loads its own demo data (`<app>.demo.<app>_demo_load`, in
`<app>/demo/loader.py`, content files under `<app>/demo/content/`): people
(organisations, logins), courses (catalog, curriculum, assignment rules), assessments
(quizzes, assignments), certificates (template, rules), scheduling (this
year's plan, attendance, registrations), reports (every region's onboarding target,
last). This module calls them in that
order and then plays the story across apps: the demo volunteer has completed the intro
course, the leader awaits the review of a grant application, Almaty's front office is
mid-handover (lms.demo_handover).

Idempotent: everything is looked up first and created only when missing, so a second
run changes nothing. Learner actions go through the apps' services.
"""

from __future__ import annotations

from django.db import transaction
from wagtail.models import Locale, Page, Site

from assessments.demo import assessments_demo_load, quiz_pass_demo
from assessments.models import AssignmentPage, QuizPage
from assessments.services.assignments import submission_create
from certificates.demo import certificates_demo_load
from core.translations import translations_link_all
from courses import services as course_services
from courses.demo import RULES, courses_demo_load, regional_onboarding_demo_load
from courses.models import CoursePage, Enrolment, LessonPage
from lms.demo_handover import handover_demo_load
from lms.models import HomePage
from lms.services import site_sync
from people.demo import people_demo_load
from people.models import User
from reports.demo import reports_demo_load
from reports.tasks import completion_summary_refresh
from scheduling.demo import scheduling_demo_load

# The home page's texts per language.
HOME = {
    "ru": {
        "title": "Академия Birgemiz",
        "tagline": "Обучение для волонтеров, лидеров волонтерских организаций и сотрудников фронт-офисов.",
        "intro": (
            "<p>Академия помогает региональным фронт-офисам волонтеров сохранять знания, когда "
            "меняются сотрудники, готовить волонтеров к работе в зонах риска и внедрять Стандарт "
            "поддержки волонтерства. Уроки короткие, их удобно читать с телефона даже при "
            "медленном интернете.</p>"
        ),
    },
    "kk": {
        "title": "Birgemiz академиясы",
        "tagline": "Волонтерлерге, волонтерлік ұйым көшбасшыларына және фронт-офис қызметкерлеріне арналған оқу.",
        "intro": (
            "<p>Академия өңірлік волонтерлер фронт-офистеріне қызметкерлер ауысқанда білімді "
            "сақтауға, волонтерлерді тәуекел аймақтарындағы жұмысқа дайындауға және волонтерлікті "
            "қолдау стандартын енгізуге көмектеседі. Сабақтар қысқа, оларды баяу интернетте де "
            "телефоннан оқу ыңғайлы.</p>"
        ),
    },
    "en": {
        "title": "Birgemiz Academy",
        "tagline": "Learning for volunteers, leaders of volunteer organisations and front-office staff.",
        "intro": (
            "<p>The academy helps the regional volunteer front offices keep knowledge when staff "
            "change, prepare volunteers for risk zones and roll out the Standard of volunteer "
            "support. Lessons are short and easy to read on a phone, even on a slow connection.</p>"
        ),
    },
}


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


class DemoLoader:
    def __init__(self, stdout=None):
        self.stdout = stdout
        self.created: list[str] = []

    def say(self, message: str) -> None:
        self.created.append(message)
        if self.stdout:
            self.stdout.write(message)

    @transaction.atomic
    def run(self) -> list[str]:
        """Everything in one transaction: a run that fails half-way leaves nothing, so
        the next run starts clean (follow-up tasks run once it commits)."""
        people_demo_load(say=self.say)
        home = self.shell()
        courses_demo_load(home=home, say=self.say)
        # The regions' staff through their onboarding (dated); before certificates,
        # whose rules then issue what they earned.
        regional_onboarding_demo_load(rule_name=RULES[0]["name"], say=self.say)
        assessments_demo_load(say=self.say)
        # Certificates before progress: the demo volunteer's completed intro course
        # issues its certificate (once the run commits).
        certificates_demo_load(say=self.say)
        # This year's sessions of every region, who came, who signed up next.
        scheduling_demo_load(say=self.say)
        self.progress()
        # Almaty mid-handover: a coordinator who left, her successor in onboarding.
        handover_demo_load(say=self.say)
        # Every translation made above by copying its source (the Kazakh and English
        # pages, the Kazakh questions) brought under wagtail-localize, once the
        # sources are final: editing a source flags its translations.
        translations_link_all(say=self.say)
        # Last, once the story's learning is there: every region's onboarding target
        # and its trend, computed from that learning.
        reports_demo_load(say=self.say)
        # The reports' summary counted once the run commits (beat keeps it current).
        transaction.on_commit(completion_summary_refresh.delay)
        return self.created

    def shell(self) -> HomePage:
        """The home page in every language; the site points at the Russian one,
        which is returned."""
        root = Page.get_first_root_node()
        ru = Locale.objects.get(language_code="ru")
        home = HomePage.objects.filter(locale=ru).first()
        if home is None:
            # Wagtail's initial "Welcome" page takes the slug "home"; it goes.
            for page in Page.objects.filter(depth=2, content_type__model="page"):
                page.delete()
            texts = HOME["ru"]
            home = root.add_child(
                instance=HomePage(
                    title=texts["title"],
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
        for code in ("kk", "en"):
            locale = Locale.objects.get(language_code=code)
            texts = HOME[code]
            if not HomePage.objects.filter(
                locale=locale, translation_key=home.translation_key
            ).exists():
                home_tr = home.copy_for_translation(locale).specific
                home_tr.title = texts["title"]
                home_tr.tagline = texts["tagline"]
                home_tr.intro = texts["intro"]
                home_tr.save_revision().publish()
                self.say(f"home page ({code})")
        return home

    # The story
    # --------------------------------------------------------------------------

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
