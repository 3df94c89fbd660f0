"""The JSON API (OpenAPI description at /api/docs and /api/openapi.json); each app adds its router."""

from django.urls import path
from ninja import NinjaAPI

api = NinjaAPI(title="Livsmiljö API", version="1", urls_namespace="api")


def _register_routers() -> None:
    from livsmiljo.search.api import router as search_router

    api.add_router("/search", search_router)

    from livsmiljo.analysis.api import router as analysis_router

    api.add_router("/analysis", analysis_router)


_register_routers()
urlpatterns = [path("", api.urls)]
