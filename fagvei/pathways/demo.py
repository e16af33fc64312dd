"""The demo: "Fjordvik kommune", a fictional municipality running the trade-certificate
scheme of seed 002 in three trades, with about 60 pathways in every stage and track.

Everything is fictional and deterministic: names come from fixed lists, choices from
``random.Random(SEED)`` (never the global generator), and every date is relative to the
anchor date (today in Europe/Oslo unless given). ``build_plan`` is the pure part: it
returns the same plan for the same anchor date; ``load_demo`` writes it in one
transaction.

Synthetic identity numbers: about half the participants get a fødselsnummer or (for the
Ukrainian and Polish participants, who are usually first registered with one) a
D-number with correct check digits, built from the birth date with the individual
numbers 990–999 only. Organisation numbers are 9-digit numbers starting with 99, with a
correct mod-11 check digit. None of them belongs to the people or companies here, which
do not exist.

The data obeys the lifecycle rules of ``lifecycle.py``: every pathway at or past start-up
has a screening and a responsible coordinator; every pathway that has started training
has an approved workplace, a participation consent, a police certificate where the trade
requires one, a mentor or an instructor, and planned dates. Some pathways in start-up
lack one of these, so the pathway page can show why training cannot start yet.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history
from stdnum.no import fodselsnummer

from fagvei.accounts.models import Membership, Role, User
from fagvei.audit.services import record_event
from fagvei.curricula.models import Curriculum, Trade
from fagvei.lib.norwegian_numbers import clean_national_id, clean_orgnr
from fagvei.organisations.models import Organisation, TradeApproval
from fagvei.people.models import Person

from .lifecycle import TRANSITIONS
from .models import (
    Consent,
    EndReason,
    Group,
    GroupMember,
    Pathway,
    PathwayMember,
    PoliceCertificate,
    ReferralSource,
    Scheme,
    Screening,
    Stage,
    Track,
)

SEED = 2026
DEMO_PASSWORD = "fagvei-demo"  # noqa: S105 - the published password of the demo logins
DEMO_URL = "http://127.0.0.1:8000/"
OSLO = ZoneInfo("Europe/Oslo")
# Individual numbers used for the synthetic national identity numbers.
SYNTHETIC_INDIVIDUAL_NUMBERS = range(990, 1000)


class DemoError(Exception):
    """The demo cannot be loaded (e.g. it has been loaded already)."""


# Trades, organisations and people ------------------------------------------------------


@dataclass(frozen=True)
class TradeSpec:
    code: str
    name: str
    requires_police_certificate: bool
    written_exam_rule: str
    curriculum: str
    # How the trade reads in "Fagbrevordningen — …" and in notes.
    practitioner: str


TRADES = (
    TradeSpec(
        "BUA", "Barne- og ungdomsarbeiderfaget", True, "not_normal_route", "BUA03-02", "barne- og ungdomsarbeider"
    ),
    TradeSpec("HEA", "Helsearbeiderfaget", True, "not_normal_route", "HEA03-03", "helsearbeider"),
    TradeSpec("ROF", "Renholdsoperatørfaget", False, "everyone", "ROF03-01", "renholdsoperatør"),
)
TRADE_BY_CODE = {t.code: t for t in TRADES}

COUNTY_NAME = "Nordvest fylkeskommune"


@dataclass(frozen=True)
class OrgSpec:
    key: str
    name: str
    kind: str
    address: str = ""
    email: str = ""
    training_office: str | None = None
    # (trade code, status, years before the anchor date it was approved)
    approvals: tuple[tuple[str, str, int], ...] = ()


K = Organisation.Kind
ACTIVE = TradeApproval.Status.ACTIVE
LAPSED = TradeApproval.Status.LAPSED

ORGANISATIONS = (
    OrgSpec(
        "vo",
        "Fjordvik kommune – voksenopplæringen",
        K.MUNICIPAL_SERVICE,
        "Skolegata 4, Fjordvik",
        "fagbrev@fjordvik.example",
    ),
    OrgSpec("refugee", "Fjordvik kommune – flyktningtjenesten", K.MUNICIPAL_SERVICE, "Rådhusplassen 1, Fjordvik"),
    OrgSpec("nav", "NAV Fjordvik", K.NAV, "Torget 2, Fjordvik"),
    OrgSpec("county", COUNTY_NAME, K.COUNTY, "Fylkeshuset, Nordvik", "fagopplaering@nordvest.example"),
    OrgSpec("school1", "Fjordvik videregående skole", K.SCHOOL, "Skolebakken 10, Fjordvik"),
    OrgSpec("school2", "Havbrua videregående skole", K.SCHOOL, "Havbruveien 3, Fjordvik"),
    OrgSpec(
        "office",
        "Opplæringskontoret for offentlig sektor Fjordvik",
        K.TRAINING_OFFICE,
        "Rådhusplassen 1, Fjordvik",
        "post@okos-fjordvik.example",
    ),
    OrgSpec(
        "k1", "Solsikken barnehage", K.TRAINING_COMPANY, "Solbakken 2, Fjordvik", "", "office", (("BUA", ACTIVE, 6),)
    ),
    OrgSpec(
        "k2", "Fjordtun barnehage", K.TRAINING_COMPANY, "Fjordtunvegen 8, Fjordvik", "", "office", (("BUA", ACTIVE, 4),)
    ),
    OrgSpec(
        "k3", "Blåbærlia barnehage", K.TRAINING_COMPANY, "Blåbærlia 1, Fjordvik", "", "office", (("BUA", ACTIVE, 3),)
    ),
    OrgSpec(
        "n1", "Fjordvik sykehjem", K.TRAINING_COMPANY, "Omsorgsveien 5, Fjordvik", "", "office", (("HEA", ACTIVE, 8),)
    ),
    OrgSpec(
        "n2",
        "Lindetunet sykehjem",
        K.TRAINING_COMPANY,
        "Lindeveien 12, Fjordvik",
        "",
        "office",
        (("HEA", ACTIVE, 5),),
    ),
    OrgSpec(
        "n3",
        "Hjemmetjenesten Fjordvik sentrum",
        K.TRAINING_COMPANY,
        "Storgata 20, Fjordvik",
        "",
        None,
        (("HEA", ACTIVE, 2),),
    ),
    OrgSpec(
        "rof",
        "Fjordvik kommune – renholdsavdelingen",
        K.TRAINING_COMPANY,
        "Driftsveien 3, Fjordvik",
        "",
        "office",
        (("ROF", ACTIVE, 5),),
    ),
    # The refusals: an approval that lapsed (ol. § 7-9) and a company never approved.
    OrgSpec(
        "lapsed",
        "Havblikk private barnehage AS",
        K.TRAINING_COMPANY,
        "Havblikk 4, Fjordvik",
        "",
        None,
        (("BUA", LAPSED, 7),),
    ),
    OrgSpec("unapproved", "Kystrenhold AS", K.TRAINING_COMPANY, "Industriveien 17, Fjordvik"),
)


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str
    # The role as the Norwegian user interface names it (for ``demo_logins``).
    role_label: str
    organisation: str
    superuser: bool = False


DEMO_USERS = (
    DemoUser("admin", "Eirik", "Holm", Role.ADMIN, "Administrator", "vo", superuser=True),
    DemoUser("koordinator", "Hilde", "Sandvik", Role.COORDINATOR, "Fagbrevkoordinator", "vo"),
    DemoUser("fadder", "Fatima", "Ali", Role.MENTOR, "Fadder", "k1"),
    DemoUser("instruktor", "Per", "Nilsen", Role.INSTRUCTOR, "Instruktør", "n1"),
    DemoUser("fagligleder", "Marianne", "Berg", Role.PROFESSIONAL_MANAGER, "Faglig leder", "n1"),
    DemoUser("faglaerer", "Jonas", "Lie", Role.TRADE_TEACHER, "Faglærer", "school1"),
    DemoUser("norsklaerer", "Sara", "Haugen", Role.NORWEGIAN_TEACHER, "Norsklærer", "vo"),
    DemoUser("raadgiver", "Knut", "Dahl", Role.COUNTY_ADVISER, "Rådgiver fagopplæring (fylke)", "county"),
    DemoUser("deltaker", "Amina", "Warsame", Role.PARTICIPANT, "Deltaker", "vo"),
)
DEMO_USERNAMES = tuple(u.username for u in DEMO_USERS)
# The responsible coordinator of every demo pathway, and the actor of every demo event.
COORDINATOR_USERNAME = "koordinator"


@dataclass(frozen=True)
class StaffSpec:
    key: str
    first_name: str
    last_name: str
    organisation: str
    title: str


STAFF = (
    StaffSpec("office_adviser", "Lars", "Myhre", "office", "Rådgiver"),
    StaffSpec("vo_head", "Tone", "Rasmussen", "vo", "Rektor"),
    StaffSpec("refugee_head", "Arild", "Johansen", "refugee", "Leder"),
    StaffSpec("nav_contact", "Camilla", "Eriksen", "nav", "Veileder"),
    StaffSpec("school1_head", "Bjørn", "Lunde", "school1", "Avdelingsleder helse- og oppvekstfag"),
    StaffSpec("care_head", "Randi", "Strand", "n1", "Enhetsleder helse og omsorg"),
    StaffSpec("hea_teacher", "Silje", "Nordby", "school2", "Faglærer"),
    StaffSpec("rof_teacher", "Tor", "Egeland", "rof", "Faglærer renhold"),
    StaffSpec("nor_teacher2", "Maria", "Sørensen", "vo", "Norsklærer"),
    StaffSpec("k1_mentor2", "Kristin", "Moe", "k1", "Fadder"),
    StaffSpec("k1_manager", "Anne", "Kristiansen", "k1", "Styrer"),
    StaffSpec("k2_mentor", "Liv", "Aasen", "k2", "Fadder"),
    StaffSpec("k2_manager", "Ole", "Pettersen", "k2", "Styrer"),
    StaffSpec("k3_mentor", "Reza", "Karimi", "k3", "Fadder"),
    StaffSpec("k3_manager", "Nina", "Bakke", "k3", "Styrer"),
    StaffSpec("n1_instructor2", "Tigist", "Bekele", "n1", "Instruktør"),
    StaffSpec("n1_manager2", "Gunn", "Aune", "n1", "Faglig leder"),
    StaffSpec("n2_instructor", "Jan", "Olsen", "n2", "Instruktør"),
    StaffSpec("n2_manager", "Eva", "Lunde", "n2", "Faglig leder"),
    StaffSpec("n3_instructor", "Zainab", "Rahimi", "n3", "Instruktør"),
    StaffSpec("n3_manager", "Trond", "Haug", "n3", "Avdelingsleder"),
    StaffSpec("rof_mentor", "Ahmad", "Nouri", "rof", "Fagansvarlig renholder"),
    StaffSpec("rof_manager", "Geir", "Solberg", "rof", "Renholdsleder"),
)

# (scheme trade, project group members, steering group members): person key and title.
GROUPS: dict[str, tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]] = {
    "BUA": (
        (("koordinator", "Fagbrevkoordinator"), ("faglaerer", "Faglærer"), ("nor_teacher2", "Norsklærer")),
        (
            ("refugee_head", "Leder (prosjekteier)"),
            ("vo_head", "Rektor"),
            ("school1_head", "Avdelingsleder"),
            ("k1_manager", "Styrer"),
            ("nav_contact", "NAV"),
        ),
    ),
    "HEA": (
        (
            ("koordinator", "Fagbrevkoordinator"),
            ("hea_teacher", "Faglærer"),
            ("norsklaerer", "Norsklærer"),
            ("fagligleder", "Faglig leder"),
        ),
        (
            ("refugee_head", "Leder (prosjekteier)"),
            ("vo_head", "Rektor"),
            ("care_head", "Enhetsleder"),
            ("raadgiver", "Rådgiver fagopplæring"),
            ("nav_contact", "NAV"),
        ),
    ),
    "ROF": (
        (("koordinator", "Fagbrevkoordinator"), ("rof_teacher", "Faglærer"), ("nor_teacher2", "Norsklærer")),
        (("refugee_head", "Leder (prosjekteier)"), ("vo_head", "Rektor"), ("rof_manager", "Renholdsleder")),
    ),
}

SCHEME_DESCRIPTIONS = {
    "BUA": "Alternativt løp mot fagbrev på arbeidsplass i barnehager, i samarbeid med Fjordvik videregående skole. "
    "Én undervisningsdag i uken med fag og norsk; faglærer besøker arbeidsstedet annenhver uke.",
    "HEA": "Alternativt løp mot fagbrev i helsearbeiderfaget på sykehjem og i hjemmetjenesten. "
    "To timer norsk i uken; mål om norsk B2 muntlig og skriftlig.",
    "ROF": "Alternativt løp mot fagbrev i renholdsoperatørfaget sammen med kommunens renholdsavdeling. "
    "To timer norsk- og fagundervisning i uken.",
}

# Participants: (first name, female) per background, and last names per background.
FIRST_NAMES: dict[str, tuple[tuple[str, bool], ...]] = {
    "so": (("Hodan", True), ("Khadija", True), ("Aisha", True), ("Fadumo", True), ("Abdi", False), ("Hassan", False)),
    "ar": (("Fatima", True), ("Mariam", True), ("Nadia", True), ("Yasmin", True), ("Mohammed", False), ("Omar", False)),
    "ti": (("Helen", True), ("Saba", True), ("Rahel", True), ("Tesfay", False), ("Yonas", False), ("Dawit", False)),
    "uk": (("Olena", True), ("Iryna", True), ("Oksana", True), ("Sofiia", True), ("Andrii", False), ("Mykola", False)),
    "pl": (("Agnieszka", True), ("Beata", True), ("Ewa", True), ("Piotr", False), ("Tomasz", False)),
    "fa": (("Zahra", True), ("Leila", True), ("Shirin", True), ("Ahmad", False), ("Ali", False), ("Reza", False)),
    "nb": (("Kari", True), ("Ingrid", True), ("Marte", True), ("Hanna", True), ("Ole", False), ("Erik", False)),
    "other": (("Linh", True), ("Mai", True), ("Grace", True), ("Joseph", False), ("Bilal", False)),
}
LAST_NAMES: dict[str, tuple[str, ...]] = {
    "so": ("Hassan", "Yusuf", "Warsame", "Farah", "Mohamud", "Osman", "Abdullahi"),
    "ar": ("Haddad", "Khalil", "Saleh", "Nasser", "Ibrahim", "Al-Hamdan"),
    "ti": ("Tesfamariam", "Gebremedhin", "Haile", "Tekle", "Berhane", "Weldu"),
    "uk": ("Kovalenko", "Shevchenko", "Bondarenko", "Melnyk", "Tkachenko", "Kravchenko"),
    "pl": ("Nowak", "Kaczmarek", "Mazur", "Krawczyk", "Zając"),
    "fa": ("Ahmadi", "Hosseini", "Sadeghi", "Rezaei", "Mohammadi", "Jafari"),
    "nb": ("Hansen", "Johansen", "Larsen", "Andersen", "Pedersen", "Solheim"),
    "other": ("Nguyen", "Tran", "Okafor", "Mensah", "Santos"),
}
# How often each background occurs among the participants (the scheme serves immigrants).
BACKGROUND_WEIGHTS = {"so": 5, "ar": 5, "ti": 5, "uk": 4, "pl": 2, "fa": 4, "nb": 2, "other": 2}
LANGUAGE_BY_BACKGROUND = {
    "so": Person.Language.SO,
    "ar": Person.Language.AR,
    "ti": Person.Language.TI,
    "uk": Person.Language.UK,
    "pl": Person.Language.PL,
    "fa": Person.Language.FA,
    "nb": Person.Language.NB,
    "other": Person.Language.OTHER,
}
DELTAKER_BACKGROUND = "so"

# The pathways -------------------------------------------------------------------------

ALT = Track.ALTERNATIVE

# (trade, track, stage, workplace key, variant). Scheme pathways are the "alternative"
# ones. Variants: "deltaker" (the demo participant's own pathway), "resumed" (an earlier
# interruption), "screened" (screening registered), the start-up gaps "ready",
# "no_police", "no_workplace", "no_member", "no_consent", and for ended pathways
# "<stage it ended from>:<end reason>".
PATHWAY_SPECS: tuple[tuple[str, str, str, str | None, str], ...] = (
    # Fagbrevordningen — barne- og ungdomsarbeider
    ("BUA", ALT, Stage.REFERRED, None, ""),
    ("BUA", ALT, Stage.REFERRED, None, ""),
    ("BUA", ALT, Stage.SCREENING, None, ""),
    ("BUA", ALT, Stage.ADMITTED, None, ""),
    ("BUA", ALT, Stage.DECLINED, None, ""),
    ("BUA", ALT, Stage.STARTING, "k2", "ready"),
    ("BUA", ALT, Stage.STARTING, "k3", "no_police"),
    ("BUA", ALT, Stage.IN_TRAINING, "k1", "deltaker"),
    ("BUA", ALT, Stage.IN_TRAINING, "k1", ""),
    ("BUA", ALT, Stage.IN_TRAINING, "k2", ""),
    ("BUA", ALT, Stage.IN_TRAINING, "k3", "resumed"),
    ("BUA", ALT, Stage.IN_TRAINING, "k2", ""),
    ("BUA", ALT, Stage.INTERRUPTED, "k3", ""),
    ("BUA", ALT, Stage.COMPLETED, "k1", ""),
    ("BUA", ALT, Stage.COMPLETED, "k2", ""),
    ("BUA", ALT, Stage.ENDED, "k3", "in_training:terminated"),
    # Fagbrevordningen — helsearbeider
    ("HEA", ALT, Stage.REFERRED, None, ""),
    ("HEA", ALT, Stage.SCREENING, None, "screened"),
    ("HEA", ALT, Stage.SCREENING, None, ""),
    ("HEA", ALT, Stage.ADMITTED, None, ""),
    ("HEA", ALT, Stage.DECLINED, None, ""),
    ("HEA", ALT, Stage.STARTING, None, "no_workplace"),
    ("HEA", ALT, Stage.STARTING, "n2", "no_member"),
    ("HEA", ALT, Stage.IN_TRAINING, "n1", ""),
    ("HEA", ALT, Stage.IN_TRAINING, "n1", ""),
    ("HEA", ALT, Stage.IN_TRAINING, "n1", ""),
    ("HEA", ALT, Stage.IN_TRAINING, "n2", ""),
    ("HEA", ALT, Stage.IN_TRAINING, "n3", ""),
    ("HEA", ALT, Stage.IN_TRAINING, "n1", "resumed"),
    ("HEA", ALT, Stage.INTERRUPTED, "n2", ""),
    ("HEA", ALT, Stage.COMPLETED, "n1", ""),
    ("HEA", ALT, Stage.COMPLETED, "n3", ""),
    ("HEA", ALT, Stage.ENDED, None, "screening:withdrawn"),
    ("HEA", ALT, Stage.ENDED, "n2", "interrupted:cancelled"),
    # Fagbrevordningen — renholdsoperatør
    ("ROF", ALT, Stage.REFERRED, None, ""),
    ("ROF", ALT, Stage.SCREENING, None, "screened"),
    ("ROF", ALT, Stage.ADMITTED, None, ""),
    ("ROF", ALT, Stage.DECLINED, None, ""),
    ("ROF", ALT, Stage.STARTING, None, "no_workplace"),
    ("ROF", ALT, Stage.IN_TRAINING, "rof", ""),
    ("ROF", ALT, Stage.IN_TRAINING, "rof", ""),
    ("ROF", ALT, Stage.IN_TRAINING, "rof", ""),
    ("ROF", ALT, Stage.COMPLETED, "rof", ""),
    ("ROF", ALT, Stage.ENDED, None, "admitted:other"),
    # Outside the schemes: apprentices and training candidates through the training
    # office, experience candidates and trade certificate at work.
    ("BUA", Track.APPRENTICE, Stage.REFERRED, None, ""),
    ("BUA", Track.APPRENTICE, Stage.IN_TRAINING, "k2", ""),
    ("HEA", Track.APPRENTICE, Stage.IN_TRAINING, "n3", ""),
    ("HEA", Track.APPRENTICE, Stage.COMPLETED, "n2", ""),
    ("HEA", Track.TRAINING_CANDIDATE, Stage.SCREENING, None, "screened"),
    ("ROF", Track.TRAINING_CANDIDATE, Stage.IN_TRAINING, "rof", ""),
    ("BUA", Track.TRAINING_CANDIDATE, Stage.INTERRUPTED, "k3", ""),
    ("HEA", Track.EXPERIENCE_CANDIDATE, Stage.ADMITTED, None, ""),
    ("ROF", Track.EXPERIENCE_CANDIDATE, Stage.COMPLETED, "rof", ""),
    ("BUA", Track.EXPERIENCE_CANDIDATE, Stage.ENDED, None, "screening:withdrawn"),
    ("HEA", Track.EXPERIENCE_CANDIDATE, Stage.DECLINED, None, ""),
    ("HEA", Track.AT_WORK, Stage.IN_TRAINING, "n1", ""),
    ("BUA", Track.AT_WORK, Stage.IN_TRAINING, "k1", ""),
    ("ROF", Track.AT_WORK, Stage.STARTING, "rof", "no_consent"),
    ("HEA", Track.AT_WORK, Stage.INTERRUPTED, "n3", ""),
    ("HEA", Track.AT_WORK, Stage.ENDED, "n1", "in_training:withdrawn"),
)

# The transitions that lead to each stage, after "created".
_TO_SCREENING = ("start_screening",)
_TO_STARTING = ("start_screening", "admit", "begin_start_up")
CHAINS: dict[str, tuple[str, ...]] = {
    Stage.REFERRED: (),
    Stage.SCREENING: _TO_SCREENING,
    Stage.ADMITTED: ("start_screening", "admit"),
    Stage.DECLINED: ("start_screening", "decline"),
    Stage.STARTING: _TO_STARTING,
    Stage.IN_TRAINING: (*_TO_STARTING, "start_training"),
    Stage.INTERRUPTED: (*_TO_STARTING, "start_training", "interrupt"),
    Stage.COMPLETED: (*_TO_STARTING, "start_training", "complete"),
}
# Days between a transition and the one before it.
GAPS: dict[str, tuple[int, int]] = {
    "start_screening": (5, 25),
    "admit": (14, 40),
    "decline": (14, 40),
    "begin_start_up": (7, 30),
    "start_training": (21, 60),
    "interrupt": (60, 300),
    "resume": (30, 90),
    "complete": (640, 725),
}
END_GAPS: dict[str, tuple[int, int]] = {Stage.IN_TRAINING: (90, 400), Stage.INTERRUPTED: (30, 120)}
# Days before the anchor date of the pathway's last transition.
LAST_OFFSETS: dict[str, tuple[int, int]] = {
    Stage.REFERRED: (2, 40),
    Stage.SCREENING: (2, 25),
    Stage.ADMITTED: (3, 35),
    Stage.DECLINED: (5, 250),
    Stage.STARTING: (4, 35),
    Stage.IN_TRAINING: (14, 600),
    Stage.INTERRUPTED: (5, 90),
    Stage.COMPLETED: (10, 400),
    Stage.ENDED: (10, 250),
}
CONTRACT_DAYS = 730

# Texts (data shown to Norwegian users).
REFERRAL_NOTES: dict[str, str] = {
    ReferralSource.NAV: "Arbeidssøker hos NAV Fjordvik med ønske om fagbrev som {p}.",
    ReferralSource.EMPLOYER: "Ansatt uten fagbrev; arbeidsgiver ønsker fagbrev på jobb.",
    ReferralSource.REFUGEE_SERVICE: "Deltaker i introduksjonsprogrammet, henvist fra flyktningtjenesten.",
    ReferralSource.JOBBSJANSEN: "Deltaker i Jobbsjansen, ønsker å bli {p}.",
    ReferralSource.ADULT_EDUCATION: "Henvist fra voksenopplæringen etter fullført norskkurs.",
    ReferralSource.SCHOOL: "Søker læreplass etter Vg2.",
    ReferralSource.SELF: "Tok selv kontakt etter informasjonsmøtet om fagbrevordningen.",
    ReferralSource.OTHER: "Henvist fra språkkafeen på biblioteket.",
}
SCHEME_SOURCES = (
    ReferralSource.REFUGEE_SERVICE,
    ReferralSource.NAV,
    ReferralSource.JOBBSJANSEN,
    ReferralSource.ADULT_EDUCATION,
    ReferralSource.REFUGEE_SERVICE,
    ReferralSource.SELF,
    ReferralSource.NAV,
    ReferralSource.OTHER,
)
ADMIT_REASONS = (
    "Motivert og egnet; norsknivå og arbeidserfaring fra faget oppfyller kravene.",
    "Godt intervju og gode referanser fra praksisstedet. Anbefalt av faglærer.",
    "Relevant erfaring fra hjemlandet og god progresjon i norsk.",
    "Sterk motivasjon og god kjennskap til faget fra vikariater.",
)
DECLINE_REASONS = (
    "Norsknivået er foreløpig under A2. Anbefalt videre norskopplæring og ny søknad neste år.",
    "Kan ikke delta minst 80 % på grunn av omsorgsoppgaver. Ny vurdering om et halvår.",
    "Ønsker heller et annet fag; henvist til karriereveiledning.",
    "Mangler dokumentert arbeidserfaring fra faget; tilbudt praksisplass først.",
)
INTERRUPT_REASONS = (
    "Foreldrepermisjon.",
    "Langvarig sykmelding.",
    "Permisjon for å ta seg av familie i hjemlandet.",
)
END_NOTES = {
    EndReason.WITHDRAWN: "Deltakeren trakk seg skriftlig; har fått fast jobb i en annen bransje.",
    EndReason.TERMINATED: "Oppsagt etter avtale mellom partene; fylkeskommunen ble varslet skriftlig på forhånd.",
    EndReason.CANCELLED: "Hevet etter vedtak i fylkeskommunen etter langvarig avbrudd.",
    EndReason.OTHER: "Flyttet til en annen kommune; overført til fagbrevordningen der.",
}
EDUCATION_NOTES = {
    Screening.Education.NONE: "Lite skolegang fra hjemlandet.",
    Screening.Education.PRIMARY: "Grunnskole fra hjemlandet, ni år.",
    Screening.Education.UPPER_SECONDARY: "To år videregående skole i hjemlandet.",
    Screening.Education.UPPER_SECONDARY_DONE: "Fullført videregående skole i hjemlandet.",
    Screening.Education.VOCATIONAL_ABROAD: "Yrkesutdanning fra hjemlandet, ikke godkjent i Norge.",
    Screening.Education.HIGHER: "Bachelorgrad fra hjemlandet, ikke godkjent i Norge.",
}
WORK_NOTES = {
    "BUA": "Assistent og vikar i barnehage.",
    "HEA": "Pleieassistent på sykehjem, helgevakter.",
    "ROF": "Renholdsassistent, vikar i kommunen.",
}
MOTIVATION_NOTES = (
    "Ønsker fast jobb og fagbrev.",
    "Vil bli et forbilde for egne barn.",
    "Trives med faget og vil utvikle seg videre.",
    "Ønsker å bruke erfaringen fra hjemlandet i Norge.",
)
SUITABILITY_NOTES = {
    "BUA": "God kontakt med barna i praksis; gode tilbakemeldinger fra styrer.",
    "HEA": "Rolig og omsorgsfull; gode tilbakemeldinger fra praksisstedet.",
    "ROF": "Jobber strukturert og nøyaktig; god kunnskap om utstyr.",
}
LIFE_SITUATIONS = (
    "Enslig forsørger med to barn i barnehage.",
    "Gift, tre barn i skolealder.",
    "Bor alene, nylig bosatt i Fjordvik.",
    "Samboer, ett barn.",
    "Bor med ektefelle; ektefellen går på introduksjonsprogrammet.",
)
HINDRANCES = (
    "Ingen kjente hindringer.",
    "Trenger barnehageplass til yngste barn fra august.",
    "Lang reisevei; avhengig av buss.",
)
NO_80_HINDRANCE = "Omsorgsansvar gjør at deltakelse over 60 % ikke er mulig nå."
INCOME_BY_SOURCE: dict[str, str] = {
    ReferralSource.REFUGEE_SERVICE: Screening.IncomeBasis.INTRODUCTION_BENEFIT,
    ReferralSource.JOBBSJANSEN: Screening.IncomeBasis.JOBBSJANSEN,
    ReferralSource.NAV: Screening.IncomeBasis.NAV_BENEFIT,
    ReferralSource.EMPLOYER: Screening.IncomeBasis.SALARY,
}
CEFR_ORDER = ("pre_a1", "A1", "A2", "B1", "B2", "C1", "C2")


# The plan (pure) ----------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedPerson:
    first_name: str
    last_name: str
    female: bool
    background: str
    birth_date: dt.date
    national_id: str
    email: str


@dataclass(frozen=True)
class PlannedPathway:
    number: int
    person: PlannedPerson
    trade: str
    track: str
    stage: str
    in_scheme: bool
    workplace: str | None
    variant: str
    referral_source: str
    referral_note: str
    # ("created" | transition name, when, event data beyond from/to)
    steps: tuple[tuple[str, dt.datetime, tuple[tuple[str, Any], ...]], ...]
    decision_reason: str
    end_reason: str
    end_note: str
    interruption_reason: str
    planned_start: dt.date | None
    planned_end: dt.date | None
    screening: tuple[tuple[str, Any], ...] | None
    screened_at: dt.datetime | None
    # (purpose, receiving party, when)
    consents: tuple[tuple[str, str, dt.datetime], ...]
    # (issued on, checked at)
    police: tuple[dt.date, dt.datetime] | None
    # (person key, role, when)
    members: tuple[tuple[str, str, dt.datetime], ...]

    def reached(self, transition: str) -> bool:
        return any(name == transition for name, _, _ in self.steps)

    def when(self, transition: str) -> dt.datetime:
        return next(at for name, at, _ in self.steps if name == transition)


def _ascii(text: str) -> str:
    table = str.maketrans(
        {
            "æ": "ae",
            "ø": "o",
            "å": "aa",
            "ą": "a",
            "ć": "c",
            "ę": "e",
            "ł": "l",
            "ń": "n",
            "ó": "o",
            "ś": "s",
            "ź": "z",
            "ż": "z",
            "-": "",
        }
    )
    return "".join(ch for ch in text.lower().translate(table) if ch.isalnum())


def synthetic_national_id(birth_date: dt.date, *, female: bool, d_number: bool, used: set[str]) -> str:
    """A fødselsnummer (or D-number: day + 40) with an individual number in 990–999 and
    correct check digits; '' if every such number for that date is taken or invalid."""
    day = birth_date.day + (40 if d_number else 0)
    base = f"{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}"
    for individual in SYNTHETIC_INDIVIDUAL_NUMBERS:
        # The third individual digit is even for women and odd for men.
        if (individual % 2 == 0) != female:
            continue
        digits = f"{base}{individual}"
        k1 = fodselsnummer.calc_check_digit1(digits)
        if len(k1) > 1:
            continue
        k2 = fodselsnummer.calc_check_digit2(digits + k1)
        if len(k2) > 1:
            continue
        number = digits + k1 + k2
        if number not in used:
            clean_national_id(number)  # a bug here must not produce an invalid number
            used.add(number)
            return number
    return ""


def synthetic_orgnr(sequence: int) -> str:
    """A valid 9-digit organisation number 99xxxxxxx (mod-11 check digit)."""
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    base = 99_100_000 + sequence * 137
    while True:
        digits = f"{base:08d}"
        check = 11 - sum(w * int(d) for w, d in zip(weights, digits, strict=True)) % 11
        if check == 11:
            check = 0
        if check != 10:
            return clean_orgnr(digits + str(check))
        base += 1


class _Planner:
    def __init__(self, anchor: dt.date) -> None:
        self.anchor = anchor
        # Two streams: the people do not depend on the anchor date, the dates do.
        self.people_rng = random.Random(SEED)  # noqa: S311 - demo data, not security
        self.rng = random.Random(SEED + 1)  # noqa: S311
        self.used_names: set[tuple[str, str]] = {("Amina", "Warsame")}
        self.used_ids: set[str] = set()
        # The last moment any demo event may happen: the afternoon before the anchor date.
        self.limit = self.at_time(anchor - dt.timedelta(days=1), 16, 0)
        # The demo instructor and professional manager follow four pathways each at
        # Fjordvik sykehjem; their colleagues there follow the rest.
        self.n1_instructions = 0
        self.n1_managements = 0

    # Times ----------------------------------------------------------------------------

    @staticmethod
    def at_time(day: dt.date, hour: int, minute: int) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)), OSLO)

    def at(self, day: dt.date) -> dt.datetime:
        return self.at_time(day, self.rng.randint(8, 14), self.rng.choice(range(0, 60, 5)))

    def between(self, start: dt.datetime, end: dt.datetime) -> dt.datetime:
        """A working-hours moment on a working day strictly between two moments (or half
        an hour after the first, if there is no such day)."""
        first = start.date() + dt.timedelta(days=1)
        days = [first + dt.timedelta(days=n) for n in range((end.date() - first).days)]
        weekdays = [d for d in days if d.weekday() < 5]
        if not weekdays:
            return start + dt.timedelta(minutes=30)
        return self.at(self.rng.choice(weekdays))

    @staticmethod
    def weekday_before(day: dt.date) -> dt.date:
        """Saturday and Sunday move back to Friday."""
        return day - dt.timedelta(days=max(0, day.weekday() - 4))

    def days(self, bounds: tuple[int, int]) -> int:
        return self.rng.randint(*bounds)

    # People ---------------------------------------------------------------------------

    def person(self, track: str, deltaker: bool) -> PlannedPerson:
        rng = self.people_rng
        if deltaker:
            background, first, last, female = DELTAKER_BACKGROUND, "Amina", "Warsame", True
        else:
            backgrounds = list(BACKGROUND_WEIGHTS)
            while True:
                background = rng.choices(backgrounds, weights=[BACKGROUND_WEIGHTS[b] for b in backgrounds])[0]
                first, female = rng.choice(FIRST_NAMES[background])
                last = rng.choice(LAST_NAMES[background])
                if (first, last) not in self.used_names:
                    break
            self.used_names.add((first, last))
        young = track in (Track.APPRENTICE, Track.TRAINING_CANDIDATE)
        age_days = rng.randint(18 * 365, 22 * 365) if young else rng.randint(23 * 365, 56 * 365)
        birth_date = self.anchor - dt.timedelta(days=age_days)
        national_id = ""
        if deltaker or rng.random() < 0.5:
            national_id = synthetic_national_id(
                birth_date, female=female, d_number=background in ("uk", "pl"), used=self.used_ids
            )
        email = f"{_ascii(first)}.{_ascii(last)}@epost.example" if rng.random() < 0.7 else ""
        return PlannedPerson(first, last, female, background, birth_date, national_id, email)

    def screening(self, person: PlannedPerson, trade: str, source: str, declined: bool, work_years: float) -> dict:
        rng = self.rng
        if person.background == "nb":
            oral, written = 6, 5
            years = round((self.anchor - person.birth_date).days / 365.25, 1)
        else:
            oral = rng.randint(1, 2) if declined else rng.randint(2, 4)
            written = max(0, oral - rng.randint(0, 1))
            years = round(rng.uniform(1.5, 3.5), 1) if person.background == "uk" else round(rng.uniform(2.0, 14.0), 1)
        education = rng.choice(
            [Screening.Education.PRIMARY, Screening.Education.UPPER_SECONDARY, Screening.Education.UPPER_SECONDARY_DONE]
            if person.background == "nb"
            else list(EDUCATION_NOTES)
        )
        can_80 = not (declined and rng.random() < 0.5)
        return {
            "norwegian_listening": CEFR_ORDER[oral],
            "norwegian_speaking": CEFR_ORDER[oral],
            "norwegian_reading": CEFR_ORDER[written],
            "norwegian_writing": CEFR_ORDER[max(0, written - rng.randint(0, 1))],
            "years_in_norway": Decimal(str(years)),
            "education": education,
            "education_note": EDUCATION_NOTES[education],
            "work_experience_years": Decimal(str(work_years)),
            "work_experience_note": WORK_NOTES[trade],
            "motivation": rng.randint(2, 3) if declined else rng.randint(3, 4),
            "motivation_note": rng.choice(MOTIVATION_NOTES),
            "suitability": rng.randint(1, 3) if declined else rng.randint(3, 4),
            "suitability_note": SUITABILITY_NOTES[trade],
            "life_situation": rng.choice(LIFE_SITUATIONS),
            "can_participate_80": can_80,
            "hindrances": rng.choice(HINDRANCES) if can_80 else NO_80_HINDRANCE,
            "income_basis": INCOME_BY_SOURCE.get(source, rng.choice(list(Screening.IncomeBasis.values))),
        }

    # Pathways -------------------------------------------------------------------------

    def chain(self, stage: str, variant: str) -> tuple[str, ...]:
        if stage == Stage.ENDED:
            from_stage = variant.split(":")[0]
            return (*CHAINS[from_stage], "end")
        if variant == "resumed":
            return (*CHAINS[Stage.IN_TRAINING], "interrupt", "resume")
        return CHAINS[stage]

    def timeline(self, stage: str, variant: str, chain: tuple[str, ...]) -> list[tuple[str, dt.datetime]]:
        gaps = []
        for name in chain:
            if name == "end":
                from_stage = variant.split(":")[0]
                gaps.append(self.days(END_GAPS.get(from_stage, (10, 40))))
            else:
                gaps.append(self.days(GAPS[name]))
        if variant == "deltaker":
            last_offset = 250
        elif variant == "resumed":
            last_offset = self.days((20, 120))
        else:
            last_offset = self.days(LAST_OFFSETS[stage])
        last_day = self.anchor - dt.timedelta(days=last_offset)
        day = last_day - dt.timedelta(days=sum(gaps))
        # The gaps are at least five days, so moving weekends back keeps the order.
        steps = [("created", self.at(self.weekday_before(day)))]
        for name, gap in zip(chain, gaps, strict=True):
            day += dt.timedelta(days=gap)
            steps.append((name, self.at(self.weekday_before(day))))
        return steps

    def pathway(self, number: int, spec: tuple[str, str, str, str | None, str], scheme_index: int) -> PlannedPathway:
        rng = self.rng
        trade, track, stage, workplace, variant = spec
        in_scheme = track == Track.ALTERNATIVE
        person = self.person(track, variant == "deltaker")
        if in_scheme:
            source = SCHEME_SOURCES[scheme_index % len(SCHEME_SOURCES)]
        elif track in (Track.APPRENTICE, Track.TRAINING_CANDIDATE):
            source = ReferralSource.SCHOOL
        elif track == Track.AT_WORK:
            source = ReferralSource.EMPLOYER
        else:
            source = rng.choice([ReferralSource.SELF, ReferralSource.NAV])
        chain = self.chain(stage, variant)
        timeline = self.timeline(stage, variant, chain)
        moments = dict(timeline)

        # Event data beyond {"from", "to"}, and the decisions.
        extra: dict[str, dict[str, Any]] = {name: {} for name, _ in timeline}
        # The reasons the users typed stay on the pathway, never in the events.
        decision_reason = end_reason = end_note = interruption_reason = ""
        if "admit" in moments:
            decision_reason = rng.choice(ADMIT_REASONS)
        if "decline" in moments:
            decision_reason = rng.choice(DECLINE_REASONS)
        if "interrupt" in moments:
            interruption_reason = rng.choice(INTERRUPT_REASONS)
            extra["interrupt"] = {"county_informed": True}
        if "start_training" in moments:
            extra["start_training"] = {"started_on": timezone.localdate(moments["start_training"]).isoformat()}
        if "complete" in moments:
            passed = moments["complete"].date() - dt.timedelta(days=rng.randint(3, 20))
            extra["complete"] = {"trade_test_passed_on": passed.isoformat()}
        if "end" in moments:
            from_stage, end_reason = variant.split(":")
            end_note = END_NOTES[EndReason(end_reason)]
            extra["end"] = {
                "end_reason": end_reason,
                "county_informed": from_stage in (Stage.IN_TRAINING, Stage.INTERRUPTED),
            }
        steps = tuple((name, at, tuple(sorted(extra[name].items()))) for name, at in timeline)

        # The next milestone after a moment, or the limit: side events fit in between.
        def next_after(name: str) -> dt.datetime:
            names = [n for n, _ in timeline]
            later = names.index(name) + 1
            return timeline[later][1] if later < len(timeline) else self.limit

        # Screening: registered during screening, before the decision.
        screening = screened_at = None
        work_years = round(rng.uniform(1.0, 9.0), 1)
        if "admit" in moments or "decline" in moments or variant == "screened":
            screened_at = self.between(moments["start_screening"], next_after("start_screening"))
            screening = tuple(sorted(self.screening(person, trade, source, "decline" in moments, work_years).items()))

        started_up = "begin_start_up" in moments
        trained = "start_training" in moments
        # Start-up tasks happen between the start of start-up and the start of training.
        window = (moments["begin_start_up"], next_after("begin_start_up")) if started_up else None
        consents: list[tuple[str, str, dt.datetime]] = []
        police = None
        if window and variant != "no_consent":
            given = self.between(*window)
            consents.append((Consent.Purpose.PARTICIPATION, "", given))
            if trained and rng.random() < 0.6:
                consents.append((Consent.Purpose.SHARE_WITH_COUNTY, COUNTY_NAME, given + dt.timedelta(minutes=5)))
            if source == ReferralSource.NAV:
                consents.append((Consent.Purpose.SHARE_WITH_NAV, "NAV Fjordvik", given + dt.timedelta(minutes=10)))
        if window and TRADE_BY_CODE[trade].requires_police_certificate and variant not in ("no_police", "no_workplace"):
            checked = self.between(*window)
            police = (checked.date() - dt.timedelta(days=rng.randint(3, 40)), checked)

        planned_start = planned_end = None
        if trained:
            planned_start = moments["start_training"].date()
            planned_end = planned_start + dt.timedelta(days=CONTRACT_DAYS)
            if "resume" in moments:
                # The end date moves by the time away (DOMAIN.md, "interrupted").
                planned_end += moments["resume"].date() - moments["interrupt"].date()
        elif started_up and variant != "no_workplace":
            planned_start = self.weekday_before(self.anchor + dt.timedelta(days=rng.randint(7, 30)))
            planned_end = planned_start + dt.timedelta(days=CONTRACT_DAYS)

        members = self.members(trade, track, workplace, variant, moments, window, trained)
        return PlannedPathway(
            number=number,
            person=person,
            trade=trade,
            track=track,
            stage=stage,
            in_scheme=in_scheme,
            workplace=workplace,
            variant=variant,
            referral_source=source,
            referral_note=REFERRAL_NOTES[source].format(p=TRADE_BY_CODE[trade].practitioner),
            steps=steps,
            decision_reason=decision_reason,
            end_reason=end_reason,
            end_note=end_note,
            interruption_reason=interruption_reason,
            planned_start=planned_start,
            planned_end=planned_end,
            screening=screening,
            screened_at=screened_at,
            consents=tuple(consents),
            police=police,
            members=tuple(members),
        )

    def members(
        self,
        trade: str,
        track: str,
        workplace: str | None,
        variant: str,
        moments: dict[str, dt.datetime],
        window: tuple[dt.datetime, dt.datetime] | None,
        trained: bool,
    ) -> list[tuple[str, str, dt.datetime]]:
        R = PathwayMember.Role
        hour = dt.timedelta(hours=1)
        members: list[tuple[str, str, dt.datetime]] = []
        if track in (Track.APPRENTICE, Track.TRAINING_CANDIDATE):
            # The training office follows apprentices and training candidates in its
            # member companies (ol. § 7-12); its adviser is on the pathway as a person.
            members.append(("office_adviser", R.TRAINING_OFFICE_ADVISER, moments["created"] + hour))
        in_scheme = track == Track.ALTERNATIVE
        if in_scheme and "admit" in moments:
            teacher = {"BUA": "faglaerer", "HEA": "hea_teacher", "ROF": "rof_teacher"}[trade]
            members.append((teacher, R.TRADE_TEACHER, moments["admit"] + hour))
        if in_scheme and window:
            teacher = "norsklaerer" if trade == "HEA" else "nor_teacher2"
            members.append((teacher, R.NORWEGIAN_TEACHER, moments["begin_start_up"] + hour))
        if workplace and window and variant != "no_member":
            at = self.between(*window)
            if trade == "BUA":
                mentor = {"k1": "fadder" if in_scheme else "k1_mentor2", "k2": "k2_mentor", "k3": "k3_mentor"}
                members.append((mentor[workplace], R.MENTOR, at))
            elif trade == "HEA":
                if workplace == "n1":
                    self.n1_instructions += 1
                instructor = {
                    "n1": "instruktor" if self.n1_instructions <= 4 else "n1_instructor2",
                    "n2": "n2_instructor",
                    "n3": "n3_instructor",
                }
                members.append((instructor[workplace], R.INSTRUCTOR, at))
            else:
                members.append(("rof_mentor", R.MENTOR, at))
            if trained:
                if workplace == "n1":
                    self.n1_managements += 1
                manager = {
                    "k1": ("k1_manager", R.WORKPLACE_MANAGER),
                    "k2": ("k2_manager", R.WORKPLACE_MANAGER),
                    "k3": ("k3_manager", R.WORKPLACE_MANAGER),
                    "n1": ("fagligleder" if self.n1_managements <= 4 else "n1_manager2", R.PROFESSIONAL_MANAGER),
                    "n2": ("n2_manager", R.PROFESSIONAL_MANAGER),
                    "n3": ("n3_manager", R.WORKPLACE_MANAGER),
                    "rof": ("rof_manager", R.WORKPLACE_MANAGER),
                }[workplace]
                members.append((*manager, at + dt.timedelta(minutes=10)))
        if in_scheme and trade == "HEA" and trained:
            # The county adviser follows the pathways under contract in the health scheme.
            members.append(("raadgiver", R.COUNTY_ADVISER, moments["start_training"] + hour))
        return members


def build_plan(today: dt.date) -> list[PlannedPathway]:
    """The demo pathways for the anchor date ``today``: pure and deterministic."""
    planner = _Planner(today)
    plan = []
    scheme_index = 0
    for number, spec in enumerate(PATHWAY_SPECS, start=1):
        plan.append(planner.pathway(number, spec, scheme_index))
        if spec[1] == Track.ALTERNATIVE:
            scheme_index += 1
    return plan


# Writing it ---------------------------------------------------------------------------


def load_demo(today: dt.date | None = None, stdout: Any = None) -> dict[str, int]:
    """Write the demo in one transaction and return how many of each thing it made."""
    anchor = today or timezone.localdate()
    plan = build_plan(anchor)
    with transaction.atomic():
        taken = User.objects.filter(username__in=DEMO_USERNAMES).values_list("username", flat=True)
        if taken:
            raise DemoError(f"The demo has already been loaded (users {', '.join(sorted(taken))} exist).")
        counts = _Builder(anchor, plan).run()
    if stdout is not None:
        stdout.write(
            f"Demo anchored on {anchor.isoformat()}: " + ", ".join(f"{v} {k}" for k, v in counts.items()) + "\n"
        )
    return counts


class _Builder:
    def __init__(self, anchor: dt.date, plan: list[PlannedPathway]) -> None:
        self.anchor = anchor
        self.plan = plan
        self.counts: dict[str, int] = {}

    def run(self) -> dict[str, int]:
        self.trades()
        self.organisations()
        self.people_and_users()
        self.schemes()
        self.pathways()
        self.records()
        self.events()
        return self.counts

    def trades(self) -> None:
        self.trade: dict[str, Trade] = {}
        for spec in TRADES:
            self.trade[spec.code], _ = Trade.objects.get_or_create(
                code=spec.code,
                defaults={
                    "name": spec.name,
                    "requires_police_certificate": spec.requires_police_certificate,
                    "written_exam_rule": spec.written_exam_rule,
                },
            )
        codes = [t.curriculum for t in TRADES]
        by_code = {c.code: c for c in Curriculum.objects.filter(code__in=codes)}
        self.curriculum = {t.code: by_code.get(t.curriculum) for t in TRADES}

    def organisations(self) -> None:
        self.org: dict[str, Organisation] = {}
        # Training offices first: their member companies point at them.
        for level in (False, True):
            batch = []
            for number, spec in enumerate(ORGANISATIONS, start=1):
                if (spec.training_office is not None) != level:
                    continue
                org = Organisation(
                    name=spec.name,
                    kind=spec.kind,
                    org_number=synthetic_orgnr(number),
                    municipality="Nordvik" if spec.key == "county" else "Fjordvik",
                    address=spec.address,
                    email=spec.email,
                    training_office=self.org[spec.training_office] if spec.training_office else None,
                )
                self.org[spec.key] = org
                batch.append(org)
            bulk_create_with_history(batch, Organisation, default_change_reason="Demodata")
        # The county decides every demo organisation's approvals; the municipal service
        # registered the organisations it works with.
        for key, org in self.org.items():
            if key != "county":
                org.county = self.org["county"]
            if key not in ("county", "vo"):
                org.registered_by_organisation = self.org["vo"]
        Organisation.objects.bulk_update(self.org.values(), ["county", "registered_by_organisation"])
        approvals = [
            TradeApproval(
                organisation=self.org[spec.key],
                trade=self.trade[code],
                approved_on=self.anchor.replace(month=8, day=15) - dt.timedelta(days=365 * years),
                status=status,
                decided_by=COUNTY_NAME,
            )
            for spec in ORGANISATIONS
            for code, status, years in spec.approvals
        ]
        TradeApproval.objects.bulk_create(approvals)
        self.counts["organisations"] = len(self.org)
        self.counts["approvals"] = len(approvals)

    def people_and_users(self) -> None:
        self.person: dict[str, Person] = {}
        staff = []
        for user_spec in DEMO_USERS:
            if user_spec.role == Role.PARTICIPANT:
                continue  # the participant's person comes with the pathway plan
            staff.append(
                (
                    user_spec.username,
                    Person(
                        first_name=user_spec.first_name,
                        last_name=user_spec.last_name,
                        email=f"{user_spec.username}@fjordvik.example",
                        registered_by_organisation=self.org["vo"],
                    ),
                )
            )
        for spec in STAFF:
            staff.append(
                (
                    spec.key,
                    Person(
                        first_name=spec.first_name,
                        last_name=spec.last_name,
                        email=f"{_ascii(spec.first_name)}.{_ascii(spec.last_name)}@fjordvik.example",
                        registered_by_organisation=self.org["vo"],
                    ),
                )
            )
        participants = []
        for item in self.plan:
            p = item.person
            participants.append(
                Person(
                    first_name=p.first_name,
                    last_name=p.last_name,
                    birth_date=p.birth_date,
                    national_id=p.national_id,
                    email=p.email,
                    preferred_language=LANGUAGE_BY_BACKGROUND[p.background],
                    registered_by_organisation=self.org["vo"],
                )
            )
        for key, person in staff:
            self.person[key] = person
        people = [person for _, person in staff] + participants
        bulk_create_with_history(people, Person, default_change_reason="Demodata")
        for item, person in zip(self.plan, participants, strict=True):
            person.created_at = item.steps[0][1]
        Person.objects.bulk_update(participants, ["created_at"])
        self.participant = participants
        deltaker_person = next(p for item, p in zip(self.plan, participants, strict=True) if item.variant == "deltaker")

        # One password hash for every demo login.
        password = make_password(DEMO_PASSWORD)
        users = []
        for user_spec in DEMO_USERS:
            person = deltaker_person if user_spec.role == Role.PARTICIPANT else self.person[user_spec.username]
            users.append(
                User(
                    username=user_spec.username,
                    first_name=user_spec.first_name,
                    last_name=user_spec.last_name,
                    email=f"{user_spec.username}@fjordvik.example",
                    password=password,
                    person=person,
                    is_superuser=user_spec.superuser,
                    is_staff=user_spec.superuser,
                )
            )
        User.objects.bulk_create(users)
        self.user = {u.username: u for u in users}
        self.coordinator = self.user[COORDINATOR_USERNAME]
        memberships = [
            Membership(user=self.user[u.username], organisation=self.org[u.organisation], role=u.role)
            for u in DEMO_USERS
        ]
        Membership.objects.bulk_create(memberships)
        self.counts["people"] = len(people)
        self.counts["users"] = len(users)

    def schemes(self) -> None:
        self.scheme: dict[str, Scheme] = {}
        for spec in TRADES:
            self.scheme[spec.code] = Scheme(
                name=f"Fagbrevordningen – {spec.practitioner}",
                trade=self.trade[spec.code],
                organisation=self.org["vo"],
                description=SCHEME_DESCRIPTIONS[spec.code],
                teacher_visit_interval_days=28 if spec.code == "ROF" else 14,
            )
        Scheme.objects.bulk_create(self.scheme.values())
        groups: list[tuple[Group, tuple[tuple[str, str], ...]]] = []
        for spec in TRADES:
            project, steering = GROUPS[spec.code]
            scheme = self.scheme[spec.code]
            groups.append(
                (Group(scheme=scheme, kind=Group.Kind.PROJECT, name=f"Prosjektgruppe {spec.practitioner}"), project)
            )
            groups.append(
                (
                    Group(
                        scheme=scheme,
                        kind=Group.Kind.STEERING,
                        name=f"Styringsgruppe fagbrevordningen – {spec.practitioner}",
                        meeting_interval_days=182,
                    ),
                    steering,
                )
            )
        Group.objects.bulk_create([g for g, _ in groups])
        org_of = {s.key: s.organisation for s in STAFF} | {u.username: u.organisation for u in DEMO_USERS}
        GroupMember.objects.bulk_create(
            [
                GroupMember(group=group, person=self.person[key], organisation=self.org[org_of[key]], title=title)
                for group, members in groups
                for key, title in members
            ]
        )
        self.counts["schemes"] = len(self.scheme)

    def pathways(self) -> None:
        self.pathway: list[Pathway] = []
        for item, person in zip(self.plan, self.participant, strict=True):
            pathway = Pathway(
                participant=person,
                track=item.track,
                stage=item.stage,
                trade=self.trade[item.trade],
                curriculum=self.curriculum[item.trade],
                scheme=self.scheme[item.trade] if item.in_scheme else None,
                coordinator=self.coordinator,
                workplace=self.org[item.workplace] if item.workplace else None,
                referral_source=item.referral_source,
                referral_note=item.referral_note,
                planned_start=item.planned_start,
                planned_end=item.planned_end,
                decision_reason=item.decision_reason,
                end_reason=item.end_reason,
                end_note=item.end_note,
                interruption_reason=item.interruption_reason,
                referred_at=item.steps[0][1],
            )
            for name, at, extra in item.steps[1:]:
                setattr(pathway, TRANSITIONS[name].timestamp_field, at)
                # The milestone dates the user gives (start of training, trade test).
                for field, value in extra:
                    if field in ("started_on", "trade_test_passed_on"):
                        setattr(pathway, field, dt.date.fromisoformat(value))
            self.pathway.append(pathway)
        bulk_create_with_history(self.pathway, Pathway, default_change_reason="Demodata")
        for item, pathway in zip(self.plan, self.pathway, strict=True):
            pathway.created_at = item.steps[0][1]
            pathway.updated_at = max(at for _, at, _ in item.steps)
        Pathway.objects.bulk_update(self.pathway, ["created_at", "updated_at"])
        self.counts["pathways"] = len(self.pathway)

    def records(self) -> None:
        screenings: list[Screening] = []
        consents: list[Consent] = []
        certificates: list[PoliceCertificate] = []
        members: list[tuple[PathwayMember, dt.datetime]] = []
        # (pathway index, when, verb, object, data) for the timeline.
        self.side_events: list[tuple[int, dt.datetime, str, Any, dict[str, Any]]] = []
        for index, (item, pathway) in enumerate(zip(self.plan, self.pathway, strict=True)):
            actor = self.coordinator
            if item.screening is not None and item.screened_at is not None:
                screening = Screening(
                    pathway=pathway,
                    screened_on=item.screened_at.date(),
                    screened_by=actor,
                    **dict(item.screening),
                )
                screenings.append(screening)
                self.side_events.append((index, item.screened_at, "screening.saved", screening, {"fields": []}))
            for purpose, party, at in item.consents:
                consent = Consent(
                    pathway=pathway, purpose=purpose, receiving_party=party, given_on=at.date(), registered_by=actor
                )
                consents.append(consent)
                self.side_events.append((index, at, "consent.registered", consent, {"purpose": purpose}))
            if item.police is not None:
                issued_on, checked_at = item.police
                certificate = PoliceCertificate(
                    pathway=pathway, issued_on=issued_on, checked_on=checked_at.date(), checked_by=actor
                )
                certificates.append(certificate)
                self.side_events.append((index, checked_at, "police_certificate.registered", certificate, {}))
            for key, role, at in item.members:
                member = PathwayMember(pathway=pathway, person=self.person[key], role=role)
                members.append((member, at))
                self.side_events.append((index, at, "member.added", member, {"role": role}))
        bulk_create_with_history(screenings, Screening, default_change_reason="Demodata")
        bulk_create_with_history(consents, Consent, default_change_reason="Demodata")
        bulk_create_with_history(certificates, PoliceCertificate, default_change_reason="Demodata")
        PathwayMember.objects.bulk_create([member for member, _ in members])
        # ``added_at`` is auto_now_add: put back the planned moments.
        for member, at in members:
            member.added_at = at
        PathwayMember.objects.bulk_update([member for member, _ in members], ["added_at"])
        self.counts["screenings"] = len(screenings)
        self.counts["consents"] = len(consents)
        self.counts["police_certificates"] = len(certificates)
        self.counts["members"] = len(members)

    def events(self) -> None:
        """The timeline of every pathway, in chronological order, through ``record_event``."""
        by_pathway: dict[int, list[tuple[dt.datetime, int, str, Any, dict[str, Any]]]] = {}
        for index, item in enumerate(self.plan):
            entries = by_pathway.setdefault(index, [])
            stage = str(Stage.REFERRED)
            for order, (name, at, extra) in enumerate(item.steps):
                if name == "created":
                    entries.append((at, order, "pathway.created", None, {"stage": str(Stage.REFERRED)}))
                    continue
                target = str(TRANSITIONS[name].target)
                entries.append((at, order, f"pathway.{name}", None, {"from": stage, "to": target, **dict(extra)}))
                stage = target
            assert stage == item.stage, f"pathway {item.number}: the steps end in {stage}, not {item.stage}"
        for index, at, verb, obj, data in self.side_events:
            by_pathway[index].append((at, 100, verb, obj, data))
        total = 0
        for index, entries in by_pathway.items():
            pathway = self.pathway[index]
            actor = self.coordinator
            for at, _, verb, obj, data in sorted(entries, key=lambda e: (e[0], e[1])):
                record_event(verb, obj or pathway, actor=actor, pathway=pathway, data=data, at=at)
                total += 1
        self.counts["events"] = total
