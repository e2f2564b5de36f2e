"""The language check's first phrases, from the language guidance (Level Up, the Independent, everydayvictimblaming,
the Queensland practice kit, and phrases UK practice cites as victim-blaming). The secretariat edits them after."""

from django.db import migrations

DESCRIBE_ABUSE = "Name the abuse and the person who used it: “X was abusive and controlling towards Y”."
SERVICES = "Describe what the services did or did not do: “services did not offer Y a safe route to support”."

PHRASES = [
    ("volatile ... relationship", False, "It makes the abuse sound mutual and hides who was abusive.", DESCRIBE_ABUSE),
    ("tempestuous ... relationship", False, "It makes the abuse sound mutual and romantic.", DESCRIBE_ABUSE),
    ("stormy ... relationship", False, "It makes the abuse sound mutual, like the weather: nobody's doing.",
     DESCRIBE_ABUSE),
    ("acrimonious ... relationship", False, "It makes the abuse sound mutual.", DESCRIBE_ABUSE),
    ("toxic relationship", True, "It blames the relationship, not the person who was abusive.", DESCRIBE_ABUSE),
    ("tumultuous relationship", True, "It makes the abuse sound mutual.", DESCRIBE_ABUSE),
    ("on-off relationship", True, "It shifts attention to the victim's choices rather than the abuse.",
     DESCRIBE_ABUSE),
    ("crime of passion", True, "It romanticises a killing and excuses the perpetrator.",
     "Call it what it was: “X killed Y”, the culmination of domestic abuse."),
    ("lovers' tiff", True, "It trivialises abuse as a quarrel between equals.", DESCRIBE_ABUSE),
    ("altercation", True, "It makes an assault sound like a mutual quarrel.",
     "Say who did what: “X assaulted Y”."),
    ("domestic dispute", True, "It makes abuse sound like a disagreement between equals.",
     "Say “domestic abuse”, and who did what."),
    ("isolated incident", True, "It hides a pattern of abuse and coercive control.",
     "Describe the incident as part of the pattern of abuse the review found."),
    ("snapped", True, "It treats the killing as a sudden loss of control, which excuses it; homicides usually "
     "follow a pattern of control.", "Describe what the perpetrator did, and the abuse that led to it."),
    ("lost his temper", True, "It excuses the perpetrator's violence as a loss of control.",
     "Describe what the perpetrator did: “X assaulted Y”."),
    ("out of character", False, "It presents the killing as out of the blue, which excuses the perpetrator and "
     "hides the warning signs.", "Describe the perpetrator's earlier behaviour as the review found it."),
    ("out of the blue", False, "It presents the killing as unforeseeable and hides the warning signs.",
     "Describe the earlier abuse and warning signs the review found."),
    ("mutual abuse", False, "It shares the responsibility for abuse with the victim.", DESCRIBE_ABUSE),
    ("mutual violence", False, "It shares the responsibility for violence with the victim.", DESCRIBE_ABUSE),
    ("the relationship was characterised by domestic violence", True,
     "It hides who was violent, as if the relationship were.", DESCRIBE_ABUSE),
    ("crime of jealousy", True, "It romanticises the killing and excuses the perpetrator.",
     "Name the coercive control and abuse."),
    ("failed to engage", True, "It blames the victim for what services did not offer.", SERVICES),
    ("refused to engage", True, "It blames the victim for what services did not offer.", SERVICES),
    ("non-compliant", True, "It blames the victim and hides why services were hard to use.", SERVICES),
    ("chose to return", True, "It blames the victim and ignores the danger and control that made leaving "
     "unsafe.", "Describe the control and risk: “Y returned to X, who had threatened her”."),
    ("chose to stay", True, "It blames the victim and ignores the danger and control that made leaving unsafe.",
     "Describe the control and risk that kept Y there."),
    ("hard to reach", False, "It blames the person for services that did not reach them.",
     "Say which services did not reach Y, and why."),
    ("why didn't she leave", False, "It asks the victim's question instead of the perpetrator's.",
     "Ask why the perpetrator did not stop, and what stopped Y from leaving safely."),
    ("why did she not leave", False, "It asks the victim's question instead of the perpetrator's.",
     "Ask why the perpetrator did not stop, and what stopped Y from leaving safely."),
    ("allowed herself", True, "It makes the victim responsible for the abuse she suffered.",
     "Describe what the perpetrator did to her."),
    ("provoked", True, "It shifts the blame to the victim.", "Describe what the perpetrator did."),
    ("tragedy", True, "It hides that the death was the result of domestic abuse.",
     "Name it as domestic abuse and say who did it."),
]


def seed(apps, schema_editor):
    LexiconEntry = apps.get_model("submissions", "LexiconEntry")
    LexiconEntry.objects.bulk_create(
        LexiconEntry(phrase=phrase, inflect=inflect, reason=reason, better=better)
        for phrase, inflect, reason, better in PHRASES
    )


def unseed(apps, schema_editor):
    apps.get_model("submissions", "LexiconEntry").objects.filter(phrase__in=[p[0] for p in PHRASES]).delete()


class Migration(migrations.Migration):
    dependencies = [("submissions", "0003_prescreen")]
    operations = [migrations.RunPython(seed, unseed)]
