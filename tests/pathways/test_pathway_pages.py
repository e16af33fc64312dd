"""The pathway pages as a coordinator, a mentor and an outsider use them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from fagvei.audit.models import AccessLog, Event
from fagvei.pathways.models import Consent, Pathway, PathwayMember, PoliceCertificate, Screening, Stage
from tests.factories import make_pathway, make_person, make_ready_to_start, make_screening, make_user

pytestmark = pytest.mark.django_db

SCREENING_INPUT = {
    "screened_on": "2026-11-01",
    "norwegian_listening": "B1",
    "norwegian_reading": "A2",
    "norwegian_speaking": "B1",
    "norwegian_writing": "A2",
    "years_in_norway": "3.5",
    "education": "primary",
    "work_experience_years": "2",
    "motivation": "4",
    "suitability": "3",
    "life_situation": "Bor med to barn.",
    "can_participate_80": "on",
    "hindrances": "",
    "income_basis": "introduction_benefit",
}


@pytest.fixture
def client_as(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def test_a_coordinator_registers_a_pathway_for_a_person(client_as, coordinator, scheme):
    person = make_person("Amina", "Hassan", registered_by_organisation=scheme.organisation)
    client = client_as(coordinator)
    page = client.get(reverse("pathway_create") + f"?participant={person.pk}")
    assert page.status_code == 200

    response = client.post(
        reverse("pathway_create"),
        {
            "participant": person.pk,
            "track": "alternative",
            "trade": scheme.trade_id,
            "scheme": scheme.pk,
            "referral_source": "refugee_service",
            "coordinator": coordinator.pk,
            "referral_note": "Fra introprogrammet.",
        },
    )

    pathway = Pathway.objects.get(participant=person)
    assert response.status_code == 302 and response["Location"] == reverse("pathway_detail", args=[pathway.pk])
    assert pathway.stage == Stage.REFERRED and pathway.coordinator == coordinator
    assert Event.objects.filter(pathway=pathway, verb="pathway.created", actor=coordinator).exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("participant", ""), ("track", "nope"), ("trade", ""), ("referral_source", ""), ("scheme", "999999")],
)
def test_bad_input_on_the_new_pathway_form_names_the_field_and_saves_nothing(
    field, value, client_as, coordinator, scheme
):
    person = make_person("Amina", "Hassan", registered_by_organisation=scheme.organisation)
    data = {
        "participant": person.pk,
        "track": "alternative",
        "trade": scheme.trade_id,
        "scheme": scheme.pk,
        "referral_source": "nav",
    }
    data[field] = value
    if field == "trade":
        data["scheme"] = ""  # with a scheme, an empty trade is the scheme's
    response = client_as(coordinator).post(reverse("pathway_create"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Pathway.objects.exists()


def test_a_scheme_for_another_trade_is_refused_on_the_scheme_field(client_as, coordinator, scheme):
    from tests.factories import make_trade

    person = make_person(registered_by_organisation=scheme.organisation)
    other_trade = make_trade("ROF", police=False)
    response = client_as(coordinator).post(
        reverse("pathway_create"),
        {
            "participant": person.pk,
            "track": "alternative",
            "trade": other_trade.pk,
            "scheme": scheme.pk,
            "referral_source": "nav",
        },
    )
    assert response.status_code == 200
    assert "scheme" in response.context["form"].errors
    assert not Pathway.objects.exists()


def test_a_scheme_chosen_without_a_trade_gives_the_pathway_the_schemes_trade(client_as, coordinator, scheme):
    person = make_person(registered_by_organisation=scheme.organisation)
    response = client_as(coordinator).post(
        reverse("pathway_create"),
        {"participant": person.pk, "track": "alternative", "trade": "", "scheme": scheme.pk, "referral_source": "nav"},
    )
    pathway = Pathway.objects.get(participant=person)
    assert response.status_code == 302
    assert pathway.trade == scheme.trade and pathway.scheme == scheme


def test_neither_trade_nor_scheme_is_refused_on_the_trade_field_in_norwegian(client_as, coordinator, scheme):
    person = make_person(registered_by_organisation=scheme.organisation)
    response = client_as(coordinator).post(
        reverse("pathway_create"),
        {"participant": person.pk, "track": "alternative", "trade": "", "scheme": "", "referral_source": "nav"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["trade"]
    assert "Lærefag: Velg lærefaget, eller en ordning som lærefaget hentes fra." in html
    assert not Pathway.objects.exists()


def test_each_scheme_option_names_its_trade_for_the_browser_to_fill_in(client_as, coordinator, scheme):
    html = client_as(coordinator).get(reverse("pathway_create")).content.decode()
    assert 'data-trade-select="id_trade"' in html
    assert f'<option value="{scheme.pk}" data-trade="{scheme.trade_id}">' in html


def test_the_screening_is_registered_and_shown(client_as, coordinator, scheme):
    pathway = make_pathway(scheme, stage=Stage.SCREENING, coordinator=coordinator)
    client = client_as(coordinator)
    response = client.post(reverse("pathway_screening", args=[pathway.pk]), SCREENING_INPUT)
    assert response.status_code == 302
    screening = Screening.objects.get(pathway=pathway)
    assert screening.norwegian_listening == "B1" and screening.can_participate_80
    page = client.get(reverse("pathway_detail", args=[pathway.pk]))
    assert "Bor med to barn." in page.content.decode()
    assert AccessLog.objects.filter(user=coordinator, object_type="pathways.screening", purpose="sensitive").exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("norwegian_listening", "D9"),
        ("years_in_norway", "-1"),
        ("years_in_norway", "mange"),
        ("work_experience_years", ""),
        ("motivation", "7"),
        ("education", ""),
        ("income_basis", "lotto"),
        ("screened_on", "2999-01-01"),
        ("hindrances", ""),
    ],
)
def test_bad_screening_input_names_the_field_and_saves_nothing(field, value, client_as, coordinator, scheme):
    pathway = make_pathway(scheme, stage=Stage.SCREENING, coordinator=coordinator)
    data = dict(SCREENING_INPUT)
    data[field] = value
    if field == "hindrances":
        data.pop("can_participate_80")  # cannot take part 80 %, but no hindrance described
    response = client_as(coordinator).post(reverse("pathway_screening", args=[pathway.pk]), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Screening.objects.exists()


def test_a_stale_screening_edit_is_refused_and_the_input_kept(client_as, coordinator, scheme):
    pathway = make_pathway(scheme, stage=Stage.SCREENING, coordinator=coordinator)
    screening = make_screening(pathway, coordinator)
    Screening.objects.filter(pk=screening.pk).update(version=5)
    data = dict(SCREENING_INPUT, version="1", life_situation="Ny tekst")
    response = client_as(coordinator).post(reverse("pathway_screening", args=[pathway.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "Ny tekst" in response.content.decode()
    assert Screening.objects.get(pk=screening.pk).life_situation == ""


def test_the_page_offers_allowed_steps_and_says_why_others_are_not(client_as, coordinator, scheme):
    pathway = make_pathway(scheme, stage=Stage.SCREENING, coordinator=coordinator)
    html = client_as(coordinator).get(reverse("pathway_detail", args=[pathway.pk])).content.decode()
    assert reverse("pathway_transition", args=[pathway.pk, "decline"]) in html
    assert reverse("pathway_transition", args=[pathway.pk, "admit"]) not in html
    assert 'aria-describedby="why-admit"' in html
    assert reverse("pathway_transition", args=[pathway.pk, "start_training"]) not in html


def test_a_transition_through_the_page(client_as, coordinator, scheme):
    pathway = make_pathway(scheme, stage=Stage.SCREENING, coordinator=coordinator)
    make_screening(pathway, coordinator)
    client = client_as(coordinator)
    url = reverse("pathway_transition", args=[pathway.pk, "admit"])
    assert client.get(url).status_code == 200

    empty = client.post(url, {"version": pathway.version, "reason": ""})
    assert empty.status_code == 422 and "reason" in empty.context["form"].errors
    assert Pathway.objects.get(pk=pathway.pk).stage == Stage.SCREENING

    done = client.post(url, {"version": pathway.version, "reason": "Motivert, B1 muntlig."})
    assert done.status_code == 302
    pathway.refresh_from_db()
    assert pathway.stage == Stage.ADMITTED and pathway.decision_reason == "Motivert, B1 muntlig."


def test_a_refused_start_lists_what_is_missing(client_as, coordinator, scheme):
    pathway = make_pathway(scheme, stage=Stage.STARTING, coordinator=coordinator)
    response = client_as(coordinator).post(
        reverse("pathway_transition", args=[pathway.pk, "start_training"]),
        {"version": pathway.version, "started_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 422
    errors = " ".join(response.context["form"].non_field_errors())
    assert "politiattest" in errors.lower() or "police certificate" in errors.lower()
    assert Pathway.objects.get(pk=pathway.pk).stage == Stage.STARTING


def test_an_unknown_transition_is_404(client_as, coordinator, scheme):
    pathway = make_pathway(scheme, coordinator=coordinator)
    assert client_as(coordinator).get(f"/pathways/{pathway.pk}/steps/fly/").status_code == 404


def test_members_consents_and_police_certificate_through_the_pages(client_as, coordinator, scheme):
    pathway = make_pathway(scheme, stage=Stage.STARTING, coordinator=coordinator)
    mentor = make_person("Fadder", "Fadersen", registered_by_organisation=scheme.organisation)
    client = client_as(coordinator)
    today = timezone.localdate()

    assert (
        client.post(
            reverse("pathway_member_add", args=[pathway.pk]), {"person": mentor.pk, "role": "mentor"}
        ).status_code
        == 302
    )
    bad = client.post(reverse("pathway_member_add", args=[pathway.pk]), {"person": mentor.pk, "role": "king"})
    assert "role" in bad.context["form"].errors
    assert (
        client.post(
            reverse("pathway_consent_add", args=[pathway.pk]),
            {"purpose": "participation", "given_on": today.isoformat()},
        ).status_code
        == 302
    )
    bad = client.post(
        reverse("pathway_consent_add", args=[pathway.pk]), {"purpose": "participation", "given_on": "i går"}
    )
    assert "given_on" in bad.context["form"].errors
    bad = client.post(
        reverse("pathway_police_certificate", args=[pathway.pk]),
        {"issued_on": (today - dt.timedelta(days=200)).isoformat(), "checked_on": today.isoformat()},
    )
    assert "issued_on" in bad.context["form"].errors
    assert not PoliceCertificate.objects.exists()
    assert (
        client.post(
            reverse("pathway_police_certificate", args=[pathway.pk]),
            {"issued_on": today.isoformat(), "checked_on": today.isoformat()},
        ).status_code
        == 302
    )

    assert PathwayMember.objects.filter(pathway=pathway, person=mentor, role="mentor").count() == 1
    assert Consent.objects.filter(pathway=pathway).count() == 1
    verbs = set(Event.objects.filter(pathway=pathway).values_list("verb", flat=True))
    assert {"member.added", "consent.registered", "police_certificate.registered"} <= verbs

    consent = Consent.objects.get(pathway=pathway)
    client.post(reverse("pathway_consent_withdraw", args=[pathway.pk, consent.pk]))
    consent.refresh_from_db()
    assert consent.withdrawn_on == today
    member = PathwayMember.objects.get(pathway=pathway)
    client.post(reverse("pathway_member_remove", args=[pathway.pk, member.pk]))
    assert not PathwayMember.objects.filter(pk=member.pk).exists()


def test_the_timeline_shows_who_did_what(client_as, coordinator, scheme):
    from fagvei.pathways import services

    pathway = make_pathway(scheme, stage=Stage.REFERRED, coordinator=coordinator)
    services.start_screening(actor=coordinator, pathway_id=pathway.pk)
    html = client_as(coordinator).get(reverse("pathway_detail", args=[pathway.pk])).content.decode()
    assert str(coordinator) in html
    assert 'class="timeline"' in html


def test_a_mentor_sees_their_pathway_but_not_the_screening_or_the_steps(client_as, coordinator, scheme):
    pathway = make_pathway(scheme, stage=Stage.IN_TRAINING, coordinator=coordinator)
    make_screening(pathway, coordinator)
    Screening.objects.filter(pathway=pathway).update(life_situation="Hemmelig livssituasjon")
    mentor_user = make_user("mentor", scheme.organisation)
    PathwayMember.objects.create(pathway=pathway, person=mentor_user.person, role="mentor")
    client = client_as(mentor_user)

    html = client.get(reverse("pathway_detail", args=[pathway.pk])).content.decode()
    assert "Hemmelig livssituasjon" not in html
    assert reverse("pathway_transition", args=[pathway.pk, "interrupt"]) not in html
    assert client.get(reverse("pathway_edit", args=[pathway.pk])).status_code == 403
    assert client.post(reverse("pathway_transition", args=[pathway.pk, "interrupt"]), {}).status_code == 403
    assert AccessLog.objects.filter(user=mentor_user, object_type="pathways.pathway", object_id=pathway.pk).exists()


def test_an_outsider_gets_404(client_as, other_coordinator, coordinator, scheme):
    pathway = make_pathway(scheme, coordinator=coordinator)
    client = client_as(other_coordinator)
    assert client.get(reverse("pathway_detail", args=[pathway.pk])).status_code == 404
    assert client.post(reverse("pathway_transition", args=[pathway.pk, "start_screening"]), {}).status_code == 404


def test_the_list_searches_and_filters(client_as, coordinator, scheme):
    make_pathway(scheme, participant=make_person("Tesfay", "Gebremedhin"), coordinator=coordinator)
    make_pathway(scheme, participant=make_person("Kari", "Nordmann"), stage=Stage.SCREENING, coordinator=coordinator)
    client = client_as(coordinator)
    html = client.get(reverse("pathway_list"), {"q": "tesf"}).content.decode()
    assert "Gebremedhin" in html and "Nordmann" not in html
    html = client.get(reverse("pathway_list"), {"stage": "screening"}).content.decode()
    assert "Nordmann" in html and "Gebremedhin" not in html
    # A bad filter value is ignored, not an error.
    assert client.get(reverse("pathway_list"), {"scheme": "x", "page": "zz"}).status_code == 200
    partial = client.get(reverse("pathway_list"), {"q": "kari"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "Nordmann" in partial


def test_query_counts_do_not_grow_with_the_data(client_as, coordinator, scheme, django_assert_max_num_queries):
    for i in range(30):
        pathway = make_pathway(
            scheme, participant=make_person("P", f"Person{i:02}"), coordinator=coordinator, stage=Stage.STARTING
        )
        make_screening(pathway, coordinator)
        make_ready_to_start(pathway, coordinator)
    client = client_as(coordinator)
    client.get(reverse("home"))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("pathway_list")).status_code == 200
    # The start page with "What needs me" (a query per deadline rule, tests/pathways/
    # test_list_queries.py pins it exactly: 24 with the concern plan's goals and next
    # meeting), and the pathway page with its risk.
    with django_assert_max_num_queries(24):
        assert client.get(reverse("home")).status_code == 200
    pathway = Pathway.objects.first()
    # 44: the pathway's deadlines ask every rule once (+2 for the concern plan's goals and
    # next meeting).
    with django_assert_max_num_queries(44):
        assert client.get(reverse("pathway_detail", args=[pathway.pk])).status_code == 200


def test_the_scheme_filter_offers_only_schemes_with_pathways_in_scope(
    client_as, coordinator, scheme, other_municipality
):
    from tests.factories import make_scheme

    make_pathway(scheme, coordinator=coordinator)
    elsewhere = make_scheme(other_municipality, scheme.trade)
    elsewhere.name = "Annenbys egen ordning"
    elsewhere.save()
    html = client_as(coordinator).get(reverse("pathway_list")).content.decode()
    assert scheme.name in html
    assert "Annenbys egen ordning" not in html


def test_a_participant_starts_on_their_own_pathway_without_stage_counts(client_as, coordinator, scheme):
    participant = make_user("participant", scheme.organisation)
    pathway = make_pathway(scheme, participant=participant.person, coordinator=coordinator, stage=Stage.SCREENING)
    make_pathway(scheme, coordinator=coordinator)
    html = client_as(participant).get(reverse("home")).content.decode()
    assert reverse("pathway_detail", args=[pathway.pk]) in html
    assert "stat-grid" not in html
    assert "stat-grid" in client_as(coordinator).get(reverse("home")).content.decode()


@pytest.mark.parametrize(
    ("field", "value"),
    [("planned_end", "2026-01-01"), ("planned_start", "31.02.2026"), ("workplace", "999999"), ("track", "")],
)
def test_bad_input_on_the_pathway_edit_form_names_the_field_and_saves_nothing(
    field, value, client_as, coordinator, scheme
):
    pathway = make_pathway(scheme, coordinator=coordinator, stage=Stage.STARTING)
    data = {
        "version": pathway.version,
        "track": "alternative",
        "trade": scheme.trade_id,
        "scheme": scheme.pk,
        "coordinator": coordinator.pk,
        "referral_source": "nav",
        "planned_start": "2026-08-01",
        "planned_end": "2028-08-01",
    }
    data[field] = value
    response = client_as(coordinator).post(reverse("pathway_edit", args=[pathway.pk]), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    pathway.refresh_from_db()
    assert pathway.planned_start is None and pathway.version == 1


def test_a_stale_pathway_edit_is_refused_and_the_input_kept(client_as, coordinator, scheme):
    pathway = make_pathway(scheme, coordinator=coordinator, stage=Stage.STARTING)
    Pathway.objects.filter(pk=pathway.pk).update(version=7)
    response = client_as(coordinator).post(
        reverse("pathway_edit", args=[pathway.pk]),
        {
            "version": 1,
            "track": "alternative",
            "trade": scheme.trade_id,
            "scheme": scheme.pk,
            "coordinator": coordinator.pk,
            "referral_source": "nav",
            "referral_note": "Min nye merknad",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "Min nye merknad" in response.content.decode()
    assert Pathway.objects.get(pk=pathway.pk).referral_note == ""


def test_the_workplace_list_offers_only_companies_approved_for_the_trade(client_as, coordinator, scheme):
    from tests.factories import make_trade, make_workplace

    approved = make_workplace(scheme.trade, name="Godkjent sykehjem")
    make_workplace(make_trade("ROF", police=False), name="Renholdsfirma for annet fag")
    make_workplace(scheme.trade, status="lapsed", name="Bortfalt sykehjem")
    pathway = make_pathway(scheme, coordinator=coordinator, stage=Stage.STARTING)
    html = client_as(coordinator).get(reverse("pathway_edit", args=[pathway.pk])).content.decode()
    assert approved.name in html
    assert "Renholdsfirma for annet fag" not in html
    assert "Bortfalt sykehjem" not in html
