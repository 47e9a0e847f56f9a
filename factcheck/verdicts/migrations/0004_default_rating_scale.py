"""Create the default rating scale, so a desk set up with ``migrate`` alone (``make serve``) can rate claims
and the public ``/api/v1/ratings/`` is not empty.

The data is copied here, not read from a fixture or imported from the application: a migration must give
the same result in a year, whatever the models and fixtures look like by then.

Safe on any database:
- a default scale already exists (an install that loaded the old fixture, or made its own): nothing changes;
- a scale with this slug or name exists but is not the default: it becomes the default, its ratings kept;
- otherwise the scale and its eight ratings are created.

Reversing leaves the rows: verdicts may point at them (``Rating`` is protected), and a scale is the desk's
data once it exists.
"""
from django.db import migrations

SCALE = {
    "name": "Factdesk truth scale",
    "slug": "truth-scale",
    "description": "Six steps from True to Fabricated, plus two outcomes outside the scale.",
}

# (value, label, slug, description, colour): position is the order here, best first.
RATINGS = [
    (6, "True", "true", "The claim is accurate and nothing significant is missing.", "#1a7f37"),
    (5, "Mostly true", "mostly-true", "Accurate, but needs clarification or additional information.", "#4d7c0f"),
    (4, "Half true", "half-true",
     "Partially accurate; leaves out important details or takes things out of context.", "#8a6100"),
    (3, "Mostly false", "mostly-false",
     "Contains an element of truth but ignores facts that would give a different impression.", "#b35900"),
    (2, "False", "false", "The claim is not accurate.", "#c62828"),
    (1, "Fabricated", "fabricated", "Not accurate and invented: no basis in any source.", "#7b1fa2"),
    (None, "Unverifiable", "unverifiable", "The evidence available cannot prove or disprove the claim.", "#4a5568"),
    (None, "Missing context", "missing-context",
     "May mislead without additional context, though not false as stated.", "#1f5fa8"),
]


def create_default_scale(apps, schema_editor):
    RatingScale = apps.get_model("verdicts", "RatingScale")
    Rating = apps.get_model("verdicts", "Rating")
    if RatingScale.objects.filter(is_default=True).exists():
        return
    existing = (
        RatingScale.objects.filter(slug=SCALE["slug"]).first()
        or RatingScale.objects.filter(name=SCALE["name"]).first()
    )
    if existing is not None:
        existing.is_default = True
        existing.save(update_fields=["is_default"])
        return
    scale = RatingScale.objects.create(is_default=True, **SCALE)
    Rating.objects.bulk_create(
        Rating(scale=scale, value=value, label=label, slug=slug, description=description, colour=colour,
               position=position)
        for position, (value, label, slug, description, colour) in enumerate(RATINGS, start=1)
    )


class Migration(migrations.Migration):
    dependencies = [("verdicts", "0003_backfill_contributions")]

    operations = [migrations.RunPython(create_default_scale, migrations.RunPython.noop)]
