"""Issue the certificates earned before their rule existed or was switched on."""

from django.core.management.base import BaseCommand

from certificates.models import CertificateRule
from certificates.services import certificate_rule_apply


class Command(BaseCommand):
    help = (
        "Issue (through Celery) the certificates of learners who completed a certified "
        "course or program before its rule existed or was active. Safe to run again."
    )

    def handle(self, *args, **options):
        total = 0
        for rule in CertificateRule.objects.filter(is_active=True).select_related(
            "page"
        ):
            total += certificate_rule_apply(rule=rule)
        self.stdout.write(f"{total} certificate(s) to issue")
