"""How the contract app's events read on the timeline (registered when the app starts).
Events carry codes, ids and dates; the text the user wrote stays on the contract's rows."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from fagvei.core.registry import register_events
from fagvei.pathways.events import _choice, _date

from .models import Ending, Kind, Submission

VERB_LABELS: dict[str, Any] = {
    "contract.created": _("Contract written"),
    "contract.updated": _("Contract changed"),
    "contract.submitted": _("Contract application sent to the county"),
    "contract.change_requested": _("Contract change sent to the county"),
    "contract.interrupted": _("Contract interrupted"),
    "contract.resumed": _("Interruption ended"),
    "contract.interruption_reported": _("Interruption reported to the county"),
    "contract.terminated": _("Contract terminated by agreement"),
    "contract.cancellation_requested": _("Cancellation asked of the county"),
    "contract.agreement_saved": _("Participation agreement saved"),
    "contract.attest_saved": _("Attest written"),
    "contract.attest_issued": _("Attest issued"),
    "submission.approved": _("The county approved"),
    "submission.returned": _("The county returned the application"),
    "submission.refused": _("The county refused"),
    "submission.acknowledged": _("The county registered it as received"),
    "county.settings_saved": _("County settings saved"),
}


def read_details(data: dict[str, Any]) -> list[str]:
    details: list[str] = []
    if "kind" in data:
        choices = Submission.Kind if data["kind"] in Submission.Kind.values else Kind
        details.append(_choice(choices, data["kind"]))
    if "days_away" in data:
        details.append(str(_("%(days)s days away") % {"days": data["days_away"]}))
    if "end_before" in data and "end_after" in data:
        details.append(
            str(
                _("End of training moved from %(before)s to %(after)s")
                % {"before": _date(data["end_before"]), "after": _date(data["end_after"])}
            )
        )
    if "starts_on" in data:
        details.append(str(_("Away from %(date)s") % {"date": _date(data["starts_on"])}))
    if "last_day" in data:
        details.append(str(_("Last day %(date)s") % {"date": _date(data["last_day"])}))
    if "ground" in data:
        details.append(_choice(Ending.Ground, data["ground"]))
    if "requested_by" in data:
        details.append(str(_("Asked for by: %(who)s") % {"who": _choice(Ending.RequestedBy, data["requested_by"])}))
    if data.get("in_fagvei") is False:
        details.append(str(_("Recorded from the county's decision outside fagvei")))
    if "documents" in data:
        details.append(str(_("%(n)s documents sent") % {"n": data["documents"]}))
    return details


def register() -> None:
    register_events(VERB_LABELS, read_details)
