from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('dhrqa', '0005_invitations_and_password_resets'),
    ]

    operations = [
        migrations.AddField(
            model_name='user',
            name='session_generation',
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
    ]
