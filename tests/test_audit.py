"""The audit trail: append-only logs and row history of personal data."""

import pytest
from django.db import DatabaseError, transaction

from fagvei.audit.models import AccessLog, Event
from fagvei.pathways import services

from .conftest import make_pathway, make_person

pytestmark = pytest.mark.django_db


def test_events_cannot_be_changed_or_deleted(scheme, coordinator):
    pathway = make_pathway(scheme, coordinator=coordinator)
    services.start_screening(actor=coordinator, pathway_id=pathway.pk)
    event = Event.objects.get(pathway=pathway)
    with pytest.raises(DatabaseError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(verb="pathway.admit")
    with pytest.raises(DatabaseError), transaction.atomic():
        Event.objects.filter(pk=event.pk).delete()
    assert Event.objects.get(pk=event.pk).verb == "pathway.start_screening"


def test_the_access_log_cannot_be_changed_or_deleted(client, scheme, coordinator):
    pathway = make_pathway(scheme, coordinator=coordinator)
    client.force_login(coordinator)
    client.get(f"/pathways/{pathway.pk}/")
    row = AccessLog.objects.get(object_type="pathways.pathway", object_id=pathway.pk)
    assert row.user == coordinator and row.path == f"/pathways/{pathway.pk}/"
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLog.objects.filter(pk=row.pk).update(user=None)
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLog.objects.all().delete()
    assert AccessLog.objects.filter(pk=row.pk).exists()


def test_personal_data_keeps_its_row_history(db):
    person = make_person("Olena", "Kovalenko")
    person.phone = "99999999"
    person.save()
    assert person.history.count() == 2
    assert person.history.earliest().phone == ""
