from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "fagvei.organisations"
    label = "organisations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from fagvei.core.registry import register_api_router

        from . import events

        events.register()
        register_api_router("/organisations", "fagvei.organisations.api")
