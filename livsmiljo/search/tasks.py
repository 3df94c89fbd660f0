"""Background work for search (the task calls the service in `vector_index`)."""

from django_tasks import task

from livsmiljo.search.vector_index import vector_index_build


@task()
def vector_index_build_task() -> str:
    """Build the PostgreSQL backend's HNSW index (nothing to do when it is there)."""
    return vector_index_build()
