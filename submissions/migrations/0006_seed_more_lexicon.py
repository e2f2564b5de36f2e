"""More of the language check's phrases: the same words in the other order and of a marriage ("the marriage was
volatile", "described the relationship as toxic"), police shorthand that makes abuse sound mutual or minor, and
phrases that put the responsibility on the victim. Added only where the secretariat has no such phrase yet."""

from django.db import migrations

DESCRIBE_ABUSE = "Name the abuse and the person who used it: “X was abusive and controlling towards Y”."
SERVICES = "Describe what the services did or did not do: “services did not offer Y a safe route to support”."
MUTUAL = "It makes the abuse sound mutual and hides who was abusive."

PHRASES = [
    ("volatile ... marriage", False, MUTUAL, DESCRIBE_ABUSE),
    ("stormy ... marriage", False, "It makes the abuse sound mutual, like the weather: nobody's doing.",
     DESCRIBE_ABUSE),
    ("tempestuous ... marriage", False, "It makes the abuse sound mutual and romantic.", DESCRIBE_ABUSE),
    ("toxic ... marriage", False, "It blames the marriage, not the person who was abusive.", DESCRIBE_ABUSE),
    ("toxic ... relationship", False, "It blames the relationship, not the person who was abusive.",
     DESCRIBE_ABUSE),
    ("relationship ... volatile", False, MUTUAL, DESCRIBE_ABUSE),
    ("relationship ... toxic", False, "It blames the relationship, not the person who was abusive.",
     DESCRIBE_ABUSE),
    ("relationship ... stormy", False, "It makes the abuse sound mutual, like the weather: nobody's doing.",
     DESCRIBE_ABUSE),
    ("relationship ... tempestuous", False, "It makes the abuse sound mutual and romantic.", DESCRIBE_ABUSE),
    ("marriage ... volatile", False, MUTUAL, DESCRIBE_ABUSE),
    ("marriage ... toxic", False, "It blames the marriage, not the person who was abusive.", DESCRIBE_ABUSE),
    ("marriage ... stormy", False, "It makes the abuse sound mutual, like the weather: nobody's doing.",
     DESCRIBE_ABUSE),
    ("verbal domestic", True, "It makes abuse sound like a quarrel between equals, and minor.",
     "Say what the perpetrator said and did, and that it was domestic abuse."),
    ("family argument", True, "It makes an assault sound like a disagreement between equals.",
     "Say who did what: “X assaulted Y”."),
    ("domestic argument", True, "It makes abuse sound like a disagreement between equals.",
     "Say “domestic abuse”, and who did what."),
    ("jealous rage", True, "It romanticises the violence and excuses the perpetrator as out of control.",
     "Name the coercive control and abuse."),
    ("reluctant to engage", False, "It blames the victim for what services did not offer.", SERVICES),
    ("put herself at risk", True, "It makes the victim responsible for the danger the perpetrator posed.",
     "Describe the risk the perpetrator posed to her."),
    ("outburst", True, "It makes violence sound like a loss of control, which excuses it.",
     "Describe what the perpetrator did: “X assaulted Y”."),
]


def seed(apps, schema_editor):
    LexiconEntry = apps.get_model("submissions", "LexiconEntry")
    existing = {phrase.lower() for phrase in LexiconEntry.objects.filter(retired_at__isnull=True)
                .values_list("phrase", flat=True)}
    LexiconEntry.objects.bulk_create(
        LexiconEntry(phrase=phrase, inflect=inflect, reason=reason, better=better)
        for phrase, inflect, reason, better in PHRASES if phrase.lower() not in existing
    )


def unseed(apps, schema_editor):
    apps.get_model("submissions", "LexiconEntry").objects.filter(phrase__in=[p[0] for p in PHRASES]).delete()


class Migration(migrations.Migration):
    dependencies = [("submissions", "0005_prescreen_failed_and_unreadable")]
    operations = [migrations.RunPython(seed, unseed)]
