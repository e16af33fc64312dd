"""The demo's concern ladder (issue 14; seed 004), a case at every step, through the
domain functions as the koordinator's and the professional manager's clicks would:

- registered a week and more ago with no concern conversation yet (the deadline fires);
- the conversation planned for the coming days, on a pathway with the mentor ``fadder``
  (who sees nothing of it);
- the conversation held, its outcome not yet decided;
- the clarification meeting called, the county adviser informed, the meeting planned with
  NAV and the ombud invited;
- the follow-up plan agreed on the demo participant's own pathway, waiting for her
  confirmation (she confirms it from her login; ``fadder`` sees her goal only);
- a signed follow-up plan in progress, raised by ``fagligleder``: goals for the instructor
  and the participant, one reached, the next meeting ahead;
- resolved by the company after the conversation, raised by ``fagligleder``;
- ended in a request for cancellation, raised by ``fagligleder``, sent to the county with
  the signed form: its case packet waits for ``raadgiver``, who has not yet recorded the
  contact with the participant.

Like the other builders that run after the replay, the calls are made one minute apart
after each pathway's last event (its timeline stays in order); the dates of what happened
are the arguments, and the concern's own moments (registered, conversation recorded,
county informed, plan agreed, follow-up started, closed) are put back to those dates
with the auto-now columns at the end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Max

from fagvei.accounts.models import User
from fagvei.audit.models import Event
from fagvei.concerns import plans, services
from fagvei.concerns.models import Concern, Party
from fagvei.contracts.models import Status
from fagvei.core.clock import frozen_at
from fagvei.documents.models import Document
from fagvei.documents.services import upload_document
from fagvei.pathways.models import Pathway, PathwayMember, Stage

from .cast import PARTICIPANT_USERNAME
from .contracts import synthetic_pdf
from .exams import OSLO, Ticks

if TYPE_CHECKING:
    from .load import Build

PROFESSIONAL_MANAGER = "fagligleder"
MENTOR = "fadder"


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=OSLO)


@dataclass
class Case:
    """One concern as it is written: its pathway, who raised it, and the clock."""

    build: Build
    pathway: Pathway
    raiser: User
    when: Ticks
    concern: Concern | None = None

    @property
    def coordinator(self) -> User:
        return self.build.coordinator

    def version(self) -> int:
        assert self.concern is not None
        return Concern.objects.values_list("version", flat=True).get(pk=self.concern.pk)

    def do(self, action: Callable[..., Any], *, actor: User | None = None, **kwargs: Any) -> Any:
        """A domain function on the concern, as ``actor`` (the koordinator by default)."""
        assert self.concern is not None
        with frozen_at(self.when(_at(self.build.anchor - dt.timedelta(days=1), 18))):
            return action(
                actor=actor or self.coordinator, concern_id=self.concern.pk, expected_version=self.version(), **kwargs
            )

    def stamp(self, **moments: dt.datetime) -> None:
        """The step's moment put back to when it happened, at once: the next steps check
        their dates against it (the clarification meeting after the county was informed)."""
        assert self.concern is not None
        Concern.objects.filter(pk=self.concern.pk).update(**moments)

    def register(self, categories: list[str], description: str, noticed_on: dt.date, registered: dt.datetime) -> None:
        with frozen_at(self.when(_at(self.build.anchor - dt.timedelta(days=1), 18))):
            self.concern = services.register_concern(
                actor=self.raiser,
                pathway_id=self.pathway.pk,
                categories=categories,
                description=description,
                noticed_on=noticed_on,
            )
        self.stamp(registered_at=registered)
        self.build.count("concerns")

    def schedule(self, starts_at: dt.datetime, place: str, invitees: list[int], guests: tuple[str, ...] = ()) -> Any:
        return self.do(
            services.schedule_concern_meeting, starts_at=starts_at, place=place, invitees=invitees, guests=list(guests)
        )

    def converse(self, day: dt.date, minutes: str, attended: list[int]) -> None:
        self.schedule(_at(day), "Møterom hos arbeidsgiver", attended)
        self.do(services.hold_concern_conversation, conversation_minutes=minutes, attended=attended)
        self.stamp(conversation_held_at=_at(day, 14))

    def clarify(self, called: dt.date) -> None:
        self.do(services.call_clarification_meeting)
        self.stamp(county_informed_at=_at(called, 9))


def _people(build: Build) -> dict[str, int]:
    return {name: user.person_id for name, user in build.users.items() if user.person_id is not None}


def _pathways(build: Build) -> dict[str, Pathway]:
    """The pathways the cases are written on, chosen by who is on them (stable whatever
    ids the database hands out): by the participant's name within each group."""
    people = _people(build)
    in_training = Pathway.objects.filter(stage=Stage.IN_TRAINING).select_related("participant", "trade")

    def on(*, member: str | None = None, approved: bool = True, trade: str | None = None) -> list[Pathway]:
        qs = in_training
        if member is not None:
            qs = qs.filter(members__person_id=people[member])
        if approved:
            qs = qs.filter(contract__status=Status.APPROVED)
        if trade is not None:
            qs = qs.filter(trade__code=trade)
        return sorted(qs.distinct(), key=lambda p: (p.participant.last_name, p.participant.first_name))

    own = Pathway.objects.get(participant=build.people[PARTICIPANT_USERNAME], stage=Stage.IN_TRAINING)
    managed = on(member=PROFESSIONAL_MANAGER)
    mentored = [p for p in on(member=MENTOR, approved=False) if p.pk != own.pk]
    taken = {own.pk, *(p.pk for p in managed[:3]), *(p.pk for p in mentored[:1])}
    others = [p for p in on(trade=None) if p.pk not in taken]
    return {
        "cancellation": managed[0],
        "follow_up": managed[1],
        "resolved": managed[2],
        "plan_agreed": own,
        "planned": mentored[0],
        "overdue": others[0],
        "held": others[1],
        "clarification": others[2],
    }


def ladder(build: Build) -> None:
    """A concern at every step of the ladder (see the module)."""
    anchor = build.anchor
    chosen = _pathways(build)
    lasts = dict(
        Event.objects.filter(pathway__in=chosen.values())
        .values("pathway_id")
        .annotate(last=Max("at"))
        .values_list("pathway_id", "last")
    )
    end = _at(anchor - dt.timedelta(days=1), 18)
    manager = build.users[PROFESSIONAL_MANAGER]

    def case(key: str, raiser: User) -> Case:
        pathway = chosen[key]
        last = lasts.get(pathway.pk) or end
        return Case(build, pathway, raiser, Ticks(max(end, last + dt.timedelta(minutes=5))))

    _cancellation(case("cancellation", manager), anchor)
    _follow_up(case("follow_up", manager), anchor)
    _resolved(case("resolved", manager), anchor)
    _plan_agreed(case("plan_agreed", build.coordinator), anchor)
    _planned(case("planned", build.coordinator), anchor)
    _overdue(case("overdue", build.coordinator), anchor)
    _held(case("held", build.coordinator), anchor)
    _clarification(case("clarification", build.coordinator), anchor)


def _day(anchor: dt.date, days: int) -> dt.date:
    return anchor + dt.timedelta(days=days)


def _invited(c: Case, *, adviser: bool = False) -> list[int]:
    """The participant, the one who raised it (or the koordinator) and, at the
    clarification meeting, the county adviser."""
    invited = [c.pathway.participant_id, c.raiser.person_id or c.coordinator.person_id]
    if adviser:
        invited.append(c.build.county_adviser.person_id)
    return [i for i in dict.fromkeys(invited) if i is not None]


def _instructor(pathway: Pathway) -> int:
    member = PathwayMember.objects.filter(pathway=pathway, role=PathwayMember.Role.INSTRUCTOR).order_by("id").first()
    return member.person_id if member is not None else pathway.participant_id


def _plan(
    c: Case,
    anchor: dt.date,
    *,
    held: int,
    goals: list[tuple[str, int, int]],
    next_meeting: int,
    minutes: str,
    measures: str,
    guests: tuple[str, ...] = (),
    guests_came: int = 0,
) -> None:
    """The clarification meeting held ``held`` days from the anchor, and the plan agreed
    at it: goals as (text, responsible person, days from the anchor)."""
    meeting = c.schedule(_at(_day(anchor, held)), "Fjordvik rådhus, møterom 3", _invited(c, adviser=True), guests)
    came = list(meeting.guests.order_by("id").values_list("pk", flat=True))[:guests_came]
    c.do(
        services.agree_follow_up_plan,
        clarification_minutes=minutes,
        attended=_invited(c, adviser=True),
        guests_attended=came,
        goals=[{"text": text, "responsible": person, "deadline": _day(anchor, days)} for text, person, days in goals],
        next_meeting_on=_day(anchor, next_meeting),
        plan_measures=measures,
    )
    c.stamp(plan_agreed_at=_at(_day(anchor, held), 15))


def _signed(c: Case, anchor: dt.date, days: int) -> None:
    """Both parties signed the plan on paper at the meeting; the follow-up starts."""
    for party in (Party.PARTICIPANT, Party.COMPANY):
        c.do(plans.record_paper_signature, party=party, signed_on=_day(anchor, days))
    c.do(services.start_follow_up)
    c.stamp(follow_up_at=_at(_day(anchor, days), 16))


def _cancellation(c: Case, anchor: dt.date) -> None:
    c.register(
        ["absence", "other_breach"],
        "Har uteblitt fra vakter flere ganger uten å gi beskjed, og har ikke svart på telefon. "
        "Kolleger melder om konflikter på avdelingen.",
        _day(anchor, -70),
        _at(_day(anchor, -68), 11),
    )
    c.converse(
        _day(anchor, -63),
        "Gikk gjennom fraværet siste måned. Deltakeren mener turnusen er vanskelig å kombinere med "
        "familien. Avtalt å melde fra før kl. 07 ved fravær.",
        _invited(c),
    )
    c.clarify(_day(anchor, -62))
    _plan(
        c,
        anchor,
        held=-55,
        goals=[
            ("Møte til avtalt tid på alle vakter ut planperioden.", c.pathway.participant_id, 8),
            ("Ukentlig oppfølgingssamtale med instruktør.", _instructor(c.pathway), 8),
        ],
        next_meeting=8,
        minutes="Rådgiver fra fylkeskommunen deltok. Partene ble enige om en oppfølgingsplan med klare mål. "
        "Deltakeren ble orientert om at videre brudd kan føre til at bedriften ber om heving.",
        measures="Fast turnus uten kveldsvakter i oppfølgingsperioden.",
        guests=("Elev- og lærlingombudet",),
        guests_came=1,
    )
    _signed(c, anchor, -55)
    with frozen_at(c.when(_at(anchor - dt.timedelta(days=1), 18))):
        services.add_concern_note(
            actor=c.coordinator,
            concern_id=c.concern.pk if c.concern else 0,
            text="Nytt ubegrunnet fravær to dager, én uke etter at planen ble signert.",
        )
    # The signed request form (ol. § 7-3 second ledd), uploaded before the request.
    with frozen_at(c.when(_at(anchor - dt.timedelta(days=1), 18))):
        upload_document(
            actor=c.coordinator,
            pathway_id=c.pathway.pk,
            kind=Document.Kind.SIGNED_AGREEMENT,
            title="Signert skjema: begjæring om heving",
            upload=SimpleUploadedFile(
                f"heving-{c.pathway.pk}.pdf",
                synthetic_pdf("Begjæring om heving (demo)"),
                content_type="application/pdf",
            ),
        )
    c.build.count("documents")
    outcome = _day(anchor, -6)
    c.do(
        services.close_with_cancellation_request,
        outcome_on=outcome,
        justification="Gjentatt fravær uten varsel etter at oppfølgingsplanen ble signert, til tross for "
        "tilrettelagt turnus. Målene i planen er ikke nådd.",
        outcome_minutes="Møte med deltakeren og faglig leder. Deltakeren er uenig i at kontrakten skal heves.",
        requested_by="company",
        ground="serious_breach",
        participant_told_of_right_on=outcome,
    )
    c.stamp(closed_at=_at(outcome, 15))


def _follow_up(c: Case, anchor: dt.date) -> None:
    c.register(
        ["illness", "lack_of_progress"],
        "Har vært mye syk siste to måneder og henger etter med kompetansemålene i stell og pleie.",
        _day(anchor, -40),
        _at(_day(anchor, -39), 9),
    )
    c.converse(
        _day(anchor, -35),
        "Deltakeren forteller om søvnproblemer. Avtalt at hun snakker med fastlegen, og at vi ser på tilrettelegging.",
        _invited(c),
    )
    c.clarify(_day(anchor, -34))
    instructor = _instructor(c.pathway)
    _plan(
        c,
        anchor,
        held=-27,
        goals=[
            ("Time hos fastlegen og avtale om tilrettelegging.", c.pathway.participant_id, 5),
            ("Ukentlig veiledningssamtale om stell og pleie.", instructor, 10),
            ("Gjennomføre tre observerte stellsituasjoner.", c.pathway.participant_id, 20),
        ],
        next_meeting=12,
        minutes="Avklaringsmøte med rådgiver fra fylket og NAV. Enighet om plan med tett oppfølging i seks uker.",
        measures="Redusert stilling til 80 % i fire uker.",
        guests=("Veileder fra NAV", "PPT"),
        guests_came=1,
    )
    _signed(c, anchor, -26)
    goal = c.concern.goals.order_by("deadline", "id").first() if c.concern else None
    if goal is not None:
        with frozen_at(c.when(_at(anchor - dt.timedelta(days=1), 18))):
            plans.complete_goal(actor=c.coordinator, goal_id=goal.pk, expected_version=goal.version)


def _resolved(c: Case, anchor: dt.date) -> None:
    c.register(
        ["social_adaptation"],
        "Uenighet med en kollega om arbeidsfordeling har ført til dårlig stemning på vaktene.",
        _day(anchor, -30),
        _at(_day(anchor, -29), 13),
    )
    c.converse(
        _day(anchor, -26),
        "Samtale med deltakeren og kollegaen hver for seg, deretter sammen. Begge ønsker å finne en løsning.",
        _invited(c),
    )
    day = _day(anchor, -26)
    c.do(
        services.resolve_concern,
        actor=c.raiser,
        outcome_on=day,
        resolution="Ny fordeling av oppgaver på vaktene; faglig leder følger opp i vanlige samtaler.",
    )
    c.stamp(closed_at=_at(day, 15))


def _plan_agreed(c: Case, anchor: dt.date) -> None:
    c.register(
        ["absence"],
        "Kommer ofte for sent om morgenen og har gått tidlig flere dager uten avtale.",
        _day(anchor, -21),
        _at(_day(anchor, -20), 10),
    )
    c.converse(
        _day(anchor, -17),
        "Deltakeren har lang reisevei og bytter buss to ganger. Avtalt å se på arbeidstiden.",
        _invited(c),
    )
    c.clarify(_day(anchor, -16))
    mentor = c.build.users[MENTOR].person_id or c.pathway.participant_id
    _plan(
        c,
        anchor,
        held=-9,
        goals=[
            ("Følge opp oppmøtet hver morgen og gi beskjed til koordinator om avvik.", mentor, 14),
            ("Gi beskjed før kl. 07 ved forsinkelse eller fravær.", c.pathway.participant_id, 30),
        ],
        next_meeting=21,
        minutes="Avklaringsmøte med rådgiver fra fylket. Arbeidstiden flyttes en halv time.",
        measures="Arbeidstid 08.00–15.30 i stedet for 07.30–15.00.",
    )


def _planned(c: Case, anchor: dt.date) -> None:
    c.register(
        ["lack_of_progress"],
        "Fadder melder at deltakeren sjelden tar initiativ i samlingsstund og trenger mye hjelp i rutinene.",
        _day(anchor, -4),
        _at(_day(anchor, -3), 14),
    )
    c.schedule(_at(_day(anchor, 2)), "Barnehagens personalrom", _invited(c))


def _overdue(c: Case, anchor: dt.date) -> None:
    # Seed 004 and issue 14: the conversation within a week of the concern; this one is late.
    c.register(
        ["absence"],
        "Fravær fem av de siste ti arbeidsdagene, uten legeerklæring.",
        _day(anchor, -10),
        _at(_day(anchor, -9), 12),
    )


def _held(c: Case, anchor: dt.date) -> None:
    c.register(
        ["substance_use"],
        "Kollega melder at deltakeren luktet alkohol ved vaktstart én gang.",
        _day(anchor, -7),
        _at(_day(anchor, -6), 15),
    )
    c.converse(
        _day(anchor, -2),
        "Samtale med deltakeren, som avviser at det er et problem. Avtalt ny samtale om to uker.",
        _invited(c),
    )


def _clarification(c: Case, anchor: dt.date) -> None:
    c.register(
        ["illness", "social_adaptation"],
        "Virker nedstemt og trekker seg unna kollegene; har selv fortalt om problemer hjemme.",
        _day(anchor, -14),
        _at(_day(anchor, -14), 15),
    )
    c.converse(
        _day(anchor, -10),
        "Deltakeren ønsker hjelp. Avtalt å kalle inn til avklaringsmøte med rådgiver fra fylket.",
        _invited(c),
    )
    c.clarify(_day(anchor, -4))
    c.schedule(
        _at(_day(anchor, 3), 13),
        "Fjordvik rådhus, møterom 3",
        _invited(c, adviser=True),
        ("Veileder fra NAV", "Elev- og lærlingombudet"),
    )
