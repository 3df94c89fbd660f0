from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0002_agenda_block_matrix_kind"),
    ]

    operations = [
        migrations.AddField(
            model_name="meeting",
            name="ended_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="avslutades"),
        ),
    ]
