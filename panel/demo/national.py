"""Demo responders at two national bodies, and the Kent 2014 review's national recommendations moved on by them.

Confirming the Kent verdict in January 2014 routed its national recommendations (kent_2014.py): 3 to the
Ministry of Justice, 4 and 7 to the Home Office, 5, 6 and 8 to DHSC. Here the Home Office answers two of
them at the dates given, through the tracker's own services; the Ministry of Justice has not answered its
one, which is overdue, so the secretariat sees a chaser to send; DHSC has no demo responder.
"""

import datetime

from django.utils import timezone

from dhrqa import clock
from dhrqa.enums import NationalBody, Role
from dhrqa.models import User
from panel.demo.kent_2014 import DEMO_PASSWORD, REFERENCE
from panel.models import RoutedRecommendation
from panel.services import national_tracker

RESPONDERS = [
    ("responder@homeoffice.example", "Robin Responder", NationalBody.HOME_OFFICE),
    ("responder@justice.example", "Jordan Justice", NationalBody.MINISTRY_OF_JUSTICE),
]
# (recommendation number, date and time, move, note), for the Home Office's two.
HOME_OFFICE_STEPS = [
    ("4", (2014, 2, 17, 10), "acknowledge", "Received by the Violent Crime Unit."),
    ("4", (2014, 3, 3, 11), "accept", "We will ask the College of Policing about guidance on moving records."),
    ("4", (2014, 5, 12, 15), "start", "The College of Policing is reviewing its guidance on the Police National "
                                      "Database."),
    ("7", (2014, 2, 17, 10, 5), "acknowledge", ""),
    ("7", (2014, 3, 3, 11, 30), "decline", "The Overview Report Writing guide already covers hearing from the "
                                           "perpetrator; no further guidance is planned."),
]


def load_national(people):
    """Create the demo responders and move the Home Office's routed recommendations. Returns False if present."""
    if User.objects.filter(email=RESPONDERS[0][0]).exists():
        return False
    responders = {
        body: User.objects.create_user(email, DEMO_PASSWORD, full_name=name, role=Role.RESPONDER, national_body=body)
        for email, name, body in RESPONDERS
    }
    routed = {row.number: row for row in RoutedRecommendation.objects.filter(
        review__reference=REFERENCE, body=NationalBody.HOME_OFFICE)}
    for number, when, move, note in HOME_OFFICE_STEPS:
        with clock.at(timezone.make_aware(datetime.datetime(*when))):
            arguments = {"reason": note} if move == "decline" else {"note": note}
            routed[number] = national_tracker.MOVES[move](
                routed=routed[number], by=responders[NationalBody.HOME_OFFICE], revision=routed[number].revision,
                **arguments)
    return True
