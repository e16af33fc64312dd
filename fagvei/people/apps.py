from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "fagvei.people"
    label = "people"
    verbose_name = "People"
