"""The demo's builder for the pathways app: the schemes and their groups, then each
planned pathway replayed, action by action, through the domain functions at the plan's
moments, with the demo coordinator as the actor."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone

from fagvei.core.clock import frozen_at
from fagvei.pathways.lifecycle import TRANSITIONS
from fagvei.pathways.models import Group, GroupMember, Pathway, PathwayMember, Scheme
from fagvei.pathways.services import (
    add_member,
    create_pathway,
    register_consent,
    register_police_certificate,
    save_screening,
    update_pathway,
)

from . import contracts, exams
from .cast import (
    DEMO_USERS,
    GROUPS,
    HOME_KEY,
    PARTICIPANT_USERNAME,
    SCHEME_DESCRIPTIONS,
    STAFF,
    TRADES,
    scheme_name,
)
from .people import register_participant
from .plan import Action, PlannedPathway

if TYPE_CHECKING:
    from .load import Build

# What each kind of action on a pathway adds to the counts.
COUNTED = {
    "screening": "screenings",
    "consent": "consents",
    "police_certificate": "police_certificates",
    "member": "members",
}


def create_schemes(build: Build) -> None:
    """The municipal service's three schemes with their project and steering groups
    (seed 002). Schemes and groups have no domain functions yet: plain ORM writes."""
    for spec in TRADES:
        build.schemes[spec.code] = Scheme.objects.create(
            name=scheme_name(spec.code),
            trade=build.trades[spec.code],
            organisation=build.orgs[HOME_KEY],
            description=SCHEME_DESCRIPTIONS[spec.code],
            # Seed 002: the trade teacher visits every other week; the cleaning scheme
            # agreed on every four weeks.
            teacher_visit_interval_days=28 if spec.code == "ROF" else 14,
        )
    org_of = {s.key: s.organisation for s in STAFF} | {u.username: u.organisation for u in DEMO_USERS}
    members = []
    for spec in TRADES:
        project, steering = GROUPS[spec.code]
        scheme = build.schemes[spec.code]
        # Seed 002: the project group meets every four weeks, the steering group each semester.
        groups = (
            (Group(scheme=scheme, kind=Group.Kind.PROJECT, name=f"Prosjektgruppe {spec.practitioner}"), project),
            (
                Group(
                    scheme=scheme,
                    kind=Group.Kind.STEERING,
                    name=f"Styringsgruppe fagbrevordningen – {spec.practitioner}",
                    meeting_interval_days=182,
                ),
                steering,
            ),
        )
        Group.objects.bulk_create([group for group, _ in groups])
        members += [
            GroupMember(group=group, person=build.people[key], organisation=build.orgs[org_of[key]], title=title)
            for group, people in groups
            for key, title in people
        ]
    GroupMember.objects.bulk_create(members)
    build.count("schemes", len(build.schemes))


def replay(build: Build) -> None:
    """Every planned pathway, from its referral to its stage today."""
    for item in build.plan:
        _replay(build, item)
    build.count("pathways", len(build.plan))


def _replay(build: Build, item: PlannedPathway) -> None:
    pathway_id = 0
    for action in item.actions():
        with frozen_at(action.at):
            if action.kind == "created":
                pathway_id = _create(build, item, action)
            else:
                _act(build, pathway_id, action)
        build.stamp(Pathway, pathway_id, updated_at=action.at)
        if action.kind in COUNTED:
            build.count(COUNTED[action.kind])


def _create(build: Build, item: PlannedPathway, action: Action) -> int:
    """The referral: the participant registered and the pathway created."""
    key = PARTICIPANT_USERNAME if item.variant == "deltaker" else f"participant{item.number}"
    participant = register_participant(build, key, item.person, action.at)
    pathway = create_pathway(
        actor=build.coordinator,
        participant=participant,
        data={
            "track": item.track,
            "trade": build.trades[item.trade],
            "curriculum": build.curricula[item.trade],
            "scheme": build.schemes[item.trade] if item.in_scheme else None,
            "coordinator": build.coordinator,
            "referral_source": item.referral_source,
            "referral_note": item.referral_note,
        },
    )
    build.stamp(Pathway, pathway.pk, created_at=action.at)
    return pathway.pk


def _act(build: Build, pathway_id: int, action: Action) -> None:
    """One action on the pathway, through the domain function a user's click calls."""
    actor = build.coordinator
    inputs: dict[str, Any] = dict(action.inputs)
    on = timezone.localdate(action.at)
    if action.kind == "start_training":
        # Training starts once the contract is signed and sent (ol. § 7-2).
        contracts.before_training(build, pathway_id, action.at)
    # Under a binding contract, interruptions and endings are the contract's.
    if action.kind == "interrupt" and contracts.interrupt(build, pathway_id, inputs, on):
        return
    if action.kind == "resume" and contracts.resume(build, pathway_id, inputs["returned_on"]):
        return
    if action.kind == "end" and contracts.end(build, pathway_id, inputs, on):
        return
    if action.kind == "complete":
        # A pathway is completed by a passed trade test, on the test's date (fagvei/exams).
        inputs["passed_on"] = exams.before_completion(build, pathway_id, action.at, inputs["passed_on"])
    if action.kind in TRANSITIONS:
        # The same door as the transition page: the table's function with the user's inputs.
        TRANSITIONS[action.kind].perform(actor=actor, pathway_id=pathway_id, expected_version=None, **inputs)
    elif action.kind == "details":
        inputs["workplace"] = build.orgs[inputs["workplace"]] if inputs["workplace"] else None
        version = Pathway.objects.values_list("version", flat=True).get(pk=pathway_id)
        update_pathway(actor=actor, pathway_id=pathway_id, expected_version=version, data=inputs)
    elif action.kind == "screening":
        save_screening(actor=actor, pathway_id=pathway_id, expected_version=None, data=inputs)
    elif action.kind == "consent":
        register_consent(actor=actor, pathway_id=pathway_id, **inputs)
    elif action.kind == "police_certificate":
        register_police_certificate(actor=actor, pathway_id=pathway_id, **inputs)
    elif action.kind == "member":
        person = build.people[inputs["person"]]
        member = add_member(actor=actor, pathway_id=pathway_id, person=person, role=inputs["role"])
        build.stamp(PathwayMember, member.pk, added_at=action.at)
    else:
        raise ValueError(f"unknown demo action {action.kind!r}")
