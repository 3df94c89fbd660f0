from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "livsmiljo.analysis"
    label = "analysis"
