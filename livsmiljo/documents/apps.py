from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "livsmiljo.documents"
    label = "documents"
