"""Record who already wrote each verdict, from the audit log (every draft save and evidence change names
its actor) and from ``Verdict.author``, so the no-self-approval rule holds for verdicts begun before
contributions were recorded.

The author field is kept as it is: before this change starting a review could move it, so it may name
someone who only started; they are recorded as a contributor too, which can only refuse a sign-off,
never allow one.
"""
from django.db import migrations

WRITES = ("verdict.save_draft", "evidence.add", "evidence.update", "evidence.remove")


def backfill(apps, schema_editor):
    AuditEvent = apps.get_model("workflows", "AuditEvent")
    Verdict = apps.get_model("verdicts", "Verdict")
    VerdictContribution = apps.get_model("verdicts", "VerdictContribution")
    verdict_of_claim = dict(Verdict.objects.values_list("claim_id", "pk"))
    spans: dict[tuple[int, int], list] = {}
    events = (
        AuditEvent.objects.filter(action__in=WRITES, actor__isnull=False, claim__isnull=False)
        .order_by("created_at", "id")
        .values_list("claim_id", "actor_id", "created_at")
    )
    for claim_id, actor_id, at in events.iterator():
        verdict_id = verdict_of_claim.get(claim_id)
        if verdict_id is None:
            continue
        span = spans.setdefault((verdict_id, actor_id), [at, at])
        span[1] = at
    for verdict_id, author_id, created_at in Verdict.objects.filter(author__isnull=False).values_list(
        "pk", "author_id", "created_at"
    ):
        spans.setdefault((verdict_id, author_id), [created_at, created_at])
    VerdictContribution.objects.bulk_create(
        [
            VerdictContribution(verdict_id=verdict_id, user_id=user_id, first_at=first, last_at=last)
            for (verdict_id, user_id), (first, last) in spans.items()
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("verdicts", "0002_verdict_contributions"),
        ("workflows", "0001_initial"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
