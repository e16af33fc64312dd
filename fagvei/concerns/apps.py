from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConcernsConfig(AppConfig):
    name = "fagvei.concerns"
    label = "concerns"
    verbose_name = _("Concerns")

    def ready(self) -> None:
        # Its section of the pathway page, and how its events read on the timeline (ids
        # and step codes only, each linking to the concern's page, which decides who may open it).
        from fagvei.core.registry import register_api_router, register_row_rule

        from . import access, deadlines, events, panels, sections

        # Need to know for its meetings in the follow-up app (seed 004): every meeting
        # list and page there applies it (fagvei/followup/access.py).
        register_row_rule("followup.Meeting", access.meeting_rule)

        register_api_router("", "fagvei.concerns.api")
        sections.register()
        panels.register()
        events.register()
        # Its deadline rule: a concern with no conversation after a week (fagvei/core/deadlines.py).
        deadlines.register()
