from django.urls import path

from livsmiljo.workshops import views, views_editing, views_live

app_name = "workshops"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("nytt/", views.meeting_create, name="create"),
    path("moten/<int:pk>/", views.meeting_edit, name="edit"),
    path("moten/<int:pk>/program/", views.agenda_edit, name="agenda"),
    path("moten/<int:pk>/program/<int:block_id>/", views_editing.block_edit, name="block_edit"),
    path("moten/<int:pk>/fragor/", views.poll_add, name="poll_add"),
    path("moten/<int:pk>/fragor/<int:poll_id>/", views_editing.poll_edit, name="poll_edit"),
    path("moten/<int:pk>/fragor/<int:poll_id>/ta-bort/", views_editing.poll_delete, name="poll_delete"),
    path("moten/<int:pk>/dokumentation/", views.meeting_documentation, name="documentation"),
    path("moten/<int:pk>/teman/", views.meeting_clusters, name="clusters"),
    path("moten/<int:pk>/konsol/", views_live.console, name="console"),
    path("delta/", views_live.join, name="join"),
    path("delta/<str:code>/", views_live.join, name="join_code"),
    path("m/<str:token>/", views_live.participant_page, name="participant"),
    path("skarm/<str:token>/", views_live.screen, name="screen"),
]

# R4: invitations and registration (views_registration.py)
from livsmiljo.workshops import views_registration  # noqa: E402

urlpatterns += [
    path("inbjudan/<str:token>/", views_registration.invitation, name="invitation"),
    path("moten/<int:pk>/inbjudan/", views_registration.invitation_edit, name="invitation_edit"),
    path("moten/<int:pk>/anmalan/", views_registration.register, name="register"),
    path("moten/<int:pk>/anmalningar/", views_registration.registrations, name="registrations"),
    path(
        "moten/<int:pk>/anmalningar.<str:fmt>",
        views_registration.registrations_export,
        name="registrations_export",
    ),
    path("moten/<int:pk>/kalender.ics", views_registration.calendar, name="calendar"),
]
