from django.urls import path, register_converter

from livsmiljo.reports import views_documentation as views
from livsmiljo.reports import views_export

app_name = "reports"
# organisation reports, downloads and the site preview are added below by their authors
urlpatterns: list = [
    path("moten/<int:pk>/redigera/", views.documentation_edit, name="meeting_edit"),
    path("moten/<int:pk>/skapa-pa-nytt/", views.documentation_regenerate, name="meeting_regenerate"),
    path("moten/<int:pk>/bilder/<str:name>.png", views.meeting_figure, name="meeting_figure"),
]


class ReportFormat:
    """pdf, docx, md, html, csv (one table, or a zip of all; ?tabell=<name> picks one) or xlsx."""

    regex = "pdf|docx|md|html|csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ReportFormat, "reportfmt")

# R3: downloads in every format and the organisation's strategy profile report
urlpatterns += [
    path("moten/<int:pk>/<reportfmt:fmt>/", views_export.meeting_download, name="meeting_download"),
    path("organisation/<slug:slug>/", views_export.organisation, name="organisation"),
    path(
        "organisation/<slug:slug>/<reportfmt:fmt>/",
        views_export.organisation_download,
        name="organisation_download",
    ),
    path(
        "organisation/<slug:slug>/bild/<int:number>/",
        views_export.organisation_figure,
        name="organisation_figure",
    ),
    path(
        "organisation/<slug:slug>/publicera/", views_export.organisation_publish, name="organisation_publish"
    ),
]

# R5: the facilitator's preview of the project's website (the same files `livsmiljo export-site` writes)
from livsmiljo.reports import views_site  # noqa: E402

urlpatterns += [
    path("webbplats/<int:pk>/", views_site.site_preview, name="site_preview"),
    path("webbplats/<int:pk>/<path:path>", views_site.site_file, name="site_file"),
]
