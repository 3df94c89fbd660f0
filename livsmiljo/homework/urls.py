from django.urls import path

from livsmiljo.homework import views

app_name = "homework"
urlpatterns = [
    path("", views.index, name="index"),
    path("mote/<int:meeting_id>/", views.meeting_homework, name="meeting"),
    path("mote/<int:meeting_id>/oversikt/", views.overview, name="overview"),
    path("mote/<int:meeting_id>/fran-mallen/", views.create_from_seed, name="create_from_seed"),
    path("mote/<int:meeting_id>/ny/", views.assignment_new, name="assignment_new"),
    path("uppgift/<int:pk>/andra/", views.assignment_edit, name="assignment_edit"),
    path("uppgift/<int:pk>/ta-bort/", views.assignment_delete, name="assignment_delete"),
    path("uppgift/<int:pk>/lamna-in/", views.submit, name="submit"),
    path("inlamning/<int:pk>/", views.submission_detail, name="submission"),
]
