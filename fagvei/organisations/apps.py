from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "fagvei.organisations"
    label = "organisations"
    verbose_name = "Organisations"
