"""Outcome sets and the QA criteria become data, seeded with what the Panel has used.

The date the publication outcomes replaced adequate/inadequate is not
published: 1 December 2016 (the December 2016 statutory guidance) is an
assumption the secretariat can correct in /admin/.
"""

import datetime

import dhrqa.clock
import django.db.models.deletion
from django.db import migrations, models

OUTCOME_SETS = [
    {
        "code": "adequacy-2011", "name": "Adequate or inadequate", "case_kind": "review",
        "in_force_from": datetime.date(2011, 4, 13),
        "outcomes": [("adequate", "Adequate", False), ("inadequate", "Inadequate", True)],
    },
    {
        "code": "publication-2016", "name": "Publish, publish after changes or resubmit", "case_kind": "review",
        "in_force_from": datetime.date(2016, 12, 1),
        "outcomes": [
            ("publish", "Publish", False),
            ("publish_after_changes", "Publish after changes", True),
            ("resubmit", "Resubmit", True),
        ],
    },
    {
        "code": "not-to-review-2011", "name": "A CSP's decision not to hold a review", "case_kind": "not_to_review",
        "in_force_from": datetime.date(2011, 4, 13),
        "outcomes": [
            ("decision_agreed", "Agree with the decision not to review", False),
            ("decision_reconsider", "Ask the CSP to reconsider its decision", True),
            ("review_direction_advised", "Advise the Home Secretary to direct a review", False),
        ],
    },
]

ADEQUACY = ["Adequate", "Inadequate"]
# The headings of the Home Office's "Criteria for considering DHR reports". Only the first
# three criteria's guidance is public; the rest summarise what QA letters ask for.
CRITERIA = [
    ("Timescales", "all",
     "Decisions and notifications made in line with the guidance; lessons acted on without waiting for the "
     "end of the review; agencies told promptly so they can secure records; the review completed within six "
     "months unless another timeframe was agreed."),
    ("Decision to review", "all",
     "The CSP chair decided with local experts, not in isolation."),
    ("Scope and terms of reference", "review",
     "The scope was carefully considered and clear terms of reference were drawn up and placed early in the "
     "report."),
    ("Independence of the chair and panel", "review",
     "The chair and the review panel are independent of the agencies involved; the panel's membership is "
     "appropriate, with reasons given for any agency left out."),
    ("Agency involvement and individual management reviews", "review",
     "The relevant agencies took part and their individual management reviews are drawn together."),
    ("Family involvement and the victim's voice", "review",
     "Family and friends were invited to contribute, and the report gives a sense of who the victim was."),
    ("Equality and diversity", "review",
     "The report considers the protected characteristics and any barriers to support."),
    ("Analysis and findings", "review",
     "The findings follow from the evidence and explore coercive control and other forms of abuse."),
    ("Victim-focused language", "review",
     "Responsibility rests with the perpetrator; nothing reads as blaming the victim."),
    ("Recommendations and their link to the action plan", "review",
     "Recommendations follow from the findings and each is carried into the action plan."),
    ("Consistency of the executive summary", "review",
     "The executive summary agrees with the overview report."),
    ("Anonymisation", "all",
     "Pseudonyms are used throughout; no real names or dates of birth are left in."),
]


def seed(apps, schema_editor):
    OutcomeSet = apps.get_model("panel", "OutcomeSet")
    Outcome = apps.get_model("panel", "Outcome")
    Criterion = apps.get_model("panel", "Criterion")
    for data in OUTCOME_SETS:
        outcome_set = OutcomeSet.objects.create(
            code=data["code"], name=data["name"], case_kind=data["case_kind"], in_force_from=data["in_force_from"],
        )
        Outcome.objects.bulk_create(
            Outcome(outcome_set=outcome_set, code=code, label=label, position=position, needs_new_version=again)
            for position, (code, label, again) in enumerate(data["outcomes"], start=1)
        )
    Criterion.objects.bulk_create(
        Criterion(position=position, heading=heading, applies_to=applies_to, guidance=guidance,
                  judgement_options=ADEQUACY)
        for position, (heading, applies_to, guidance) in enumerate(CRITERIA, start=1)
    )


def unseed(apps, schema_editor):
    apps.get_model("panel", "Criterion").objects.all().delete()
    apps.get_model("panel", "Outcome").objects.all().delete()
    apps.get_model("panel", "OutcomeSet").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("panel", "0002_letter_templates"),
    ]

    operations = [
        migrations.CreateModel(
            name="OutcomeSet",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.SlugField(max_length=50, unique=True)),
                ("name", models.CharField(max_length=200)),
                ("case_kind", models.CharField(
                    choices=[("review", "Review"), ("not_to_review", "Decision not to review")], max_length=30)),
                ("in_force_from", models.DateField()),
            ],
            options={
                "ordering": ["case_kind", "-in_force_from"],
                "constraints": [models.UniqueConstraint(fields=("case_kind", "in_force_from"),
                                                        name="one_outcome_set_per_kind_and_date")],
            },
        ),
        migrations.CreateModel(
            name="Outcome",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.SlugField(max_length=50)),
                ("label", models.CharField(max_length=200)),
                ("position", models.PositiveSmallIntegerField()),
                ("needs_new_version", models.BooleanField(default=False)),
                ("outcome_set", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT,
                                                  related_name="outcomes", to="panel.outcomeset")),
            ],
            options={
                "ordering": ["outcome_set", "position"],
                "constraints": [
                    models.UniqueConstraint(fields=("outcome_set", "code"), name="outcome_code_unique_in_set"),
                    models.UniqueConstraint(fields=("outcome_set", "position"), name="outcome_position_unique_in_set"),
                ],
            },
        ),
        migrations.CreateModel(
            name="Criterion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveSmallIntegerField()),
                ("heading", models.CharField(max_length=200)),
                ("guidance", models.TextField(blank=True, help_text="What the Panel looks for")),
                ("judgement_options", models.JSONField()),
                ("applies_to", models.CharField(
                    choices=[("all", "Reviews and decisions not to review"), ("review", "Reviews only"),
                             ("not_to_review", "Decisions not to review only")],
                    default="all", max_length=30)),
                ("is_active", models.BooleanField(default=True)),
                ("changed_at", models.DateTimeField(default=dhrqa.clock.now)),
            ],
            options={"verbose_name_plural": "criteria", "ordering": ["position", "id"]},
        ),
        migrations.RunPython(seed, unseed),
    ]
