# The monitored sources and the entries taken from them (factcheck.sources.models).

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('articles', '0003_article_title_search'),
        ('claims', '0009_claim_language_and_tip_origin'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Source',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, unique=True, verbose_name='name')),
                ('kind', models.CharField(choices=[('rss', 'RSS or Atom feed'), ('page', 'Web page to watch'), ('claimreview', 'ClaimReview feed (fact-checks)')], max_length=12, verbose_name='kind')),
                ('url', models.URLField(max_length=2000, unique=True, verbose_name='address')),
                ('language', models.CharField(default='en', help_text='The language its articles are written in.', max_length=12, verbose_name='language')),
                ('poll_minutes', models.PositiveIntegerField(default=60, validators=[django.core.validators.MinValueValidator(5), django.core.validators.MaxValueValidator(10080)], verbose_name='poll every (minutes)')),
                ('enabled', models.BooleanField(default=True, verbose_name='enabled')),
                ('next_poll_at', models.DateTimeField(blank=True, db_index=True, null=True, verbose_name='next poll')),
                ('polling_since', models.DateTimeField(blank=True, editable=False, null=True)),
                ('last_polled_at', models.DateTimeField(blank=True, null=True, verbose_name='last polled')),
                ('last_success_at', models.DateTimeField(blank=True, null=True, verbose_name='last success')),
                ('last_failure_at', models.DateTimeField(blank=True, null=True, verbose_name='last failure')),
                ('last_error', models.TextField(blank=True, verbose_name='last failure reason')),
                ('consecutive_failures', models.PositiveIntegerField(default=0, verbose_name='failures in a row')),
                ('entries_seen', models.PositiveIntegerField(default=0, verbose_name='entries seen')),
                ('articles_ingested', models.PositiveIntegerField(default=0, verbose_name='articles ingested')),
                ('factchecks_imported', models.PositiveIntegerField(default=0, verbose_name='fact-checks imported')),
                ('etag', models.CharField(blank=True, editable=False, max_length=500)),
                ('last_modified', models.CharField(blank=True, editable=False, max_length=100)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'monitored source',
                'verbose_name_plural': 'monitored sources',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='SourceEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(max_length=500)),
                ('fingerprint', models.CharField(blank=True, max_length=64)),
                ('title', models.CharField(blank=True, max_length=500)),
                ('url', models.URLField(blank=True, max_length=2000)),
                ('outcome', models.CharField(choices=[('article', 'New article'), ('known', 'Article already on the desk'), ('fetching', 'Article page being fetched'), ('factcheck', 'Fact-check imported'), ('refused', 'Refused')], max_length=12)),
                ('note', models.TextField(blank=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('article', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='articles.article')),
                ('factcheck', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='claims.archivedfactcheck')),
                ('source', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='entries', to='sources.source')),
            ],
            options={
                'verbose_name': 'source entry',
                'verbose_name_plural': 'source entries',
                'ordering': ['-created_at'],
            },
        ),
        migrations.AddIndex(
            model_name='source',
            index=models.Index(fields=['enabled', 'next_poll_at'], name='source_due'),
        ),
        migrations.AddConstraint(
            model_name='sourceentry',
            constraint=models.UniqueConstraint(fields=('source', 'key'), name='source_entry_unique_key'),
        ),
    ]
