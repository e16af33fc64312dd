"""Data for the worker tests (tests/reminders/test_worker_kill.py), run as its own
process against a database the workers share.

``setup N`` makes N coordinators, each with an e-mail address and a participant whose
police certificate is due before the start in two days; ``read`` prints every
reminder's id and status as JSON."""

from __future__ import annotations

import datetime as dt
import json
import sys

import django

django.setup()

from django.utils import timezone  # noqa: E402

from fagvei.accounts.models import Role  # noqa: E402
from fagvei.organisations.models import Organisation  # noqa: E402
from fagvei.reminders.models import Reminder  # noqa: E402
from tests.factories import make_org, make_pathway, make_person, make_scheme, make_trade, make_user  # noqa: E402


def setup(count: int) -> None:
    trade = make_trade("HEA", police=True)
    for number in range(count):
        org = make_org(Organisation.Kind.MUNICIPAL_SERVICE, f"Kommune {number}")
        user = make_user(Role.COORDINATOR, org, username=f"koord{number}")
        user.email = f"koord{number}@test.example"
        user.save()
        make_pathway(
            make_scheme(org, trade),
            stage="starting",
            coordinator=user,
            participant=make_person(f"Deltaker{number}", "Etternavn"),
            planned_start=timezone.localdate() + dt.timedelta(days=2),
        )


def read() -> list[dict[str, object]]:
    return [
        {"id": r.pk, "status": r.status, "attempts": r.attempts}
        for r in Reminder.objects.order_by("pk").only("pk", "status", "attempts")
    ]


if __name__ == "__main__":
    if sys.argv[1] == "setup":
        setup(int(sys.argv[2]))
        print("{}")
    else:
        print(json.dumps(read()))
