from django.urls import path

from livsmiljo.workshops import views, views_live

app_name = "workshops"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("nytt/", views.meeting_create, name="create"),
    path("moten/<int:pk>/", views.meeting_edit, name="edit"),
    path("moten/<int:pk>/program/", views.agenda_edit, name="agenda"),
    path("moten/<int:pk>/fragor/", views.poll_add, name="poll_add"),
    path("moten/<int:pk>/dokumentation/", views.meeting_documentation, name="documentation"),
    path("moten/<int:pk>/teman/", views.meeting_clusters, name="clusters"),
    path("moten/<int:pk>/konsol/", views_live.console, name="console"),
    path("delta/", views_live.join, name="join"),
    path("delta/<str:code>/", views_live.join, name="join_code"),
    path("m/<str:token>/", views_live.participant_page, name="participant"),
    path("skarm/<str:token>/", views_live.screen, name="screen"),
]
