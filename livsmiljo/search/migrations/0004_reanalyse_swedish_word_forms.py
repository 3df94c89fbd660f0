from django.db import migrations

# engine.text.ANALYSER_VERSION 2 conflates Swedish definite forms ("folkhälsan" with "folkhälsa", "landet"
# with "land"): the stored keyword index is analysed again so that passages and queries match alike.
REANALYSED_FOR = 2


def reanalyse(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from livsmiljo.search.services import keyword_index_reanalyse

    Document = apps.get_model("documents", "Document")
    keyword_index_reanalyse(documents=Document.objects.order_by("pk"))


class Migration(migrations.Migration):
    dependencies = [("search", "0003_index_snapshot"), ("documents", "0005_run_heartbeat")]

    operations = [migrations.RunPython(reanalyse, migrations.RunPython.noop)]
