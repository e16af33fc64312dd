from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CurriculaConfig(AppConfig):
    name = "fagvei.curricula"
    label = "curricula"
    verbose_name = _("Trades and curricula")

    def ready(self) -> None:
        from fagvei.core.registry import register_api_router

        register_api_router("/curricula", "fagvei.curricula.api")
