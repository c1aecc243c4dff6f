"""Build (or remove) the national-scale load data set: see reports.loaddata."""

from __future__ import annotations

import resource
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from reports.loaddata import (
    LEARNERS,
    LOAD_DOMAIN,
    catalog_read,
    generated_users,
    load_data_delete,
    load_data_generate,
    real_user_count,
)
from reports.services import completion_summary_refresh

# More real people than this: the database is not a test one; refuse unless --force.
REAL_USERS_MAX = 1_000


class Command(BaseCommand):
    help = (
        f"Generate {LEARNERS:,} learners (times --scale) over the 20 regions with "
        "organisations, positions, enrolments, item progress, quiz attempts, "
        f"certificates and assignments, by bulk inserts; e-mails @{LOAD_DOMAIN}. "
        "Refuses on a database with real people or with DEBUG off unless --force, and "
        "when load data is already there (--delete removes it)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0)
        parser.add_argument("--seed", type=int, default=11)
        parser.add_argument(
            "--force",
            action="store_true",
            help=f"Run with DEBUG off or more than {REAL_USERS_MAX} real users.",
        )
        parser.add_argument(
            "--delete", action="store_true", help="Remove the generated data only."
        )
        parser.add_argument(
            "--with-demo",
            action="store_true",
            help="Load the demo curriculum first when there are no courses.",
        )

    def handle(self, *args, scale, seed, force, delete, with_demo, **options):
        started = time.monotonic()
        if not force:
            if not settings.DEBUG:
                raise CommandError(
                    "DEBUG is off: this may be a production database. "
                    "Pass --force if you mean it."
                )
            real = real_user_count()
            if real > REAL_USERS_MAX:
                raise CommandError(
                    f"The database has {real} real users (more than {REAL_USERS_MAX}): "
                    "refusing to add load data. Pass --force if you mean it."
                )
        if delete:
            load_data_delete(say=self.stdout.write)
            completion_summary_refresh()
            self._done(started)
            return
        if not 0 < scale <= 10:
            raise CommandError("--scale must be above 0 and at most 10.")
        existing = generated_users().count()
        if existing:
            raise CommandError(
                f"Load data is already there ({existing} learners @{LOAD_DOMAIN}); "
                "nothing added. Run with --delete first to generate it again."
            )
        if not catalog_read():
            if not with_demo:
                raise CommandError(
                    "No live course with items: load the curriculum first "
                    "(manage.py load_demo_data) or pass --with-demo."
                )
            call_command("load_demo_data")
        report = load_data_generate(scale=scale, seed=seed, say=self.stdout.write)
        self.stdout.write(
            "total rows: "
            + str(sum(report.counts.values()))
            + " ("
            + ", ".join(f"{name} {count}" for name, count in report.counts.items())
            + ")"
        )
        # The dashboards read the summary: count it now rather than at the next beat.
        state = completion_summary_refresh()
        self.stdout.write(f"reports summary: {state.rows} rows in {state.seconds} s")
        self._done(started)

    def _done(self, started: float) -> None:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        self.stdout.write(
            self.style.SUCCESS(
                f"done in {time.monotonic() - started:.1f} s, peak memory {peak} MB"
            )
        )
