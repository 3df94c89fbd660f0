from django.urls import path, register_converter

from livsmiljo.analysis import views, views_framework, views_review


class FormatConverter:
    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FormatConverter, "fmt")


class ReviewFormatConverter(FormatConverter):
    regex = "md|docx|pdf"


register_converter(ReviewFormatConverter, "reviewfmt")

app_name = "analysis"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("dokument/<int:pk>/", views.document_profile, name="document"),
    path("dokument/<int:pk>/profil.<fmt:fmt>", views.export_document_profile, name="document_export"),
    path("organisation/<slug:slug>/", views.organisation_profile, name="organisation"),
    path(
        "organisation/<slug:slug>/profil.<fmt:fmt>",
        views.export_organisation_profile,
        name="organisation_export",
    ),
    path("organisation/<slug:slug>/tema/<slug:theme>/", views.peers, name="peers"),
    path("jamforelse/", views.compare, name="compare"),
    path("jamforelse/heatmap.png", views.heatmap, name="heatmap"),
    path("jamforelse/matris.<fmt:fmt>", views.export_matrix, name="matrix_export"),
    path("malkonflikter/", views.conflicts, name="conflicts"),
    path("stycke/<int:pk>/", views.passage_tags, name="passage"),
    path("stycke/<int:pk>/ratta/", views.passage_correct, name="passage_correct"),
    path("taggar.<fmt:fmt>", views.export_tags, name="tags_export"),
    path("ramverk/", views_framework.framework, name="framework"),
    path("ramverk/omtaggning/", views_framework.retag, name="retag"),
    path("ramverk/omtaggning/<int:pk>/", views_framework.retag_status, name="retag_status"),
    path("ramverk/<slug:kind>/ny/", views_framework.framework_edit, name="framework_new"),
    path("ramverk/<slug:kind>/<slug:key>/", views_framework.framework_edit, name="framework_edit"),
    path(
        "ramverk/<slug:kind>/<slug:key>/ta-bort/", views_framework.framework_delete, name="framework_delete"
    ),
    # issue 13, item 5: reviewing a draft against the framework and the other organisations' strategies
    path("granska/", views_review.review_start, name="review_start"),
    path("granska/<int:pk>/", views_review.review, name="review"),
    path("granska/<int:pk>/granskning.<reviewfmt:fmt>", views_review.review_download, name="review_download"),
]
