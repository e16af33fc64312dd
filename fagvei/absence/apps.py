from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AbsenceConfig(AppConfig):
    name = "fagvei.absence"
    label = "absence"
    verbose_name = _("Absence")

    def ready(self) -> None:
        # A section of the pathway page, events on its timeline, and the API's routes
        # (under /pathways/{id}/absence and /absences/{id}).
        from fagvei.core.registry import register_api_router

        from . import deadlines, events, sections

        register_api_router("", "fagvei.absence.api")
        sections.register()
        events.register()
        # Its deadline rules (fagvei/core/deadlines.py).
        deadlines.register()
