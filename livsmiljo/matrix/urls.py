from django.urls import path

from livsmiljo.matrix import views, views_scoring

app_name = "matrix"
urlpatterns = [
    path("", views.matrix_list, name="list"),
    path("ny/", views.matrix_create, name="create"),
    path("ny/kandidater/", views.document_goals, name="document_goals"),
    path("importera/", views.matrix_import, name="import"),
    path("<int:pk>/", views.matrix_detail, name="detail"),
    path("<int:pk>/mal/", views.goals_edit, name="goals"),
    path("<int:pk>/export.<str:fmt>", views.matrix_export, name="export"),
    path("<int:pk>/bedom/", views_scoring.score, name="score"),
    path("<int:pk>/bedom/<int:source>/<int:target>/", views_scoring.score_cell, name="score_cell"),
    path("<int:pk>/par/<int:source>/<int:target>/", views_scoring.cell, name="cell"),
    path("<int:pk>/par/<int:source>/<int:target>/enas/", views_scoring.agree, name="agree"),
]

# E2: analysis, charts, comparison and the library's evidence per pair (views_analysis.py)
from livsmiljo.matrix import views_analysis  # noqa: E402

urlpatterns += [
    path("<int:pk>/analys/", views_analysis.analysis, name="analysis"),
    path("<int:pk>/diagram/<str:kind>.<str:fmt>", views_analysis.chart, name="chart"),
    path("jamfor/", views_analysis.compare, name="compare"),
    path(
        "jamfor/<int:base>/<int:other>/diagram.<str:fmt>",
        views_analysis.compare_chart,
        name="compare_chart",
    ),
    path("<int:pk>/par/<int:source>/<int:target>/stod/", views_analysis.evidence, name="evidence"),
]

# F: live scoring in a meeting (views_live.py; the scoring itself runs over the meeting's WebSockets)
from livsmiljo.matrix import views_live  # noqa: E402

urlpatterns += [
    path("<int:pk>/mote/", views_live.use_in_meeting, name="use_in_meeting"),
    path("programpunkt/<int:block_id>/", views_live.block_link, name="block_link"),
]

# Issue 12 (R5): the manager puts the matrix on the learning project's website
from livsmiljo.matrix import views_publish  # noqa: E402

urlpatterns += [path("<int:pk>/webbplats/", views_publish.publish, name="publish")]
