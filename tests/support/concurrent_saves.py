"""A worker for tests/test_concurrency.py, run as its own process.

``setup`` creates one record of every editable kind and prints their ids and versions
as JSON. ``save INDEX START IDS`` makes, for each kind in turn, a save based on the
versions read at setup (as a user who opened the form at the same time as the others),
each kind starting at the same wall-clock moment in every worker, and prints what
happened. ``read IDS`` prints what each record holds now.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from typing import Any

import django

django.setup()

from django.utils import timezone  # noqa: E402

from fagvei.accounts.models import Membership, Role, User  # noqa: E402
from fagvei.core.domain import DomainError  # noqa: E402
from fagvei.curricula.models import Trade  # noqa: E402
from fagvei.organisations import services as organisations  # noqa: E402
from fagvei.organisations.models import Organisation, TradeApproval  # noqa: E402
from fagvei.pathways import services as pathways  # noqa: E402
from fagvei.pathways.models import Consent, Pathway, PoliceCertificate, Scheme, Screening  # noqa: E402
from fagvei.people import services as people  # noqa: E402
from fagvei.people.models import Person  # noqa: E402

# Seconds between the kinds: every worker is at the start line well before the shot.
STEP = 0.6


def screening_data(years: int) -> dict[str, Any]:
    return {
        "screened_on": timezone.localdate(),
        "norwegian_listening": "B1",
        "norwegian_reading": "A2",
        "norwegian_speaking": "B1",
        "norwegian_writing": "A2",
        "years_in_norway": years,
        "education": "primary",
        "education_note": "",
        "work_experience_years": 1,
        "work_experience_note": "",
        "motivation": 3,
        "motivation_note": "",
        "suitability": 3,
        "suitability_note": "",
        "life_situation": "",
        "can_participate_80": True,
        "hindrances": "",
        "income_basis": "salary",
    }


def setup() -> dict[str, Any]:
    municipality = Organisation.objects.create(name="Samtidig kommune", kind=Organisation.Kind.MUNICIPAL_SERVICE)
    county = Organisation.objects.create(name="Samtidig fylke", kind=Organisation.Kind.COUNTY)
    user = User.objects.create_user(username="samtidig", password="x")
    Membership.objects.create(user=user, organisation=municipality, role=Role.COORDINATOR)
    adviser = User.objects.create_user(username="samtidigfylke", password="x")
    Membership.objects.create(user=adviser, organisation=county, role=Role.COUNTY_ADVISER)
    trade = Trade.objects.get(code="HEA")
    scheme = Scheme.objects.create(name="Samtidig ordning", trade=trade, organisation=municipality)

    def pathway(stage: str) -> Pathway:
        person = Person.objects.create(
            first_name="Sam", last_name="Tidig", birth_date=dt.date(1980, 1, 1), registered_by_organisation=municipality
        )
        return Pathway.objects.create(
            participant=person,
            track="alternative",
            stage=stage,
            trade=trade,
            scheme=scheme,
            coordinator=user,
            referral_source="nav",
            referred_at=timezone.now(),
        )

    edited = pathway("screening")
    first_screening = pathway("screening")
    second_screening = pathway("screening")
    pathways.save_screening(actor=user, pathway_id=second_screening.pk, expected_version=None, data=screening_data(2))
    certificate = pathway("starting")
    consent = pathway("starting")
    company = Organisation.objects.create(
        name="Samtidig sykehjem",
        kind=Organisation.Kind.TRAINING_COMPANY,
        county=county,
        registered_by_organisation=municipality,
    )
    person = edited.participant
    return {
        "user": user.pk,
        "adviser": adviser.pk,
        "pathway": [edited.pk, edited.version],
        "person": [person.pk, person.version],
        "organisation": [company.pk, company.version],
        "first_screening": [first_screening.pk, None],
        "screening": [second_screening.pk, Screening.objects.get(pathway=second_screening).version],
        "police_certificate": [certificate.pk, None],
        "consent": [consent.pk, None],
        "approval": [company.pk, None],
        "trade": trade.pk,
    }


KINDS = (
    "pathway",
    "person",
    "organisation",
    "first_screening",
    "screening",
    "police_certificate",
    "consent",
    "approval",
)


def save(kind: str, index: int, ids: dict[str, Any]) -> None:
    user = User.objects.get(pk=ids["user"])
    pk, version = ids[kind]
    today = timezone.localdate()
    if kind == "pathway":
        pathways.update_pathway(
            actor=user, pathway_id=pk, expected_version=version, data={"referral_note": f"worker {index}"}
        )
    elif kind == "person":
        people.update_person(actor=user, person_id=pk, expected_version=version, data={"phone": f"9000{index:04d}"})
    elif kind == "organisation":
        organisations.update_organisation(
            actor=user, organisation_id=pk, expected_version=version, data={"phone": f"9100{index:04d}"}
        )
    elif kind in ("first_screening", "screening"):
        pathways.save_screening(actor=user, pathway_id=pk, expected_version=version, data=screening_data(10 + index))
    elif kind == "police_certificate":
        pathways.register_police_certificate(
            actor=user,
            pathway_id=pk,
            issued_on=today - dt.timedelta(days=index + 1),
            checked_on=today,
            expected_version=version,
        )
    elif kind == "consent":
        pathways.register_consent(
            actor=user,
            pathway_id=pk,
            purpose="participation",
            receiving_party="",
            given_on=today - dt.timedelta(days=index),
        )
    elif kind == "approval":
        organisations.add_trade_approval(
            actor=User.objects.get(pk=ids["adviser"]),
            organisation_id=pk,
            trade=ids["trade"],
            approved_on=today - dt.timedelta(days=index + 1),
        )


def read(ids: dict[str, Any]) -> dict[str, Any]:
    """What each record holds now: the value that tells which worker's save stands."""
    pk = {kind: ids[kind][0] for kind in KINDS}
    today = timezone.localdate()
    return {
        "pathway": Pathway.objects.get(pk=pk["pathway"]).referral_note,
        "person": Person.objects.get(pk=pk["person"]).phone,
        "organisation": Organisation.objects.get(pk=pk["organisation"]).phone,
        "first_screening": [str(s.years_in_norway) for s in Screening.objects.filter(pathway_id=pk["first_screening"])],
        "screening": [str(s.years_in_norway) for s in Screening.objects.filter(pathway_id=pk["screening"])],
        "police_certificate": [
            (today - c.issued_on).days for c in PoliceCertificate.objects.filter(pathway_id=pk["police_certificate"])
        ],
        "consent": [(today - c.given_on).days for c in Consent.objects.filter(pathway_id=pk["consent"])],
        "approval": [
            (today - a.approved_on).days for a in TradeApproval.objects.filter(organisation_id=pk["approval"])
        ],
    }


def main() -> None:
    command = sys.argv[1]
    if command == "setup":
        print(json.dumps(setup()))
        return
    if command == "read":
        print(json.dumps(read(json.loads(sys.argv[2]))))
        return
    index, start, ids = int(sys.argv[2]), float(sys.argv[3]), json.loads(sys.argv[4])
    results = {}
    for number, kind in enumerate(KINDS):
        time.sleep(max(0.0, start + number * STEP - time.time()))
        try:
            save(kind, index, ids)
        except DomainError as exc:
            results[kind] = "refused: " + str(exc)
        else:
            results[kind] = "saved"
    print(json.dumps(results))


if __name__ == "__main__":
    main()
