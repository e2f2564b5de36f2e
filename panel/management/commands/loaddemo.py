from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from panel.demo.kent_2014 import DEMO_PASSWORD, load_kent_scenario, load_medway_received, load_people
from panel.signing import SigningKeyMissing


class Command(BaseCommand):
    help = (
        "Create demo users for every role, the 2014 Kent review through to its issued letter, and a Medway "
        "review waiting for intake. Safe to run again. Needs the signing key (create_signing_certificate)."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            people = load_people()
        try:
            kent = load_kent_scenario(people)
        except SigningKeyMissing as missing:
            raise CommandError(f"{missing} The chair's signature on the Kent letter needs it.") from None
        medway = load_medway_received(people)
        self.stdout.write("Kent 2014 scenario " + ("created" if kent else "already present") + ".")
        self.stdout.write("Medway 2026 review " + ("created" if medway else "already present") + ".")
        self.stdout.write("\nDemo logins (password for all: %s):" % DEMO_PASSWORD)
        for user in people.values():
            where = f", {user.csp.name}" if user.csp else ""
            self.stdout.write(f"  {user.get_role_display():<14} {user.email}{where}")
