from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "livsmiljo.organisations"
    label = "organisations"
