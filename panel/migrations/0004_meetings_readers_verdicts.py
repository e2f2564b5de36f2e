"""Meetings with members and states, readers and assessments, conflicts of interest, pending and confirmed
verdicts whose outcomes come from outcome sets, and responses tied to the submission's recommendations."""

import dhrqa.clock
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


ERA_SETS = {"adequacy": "adequacy-2011", "publication": "publication-2016", "not_to_review": "not-to-review-2011"}


def carry_over(apps, schema_editor):
    """Existing rows in the new shape: sets for eras, outcomes for codes, recommendations for numbers.

    Meetings and verdicts from before this change were held and decided the
    old way: every verdict was final, so it is confirmed, and a meeting whose
    items all have one is closed.
    """
    LetterTemplate = apps.get_model("panel", "LetterTemplate")
    Verdict = apps.get_model("panel", "Verdict")
    Outcome = apps.get_model("panel", "Outcome")
    Response = apps.get_model("panel", "NationalRecommendationResponse")
    Recommendation = apps.get_model("submissions", "Recommendation")
    Meeting = apps.get_model("panel", "Meeting")
    AgendaItem = apps.get_model("panel", "AgendaItem")
    OutcomeSet = apps.get_model("panel", "OutcomeSet")
    sets = {era: OutcomeSet.objects.get(code=code) for era, code in ERA_SETS.items()}
    for template in LetterTemplate.objects.all():
        template.outcome_set = sets[template.era]
        template.save(update_fields=["outcome_set"])
    for verdict in Verdict.objects.select_related("agenda_item"):
        verdict.outcome_ref = Outcome.objects.get(outcome_set=sets[verdict.era], code=verdict.outcome)
        verdict.status = "confirmed"
        verdict.confirmed_by_id = verdict.recorded_by_id
        verdict.confirmed_at = verdict.recorded_at
        verdict.save(update_fields=["outcome_ref", "status", "confirmed_by", "confirmed_at"])
        AgendaItem.objects.filter(pk=verdict.agenda_item_id).update(status="discussed")
    for response in Response.objects.select_related("verdict__agenda_item"):
        numbers = [str(number) for number in response.recommendation_numbers]
        rows = list(Recommendation.objects.filter(
            submission_id=response.verdict.agenda_item.submission_id, number__in=numbers).order_by("position"))
        response.recommendations.set(rows)
        body = next((row.national_body for row in rows if row.national_body and row.national_body != "other"), "")
        response.routed_to = body or "home_office"
        response.save(update_fields=["routed_to"])
    for meeting in Meeting.objects.all():
        items = AgendaItem.objects.filter(meeting=meeting)
        if items.exists() and not items.filter(verdict__isnull=True).exists():
            meeting.status = "closed"
            meeting.papers_released_at = meeting.held_at = meeting.closed_at = meeting.created_at
            meeting.save(update_fields=["status", "papers_released_at", "held_at", "closed_at"])


class Migration(migrations.Migration):

    dependencies = [
        ('panel', '0003_outcome_sets_and_criteria'),
        ('submissions', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Assessment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('not_started', 'Not started'), ('draft', 'Draft'), ('submitted', 'Submitted')], default='draft', max_length=20)),
                ('strengths', models.TextField(blank=True)),
                ('started_at', models.DateTimeField(default=dhrqa.clock.now)),
                ('saved_at', models.DateTimeField(default=dhrqa.clock.now)),
                ('submitted_at', models.DateTimeField(blank=True, null=True)),
            ],
        ),
        migrations.CreateModel(
            name='ConflictOfInterest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('personal', 'Personal'), ('professional', 'Professional or employer'), ('local_area', 'Local area'), ('other', 'Other')], max_length=20)),
                ('reason', models.TextField()),
                ('declared_at', models.DateTimeField(default=dhrqa.clock.now)),
            ],
            options={
                'ordering': ['review', 'declared_at'],
            },
        ),
        migrations.CreateModel(
            name='CriterionJudgement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('judgement', models.CharField(blank=True, max_length=100)),
                ('comment', models.TextField(blank=True)),
            ],
            options={
                'ordering': ['assessment', 'criterion__position', 'criterion_id'],
            },
        ),
        migrations.CreateModel(
            name='MeetingMember',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('invited_at', models.DateTimeField(default=dhrqa.clock.now)),
                ('attended', models.BooleanField(blank=True, null=True)),
            ],
            options={
                'ordering': ['meeting', 'member__full_name'],
            },
        ),
        migrations.CreateModel(
            name='ReaderAssignment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('due_on', models.DateField()),
                ('assigned_at', models.DateTimeField(default=dhrqa.clock.now)),
                ('reminded_at', models.DateTimeField(blank=True, null=True)),
            ],
            options={
                'ordering': ['agenda_item', 'assigned_at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='SuggestedIssue',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.PositiveSmallIntegerField()),
                ('text', models.TextField()),
                ('citation', models.CharField(blank=True, max_length=200)),
            ],
            options={
                'ordering': ['assessment', 'position'],
            },
        ),
        migrations.AlterModelOptions(
            name='lettertemplate',
            options={'ordering': ['outcome_set', '-version']},
        ),
        migrations.RemoveConstraint(
            model_name='agendaitem',
            name='submission_once_per_meeting',
        ),
        migrations.RemoveConstraint(
            model_name='lettertemplate',
            name='one_template_per_era_version',
        ),
        migrations.AddField(
            model_name='agendaitem',
            name='status',
            field=models.CharField(choices=[('scheduled', 'On the agenda'), ('discussed', 'Verdict recorded')], default='scheduled', max_length=20),
        ),
        migrations.AddField(
            model_name='meeting',
            name='capacity',
            field=models.PositiveSmallIntegerField(default=10),
        ),
        migrations.AddField(
            model_name='meeting',
            name='closed_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='meeting',
            name='current_item',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='panel.agendaitem'),
        ),
        migrations.AddField(
            model_name='meeting',
            name='held_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='meeting',
            name='location',
            field=models.CharField(blank=True, help_text='The room and building', max_length=300),
        ),
        migrations.AddField(
            model_name='meeting',
            name='papers_released_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='meeting',
            name='readers_reminded_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='meeting',
            name='start_time',
            field=models.TimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='meeting',
            name='status',
            field=models.CharField(choices=[('planned', 'Planned'), ('papers_released', 'Papers released'), ('held', 'Held'), ('closed', 'Closed')], default='planned', max_length=20),
        ),
        migrations.AddField(
            model_name='meeting',
            name='video_link',
            field=models.URLField(blank=True, max_length=500),
        ),
        migrations.AddField(
            model_name='nationalrecommendationresponse',
            name='recommendations',
            field=models.ManyToManyField(related_name='panel_responses', to='submissions.recommendation'),
        ),
        migrations.AddField(
            model_name='nationalrecommendationresponse',
            name='routed_to_other',
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name='verdict',
            name='confirmed_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='verdict',
            name='confirmed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='verdict',
            name='revision',
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AddField(
            model_name='verdict',
            name='status',
            field=models.CharField(choices=[('pending', 'Pending'), ('confirmed', 'Confirmed')], default='pending', max_length=20),
        ),
        migrations.AddConstraint(
            model_name='agendaitem',
            constraint=models.UniqueConstraint(fields=('submission',), name='one_agenda_item_per_version'),
        ),
        migrations.AddField(
            model_name='assessment',
            name='recommended_outcome',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='panel.outcome'),
        ),
        migrations.AddField(
            model_name='conflictofinterest',
            name='member',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='conflicts', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='conflictofinterest',
            name='review',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='conflicts', to='submissions.review'),
        ),
        migrations.AddField(
            model_name='criterionjudgement',
            name='assessment',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='judgements', to='panel.assessment'),
        ),
        migrations.AddField(
            model_name='criterionjudgement',
            name='criterion',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='judgements', to='panel.criterion'),
        ),
        migrations.AddField(
            model_name='meetingmember',
            name='invited_by',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='meetingmember',
            name='meeting',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='panel.meeting'),
        ),
        migrations.AddField(
            model_name='meetingmember',
            name='member',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='memberships', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='meeting',
            name='members',
            field=models.ManyToManyField(related_name='meetings_invited_to', through='panel.MeetingMember', through_fields=('meeting', 'member'), to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddIndex(
            model_name='meeting',
            index=models.Index(fields=['status', 'date'], name='meeting_status_date'),
        ),
        migrations.AddField(
            model_name='readerassignment',
            name='agenda_item',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='readers', to='panel.agendaitem'),
        ),
        migrations.AddField(
            model_name='readerassignment',
            name='assigned_by',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='readerassignment',
            name='reader',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reader_assignments', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='assessment',
            name='assignment',
            field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='assessment', to='panel.readerassignment'),
        ),
        migrations.AddField(
            model_name='suggestedissue',
            name='assessment',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='suggested_issues', to='panel.assessment'),
        ),
        migrations.AddField(
            model_name='verdictissue',
            name='suggestion',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='panel.suggestedissue'),
        ),
        migrations.AddConstraint(
            model_name='conflictofinterest',
            constraint=models.UniqueConstraint(fields=('review', 'member'), name='one_conflict_per_member_and_review'),
        ),
        migrations.AddConstraint(
            model_name='criterionjudgement',
            constraint=models.UniqueConstraint(fields=('assessment', 'criterion'), name='one_judgement_per_criterion'),
        ),
        migrations.AddConstraint(
            model_name='meetingmember',
            constraint=models.UniqueConstraint(fields=('meeting', 'member'), name='member_once_per_meeting'),
        ),
        migrations.AddConstraint(
            model_name='readerassignment',
            constraint=models.UniqueConstraint(fields=('agenda_item', 'reader'), name='reader_once_per_item'),
        ),
        migrations.AddConstraint(
            model_name='assessment',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['draft', 'submitted'])), name='assessment_is_draft_or_submitted'),
        ),
        migrations.AddConstraint(
            model_name='assessment',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'submitted'), _negated=True), models.Q(('recommended_outcome__isnull', False), ('submitted_at__isnull', False)), _connector='OR'), name='submitted_assessment_is_complete'),
        ),
        migrations.AddConstraint(
            model_name='suggestedissue',
            constraint=models.UniqueConstraint(fields=('assessment', 'position'), name='one_suggestion_per_position'),
        ),
        # What was there before: letter templates and verdicts by era, responses by typed numbers.
        migrations.AddField(
            model_name='lettertemplate',
            name='outcome_set',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='letter_templates', to='panel.outcomeset'),
        ),
        migrations.AddField(
            model_name='verdict',
            name='outcome_ref',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='panel.outcome'),
        ),
        migrations.AddField(
            model_name='nationalrecommendationresponse',
            name='routed_to',
            field=models.CharField(choices=[('home_office', 'Home Office'), ('moj', 'Ministry of Justice'), ('dhsc', 'Department of Health and Social Care (DHSC)'), ('nhs_england', 'NHS England'), ('college_of_policing', 'College of Policing'), ('dfe', 'Department for Education (DfE)'), ('welsh_government', 'Welsh Government'), ('other', 'Other')], default='home_office', max_length=30),
        ),
        migrations.RunPython(carry_over, migrations.RunPython.noop),
        migrations.RemoveField(model_name='lettertemplate', name='era'),
        migrations.AlterField(
            model_name='lettertemplate',
            name='outcome_set',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='letter_templates', to='panel.outcomeset'),
        ),
        migrations.RemoveField(model_name='verdict', name='era'),
        migrations.RemoveField(model_name='verdict', name='outcome'),
        migrations.RenameField(model_name='verdict', old_name='outcome_ref', new_name='outcome'),
        migrations.AlterField(
            model_name='verdict',
            name='outcome',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='verdicts', to='panel.outcome'),
        ),
        migrations.RemoveField(model_name='nationalrecommendationresponse', name='recommendation_numbers'),
        migrations.AlterField(
            model_name='nationalrecommendationresponse',
            name='routed_to',
            field=models.CharField(choices=[('home_office', 'Home Office'), ('moj', 'Ministry of Justice'), ('dhsc', 'Department of Health and Social Care (DHSC)'), ('nhs_england', 'NHS England'), ('college_of_policing', 'College of Policing'), ('dfe', 'Department for Education (DfE)'), ('welsh_government', 'Welsh Government'), ('other', 'Other')], max_length=30),
        ),
        migrations.AddConstraint(
            model_name='lettertemplate',
            constraint=models.UniqueConstraint(fields=('outcome_set', 'version'), name='one_template_per_set_version'),
        ),
        migrations.AddConstraint(
            model_name='nationalrecommendationresponse',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('routed_to', 'other'), _negated=True), models.Q(('routed_to_other', ''), _negated=True), _connector='OR'), name='response_other_body_is_named'),
        ),
        migrations.AddConstraint(
            model_name='verdict',
            constraint=models.CheckConstraint(condition=models.Q(('status', 'pending'), models.Q(('confirmed_at__isnull', False), ('confirmed_by__isnull', False)), _connector='OR'), name='confirmed_verdict_says_by_whom'),
        ),
        migrations.AddConstraint(
            model_name='meeting',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('papers_released_at__isnull', True), ('status', 'planned')), models.Q(models.Q(('status', 'planned'), _negated=True), ('papers_released_at__isnull', False)), _connector='OR'), name='released_papers_have_a_time'),
        ),
    ]
