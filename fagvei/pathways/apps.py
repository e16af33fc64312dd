from django.apps import AppConfig


class PathwaysConfig(AppConfig):
    name = "fagvei.pathways"
    label = "pathways"
    verbose_name = "Pathways"
