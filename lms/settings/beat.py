"""The periodic work (Celery beat), in one place: base.py passes in what it read
from the environment (this module reads nothing itself). Editable at run time
through django-celery-beat in the Django admin. Times are Asia/Almaty."""

from celery.schedules import crontab


def beat_schedule(*, reports_refresh_minutes: int) -> dict:
    """CELERY_BEAT_SCHEDULE: `reports_refresh_minutes`, how often the reports'
    summary is counted again (a divisor of 60)."""
    return {
        # Background work that could not be handed to the broker when its transaction
        # committed (Redis was down): sent from the outbox (core.outbox).
        # https://crontab.guru/#*_*_*_*_*
        "core-outbox-send": {
            "task": "core.tasks.outbox_send_pending",
            "schedule": crontab(),
        },
        # What a task lost on the way left undone (a worker lost whole as it took the
        # task from Redis): completions without their certificate are issued it, and
        # the certificate-issued and course-completed e-mails of the last day not sent
        # are sent (certificates, courses).
        # https://crontab.guru/#*/10_*_*_*_*
        "certificates-reconcile": {
            "task": "certificates.tasks.certificates_reconcile",
            "schedule": crontab(minute="*/10"),
        },
        # https://crontab.guru/#5-59/10_*_*_*_*
        "courses-completions-reconcile": {
            "task": "courses.tasks.course_completions_reconcile",
            "schedule": crontab(minute="5-59/10"),
        },
        # https://crontab.guru/#15_3_*_*_*
        "people-erasure-due": {
            "task": "people.tasks.user_erasure_due_process",
            "schedule": crontab(minute=15, hour=3),
        },
        # https://crontab.guru/#5_0_*_*_*
        "people-positions-expire": {
            "task": "people.tasks.positions_expire",
            "schedule": crontab(minute=5, hour=0),
        },
        # Audiences that time alone changes (an end date passed, a birthday): courses.
        # https://crontab.guru/#20_0_*_*_*
        "courses-assignment-rules-refresh": {
            "task": "courses.tasks.assignment_rules_refresh",
            "schedule": crontab(minute=20, hour=0),
        },
        # https://crontab.guru/#0_9_*_*_*
        "courses-assignment-reminders": {
            "task": "courses.tasks.assignment_reminders_send",
            "schedule": crontab(minute=0, hour=9),
        },
        # Assigned learning past its due date: one e-mail each (courses).
        # https://crontab.guru/#10_9_*_*_*
        "courses-assignment-overdue-reminders": {
            "task": "courses.tasks.assignment_overdue_reminders_send",
            "schedule": crontab(minute=10, hour=9),
        },
        # https://crontab.guru/#30_9_*_*_*
        "certificates-expiry-reminders": {
            "task": "certificates.tasks.certificates_expiry_remind",
            "schedule": crontab(minute=30, hour=9),
        },
        # https://crontab.guru/#0_8_*_*_*
        "scheduling-session-reminders": {
            "task": "scheduling.tasks.session_reminders_send",
            "schedule": crontab(minute=0, hour=8),
        },
        # The next quarter's sessions of every region, as drafts (what is planned already
        # is skipped; the plan notices not sent yet are sent).
        # https://crontab.guru/#0_6_1_*_*
        "scheduling-plan-next-quarter": {
            "task": "scheduling.tasks.plan_next_quarter",
            "schedule": crontab(minute=0, hour=6, day_of_month=1),
        },
        # https://crontab.guru/#*_*_*_*_*
        "assessments-quiz-attempts-expired-close": {
            "task": "assessments.tasks.quizzes.attempts_expired_close",
            "schedule": crontab(),
        },
        # https://crontab.guru/#0_9_1_*_*
        "scheduling-compliance-overdue": {
            "task": "scheduling.tasks.compliance_overdue_send",
            "schedule": crontab(minute=0, hour=9, day_of_month=1),
        },
        # The dashboard's figures counted again (reports.models.CompletionFigure); the
        # pages show their age.
        # https://crontab.guru/#*/10_*_*_*_*
        "reports-completion-summary-refresh": {
            "task": "reports.tasks.completion_summary_refresh",
            "schedule": crontab(minute=f"*/{reports_refresh_minutes}"),
        },
        # Scheduled reports (reports): weekly ones on Mondays, monthly ones on the 1st;
        # daily, so that a missed day is caught up (each period's report is sent once).
        # https://crontab.guru/#30_6_*_*_*
        "reports-subscriptions-send": {
            "task": "reports.tasks.report_subscriptions_send",
            "schedule": crontab(minute=30, hour=6),
        },
        # Today's figures of every target not long past its due date: the trend (reports).
        # https://crontab.guru/#40_5_*_*_*
        "reports-target-snapshots": {
            "task": "reports.tasks.target_snapshots_record",
            "schedule": crontab(minute=40, hour=5),
        },
    }
