from django.urls import path

from livsmiljo.documents import views

app_name = "documents"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("ladda-upp/", views.document_upload, name="upload"),
    path("uppladdning/<int:pk>/", views.run_detail, name="run"),
    path("uppladdning/<int:pk>/status/", views.run_progress, name="run_progress"),
    path("uppladdning/<int:pk>/forsok-igen/", views.run_retry, name="run_retry"),
    path("dokument/<int:pk>/", views.document_detail, name="detail"),
    path("dokument/<int:pk>/andra/", views.document_edit, name="edit"),
    path("dokument/<int:pk>/ta-bort/", views.document_delete_view, name="delete"),
    path("dokument/<int:pk>/las-om/", views.document_reextract, name="reextract"),
    path("omlasning/<int:pk>/", views.reextraction_detail, name="reextraction"),
    path("omlasning/<int:pk>/status/", views.reextraction_progress, name="reextraction_progress"),
]
