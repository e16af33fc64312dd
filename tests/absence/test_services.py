"""Registering, correcting and deleting absence: every refusal, the version, and the
events that carry ids only (never the kind: health data)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from fagvei.absence import services
from fagvei.absence.models import Absence
from fagvei.audit.models import Event
from fagvei.core.domain import DomainError, StaleObject

pytestmark = pytest.mark.django_db
D = dt.date


def _register(actor, pathway, **kw):
    data = {"kind": "sick_note", "starts_on": D(2026, 2, 2), "ends_on": D(2026, 2, 6)}
    data.update(kw)
    return services.register_absence(actor=actor, pathway_id=pathway.pk, **data)


def test_the_professional_manager_registers_and_the_event_holds_no_kind(pathway, manager):
    absence = _register(manager, pathway, note="Legeerklæring levert")
    event = Event.objects.get(verb="absence.registered")
    assert event.data == {"absence": absence.pk}
    assert "sick" not in str(event.data) and "Lege" not in str(event.data)


def test_the_coordinator_registers(pathway, coordinator):
    assert _register(coordinator, pathway, kind="self_certified").pk


@pytest.mark.parametrize("who", ["instructor", "mentor", "participant", "teacher", "other_coordinator"])
def test_others_may_not_register(who, request, pathway):
    user = request.getfixturevalue(who)
    with pytest.raises(DomainError):
        _register(user, pathway)
    assert not Absence.objects.exists()


def test_an_overlapping_period_is_refused_in_norwegian(pathway, manager):
    _register(manager, pathway)
    with pytest.raises(DomainError) as exc:
        _register(manager, pathway, starts_on=D(2026, 2, 6), ends_on=D(2026, 2, 10))
    assert exc.value.field == "starts_on"
    assert "overlapper" in str(exc.value)
    # Hours on a day already absent overlap too.
    with pytest.raises(DomainError):
        _register(manager, pathway, starts_on=D(2026, 2, 4), ends_on=D(2026, 2, 4), hours=Decimal("2"))
    assert Absence.objects.count() == 1


def test_to_before_from_is_refused(pathway, manager):
    with pytest.raises(DomainError) as exc:
        _register(manager, pathway, starts_on=D(2026, 2, 6), ends_on=D(2026, 2, 2))
    assert exc.value.field == "ends_on"


@pytest.mark.parametrize("hours", [Decimal("8"), Decimal("0"), Decimal("-1"), Decimal("7.55"), "abc"])
def test_hours_outside_a_working_day_are_refused(pathway, manager, hours):
    with pytest.raises(DomainError) as exc:
        _register(manager, pathway, starts_on=D(2026, 2, 2), ends_on=D(2026, 2, 2), hours=hours)
    assert exc.value.field == "hours"


def test_hours_over_several_days_are_refused(pathway, manager):
    with pytest.raises(DomainError) as exc:
        _register(manager, pathway, hours=Decimal("3"))
    assert exc.value.field == "hours"


def test_a_kind_not_in_the_list_is_refused(pathway, manager):
    with pytest.raises(DomainError) as exc:
        _register(manager, pathway, kind="holiday")
    assert exc.value.field == "kind"


def test_the_database_keeps_the_rules(pathway, manager):
    base = {"pathway": pathway, "registered_by": manager, "registered_at": "2026-02-02T08:00:00+01:00"}
    for bad in (
        {"kind": "sick_note", "starts_on": D(2026, 2, 6), "ends_on": D(2026, 2, 2)},
        {"kind": "nope", "starts_on": D(2026, 2, 2), "ends_on": D(2026, 2, 2)},
        {"kind": "other", "starts_on": D(2026, 2, 2), "ends_on": D(2026, 2, 3), "hours": Decimal("2")},
        {"kind": "other", "starts_on": D(2026, 2, 2), "ends_on": D(2026, 2, 2), "hours": Decimal("9")},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Absence.objects.create(**base, **bad)


def test_a_correction_checks_the_version_and_is_audited(pathway, manager):
    absence = _register(manager, pathway)
    fixed = services.update_absence(
        actor=manager,
        absence_id=absence.pk,
        expected_version=absence.version,
        kind="self_certified",
        starts_on=D(2026, 2, 2),
        ends_on=D(2026, 2, 3),
    )
    assert (fixed.version, fixed.ends_on) == (2, D(2026, 2, 3))
    with pytest.raises(StaleObject):
        services.update_absence(
            actor=manager, absence_id=absence.pk, expected_version=1, kind="other", starts_on=D(2026, 2, 2)
        )
    assert Event.objects.filter(verb="absence.corrected").get().data == {"absence": absence.pk}


def test_a_correction_may_keep_its_own_days_but_not_take_anothers(pathway, manager):
    first = _register(manager, pathway)
    second = _register(manager, pathway, starts_on=D(2026, 2, 9), ends_on=D(2026, 2, 9))
    with pytest.raises(DomainError):
        services.update_absence(
            actor=manager, absence_id=second.pk, expected_version=1, kind="other", starts_on=D(2026, 2, 6)
        )
    services.update_absence(
        actor=manager,
        absence_id=first.pk,
        expected_version=1,
        kind="other",
        starts_on=D(2026, 2, 3),
        ends_on=D(2026, 2, 6),
    )


def test_delete_checks_the_version_and_leaves_an_event(pathway, manager, instructor):
    absence = _register(manager, pathway)
    with pytest.raises(StaleObject):
        services.delete_absence(actor=manager, absence_id=absence.pk, expected_version=7)
    with pytest.raises(DomainError):
        services.delete_absence(actor=instructor, absence_id=absence.pk, expected_version=1)
    services.delete_absence(actor=manager, absence_id=absence.pk, expected_version=1)
    assert not Absence.objects.exists()
    assert Event.objects.filter(verb="absence.deleted").get().data == {"absence": absence.pk}
