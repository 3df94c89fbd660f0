from django.urls import path

from livsmiljo.organisations import views

app_name = "organisations"
urlpatterns = [path("", views.organisation_list, name="list")]
