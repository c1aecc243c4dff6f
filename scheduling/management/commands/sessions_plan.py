"""Plan a quarter's sessions of every region (as drafts), as the monthly beat task
does: `sessions_plan` plans the next quarter, `--year 2027 --quarter 1` a given one."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from scheduling.services.holidays import KURBAN_AIT
from scheduling.services.plan import plan_quarter_create, quarter_next


class Command(BaseCommand):
    help = (
        "Create a quarter's training sessions of every region as drafts, from the "
        "plan rules, on working days, and ask each regional admin to confirm them. "
        "Without --year and --quarter: the next quarter. Safe to run again: what is "
        "planned already is skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int)
        parser.add_argument("--quarter", type=int, choices=[1, 2, 3, 4])

    def handle(self, *args, year=None, quarter=None, **options):
        if (year is None) != (quarter is None):
            raise CommandError("Give both --year and --quarter, or neither.")
        if year is None:
            year, quarter = quarter_next(timezone.localdate())
        result = plan_quarter_create(year=year, quarter=quarter)
        if result.holidays_added:
            self.stdout.write(
                f"{len(result.holidays_added)} public holiday(s) of {year} loaded "
                "(the table had none): check them in the admin."
            )
        if result.holidays_added and year not in KURBAN_AIT:
            self.stderr.write(
                f"Kurban ait of {year} is not known here: add it in the admin "
                "(Public holidays), then move any session planned on it."
            )
        for session in result.created:
            first = timezone.localtime(session.starts_at).date()
            last = timezone.localtime(session.ends_at).date()
            when = first.isoformat() if first == last else f"{first}..{last}"
            self.stdout.write(
                f"created  {session.region.iso_code}  {session.plan_slot}  {when}"
            )
        for planned in result.skipped:
            self.stdout.write(
                f"skipped  {planned.region.iso_code}  {planned.slot}  (already planned)"
            )
        for slot in result.unplaced:
            self.stdout.write(f"no room  {slot}")
        self.stdout.write(
            f"{result.period}: {len(result.created)} session(s) created, "
            f"{len(result.skipped)} already planned (skipped), "
            f"{len(result.unplaced)} without room in the quarter; "
            f"{len(result.notices)} plan notice(s) to send."
        )
