"""The cast: the fictional people, organisations and trades of "Fjordvik kommune",
shared by the demo, the tests' factories and the benchmark.

Pure data and pure functions: nothing here writes to the database, and every function
gives the same answer for the same arguments (no random state).

Synthetic identity numbers: fødselsnummer and D-numbers with correct check digits, built
from the birth date with the individual numbers 990–999 only. Organisation numbers are
9-digit numbers starting with 99, with a correct mod-11 check digit. None of them belongs
to the people or companies here, which do not exist.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from stdnum.no import fodselsnummer

from fagvei.accounts.models import Role
from fagvei.lib.norwegian_numbers import clean_national_id, clean_orgnr
from fagvei.organisations.models import Organisation, TradeApproval
from fagvei.people.models import Person

SEED = 2026
DEMO_PASSWORD = "fagvei-demo"  # noqa: S105 - the published password of the demo logins
DEMO_URL = "http://127.0.0.1:8000/"
# Individual numbers used for the synthetic national identity numbers.
SYNTHETIC_INDIVIDUAL_NUMBERS = range(990, 1000)


# Trades -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TradeSpec:
    code: str
    name: str
    requires_police_certificate: bool
    written_exam_rule: str
    curriculum: str
    # How the trade reads in "Fagbrevordningen – …" and in notes.
    practitioner: str


# The three trades of seed 002 (curricula migration 0002 holds the same rules and says why).
TRADES = (
    TradeSpec(
        "BUA", "Barne- og ungdomsarbeiderfaget", True, "not_normal_route", "BUA03-02", "barne- og ungdomsarbeider"
    ),
    TradeSpec("HEA", "Helsearbeiderfaget", True, "not_normal_route", "HEA03-03", "helsearbeider"),
    TradeSpec("ROF", "Renholdsoperatørfaget", False, "everyone", "ROF03-01", "renholdsoperatør"),
)
TRADE_BY_CODE = {t.code: t for t in TRADES}


def scheme_name(trade_code: str) -> str:
    """The name of a municipality's scheme in a trade (seed 002: "Fagbrevordningen")."""
    return f"Fagbrevordningen – {TRADE_BY_CODE[trade_code].practitioner}"


# Organisations ------------------------------------------------------------------------

COUNTY_NAME = "Nordvest fylkeskommune"
K = Organisation.Kind
ACTIVE = TradeApproval.Status.ACTIVE
LAPSED = TradeApproval.Status.LAPSED


@dataclass(frozen=True)
class OrgSpec:
    key: str
    name: str
    kind: str
    address: str = ""
    email: str = ""
    training_office: str | None = None
    # (trade code, status, years before the anchor date it was approved). Every approval
    # is at least four years old: the demo's oldest pathways started training at these
    # companies some three and a half years before the anchor date, and training takes
    # place only in a company approved for the trade (ofo. § 6-13).
    approvals: tuple[tuple[str, str, int], ...] = ()


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
        "k3", "Blåbærlia barnehage", K.TRAINING_COMPANY, "Blåbærlia 1, Fjordvik", "", "office", (("BUA", ACTIVE, 4),)
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
        (("HEA", ACTIVE, 4),),
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
ORGANISATION_BY_KEY = {o.key: o for o in ORGANISATIONS}
# The municipal service that runs the schemes, and the county that decides approvals.
HOME_KEY = "vo"
COUNTY_KEY = "county"

# Fictional places, for organisations beyond the demo's own (tests, benchmark).
PLACES = (
    "Fjordvik",
    "Havbrua",
    "Nordvik",
    "Solbakken",
    "Lindetun",
    "Blåbærlia",
    "Kystvik",
    "Måkeøy",
    "Furuli",
    "Elvestrand",
    "Bjørkedal",
    "Sjøholt",
)
# How a training company in each trade is named (as the demo's own: kindergartens,
# nursing homes, cleaning companies).
COMPANY_NAMES = {"BUA": "{place} barnehage", "HEA": "{place} sykehjem", "ROF": "{place} renhold AS"}
_NAMES_BY_KIND: dict[str, str] = {
    K.MUNICIPAL_SERVICE: "{place} kommune – voksenopplæringen",
    K.SCHOOL: "{place} videregående skole",
    K.TRAINING_OFFICE: "Opplæringskontoret {place}",
    K.COUNTY: "{place} fylkeskommune",
    K.NAV: "NAV {place}",
    K.OTHER: "{place} frivilligsentral",
}


def place_name(n: int) -> str:
    """The n-th fictional place (0-based); past the list, numbered: "Fjordvik 2"."""
    place = PLACES[n % len(PLACES)]
    return place if n < len(PLACES) else f"{place} {n // len(PLACES) + 1}"


def organisation_name(kind: str, n: int, *, trade_code: str = "HEA") -> str:
    """A fictional organisation's name of this kind, the n-th of its kind (0-based).
    A training company is named after its trade."""
    template = COMPANY_NAMES[trade_code] if kind == K.TRAINING_COMPANY else _NAMES_BY_KIND[kind]
    return template.format(place=place_name(n))


# Demo users and staff -----------------------------------------------------------------


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
# The responsible coordinator of every demo pathway, and the actor of the demo's changes.
COORDINATOR_USERNAME = "koordinator"
# The county adviser decides the approvals of the county's companies (ol. §§ 7-5, 7-6).
COUNTY_ADVISER_USERNAME = "raadgiver"
# The demo participant: her own pathway is in the plan (variant "deltaker").
PARTICIPANT_USERNAME = "deltaker"


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

# Schemes and their groups -------------------------------------------------------------

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

# Participants -------------------------------------------------------------------------

# (first name, female) per background, and last names per background.
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
# Ukrainian and Polish participants are usually first registered with a D-number.
D_NUMBER_BACKGROUNDS = frozenset({"uk", "pl"})
DELTAKER_BACKGROUND = "so"

# The backgrounds in a fixed cycle that follows their weights: so ar ti uk pl fa nb other so …
_BACKGROUND_CYCLE = tuple(
    background
    for round_ in range(max(BACKGROUND_WEIGHTS.values()))
    for background, weight in BACKGROUND_WEIGHTS.items()
    if round_ < weight
)


class CastParticipant(NamedTuple):
    first_name: str
    last_name: str
    female: bool
    background: str
    language: str


def participant(n: int) -> CastParticipant:
    """The n-th fictional participant (0-based): the same n, the same person. Backgrounds
    follow the demo's weights; every first and last name of a background comes round
    before any pair repeats (272 pairs)."""
    if n < 0:
        raise ValueError("n must not be negative")
    cycle = len(_BACKGROUND_CYCLE)
    background = _BACKGROUND_CYCLE[n % cycle]
    # How many times this background came before in the sequence.
    earlier = _BACKGROUND_CYCLE[: n % cycle].count(background)
    occurrence = (n // cycle) * BACKGROUND_WEIGHTS[background] + earlier
    firsts, lasts = FIRST_NAMES[background], LAST_NAMES[background]
    pair = occurrence % (len(firsts) * len(lasts))
    first, female = firsts[pair % len(firsts)]
    last = lasts[pair // len(firsts)]
    return CastParticipant(first, last, female, background, LANGUAGE_BY_BACKGROUND[background])


def participant_name(n: int) -> tuple[str, str]:
    """The n-th fictional participant's (first name, last name)."""
    person = participant(n)
    return person.first_name, person.last_name


def ascii_name(text: str) -> str:
    """A name as it goes into an e-mail address: lower case ASCII letters and digits."""
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


def email_address(first_name: str, last_name: str, domain: str = "fjordvik.example") -> str:
    """first.last@domain, in ASCII (the reserved top-level domain .example, RFC 2606)."""
    return f"{ascii_name(first_name)}.{ascii_name(last_name)}@{domain}"


# Synthetic numbers --------------------------------------------------------------------


def synthetic_national_id(birth_date: dt.date, *, female: bool, d_number: bool, used: set[str]) -> str:
    """A fødselsnummer (or D-number: day + 40) with an individual number in 990–999 and
    correct check digits, not in ``used`` (which it joins); '' if every such number for
    that date is taken or invalid."""
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


def synthetic_national_id_for(n: int) -> tuple[str, dt.date]:
    """The n-th synthetic fødselsnummer (0-based, below 100 000) and the birth date it
    encodes: distinct for distinct n, valid, and never a real person's (individual
    numbers 990–999). Birth dates run back day by day from 31 December 2003."""
    if not 0 <= n < 100_000:
        raise ValueError("n must be between 0 and 99 999")
    # Most of the ten individual numbers of a day have valid check digits: walk back day
    # by day to the n-th valid number. Individual numbers 990–999 read as births in
    # 1940–1999 or 2000–2039 (the register's century rule); 100 000 numbers end in the 1960s.
    day = dt.date(2003, 12, 31)
    while True:
        for individual in SYNTHETIC_INDIVIDUAL_NUMBERS:
            digits = f"{day:%d%m%y}{individual}"
            k1 = fodselsnummer.calc_check_digit1(digits)
            k2 = fodselsnummer.calc_check_digit2(digits + k1) if len(k1) == 1 else "10"
            if len(k1) == 1 and len(k2) == 1:
                if n == 0:
                    return clean_national_id(digits + k1 + k2), day
                n -= 1
        day -= dt.timedelta(days=1)


def synthetic_orgnr(sequence: int) -> str:
    """A valid 9-digit organisation number 99xxxxxxx (mod-11 check digit); distinct
    sequences from 0 to 6 500 give distinct numbers."""
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
