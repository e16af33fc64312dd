"""The cast shared by the demo, the tests' factories and the benchmark: the same answer
for the same question, and synthetic numbers that are valid and nobody's."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from stdnum.no import fodselsnummer

from fagvei.demo import cast
from fagvei.lib.norwegian_numbers import clean_national_id, clean_orgnr
from fagvei.organisations.models import Organisation


def test_participants_are_fixed_by_their_number_and_follow_the_demos_backgrounds():
    assert [cast.participant(n) for n in range(100)] == [cast.participant(n) for n in range(100)]
    assert cast.participant_name(0) == (cast.participant(0).first_name, cast.participant(0).last_name)
    # Every name pair of every background comes round before any pair repeats.
    pairs = sum(len(cast.FIRST_NAMES[b]) * len(cast.LAST_NAMES[b]) for b in cast.BACKGROUND_WEIGHTS)
    first = [cast.participant_name(n) for n in range(pairs)]
    assert len(set(first)) > pairs * 0.8
    assert len({cast.participant_name(n) for n in range(20 * pairs)}) == pairs
    backgrounds = Counter(cast.participant(n).background for n in range(2900))
    assert backgrounds == {b: w * 100 for b, w in cast.BACKGROUND_WEIGHTS.items()}
    for n in range(60):
        person = cast.participant(n)
        assert (person.first_name, person.female) in cast.FIRST_NAMES[person.background]
        assert person.language == cast.LANGUAGE_BY_BACKGROUND[person.background]
    with pytest.raises(ValueError):
        cast.participant(-1)


def test_synthetic_national_ids_are_valid():
    used: set[str] = set()
    for female in (True, False):
        for d_number in (True, False):
            number = cast.synthetic_national_id(dt.date(1988, 4, 30), female=female, d_number=d_number, used=used)
            assert clean_national_id(number) == number
            assert number[6:9] in {str(n) for n in range(990, 1000)}
            assert int(number[8]) % 2 == (0 if female else 1)
            assert (int(number[0]) >= 4) == d_number
    assert len(used) == 4


@pytest.mark.parametrize("n", [0, 1, 7, 8, 500, 99_999])
def test_the_nth_synthetic_national_id_is_valid_distinct_and_encodes_its_birth_date(n):
    number, born = cast.synthetic_national_id_for(n)
    assert clean_national_id(number) == number
    assert fodselsnummer.get_birth_date(number) == born
    assert number[6:8] == "99"
    assert born <= dt.date(2003, 12, 31)
    if n:
        assert cast.synthetic_national_id_for(n - 1)[0] != number


def test_the_first_synthetic_national_ids_are_distinct():
    numbers = [cast.synthetic_national_id_for(n)[0] for n in range(300)]
    assert len(set(numbers)) == 300


def test_organisation_numbers_are_valid_and_distinct():
    numbers = [cast.synthetic_orgnr(n) for n in range(6501)]
    assert len(set(numbers)) == len(numbers)
    for number in numbers[:50] + numbers[-50:]:
        assert clean_orgnr(number) == number
        assert number.startswith("99")


def test_organisation_names_follow_the_kind_and_the_trade():
    kinds = Organisation.Kind
    assert cast.organisation_name(kinds.MUNICIPAL_SERVICE, 0) == "Fjordvik kommune – voksenopplæringen"
    assert cast.organisation_name(kinds.TRAINING_COMPANY, 1, trade_code="BUA") == "Havbrua barnehage"
    assert cast.organisation_name(kinds.TRAINING_COMPANY, 2) == "Nordvik sykehjem"
    places = len(cast.PLACES)
    assert cast.organisation_name(kinds.SCHOOL, places) == "Fjordvik 2 videregående skole"
    names = {cast.organisation_name(kind, n) for kind in kinds.values for n in range(3 * places)}
    assert len(names) == len(kinds.values) * 3 * places
    assert cast.scheme_name("HEA") == "Fagbrevordningen – helsearbeider"
