"""Load Kazakhstan's public holidays into the Holiday table (edited in the admin)."""

from django.core.management.base import BaseCommand

from scheduling.services.holidays import DEFAULT_YEARS, holiday_defaults_load


class Command(BaseCommand):
    help = (
        "Add Kazakhstan's public holidays (and the days off that replace those "
        "falling on a weekend) that the table lacks. Days the government moves by "
        "decree are added in the admin. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--year",
            type=int,
            action="append",
            dest="years",
            help=f"A year to load (repeatable; default: {', '.join(map(str, DEFAULT_YEARS))}).",
        )

    def handle(self, *args, years=None, **options):
        added = holiday_defaults_load(years=years or DEFAULT_YEARS)
        for holiday in added:
            self.stdout.write(f"added  {holiday.date.isoformat()}  {holiday.name}")
        self.stdout.write(f"{len(added)} holiday(s) added.")
