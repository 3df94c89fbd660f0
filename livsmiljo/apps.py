from django.apps import AppConfig


class LivsmiljoConfig(AppConfig):
    name = "livsmiljo"
    verbose_name = "Livsmiljö"

    def ready(self) -> None:
        from livsmiljo import dbcheck  # noqa: F401  (registers the database check that stops `migrate`)
