from django.db import migrations

# The PostgreSQL backend's merged keyword segment (search/backends/postgres.py): its tables, built from the
# postings already stored. Nothing happens on SQLite.


def create_segment(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from livsmiljo.search.backends import postgres

    for statement in postgres.create_sql():  # IF NOT EXISTS: only the new tables are created
        schema_editor.execute(statement)
    postgres.PostgresBackend(sql=postgres.DjangoSql()).compact(force=True)


def drop_segment(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in ("search_pg_stale", "search_pg_fresh", "search_pg_segment"):
        schema_editor.execute(f"DROP TABLE IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("search", "0005_postgres_search_tables")]

    operations = [migrations.RunPython(create_segment, drop_segment)]
