from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EquipmentConfig(AppConfig):
    name = "fagvei.equipment"
    label = "equipment"
    verbose_name = _("Equipment")

    def ready(self) -> None:
        # A section of the pathway page, events on its timeline, and the API's routes
        # (under /pathways/{id}/equipment and /loans/{id}).
        from fagvei.core.registry import register_api_router

        from . import events, sections

        register_api_router("", "fagvei.equipment.api")
        sections.register()
        events.register()
