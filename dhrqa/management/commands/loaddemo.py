from django.core.management.base import BaseCommand
from django.db import transaction

from dhrqa.demo.kent_2014 import DEMO_PASSWORD, load_kent_scenario, load_people


class Command(BaseCommand):
    help = "Create demo users for every role and the 2014 Kent scenario. Safe to run again."

    def handle(self, *args, **options):
        with transaction.atomic():
            people = load_people()
        created = load_kent_scenario(people)
        self.stdout.write("Kent 2014 scenario " + ("created" if created else "already present") + ".")
        self.stdout.write("\nDemo logins (password for all: %s):" % DEMO_PASSWORD)
        for user in people.values():
            where = f", {user.csp.name}" if user.csp else ""
            self.stdout.write(f"  {user.get_role_display():<14} {user.email}{where}")
