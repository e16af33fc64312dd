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
        from . import events, rules

        rules.register()
        events.register()
