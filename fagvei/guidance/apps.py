from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidanceConfig(AppConfig):
    name = "fagvei.guidance"
    label = "guidance"
    verbose_name = _("Guidance and visits")

    def ready(self) -> None:
        # A section of the pathway page, events on its timeline, and the API's routes
        # (under /pathways/{id}/guidance, /pathways/{id}/visits, /pathways/{id}/language
        # and /visits/mine).
        from fagvei.core.registry import register_api_router

        from . import deadlines, events, sections

        register_api_router("", "fagvei.guidance.api")
        sections.register()
        events.register()
        # Its deadline rules (fagvei/core/deadlines.py).
        deadlines.register()
