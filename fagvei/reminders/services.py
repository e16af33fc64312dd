"""The domain function of the preference page and the API: change one's own e-mail
reminders. Atomic, row-locked, versioned, audited (codes only)."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from fagvei.audit.services import record_event
from fagvei.core import clock
from fagvei.core.domain import DomainError, StaleObject

from .models import Preference


def _weekday(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 6:
        raise DomainError(_("Weekday: choose a day from Monday to Sunday."), field="weekday")
    return value


def set_preference(*, actor: Any, digest: Any, weekday: Any = None, expected_version: int | None = None) -> Preference:
    """Set the actor's own e-mail reminders: a daily or weekly digest (on ``weekday``,
    0 = Monday), or none. ``expected_version`` is the version the user saw (0 when they
    had not chosen before); a save based on another is refused."""
    if not getattr(actor, "is_authenticated", False):
        raise DomainError(_("Log in to choose your reminders."))
    if digest not in Preference.Digest.values:
        raise DomainError(_("E-mail reminders: choose daily, weekly or none."), field="digest")
    with transaction.atomic():
        found = Preference.objects.select_for_update().filter(user_id=actor.pk).first()
        current = found.version if found is not None else 0
        if expected_version is not None and expected_version != current:
            raise StaleObject()
        # The weekday is kept when a daily digest or none is chosen without one: it is
        # there again if the user goes back to weekly.
        if weekday is None:
            day = found.weekday if found is not None else Preference.Weekday.MONDAY
        else:
            day = _weekday(weekday)
        if found is not None and (found.digest, found.weekday) == (digest, day):
            return found
        before = {"digest": found.digest, "weekday": found.weekday} if found is not None else None
        if found is None:
            found = Preference(user_id=actor.pk, digest=digest, weekday=day, changed_at=clock.now(), version=1)
            try:
                with transaction.atomic():
                    found.save(force_insert=True)
            except IntegrityError:
                # Another request made the first choice meanwhile: this one was based on none.
                raise StaleObject() from None
        else:
            found.digest, found.weekday, found.changed_at = digest, day, clock.now()
            found.version += 1
            found.save(update_fields=["digest", "weekday", "changed_at", "version"])
        record_event(
            "reminders.preference_changed",
            found,
            actor=actor,
            data={"digest": digest, "weekday": day, "before": before},
        )
    return found
