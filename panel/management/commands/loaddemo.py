from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from panel.demo.current_meeting import load_current_meeting
from panel.demo.history import load_history
from panel.demo.kent_2014 import DEMO_PASSWORD, load_kent_scenario, load_medway_received, load_people
from panel.demo.national import load_national
from panel.signing import SigningKeyMissing


LOGINS = [
    ("csp@kent.example", "CSP officer", "Kent's reviews; the 2014 letter to download"),
    ("csp@medway.example", "CSP officer", "Medway's reviews (sees none of Kent's)"),
    ("secretariat@homeoffice.example", "Secretariat", "intake, meetings, readers and progress, letters"),
    ("chair@homeoffice.example", "Panel chair", "meeting mode for 1 December 2026: record and confirm verdicts"),
    ("panel@homeoffice.example", "Panel member", "My reviews: Kent assessment submitted, Medway in draft"),
    ("reader@homeoffice.example", "Panel member", "My reviews: Medway assessment submitted, Kent in draft"),
    ("member@homeoffice.example", "Panel member", "declared a conflict with the Medway review: it is hidden"),
    ("responder@homeoffice.example", "Responder", "Home Office: Kent's recommendations 4 and 7 routed to it"),
    ("responder@justice.example", "Responder", "Ministry of Justice: Kent's recommendation 3, overdue"),
]


class Command(BaseCommand):
    help = (
        "Create demo users for every role, the 2014 Kent review through to its issued letter, a Medway review "
        "waiting for intake, and a Panel meeting of 1 December 2026 being held, with two reviews and their "
        "readers' assessments, responders at two national bodies answering Kent's national recommendations, "
        "and ten years of fictional reviews for the delay dashboard. Safe to run again. "
        "Needs the signing key (create_signing_certificate)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-history", action="store_true",
                            help="Leave out the delay dashboard's ten years of fictional reviews.")

    def handle(self, *args, **options):
        with transaction.atomic():
            people = load_people()
        try:
            kent = load_kent_scenario(people)
        except SigningKeyMissing as missing:
            raise CommandError(f"{missing} The chair's signature on the Kent letter needs it.") from None
        medway = load_medway_received(people)
        current = load_current_meeting(people)
        national = load_national(people)
        history = None if options["no_history"] else load_history(people)
        self.stdout.write("Kent 2014 scenario " + ("created" if kent else "already present") + ".")
        self.stdout.write("Medway 2026 review " + ("created" if medway else "already present") + ".")
        self.stdout.write("Panel meeting of 1 December 2026 " + ("created" if current else "already present") + ".")
        self.stdout.write("National body responders " + ("created" if national else "already present") + ".")
        if not options["no_history"]:
            self.stdout.write(
                f"History for the delay dashboard: {len(history.reviews)} fictional reviews, {history.meetings} "
                f"meetings, {history.letters} letters, {history.publications} publications created." if history
                else "History for the delay dashboard already present.")
        self.stdout.write("\nDemo logins (password for all: %s):" % DEMO_PASSWORD)
        for email, role, what in LOGINS:
            self.stdout.write(f"  {role:<14} {email:<34} {what}")
        # Demo accounts have no authenticator app: each sets one up at its first sign-in, as a new person would.
        self.stdout.write(
            "\nHome Office accounts (secretariat, chair, panel members) and national body responders set up\n"
            "two-factor sign-in the first time they sign in: scan the QR code with an authenticator app, or type\n"
            "the key shown (on the command line, `oathtool --totp -b KEY` prints the code). CSP officers sign in\n"
            "with their password only, unless DHRQA_MFA_FOR_CSP_OFFICERS=true."
        )
