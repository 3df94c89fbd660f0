"""One answer per (question, participant, nonce): a re-sent answer is never saved twice, even by two web
processes at once. Duplicates an older database may hold are removed first, keeping the earliest."""

from django.db import migrations, models
from django.db.models import Min


def remove_duplicates(apps, schema_editor):
    Response = apps.get_model("workshops", "Response")
    repeated = (
        Response.objects.exclude(nonce="")
        .values("poll_id", "participant_id", "nonce")
        .annotate(first=Min("id"), n=models.Count("id"))
        .filter(n__gt=1)
    )
    for row in repeated:
        Response.objects.filter(
            poll_id=row["poll_id"], participant_id=row["participant_id"], nonce=row["nonce"]
        ).exclude(id=row["first"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0005_participant_user"),
    ]

    operations = [
        migrations.RunPython(remove_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="response",
            constraint=models.UniqueConstraint(
                condition=models.Q(("nonce", ""), _negated=True),
                fields=("poll", "participant", "nonce"),
                name="one_response_per_nonce",
            ),
        ),
    ]
