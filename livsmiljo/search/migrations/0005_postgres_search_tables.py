from django.db import migrations

# The PostgreSQL backend's tables (search/backends/postgres.py): keyword postings, corpus figures and pgvector
# vectors. Nothing happens on SQLite, whose FTS5 table comes from 0001. A database that already holds
# documents (data loaded before this migration) gets them indexed here.


def create_tables(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from livsmiljo.search.backends import postgres

    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS vector")
    for statement in postgres.create_sql():
        schema_editor.execute(statement)
    Document = apps.get_model("documents", "Document")
    if not Document.objects.exists():
        return
    from livsmiljo.search.services import keyword_index_reanalyse

    keyword_index_reanalyse(documents=Document.objects.order_by("pk"))
    Passage = apps.get_model("documents", "Passage")
    backend = postgres.PostgresBackend(sql=postgres.DjangoSql())
    stored = Passage.objects.filter(embedding__isnull=False).order_by("pk")
    batch = []
    for row in stored.values_list("pk", "document_id", "embedding").iterator(chunk_size=1000):
        batch.append(row)
        if len(batch) == 1000:
            backend.store_vectors(batch)
            batch = []
    backend.store_vectors(batch)


def drop_tables(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from livsmiljo.search.backends import postgres

    for statement in postgres.DROP_SQL:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0004_reanalyse_swedish_word_forms"), ("documents", "0005_run_heartbeat")]

    operations = [migrations.RunPython(create_tables, drop_tables)]
