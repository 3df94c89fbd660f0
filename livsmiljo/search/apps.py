from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "livsmiljo.search"
    label = "search"
