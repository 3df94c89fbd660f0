from django.apps import AppConfig


class HomeworkConfig(AppConfig):
    name = "livsmiljo.homework"
    label = "homework"
