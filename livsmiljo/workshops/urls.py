from django.urls import path

from livsmiljo.workshops import views

app_name = "workshops"
urlpatterns = [path("", views.meeting_list, name="list")]
