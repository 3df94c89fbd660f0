"""The database cache's table (settings, "Shared cache"): rate limits count in it when Redis is not used.

`createcachetable` is idempotent and creates nothing when the cache is Redis; after switching from Redis to
the database cache, run `livsmiljo createcachetable` once.
"""

from typing import Any

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps: Any, schema_editor: Any) -> None:
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies: list[tuple[str, str]] = []
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
