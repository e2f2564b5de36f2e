"""Where the Panel routed each recommendation (kept when the secretariat re-routes it), a withdrawn status, and what
made each step of its history."""

from django.db import migrations, models

BODIES = [('home_office', 'Home Office'), ('moj', 'Ministry of Justice'),
          ('dhsc', 'Department of Health and Social Care (DHSC)'), ('nhs_england', 'NHS England'),
          ('college_of_policing', 'College of Policing'), ('dfe', 'Department for Education (DfE)'),
          ('welsh_government', 'Welsh Government'), ('other', 'Other')]
STATUSES = [('sent', 'Sent'), ('acknowledged', 'Acknowledged'), ('accepted', 'Accepted'), ('declined', 'Declined'),
            ('in_progress', 'In progress'), ('implemented', 'Implemented'), ('withdrawn', 'Withdrawn')]
KINDS = [('routed', 'Routed by the Panel'), ('rerouted', 'Re-routed by the secretariat'),
         ('moved', "The body's step"), ('withdrawn', 'Withdrawn by the Panel')]


def routed_as_first_sent(apps, schema_editor):
    """Where each was routed: where it is, unless the secretariat re-routed it (its first re-route's audit event
    names the body it came from). A row re-created for that body by a later change of the verdict keeps its own."""
    routed_model = apps.get_model("panel", "RoutedRecommendation")
    event_model = apps.get_model("dhrqa", "AuditEvent")
    by_label = {label: value for value, label in BODIES if value != "other"}
    taken = {(row.recommendation_id, row.body, row.body_other) for row in routed_model.objects.all()}
    for row in routed_model.objects.order_by("id"):
        first = (event_model.objects.filter(object_type="panel.RoutedRecommendation", object_id=str(row.pk),
                                            action="national_recommendation_rerouted").order_by("id").first())
        routed_as = (row.body, row.body_other)
        if first is not None:
            before = first.detail.get("before", "")
            candidate = (by_label[before], "") if before in by_label else ("other", before)
            if before and (row.recommendation_id, *candidate) not in taken:
                routed_as = candidate
                taken.add((row.recommendation_id, *candidate))
        row.routed_as_body, row.routed_as_other = routed_as
        row.save(update_fields=["routed_as_body", "routed_as_other"])


def kinds(apps, schema_editor):
    """Before this, the routing had no status before it and a re-route kept the status: the rest were the body's."""
    move_model = apps.get_model("panel", "RoutedRecommendationMove")
    move_model.objects.filter(from_status="").update(kind="routed")
    move_model.objects.exclude(from_status="").filter(from_status=models.F("to_status")).update(kind="rerouted")
    move_model.objects.exclude(from_status="").exclude(from_status=models.F("to_status")).update(kind="moved")


class Migration(migrations.Migration):

    dependencies = [
        ('dhrqa', '0011_audit_actions_for_issue_9'),
        ('panel', '0012_publications'),
    ]

    operations = [
        migrations.AddField(
            model_name='routedrecommendation',
            name='routed_as_body',
            field=models.CharField(choices=BODIES, default='', max_length=30),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='routedrecommendation',
            name='routed_as_other',
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name='routedrecommendationmove',
            name='kind',
            field=models.CharField(choices=KINDS, default='moved', max_length=20),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name='routedrecommendation',
            name='status',
            field=models.CharField(choices=STATUSES, default='sent', max_length=20),
        ),
        migrations.AlterField(
            model_name='routedrecommendationmove',
            name='from_status',
            field=models.CharField(blank=True, choices=STATUSES, max_length=20),
        ),
        migrations.AlterField(
            model_name='routedrecommendationmove',
            name='to_status',
            field=models.CharField(choices=STATUSES, max_length=20),
        ),
        migrations.RunPython(routed_as_first_sent, migrations.RunPython.noop),
        migrations.RunPython(kinds, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='routedrecommendation',
            constraint=models.UniqueConstraint(fields=('recommendation', 'routed_as_body', 'routed_as_other'),
                                               name='routed_once_as_the_panel_said'),
        ),
    ]
