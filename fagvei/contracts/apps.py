from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "fagvei.contracts"
    label = "contracts"
    verbose_name = _("Contracts")

    def ready(self) -> None:
        # The contract's section on the pathway page, its events on the timeline, and the
        # rules it adds to the pathway's steps (a signed contract before training starts).
        from . import events, rules, sections

        rules.register()
        sections.register()
        events.register()
