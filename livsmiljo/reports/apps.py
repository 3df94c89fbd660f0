from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "livsmiljo.reports"
    label = "reports"
