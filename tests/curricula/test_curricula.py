"""Curricula: the Grep importer, the shipped data, the import command and the pages."""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from fagvei.accounts.models import User
from fagvei.core.domain import DomainError
from fagvei.curricula import grep
from fagvei.curricula.management.commands import import_curriculum as command_module
from fagvei.curricula.models import CompetenceGoal, Curriculum, Trade

# Parsing needs no database, but one mark for the module keeps every test alike; the
# data migration's trades and curricula are in every test database.
pytestmark = pytest.mark.django_db

BASE = grep.GREP_BASE_URL

# A small curriculum in the shape of the live Grep API: the curriculum refers to its two
# goal sets by "url-data"; the sets are separate documents.
API_CURRICULUM: dict[str, Any] = {
    "id": "uuid:00000000-0000-0000-0000-000000000001",
    "kode": "TST03-01",
    "uri": "http://psi.udir.no/kl06/TST03-01",
    "url-data": f"{BASE}laereplaner-lk20/TST03-01",
    "tittel": {
        "tekst": [
            {"spraak": "eng", "verdi": "Curriculum for the test trade"},
            {"spraak": "default", "verdi": "Læreplan i testfaget"},
            {"spraak": "nob", "verdi": "Læreplan i testfaget"},
            {"spraak": "nno", "verdi": "Læreplan i testfaget (nynorsk)"},
        ]
    },
    "status": "https://data.udir.no/kl06/v201906/status/status_publisert",
    "gyldighetsperiode": {"gyldig-fra": {"dato": "2022-08-01T00:00:00", "overskrift": "Gjelder fra <>"}},
    "erstatter": [],
    "erstattes-av": [{"kode": "TST03-02", "url-data": f"{BASE}laereplaner-lk20/TST03-02"}],
    "kompetansemaal-kapittel": {
        "kompetansemaalsett": [
            {"kode": "KV9001", "url-data": f"{BASE}kompetansemaalsett-lk20/KV9001", "tittel": "Sett 1"},
            {"kode": "KV9002", "url-data": f"{BASE}kompetansemaalsett-lk20/KV9002", "tittel": "Sett 2"},
        ]
    },
    "vurderingsordning": [
        {"overskrift": "Sluttvurdering", "tekst": ["Før fagprøven må alle bestå en skriftlig eksamen."]},
    ],
}

GOAL_SETS: dict[str, dict[str, Any]] = {
    f"{BASE}kompetansemaalsett-lk20/KV9001": {
        "kode": "KV9001",
        "tittel": {"tekst": [{"spraak": "default", "verdi": "Kompetansemål og vurdering testfaget"}]},
        "kompetansemaal": [
            {"kode": "KM9002", "tittel": "rengjøre verktøy etter bruk", "rekkefoelge": 2},
            {"kode": "KM9001", "tittel": "planlegge arbeidet sitt", "rekkefoelge": 1},
        ],
    },
    f"{BASE}kompetansemaalsett-lk20/KV9002": {
        "kode": "KV9002",
        "tittel": {"tekst": [{"spraak": "nob", "verdi": "Tilleggsmål"}]},
        "kompetansemaal": [
            {"kode": "KM9003", "tittel": {"tekst": [{"spraak": "default", "verdi": "dokumentere arbeidet"}]}},
        ],
    },
}


class FakeGrep:
    """Serves the fixture documents instead of data.udir.no and records what was asked."""

    def __init__(self, documents: dict[str, Any]) -> None:
        self.documents = documents
        self.urls: list[str] = []

    def __call__(self, url: str) -> Any:
        self.urls.append(url)
        if url not in self.documents:
            raise DomainError(f"Could not fetch {url}: 404")
        return copy.deepcopy(self.documents[url])


@pytest.fixture
def fake_grep() -> FakeGrep:
    return FakeGrep({API_CURRICULUM["url-data"]: API_CURRICULUM, **GOAL_SETS})


def parse_api(document: dict[str, Any] | None = None, fetch: Any = None) -> grep.ParsedCurriculum:
    fetch = fetch or FakeGrep(GOAL_SETS)
    return grep.parse_curriculum(copy.deepcopy(document or API_CURRICULUM), fetch=fetch)


def goal_rows(curriculum: Curriculum) -> list[tuple[str, str, str, int]]:
    return list(curriculum.goals.order_by("position").values_list("set_code", "code", "text", "position"))


# Parsing -------------------------------------------------------------------------------


def test_the_api_shape_parses_into_the_neutral_form_following_the_goal_set_links():
    fetch = FakeGrep(GOAL_SETS)
    parsed = parse_api(fetch=fetch)

    assert fetch.urls == list(GOAL_SETS)
    assert parsed.code == "TST03-01"
    assert parsed.title == "Læreplan i testfaget"
    assert parsed.language == "nob"
    assert parsed.valid_from == dt.date(2022, 8, 1)
    assert parsed.status == "publisert"
    assert parsed.replaced_by_code == "TST03-02"
    assert parsed.source_url == f"{BASE}laereplaner-lk20/TST03-01"
    assert parsed.assessment_text == "Sluttvurdering\n\nFør fagprøven må alle bestå en skriftlig eksamen."
    assert [(s.code, s.title) for s in parsed.goal_sets] == [
        ("KV9001", "Kompetansemål og vurdering testfaget"),
        ("KV9002", "Tilleggsmål"),
    ]
    # Ordered by Grep's "rekkefoelge" within the set.
    assert [g.code for s in parsed.goal_sets for g in s.goals] == ["KM9001", "KM9002", "KM9003"]
    assert parsed.goal_count == 3


def test_goal_sets_that_carry_their_goals_are_not_fetched():
    document = copy.deepcopy(API_CURRICULUM)
    document["kompetansemaal-kapittel"]["kompetansemaalsett"] = [GOAL_SETS[f"{BASE}kompetansemaalsett-lk20/KV9001"]]
    fetch = FakeGrep({})
    parsed = grep.parse_curriculum(document, fetch=fetch)
    assert fetch.urls == []
    assert parsed.goal_count == 2


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ([{"spraak": "eng", "verdi": "E"}, {"spraak": "nob", "verdi": "B"}, {"spraak": "default", "verdi": "D"}], "D"),
        ([{"spraak": "eng", "verdi": "E"}, {"spraak": "nno", "verdi": "N"}, {"spraak": "nob", "verdi": "B"}], "B"),
        ({"tekst": [{"spraak": "eng", "verdi": "E"}, {"spraak": "nno", "verdi": "N"}]}, "N"),
        ([{"spraak": "eng", "verdi": "E"}, {"spraak": "sme", "verdi": "S"}], "E"),
        ("Plain", "Plain"),
        ([{"noekkel": "http://psi.oasis-open.org/iso/639/#nob", "verdi": "Old KL06"}], "Old KL06"),
    ],
)
def test_titles_prefer_default_then_bokmal_then_nynorsk_then_the_first(value, expected):
    assert grep.pick_text(value)[0] == expected


def test_a_default_title_takes_its_language_from_the_matching_entry():
    value = [{"spraak": "default", "verdi": "Læreplan"}, {"spraak": "nno", "verdi": "Læreplan"}]
    assert grep.pick_text(value) == ("Læreplan", "nno")


@pytest.mark.parametrize(
    ("code", "goals", "language", "exam_word"),
    [
        ("BUA03-02", 26, "nob", "skriftlig eksamen"),
        ("HEA03-03", 30, "nob", "skriftlig eksamen"),
        ("ROF03-01", 21, "nno", "skriftleg eksamen"),
    ],
)
def test_the_shipped_simplified_files_parse(code, goals, language, exam_word):
    parsed = grep.shipped_curriculum(code)
    assert parsed.code == code
    assert parsed.goal_count == goals
    assert len(parsed.goal_sets) == 1
    assert parsed.language == language
    assert parsed.valid_from is not None and parsed.established_on is not None
    assert exam_word in parsed.assessment_text
    assert parsed.source_url == f"{BASE}laereplaner-lk20/{code}"
    assert all(g.code.startswith("KM") and g.text for g in parsed.goal_sets[0].goals)


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda d: d.pop("kode"), '"kode"'),
        (lambda d: d.pop("tittel"), '"tittel"'),
        (lambda d: d.pop("kompetansemaal-kapittel"), "kompetansemaalsett"),
        (lambda d: d["kompetansemaal-kapittel"]["kompetansemaalsett"][0].pop("kode"), '"kode"'),
        (lambda d: d.update({"gyldighetsperiode": {"gyldig-fra": {"dato": "1. august"}}}), "gyldig-fra"),
    ],
)
def test_a_malformed_api_document_is_refused_naming_the_field(mutate, field):
    document = copy.deepcopy(API_CURRICULUM)
    mutate(document)
    with pytest.raises(DomainError) as refused:
        parse_api(document)
    assert field in str(refused.value)


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda sets: sets["KV9001"]["kompetansemaal"][0].pop("kode"), '"kode"'),
        (lambda sets: sets["KV9001"]["kompetansemaal"][0].pop("tittel"), '"tittel"'),
        (lambda sets: sets["KV9002"].update({"kompetansemaal": []}), '"kompetansemaal"'),
        (lambda sets: sets["KV9002"]["kompetansemaal"][0].update({"kode": "KM9001"}), "KM9001"),
    ],
)
def test_a_malformed_goal_set_is_refused_naming_the_field(mutate, field):
    sets = {url.rsplit("/", 1)[-1]: copy.deepcopy(doc) for url, doc in GOAL_SETS.items()}
    mutate(sets)
    fetch = FakeGrep({f"{BASE}kompetansemaalsett-lk20/{code}": doc for code, doc in sets.items()})
    with pytest.raises(DomainError) as refused:
        parse_api(fetch=fetch)
    assert field in str(refused.value)


def test_goal_set_links_are_only_followed_to_grep():
    document = copy.deepcopy(API_CURRICULUM)
    document["kompetansemaal-kapittel"]["kompetansemaalsett"][0]["url-data"] = "http://169.254.169.254/latest"
    fetch = FakeGrep(GOAL_SETS)
    with pytest.raises(DomainError):
        grep.parse_curriculum(document, fetch=fetch)
    assert fetch.urls == []


def test_without_a_fetcher_a_goal_set_reference_is_refused():
    with pytest.raises(DomainError, match="KV9001"):
        grep.parse_curriculum(copy.deepcopy(API_CURRICULUM), fetch=None)


def test_the_nested_api_fields_give_the_established_date_language_and_assessment():
    document = copy.deepcopy(API_CURRICULUM)
    del document["vurderingsordning"]
    document["fastsettelsesinformasjon"] = {
        "fastsatt-dato": "2021-03-18T00:00:00",
        "fastsatt-spraak": {"kode": "nno", "url-data": f"{BASE}spraak/nno"},
    }
    document["vurderingsordninger-kapittel"] = {
        "vurderingsordninger": [
            {
                "overskrift": {"tekst": [{"spraak": "default", "verdi": "Sluttvurdering"}]},
                "beskrivelse": {
                    "tekst": [
                        {
                            "spraak": "default",
                            "verdi": "<p>Før fagprøva må alle ha bestått ein <em>skriftleg</em> eksamen.</p>"
                            "<p>Fagprøva går over tre&nbsp;dagar.<br/>Alle skal opp.</p>",
                        }
                    ]
                },
            }
        ]
    }
    parsed = parse_api(document)
    assert parsed.established_on == dt.date(2021, 3, 18)
    # The written standard the curriculum was laid down in wins over the title's language.
    assert parsed.language == "nno"
    assert parsed.assessment_text == (
        "Sluttvurdering\n\nFør fagprøva må alle ha bestått ein skriftleg eksamen."
        "\n\nFagprøva går over tre dagar.\nAlle skal opp."
    )


def test_goals_that_grep_marks_as_withdrawn_are_left_out():
    sets = copy.deepcopy(GOAL_SETS)
    goals = sets[f"{BASE}kompetansemaalsett-lk20/KV9001"]["kompetansemaal"]
    goals[0]["status"] = f"{BASE}status/status_utgaatt"
    goals[1]["status"] = f"{BASE}status/status_publisert"
    parsed = parse_api(fetch=FakeGrep(sets))
    assert [g.code for s in parsed.goal_sets for g in s.goals] == ["KM9001", "KM9003"]


def test_a_set_with_only_withdrawn_goals_is_refused():
    sets = copy.deepcopy(GOAL_SETS)
    sets[f"{BASE}kompetansemaalsett-lk20/KV9002"]["kompetansemaal"][0]["status"] = f"{BASE}status/status_utgaatt"
    with pytest.raises(DomainError, match="KV9002"):
        parse_api(fetch=FakeGrep(sets))


def test_fetch_json_refuses_other_schemes_without_touching_the_network():
    with pytest.raises(DomainError):
        grep.fetch_json("file:///etc/passwd")


def test_the_fetcher_cannot_open_or_be_redirected_to_local_files():
    import urllib.error

    with pytest.raises(urllib.error.URLError, match="unknown url type"):
        grep._OPENER.open("file:///etc/passwd")
    with pytest.raises(urllib.error.HTTPError, match="refused"):
        grep._HttpOnlyRedirects().redirect_request(None, None, 302, "Found", {}, "file:///etc/passwd")


# Importing -----------------------------------------------------------------------------


def test_an_api_document_imports_with_its_goals_in_order():
    trade = Trade.objects.get(code="ROF")
    curriculum = grep.import_curriculum(parse_api(), trade=trade)

    curriculum.refresh_from_db()
    assert curriculum.code == "TST03-01"
    assert curriculum.title == "Læreplan i testfaget"
    assert curriculum.trade == trade
    assert curriculum.language == "nob"
    assert curriculum.valid_from == dt.date(2022, 8, 1)
    assert curriculum.status == "publisert"
    assert curriculum.replaced_by_code == "TST03-02"
    assert curriculum.source_url == f"{BASE}laereplaner-lk20/TST03-01"
    assert "skriftlig eksamen" in curriculum.assessment_text
    assert curriculum.imported_at is not None
    assert goal_rows(curriculum) == [
        ("KV9001", "KM9001", "planlegge arbeidet sitt", 1),
        ("KV9001", "KM9002", "rengjøre verktøy etter bruk", 2),
        ("KV9002", "KM9003", "dokumentere arbeidet", 3),
    ]
    assert curriculum.goals.get(code="KM9003").set_title == "Tilleggsmål"


def test_a_reimport_updates_goals_by_code_removes_vanished_ones_and_keeps_the_trade():
    trade = Trade.objects.get(code="ROF")
    first = grep.import_curriculum(parse_api(), trade=trade)
    kept_pk = first.goals.get(code="KM9002").pk
    first_import = first.imported_at

    sets = copy.deepcopy(GOAL_SETS)
    kv1 = sets[f"{BASE}kompetansemaalsett-lk20/KV9001"]
    kv1["kompetansemaal"] = [
        {"kode": "KM9002", "tittel": "rengjøre og vedlikeholde verktøy", "rekkefoelge": 1},
        {"kode": "KM9004", "tittel": "vurdere eget arbeid", "rekkefoelge": 2},
    ]
    again = grep.import_curriculum(parse_api(fetch=FakeGrep(sets)))

    assert again.pk == first.pk
    assert Curriculum.objects.filter(code="TST03-01").count() == 1
    again.refresh_from_db()
    assert again.trade == trade
    assert again.imported_at is not None and first_import is not None and again.imported_at >= first_import
    assert goal_rows(again) == [
        ("KV9001", "KM9002", "rengjøre og vedlikeholde verktøy", 1),
        ("KV9001", "KM9004", "vurdere eget arbeid", 2),
        ("KV9002", "KM9003", "dokumentere arbeidet", 3),
    ]
    assert again.goals.get(code="KM9002").pk == kept_pk
    assert not CompetenceGoal.objects.filter(code="KM9001").exists()


def test_a_malformed_document_saves_nothing():
    before = (Curriculum.objects.count(), CompetenceGoal.objects.count())
    document = copy.deepcopy(API_CURRICULUM)
    del document["kode"]
    with pytest.raises(DomainError, match="kode"):
        grep.import_curriculum(parse_api(document))
    assert (Curriculum.objects.count(), CompetenceGoal.objects.count()) == before


def test_a_refusal_while_writing_rolls_the_whole_import_back():
    curriculum = grep.import_curriculum(parse_api())
    rows = goal_rows(curriculum)
    title = curriculum.title

    sets = copy.deepcopy(GOAL_SETS)
    # The curriculum itself is fine and is written first; the goal's code is too long for
    # the database, which is only found out afterwards.
    sets[f"{BASE}kompetansemaalsett-lk20/KV9002"]["kompetansemaal"][0]["kode"] = "KM" + "9" * 40
    document = copy.deepcopy(API_CURRICULUM)
    document["tittel"] = "Ny tittel"
    with pytest.raises(DomainError):
        grep.import_curriculum(parse_api(document, fetch=FakeGrep(sets)))

    curriculum.refresh_from_db()
    assert curriculum.title == title
    assert goal_rows(curriculum) == rows


# The data migration ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "name", "police", "exam_rule", "curriculum", "goals"),
    [
        ("BUA", "Barne- og ungdomsarbeiderfaget", True, "not_normal_route", "BUA03-02", 26),
        ("HEA", "Helsearbeiderfaget", True, "not_normal_route", "HEA03-03", 30),
        ("ROF", "Renholdsoperatørfaget", False, "everyone", "ROF03-01", 21),
    ],
)
def test_the_migration_loads_the_three_trades_and_their_curricula(code, name, police, exam_rule, curriculum, goals):
    trade = Trade.objects.get(code=code)
    assert trade.name == name
    assert trade.requires_police_certificate is police
    assert trade.written_exam_rule == exam_rule
    loaded = Curriculum.objects.get(code=curriculum)
    assert loaded.trade == trade
    assert loaded.goals.count() == goals
    assert loaded.imported_at is not None
    assert loaded.assessment_text.startswith("Sluttvurdering")


# The command -----------------------------------------------------------------------------


def test_the_command_imports_a_file_and_links_the_trade(tmp_path, capsys):
    path = tmp_path / "TST03-01.json"
    document = copy.deepcopy(API_CURRICULUM)
    document["kompetansemaal-kapittel"]["kompetansemaalsett"] = [GOAL_SETS[f"{BASE}kompetansemaalsett-lk20/KV9001"]]
    path.write_text(json.dumps(document), encoding="utf-8")

    call_command("import_curriculum", str(path), trade="HEA")

    curriculum = Curriculum.objects.get(code="TST03-01")
    assert curriculum.trade is not None and curriculum.trade.code == "HEA"
    assert curriculum.goals.count() == 2
    assert "TST03-01" in capsys.readouterr().out


def test_the_command_fetches_a_bare_code_from_grep(monkeypatch, fake_grep):
    monkeypatch.setattr(command_module, "fetch", fake_grep)
    call_command("import_curriculum", "TST03-01")
    assert fake_grep.urls[0] == f"{BASE}laereplaner-lk20/TST03-01"
    assert Curriculum.objects.get(code="TST03-01").goals.count() == 3


def test_the_command_reports_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_curriculum", str(tmp_path / "missing.json"))


def test_the_command_refuses_an_unknown_trade():
    with pytest.raises(CommandError, match="Unknown trade"):
        call_command("import_curriculum", str(grep.DATA_DIR / "HEA03-03.json"), trade="XYZ")


def test_the_command_reports_a_malformed_file_and_saves_nothing(tmp_path):
    good = tmp_path / "good.json"
    good.write_text(json.dumps(parse_api_as_simple()), encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"tittel": "Uten kode"}), encoding="utf-8")
    with pytest.raises(CommandError, match="kode"):
        call_command("import_curriculum", str(good), str(bad))
    assert not Curriculum.objects.filter(code="TST01-01").exists()


def parse_api_as_simple() -> dict[str, Any]:
    return {
        "kode": "TST01-01",
        "tittel": "Læreplan i enkelfaget",
        "spraak": "nob",
        "kompetansemaalsett": [{"kode": "KV1", "tittel": "Sett", "maal": [{"kode": "KM1", "tekst": "gjøre noe"}]}],
    }


# The pages -------------------------------------------------------------------------------


@pytest.fixture
def reader(db: Any, client: Any) -> User:
    # A logged-in user with no role anywhere: curricula are public regulations.
    user = User.objects.create_user(username="leser", password="fagvei-test")
    client.force_login(user)
    return user


@pytest.mark.parametrize("name", ["curriculum_list", "curriculum_detail"])
def test_anonymous_visitors_are_sent_to_log_in(client, name):
    args = [Curriculum.objects.get(code="HEA03-03").pk] if name == "curriculum_detail" else []
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_list_shows_every_curriculum_with_its_trade_and_goal_count(client, reader, django_assert_max_num_queries):
    grep.import_curriculum(parse_api())
    # Session, user, memberships (the menu), curricula with trade and goal count.
    with django_assert_max_num_queries(4):
        response = client.get(reverse("curriculum_list"))
    assert response.status_code == 200
    text = response.content.decode()
    for code in ("BUA03-02", "HEA03-03", "ROF03-01", "TST03-01"):
        assert code in text
    assert "Helsearbeiderfaget" in text
    rows = {c.code: c.goal_count for c in response.context["curricula"]}
    assert rows == {"BUA03-02": 26, "HEA03-03": 30, "ROF03-01": 21, "TST03-01": 3}


@pytest.mark.parametrize("code", ["HEA03-03", "TST03-01"])
def test_the_detail_shows_goals_by_set_in_a_fixed_number_of_queries(
    client, reader, code, django_assert_max_num_queries
):
    grep.import_curriculum(parse_api())
    grep.import_curriculum(grep.parse_simple_curriculum({**parse_api_as_simple(), "kode": "TST03-02"}))
    curriculum = Curriculum.objects.get(code=code)
    # Session, user, memberships, curriculum with trade, goals, the replacing curriculum.
    with django_assert_max_num_queries(6):
        response = client.get(reverse("curriculum_detail", args=[curriculum.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    for goal in curriculum.goals.all():
        assert goal.text in text
    assert "data.udir.no" in text
    assert [s["code"] for s in response.context["goal_sets"]] == list(
        dict.fromkeys(curriculum.goals.order_by("position").values_list("set_code", flat=True))
    )


def test_the_detail_links_the_replacing_curriculum(client, reader):
    grep.import_curriculum(parse_api())
    newer = grep.import_curriculum(grep.parse_simple_curriculum({**parse_api_as_simple(), "kode": "TST03-02"}))
    response = client.get(reverse("curriculum_detail", args=[Curriculum.objects.get(code="TST03-01").pk]))
    assert reverse("curriculum_detail", args=[newer.pk]) in response.content.decode()


def test_the_detail_shows_the_assessment(client, reader):
    curriculum = Curriculum.objects.get(code="ROF03-01")
    response = client.get(reverse("curriculum_detail", args=[curriculum.pk]))
    assert "skriftleg eksamen" in response.content.decode()
    assert 'lang="nn"' in response.content.decode()


def test_an_unknown_curriculum_is_not_found(client, reader):
    response = client.get(reverse("curriculum_detail", args=[999999]))
    assert response.status_code == 404
