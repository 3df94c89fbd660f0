from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    name = "livsmiljo.workshops"
    label = "workshops"
