"""One wiring in every app (docs/architecture.md, "Background work"):

- tasks take ids and call the services, which they import in the task's body;
- services (and receivers, which hand an event to the background) import the tasks at
  module level as `<name>_task` and enqueue them only through the outbox
  (`core.outbox.enqueue_durably`, sent once the transaction commits); beat tasks fan
  out through it too;
- every task is declared with one of core.tasks' two policies, every e-mail task with
  the retrying one, and writes only through core.mail;
- signal receivers are connected in AppConfig.ready(), Wagtail hooks registered in
  wagtail_hooks.py (which Wagtail imports), nowhere else.

The module rules are read from the source with `ast`, as tests/test_architecture.py
reads imports; the task rules from the Celery app.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import inspect
import weakref
from pathlib import Path
from unittest import mock

import pytest
from allauth.mfa import signals as mfa_signals
from django.apps import apps
from django.conf import settings
from django.contrib.auth import signals as auth_signals
from django.db.models import signals as model_signals
from django.dispatch import Signal
from django.utils.timezone import now as django_now
from wagtail import signals as wagtail_signals

from certificates import services as certificate_services
from core.tasks import RETRY_TASK_OPTIONS, TASK_OPTIONS
from courses import signals as courses_signals
from courses.services import learning as course_services
from lms.celery import app as celery_app
from people import signals as people_signals
from people.services import erasure as erasure_services
from tests.factories import (
    CertificateRuleFactory,
    CertificateTemplateFactory,
    UserFactory,
    course_with_lessons,
)

ROOT = Path(__file__).resolve().parent.parent
PROJECT_APPS = sorted(
    config.name for config in apps.get_app_configs() if Path(config.path).parent == ROOT
)
# The options of core.tasks' policies that a task declares.
POLICY_OPTIONS = {
    "acks_late",
    "autoretry_for",
    "dont_autoretry_for",
    "max_retries",
    "retry_backoff",
    "retry_backoff_max",
    "retry_jitter",
    "retry_kwargs",
}
# Every e-mail of the platform a task sends (allauth's own account e-mails aside).
MAIL_TASKS = {
    "people.tasks.erasure_request_notify",
    "people.tasks.handover_leaver_notify",
    "people.tasks.handover_successor_notify",
    "courses.tasks.assignment_notify",
    "courses.tasks.assignment_remind",
    "courses.tasks.assignments_notify",
    "courses.tasks.assignment_overdue_remind",
    "courses.tasks.assignment_nudge_send",
    "courses.tasks.course_completed_notify",
    "courses.tasks.standard_version_notify",
    "assessments.tasks.assignments.submission_submitted_notify",
    "assessments.tasks.assignments.submission_reviewed_notify",
    "certificates.tasks.certificate_issued_notify",
    "certificates.tasks.certificate_expiry_remind_one",
    "certificates.tasks.certificate_nudge_send",
    "scheduling.tasks.plan_notice_send",
    "reports.tasks.report_subscription_send",
}


def _project_tasks() -> dict:
    for name in PROJECT_APPS:
        if importlib.util.find_spec(f"{name}.tasks") is not None:
            importlib.import_module(f"{name}.tasks")
    return {
        name: task
        for name, task in celery_app.tasks.items()
        if name.split(".")[0] in PROJECT_APPS
    }


def _declared(task) -> dict:
    """The policy options a task was declared with (shared_task makes them attributes
    of the task's own class)."""
    return {
        name: value
        for name, value in vars(type(task)).items()
        if name in POLICY_OPTIONS
    }


def _modules(*, kind: str) -> list[Path]:
    """The modules of the project's apps (migrations aside): all of them, or those of
    a kind, "tasks", "services" or "receivers" (the module or a package's modules)."""
    found = []
    for name in PROJECT_APPS:
        for path in sorted((ROOT / name).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" in parts:
                continue
            if kind == "all" or (len(parts) > 1 and kind in parts[1:3]):
                found.append(path)
    return found


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _resolve(node: ast.ImportFrom, path: Path) -> str:
    if not node.level:
        return node.module or ""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    parts = package.split(".")
    parts = parts[: len(parts) - node.level + 1]
    return ".".join([*parts, *([node.module] if node.module else [])])


def _is_tasks_module(module: str) -> bool:
    return "tasks" in module.split(".")[1:] and module.split(".")[0] != "core"


def _where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(ROOT)}:{node.lineno}"


# Tasks
# ------------------------------------------------------------------------------


def test_the_project_has_the_tasks_the_test_knows_of():
    tasks = _project_tasks()

    assert MAIL_TASKS <= set(tasks)
    assert len(tasks) > len(MAIL_TASKS)


def test_every_task_is_acknowledged_after_it_ran():
    late = {name: task.acks_late for name, task in _project_tasks().items()}

    assert late == dict.fromkeys(late, True)


def test_every_task_is_declared_with_one_of_the_two_policies():
    policies = (TASK_OPTIONS, RETRY_TASK_OPTIONS)
    others = {
        name: _declared(task)
        for name, task in _project_tasks().items()
        if _declared(task) not in policies
    }

    assert others == {}


def test_every_mail_task_retries_by_the_retry_policy():
    tasks = _project_tasks()

    assert {name: _declared(tasks[name]) for name in MAIL_TASKS} == dict.fromkeys(
        MAIL_TASKS, RETRY_TASK_OPTIONS
    )


def test_every_task_that_writes_e_mail_asks_core_mail_whom_it_may_write_to():
    asking = {
        name
        for name, task in _project_tasks().items()
        if "mail_recipient(" in inspect.getsource(task.run)
    }

    assert asking == MAIL_TASKS


def test_the_retry_policy_covers_the_mail_servers_transient_failures():
    import smtplib

    retried = RETRY_TASK_OPTIONS["autoretry_for"]

    for error in (smtplib.SMTPServerDisconnected, ConnectionRefusedError, TimeoutError):
        assert issubclass(error, retried)


def test_every_beat_entry_names_a_registered_task():
    tasks = _project_tasks()

    unknown = {
        key: entry["task"]
        for key, entry in settings.CELERY_BEAT_SCHEDULE.items()
        if entry["task"] not in tasks
    }

    assert settings.CELERY_BEAT_SCHEDULE
    assert unknown == {}


def test_only_core_mail_sends_e_mail():
    offenders = [
        _where(path, node)
        for path in _modules(kind="all")
        if path != ROOT / "core" / "mail.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom)
        and (node.module or "").startswith("django.core.mail")
    ]

    assert offenders == []


# Imports between tasks and services
# ------------------------------------------------------------------------------


def test_tasks_modules_import_services_only_inside_the_task_body():
    """Services import the tasks at module level: the other way round must wait for
    the call, or importing either would need the other half-imported."""
    offenders = []
    for path in _modules(kind="tasks"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.ImportFrom):
                module = _resolve(node, path)
                names = [module, *(f"{module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            if any("services" in name.split(".") for name in names):
                offenders.append(_where(path, node))

    assert _modules(kind="tasks")
    assert offenders == []


def test_the_module_rules_read_every_module_of_a_services_package():
    """A services module split into a package (people/services/,
    assessments/services/) is held to the rules module by module."""
    services = {str(path.relative_to(ROOT)) for path in _modules(kind="services")}

    assert {
        "people/services/erasure.py",
        "people/services/positions.py",
        "assessments/services/grants.py",
        "courses/services/learning.py",
        "courses/services/audiences.py",
    } <= services


def test_services_and_receivers_import_tasks_at_module_level_as_name_task():
    offenders = []
    for path in _modules(kind="services") + _modules(kind="receivers"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top_level = set(map(id, tree.body))
        for node in ast.walk(tree):
            if not isinstance(node, ast.ImportFrom):
                continue
            module = _resolve(node, path)
            if _is_tasks_module(module):
                names_ok = all(
                    alias.asname == f"{alias.name}_task" for alias in node.names
                )
                if id(node) not in top_level or not names_ok:
                    offenders.append(_where(path, node))
            elif any(_is_tasks_module(f"{module}.{a.name}") for a in node.names):
                offenders.append(_where(path, node))  # `from . import tasks`

    assert offenders == []


ENQUEUE_HELPERS = {"enqueue_durably", "enqueue_durably_many"}


def _calls_named(tree: ast.AST, names: set[str]) -> list[ast.Call]:
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in names
    ]


def test_services_and_receivers_enqueue_tasks_only_through_the_outbox():
    """Follow-up work is written to the outbox in the service's transaction and sent
    once it commits (core.outbox), never handed to the broker directly, where it is
    lost when Redis is down; the task is the `<name>_task` a test can patch."""
    offenders = []
    for path in _modules(kind="services") + _modules(kind="receivers"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        offenders += [
            _where(path, node)
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("delay", "apply_async")
        ]
        offenders += [
            _where(path, node)
            for node in _calls_named(tree, ENQUEUE_HELPERS)
            if not (
                node.args
                and isinstance(node.args[0], ast.Name)
                and node.args[0].id.endswith("_task")
            )
        ]

    assert offenders == []


def test_tasks_fan_out_only_through_the_outbox():
    """A beat task's fan-out writes its calls to the outbox before sending them
    (core.outbox.fan_out_durably): a broker failure midway loses none."""
    offenders = [
        _where(path, node)
        for path in _modules(kind="tasks")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("delay", "apply_async", "send_task")
    ]

    assert offenders == []


# Services enqueue once committed, through the `<name>_task` a test can patch
# ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_service_enqueues_its_task_once_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    learner = UserFactory()

    with (
        mock.patch.object(erasure_services, "erasure_request_notify_task") as task,
        django_capture_on_commit_callbacks(execute=True),
    ):
        request = erasure_services.user_erasure_request(user=learner)
        assert task.delay.call_count == 0  # not before the commit

    task.delay.assert_called_once_with(erasure_request_id=request.pk)


@pytest.mark.django_db
def test_assignment_create_enqueues_the_assignment_notice(
    django_capture_on_commit_callbacks, program_page
):
    course, _lessons = course_with_lessons(program_page, 1)

    with (
        mock.patch.object(course_services, "assignment_notify_task") as task,
        django_capture_on_commit_callbacks(execute=True),
    ):
        assignment, _created = course_services.assignment_create(
            learner=UserFactory(), target=course, due_date=None
        )

    task.delay.assert_called_once_with(assignment_id=assignment.pk)


@pytest.mark.django_db
def test_certificate_issue_enqueues_the_pdf_and_the_notice(
    django_capture_on_commit_callbacks, program_page
):
    course, _lessons = course_with_lessons(program_page, 1)
    rule = CertificateRuleFactory(
        page=course, template=CertificateTemplateFactory(is_default=True)
    )

    with (
        mock.patch.object(certificate_services, "certificate_pdf_render_task") as pdf,
        mock.patch.object(
            certificate_services, "certificate_issued_notify_task"
        ) as notice,
        django_capture_on_commit_callbacks(execute=True),
    ):
        certificate, _created = certificate_services.certificate_issue(
            learner=UserFactory(), rule=rule, completed_at=django_now()
        )

    pdf.delay.assert_called_once_with(certificate_id=certificate.pk)
    notice.delay.assert_called_once_with(certificate_id=certificate.pk)


# Receivers and hooks
# ------------------------------------------------------------------------------


def _calls(path: Path, attribute: str) -> list[ast.Call]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == attribute
    ]


def test_signal_receivers_are_connected_only_in_app_configs():
    # core/signals.py holds the one helper that connects (connect_saves_and_deletes),
    # and it, too, may be called from an AppConfig only.
    offenders = [
        _where(path, node)
        for path in _modules(kind="all")
        if path.name != "apps.py"
        and path.relative_to(ROOT).as_posix() != "core/signals.py"
        for node in _calls(path, "connect")
    ] + [
        _where(path, node)
        for path in _modules(kind="all")
        if path.name != "apps.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", getattr(node.func, "attr", None))
        == "connect_saves_and_deletes"
    ]
    decorated = [
        _where(path, node)
        for path in _modules(kind="all")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom)
        and node.module == "django.dispatch"
        and any(alias.name == "receiver" for alias in node.names)
    ]

    assert offenders == []
    assert decorated == []


def _connected_functions() -> set:
    found = set()
    modules = (
        people_signals,
        courses_signals,
        wagtail_signals,
        model_signals,
        auth_signals,
        mfa_signals,
    )
    for module in modules:
        for signal in vars(module).values():
            if not isinstance(signal, Signal):
                continue
            for _key, receiver, *_rest in signal.receivers:
                if isinstance(receiver, weakref.ReferenceType):
                    receiver = receiver()
                found.add(receiver)
    return found


@pytest.mark.parametrize(
    "app", [name for name in PROJECT_APPS if (ROOT / name / "receivers.py").exists()]
)
def test_every_receiver_of_an_app_is_connected(app):
    receivers = importlib.import_module(f"{app}.receivers")
    functions = {
        function
        for name, function in vars(receivers).items()
        if name.startswith("on_") and inspect.isfunction(function)
    }

    assert functions
    assert functions - _connected_functions() == set()


def test_wagtail_hooks_are_registered_only_in_wagtail_hooks_modules():
    offenders = [
        _where(path, node)
        for path in _modules(kind="all")
        if path.name != "wagtail_hooks.py"
        for node in _calls(path, "register")
        if isinstance(node.func.value, ast.Name) and node.func.value.id == "hooks"
    ]

    assert offenders == []
