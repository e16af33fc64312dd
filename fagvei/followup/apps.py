from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "fagvei.followup"
    label = "followup"
    verbose_name = _("Follow-up")

    def ready(self) -> None:
        # A section of the pathway page, events on its timeline, and the API's routes
        # (under /pathways/{id}/meetings, /meetings/{id} and /action-items/{id}).
        from fagvei.core.registry import register_api_router

        from . import deadlines, events, panels, sections

        register_api_router("", "fagvei.followup.api")
        sections.register()
        events.register()
        # Its deadline rules (fagvei/core/deadlines.py).
        deadlines.register()
        # Panels of the start page: this month's themes, my tasks, a mentor's participants.
        panels.register()
        register_api_router("", "fagvei.followup.scheme_api")
