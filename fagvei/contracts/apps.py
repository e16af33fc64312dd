from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "fagvei.contracts"
    label = "contracts"
    verbose_name = _("Contracts")

    def ready(self) -> None:
        # The contract's section on the pathway page, its events on the timeline, the
        # rules it adds to the pathway's steps (a signed contract before training starts),
        # and the API's routes (under /pathways/{id}/contract and /county/submissions).
        from fagvei.core.registry import register_api_router

        from . import deadlines, events, rules, sections

        register_api_router("", "fagvei.contracts.api")
        register_api_router("", "fagvei.contracts.county_api")
        rules.register()
        sections.register()
        events.register()
        # Its deadline rules (fagvei/core/deadlines.py).
        deadlines.register()
