"""The audit trail: append-only logs and row history of personal data."""

import pytest
from django.db import DatabaseError, transaction

from fagvei.audit.models import AccessLog, Event
from fagvei.pathways import services
from tests.factories import make_pathway, make_person

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


def test_no_event_holds_text_a_user_typed(scheme, coordinator, municipality):
    """Every free-text field gets a marked value, the pathway goes the whole road, and no
    event's data may hold any of it: the event log is append-only and could never be
    pseudonymised."""
    import datetime as dt
    import json

    from django.utils import timezone

    from fagvei.organisations import services as organisations
    from fagvei.organisations.models import Organisation
    from fagvei.people import services as people
    from tests.factories import make_org, make_user

    mark = "FRITEKST"
    today = timezone.localdate()
    person = people.create_person(
        actor=coordinator,
        data={
            "first_name": f"{mark}fornavn",
            "last_name": f"{mark}etternavn",
            "email": "fritekst@example.no",
            "phone": "99999999",
            "address": f"{mark}veien 1",
        },
        organisation=municipality,
    )
    county = make_org(Organisation.Kind.COUNTY, "Fylket")
    adviser = make_user("county_adviser", county)
    company = organisations.create_organisation(
        actor=coordinator,
        data={"name": f"{mark} sykehjem", "kind": "training_company", "address": f"{mark}gata 2", "county": county},
        registered_by=municipality,
    )
    organisations.add_trade_approval(
        actor=adviser,
        organisation_id=company.pk,
        trade=scheme.trade,
        approved_on=today,
        decided_by=f"{mark} fylkeskommune",
        reference=f"{mark}/1",
    )
    pathway = services.create_pathway(
        actor=coordinator,
        participant=person,
        data={
            "track": "alternative",
            "trade": scheme.trade,
            "scheme": scheme,
            "referral_source": "nav",
            "referral_note": f"{mark} henvisning",
        },
    )
    services.start_screening(actor=coordinator, pathway_id=pathway.pk)
    notes = {
        f: f"{mark} {f}" for f in ("education_note", "work_experience_note", "motivation_note", "suitability_note")
    }
    services.save_screening(
        actor=coordinator,
        pathway_id=pathway.pk,
        expected_version=None,
        data={
            "screened_on": today,
            "norwegian_listening": "B1",
            "norwegian_reading": "B1",
            "norwegian_speaking": "B1",
            "norwegian_writing": "B1",
            "years_in_norway": 0,
            "education": "primary",
            "work_experience_years": 0,
            "motivation": 3,
            "suitability": 3,
            "life_situation": f"{mark} livssituasjon",
            "can_participate_80": False,
            "hindrances": f"{mark} hindringer",
            "income_basis": "salary",
            **notes,
        },
    )
    services.admit_pathway(actor=coordinator, pathway_id=pathway.pk, reason=f"{mark} opptak")
    services.begin_start_up(actor=coordinator, pathway_id=pathway.pk)
    services.register_consent(
        actor=coordinator, pathway_id=pathway.pk, purpose="participation", receiving_party=f"{mark} NAV", given_on=today
    )
    services.register_police_certificate(actor=coordinator, pathway_id=pathway.pk, issued_on=today, checked_on=today)
    services.add_member(actor=coordinator, pathway_id=pathway.pk, person=make_person("Fadder"), role="mentor")
    current = services.Pathway.objects.get(pk=pathway.pk)
    services.update_pathway(
        actor=coordinator,
        pathway_id=pathway.pk,
        expected_version=current.version,
        data={"workplace": company, "planned_start": today, "planned_end": today + dt.timedelta(days=700)},
    )
    # The contract's road (fagvei/contracts): written, sent, interrupted, resumed, terminated.
    from django.core.files.uploadedfile import SimpleUploadedFile

    from fagvei.contracts import services as contracts
    from fagvei.contracts.models import Contract, CountySettings
    from fagvei.demo.contracts import synthetic_pdf
    from fagvei.documents.services import upload_document

    CountySettings.objects.create(county=county, decides_in_fagvei=True, checklists={})
    contracts.create_contract(
        actor=coordinator,
        pathway_id=pathway.pk,
        data={
            "kind": "at_work",
            "start_date": today,
            "end_date": today + dt.timedelta(days=700),
            "goal": f"{mark} mål",
            "responsibilities": f"{mark} ansvar",
            "extra_conditions": f"{mark} vilkår",
            "prior_practice_years": 2,
        },
    )

    def version() -> int:
        return Contract.objects.get(pathway=pathway).version

    contracts.submit_contract_application(
        actor=coordinator, pathway_id=pathway.pk, expected_version=version(), signed_on=today
    )
    services.start_training(actor=coordinator, pathway_id=pathway.pk)
    interruption = contracts.start_interruption(
        actor=coordinator,
        pathway_id=pathway.pk,
        expected_version=version(),
        reason="parental_leave",
        starts_on=today,
        note=f"{mark} permisjon",
    )
    contracts.end_interruption(
        actor=coordinator,
        pathway_id=pathway.pk,
        expected_version=version(),
        interruption_id=interruption.pk,
        ends_on=today,
    )
    upload = SimpleUploadedFile(f"{mark}.pdf", synthetic_pdf(mark), content_type="application/pdf")
    upload_document(
        actor=coordinator, pathway_id=pathway.pk, kind="signed_agreement", title=f"{mark} avtale", upload=upload
    )
    contracts.terminate_contract(
        actor=coordinator,
        pathway_id=pathway.pk,
        expected_version=version(),
        agreed_on=today,
        last_day=today,
        reason=f"{mark} slutt",
    )
    events = list(Event.objects.all())
    assert len(events) >= 15
    leaked = [(e.verb, e.data) for e in events if mark.lower() in json.dumps(e.data, ensure_ascii=False).lower()]
    assert leaked == []
    # The text is kept where it belongs.
    pathway.refresh_from_db()
    assert pathway.decision_reason == f"{mark} opptak"
    contract = Contract.objects.get(pathway=pathway)
    assert (contract.interruptions.get().note, contract.ending.reason) == (f"{mark} permisjon", f"{mark} slutt")
