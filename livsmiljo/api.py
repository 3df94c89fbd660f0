"""The JSON API (OpenAPI description at /api/docs and /api/openapi.json); each app adds its router."""

from collections.abc import Callable
from typing import Any

from csp.decorators import csp_update
from django.contrib.auth.decorators import login_required
from django.urls import path
from ninja import NinjaAPI


def _docs_for_members(view: Callable[..., Any]) -> Callable[..., Any]:
    """The docs and the schema only for a logged-in user; Swagger UI (served from ninja's own static files,
    "ninja" is in INSTALLED_APPS) draws its icons from data: URLs, allowed on this page only."""
    return login_required(csp_update({"img-src": ["data:"]})(view))


api = NinjaAPI(title="Livsmiljö API", version="1", urls_namespace="api", docs_decorator=_docs_for_members)


def _register_routers() -> None:
    from livsmiljo.search.api import router as search_router

    api.add_router("/search", search_router)

    from livsmiljo.analysis.api import router as analysis_router

    api.add_router("/analysis", analysis_router)

    from livsmiljo.matrix.api import router as matrix_router

    api.add_router("/matrix", matrix_router)


_register_routers()
urlpatterns = [path("", api.urls)]
