"""Why a claim scored as it did (``Claim.score_signals``), and an editor's dismissal of a wrong match.

No backfill: claims stored before signals were kept show none, like claims added by hand.
"""
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0003_claim_restatement_and_origin'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='claim',
            name='score_signals',
            field=models.JSONField(blank=True, default=list, help_text='The signals behind the score.'),
        ),
        migrations.CreateModel(
            name='MatchDismissal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('score', models.FloatField(blank=True, help_text='The match score when it was dismissed.', null=True)),
                ('reason', models.TextField(blank=True)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('archived', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='dismissals', to='claims.archivedfactcheck')),
                ('claim', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='match_dismissals', to='claims.claim')),
                ('dismissed_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('other_claim', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='claims.claim')),
            ],
            options={
                'ordering': ['-created_at', '-id'],
                'constraints': [models.UniqueConstraint(condition=models.Q(('archived__isnull', False)), fields=('claim', 'archived'), name='match_dismissal_unique_archived'), models.UniqueConstraint(condition=models.Q(('other_claim__isnull', False)), fields=('claim', 'other_claim'), name='match_dismissal_unique_claim'), models.CheckConstraint(condition=models.Q(models.Q(('archived__isnull', False), ('other_claim__isnull', True)), models.Q(('archived__isnull', True), ('other_claim__isnull', False)), _connector='OR'), name='match_dismissal_one_target')],
            },
        ),
    ]
