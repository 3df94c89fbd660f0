from django.apps import AppConfig


class LivsmiljoConfig(AppConfig):
    name = "livsmiljo"
    verbose_name = "Livsmiljö"
