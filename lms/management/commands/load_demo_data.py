from django.core.management.base import BaseCommand, CommandError

from core.demo import DemoDataError
from lms.demo import DemoLoader
from people.demo import demo_logins


class Command(BaseCommand):
    help = (
        "Load the demo curriculum, organisations and one login per role (idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--quiet-logins", action="store_true", help="Do not print the logins."
        )

    def handle(self, *args, **options):
        try:
            created = DemoLoader(
                stdout=self.stdout if options["verbosity"] > 1 else None
            ).run()
        except DemoDataError as exc:
            raise CommandError(str(exc)) from exc
        if created:
            self.stdout.write(
                self.style.SUCCESS(f"Demo data: created {len(created)} things.")
            )
        else:
            self.stdout.write("Demo data: already loaded, nothing changed.")
        if not options["quiet_logins"]:
            password = demo_logins()[0][2]
            self.stdout.write(f"\nDemo logins (password for all: {password}):")
            for role, email, _password in demo_logins():
                self.stdout.write(f"  {role:<26} {email}")
