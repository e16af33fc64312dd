from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExamsConfig(AppConfig):
    name = "fagvei.exams"
    label = "exams"
    verbose_name = _("Exams")

    def ready(self) -> None:
        # The exams' section on the pathway page, their events on the timeline, their
        # deadline rules, the rule that a pathway is completed by a passed trade test,
        # and the API's routes (under /pathways/{id}/exams and /exams).
        from fagvei.core.registry import register_api_router

        from . import deadlines, events, rules, sections

        register_api_router("", "fagvei.exams.api")
        rules.register()
        sections.register()
        events.register()
        # Its deadline rules (fagvei/core/deadlines.py).
        deadlines.register()
