from django.apps import AppConfig


class CurriculaConfig(AppConfig):
    name = "fagvei.curricula"
    label = "curricula"
    verbose_name = "Curricula"
