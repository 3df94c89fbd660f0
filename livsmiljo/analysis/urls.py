from django.urls import path

from livsmiljo.analysis import views

app_name = "analysis"
urlpatterns = [path("", views.overview, name="overview")]
