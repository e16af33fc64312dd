from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "fagvei.plans"
    label = "plans"
    verbose_name = _("Training plans and assessments")

    def ready(self) -> None:
        # A section of the pathway page, events on its timeline, and the API's routes
        # (under /pathways/{id}/plan, /plan-goals/{id}, /pathways/{id}/assessments, /assessments/{id}).
        from fagvei.core.registry import register_api_router

        from . import deadlines, events, sections

        register_api_router("", "fagvei.plans.api")
        sections.register()
        events.register()
        # Its deadline rules (fagvei/core/deadlines.py).
        deadlines.register()
