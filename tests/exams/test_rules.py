"""Every date rule of exams on worked examples, with their boundaries, and each refusal
naming its rule: the written exam's windows (seed 002: 15 Jan-1 Feb and 1-15 Sep, closing
23:55 Europe/Oslo), the trade test's registration window (eight months, county practice;
two months, ofo. § 9-56), its earliest date (three months, § 9-55), the written exam and
the subjects first (§ 9-57), one new test (§ 9-66), a postponed test (§ 9-67)."""

from __future__ import annotations

import datetime as dt

import pytest

from fagvei.contracts import services as contract_services
from fagvei.contracts.models import Contract
from fagvei.core import clock
from fagvei.core.domain import DomainError, StaleObject
from fagvei.exams import services
from fagvei.exams.models import ExamEntry, Registrant, Status
from fagvei.exams.windows import add_months, next_terms, trade_test_dates, written_window
from fagvei.pathways.models import Pathway, Track
from tests.exams.conftest import (
    END,
    at,
    hold,
    pass_written_exam,
    plan,
    protocol,
    register,
    register_trade_test,
    reload,
    result,
)

pytestmark = pytest.mark.django_db


# The windows as dates --------------------------------------------------------------------------


def test_months_are_counted_to_the_same_day_or_the_months_last():
    assert add_months(dt.date(2027, 6, 30), -2) == dt.date(2027, 4, 30)
    assert add_months(dt.date(2027, 6, 30), -8) == dt.date(2026, 10, 30)
    assert add_months(dt.date(2027, 5, 31), -3) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2028, 5, 31), -3) == dt.date(2028, 2, 29)
    assert add_months(dt.date(2027, 1, 31), 1) == dt.date(2027, 2, 28)


def test_the_trade_tests_dates_follow_from_the_contracts_end():
    dates = trade_test_dates(END)
    assert dates.registration_opens == dt.date(2026, 10, 30)
    assert dates.registration_closes == dt.date(2027, 4, 30)
    assert dates.earliest_test == dt.date(2027, 3, 30)


@pytest.mark.parametrize(
    ("season", "inside", "outside"),
    [
        (
            "spring",
            [at(2027, 1, 15, 0, 0), at(2027, 2, 1, 23, 54, 59)],
            [at(2027, 1, 14, 23, 59), at(2027, 2, 1, 23, 55)],
        ),
        (
            "autumn",
            [at(2027, 9, 1, 0, 0), at(2027, 9, 15, 23, 54, 59)],
            [at(2027, 8, 31, 23, 59), at(2027, 9, 15, 23, 55)],
        ),
    ],
)
def test_the_written_exams_window_closes_at_2355_on_its_last_day(season, inside, outside):
    window = written_window(2027, season)
    assert all(window.contains(m) for m in inside)
    assert not any(window.contains(m) for m in outside)


def test_the_next_terms_are_those_whose_window_has_not_closed():
    assert next_terms(dt.date(2027, 2, 1)) == [(2027, "spring"), (2027, "autumn")]
    assert next_terms(dt.date(2027, 2, 2)) == [(2027, "autumn"), (2028, "spring")]
    assert next_terms(dt.date(2027, 9, 16)) == [(2028, "spring"), (2028, "autumn")]


# The written exam ------------------------------------------------------------------------------


def test_a_written_exam_is_registered_in_its_window_up_to_2354(pathway, coordinator):
    entry = plan(pathway, coordinator, "written", when=at(2027, 1, 2), term_year=2027, term_season="spring")
    # Seed 002: the participants of the municipal scheme register as privatists and pay.
    assert entry.registrant == Registrant.PRIVATIST
    done = register(entry, coordinator, at(2027, 2, 1, 23, 54), fee_paid=True)
    assert (done.status, done.fee_paid) == (Status.REGISTERED, True)


@pytest.mark.parametrize("moment", [at(2027, 2, 1, 23, 55), at(2027, 1, 14, 23, 59), at(2027, 9, 2)])
def test_a_written_exam_registered_outside_its_window_is_refused_naming_seed_002(pathway, coordinator, moment):
    entry = plan(pathway, coordinator, "written", when=at(2027, 1, 2), term_year=2027, term_season="spring")
    with pytest.raises(DomainError) as refused:
        register(entry, coordinator, moment, now=at(2027, 10, 1))
    assert refused.value.field == "registered_at"
    assert "seed 002" in str(refused.value) and "23:55" in str(refused.value)
    assert reload(entry).status == Status.PLANNED


def test_a_past_term_is_recorded_after_the_fact_and_its_registration_still_checked(pathway, coordinator):
    entry = plan(pathway, coordinator, "written", when=at(2027, 3, 1), term_year=2027, term_season="spring")
    with pytest.raises(DomainError) as refused:
        register(entry, coordinator, at(2027, 2, 2, 9))
    assert refused.value.field == "registered_at" and "seed 002" in str(refused.value)
    assert register(entry, coordinator, at(2027, 1, 31, 9)).status == Status.REGISTERED


def test_the_company_registers_an_apprentice_under_a_contract(pathway, coordinator):
    Pathway.objects.filter(pk=pathway.pk).update(track=Track.APPRENTICE)
    entry = plan(pathway, coordinator, "written", when=at(2027, 1, 2), term_year=2027, term_season="spring")
    assert entry.registrant == Registrant.COMPANY
    # ofo. § 9-27: no fee for the participant.
    assert register(entry, coordinator, at(2027, 1, 20), fee_paid=True).fee_paid is False


def test_a_training_candidate_sits_no_written_exam(pathway, coordinator):
    Pathway.objects.filter(pk=pathway.pk).update(track=Track.TRAINING_CANDIDATE)
    with pytest.raises(DomainError) as refused:
        plan(pathway, coordinator, "written", when=at(2027, 1, 2), term_year=2027, term_season="spring")
    assert "ofo. § 9-25" in str(refused.value)


def test_a_written_exams_grade_gives_its_result(pathway, coordinator):
    assert pass_written_exam(pathway, coordinator, grade=2).result == "passed"
    failed = ExamEntry.objects.filter(pathway=pathway).count()
    assert failed == 1


def test_one_entry_of_a_kind_is_under_way_at_a_time(pathway, coordinator):
    plan(pathway, coordinator, "written", when=at(2027, 1, 2), term_year=2027, term_season="spring")
    with pytest.raises(DomainError) as refused:
        plan(pathway, coordinator, "written", when=at(2027, 1, 3), term_year=2027, term_season="autumn")
    assert refused.value.field == "kind"


def test_a_stale_version_is_refused(pathway, coordinator):
    entry = plan(pathway, coordinator, "written", when=at(2027, 1, 2), term_year=2027, term_season="spring")
    with clock.frozen_at(at(2027, 1, 21)), pytest.raises(StaleObject):
        services.register_entry(
            actor=coordinator, entry_id=entry.pk, expected_version=entry.version + 1, registered_at=at(2027, 1, 20)
        )


def test_an_outsider_may_not_plan(pathway, other_coordinator):
    with pytest.raises(DomainError):
        plan(pathway, other_coordinator, "trade_test", when=at(2027, 1, 2))


# The trade test's registration (ofo. §§ 9-56, 9-57) ---------------------------------------------


def test_the_trade_test_is_registered_exactly_two_months_before_the_end(pathway, coordinator):
    pass_written_exam(pathway, coordinator)
    entry = register_trade_test(pathway, coordinator, at(2027, 4, 30, 23, 0))
    assert entry.status == Status.REGISTERED


def test_a_day_after_two_months_before_the_end_is_refused_naming_9_56(pathway, coordinator):
    pass_written_exam(pathway, coordinator)
    with pytest.raises(DomainError) as refused:
        register_trade_test(pathway, coordinator, at(2027, 5, 1, 0, 5))
    assert "ofo. § 9-56" in str(refused.value) and "30.04.2027" in str(refused.value)
    assert refused.value.field == "registered_at"


def test_registration_opens_eight_months_before_the_end(pathway, coordinator):
    pass_written_exam(pathway, coordinator)
    with pytest.raises(DomainError) as refused:
        register_trade_test(pathway, coordinator, at(2026, 10, 29, 15))
    assert "Vigo Bedrift" in str(refused.value) and "30.10.2026" in str(refused.value)
    entry = ExamEntry.objects.get(pathway=pathway, kind="trade_test")
    assert register(entry, coordinator, at(2026, 10, 30, 9)).status == Status.REGISTERED


def test_the_written_exam_comes_first_where_the_trade_asks_for_it(pathway, coordinator):
    with pytest.raises(DomainError) as refused:
        register_trade_test(pathway, coordinator)
    assert "ofo. § 9-57" in str(refused.value)


def test_on_the_normal_route_in_health_work_no_written_exam_is_asked_but_the_subjects_are(pathway, coordinator):
    Pathway.objects.filter(pk=pathway.pk).update(track=Track.APPRENTICE)
    Contract.objects.filter(pathway=pathway).update(kind="apprenticeship")
    with pytest.raises(DomainError) as refused:
        register_trade_test(pathway, coordinator)
    assert refused.value.field == "subjects_confirmed" and "ofo. § 9-57" in str(refused.value)
    entry = ExamEntry.objects.get(pathway=pathway, kind="trade_test")
    assert register(entry, coordinator, at(2027, 2, 1), subjects_confirmed=True).status == Status.REGISTERED


def test_in_cleaning_everyone_passes_the_written_exam_first(pathway, coordinator):
    pathway.trade.written_exam_rule = "everyone"
    pathway.trade.save()
    Pathway.objects.filter(pk=pathway.pk).update(track=Track.APPRENTICE)
    with pytest.raises(DomainError) as refused:
        register_trade_test(pathway, coordinator)
    assert "ofo. § 9-57" in str(refused.value) and refused.value.field == "registered_at"


def test_a_contract_end_moved_by_an_interruption_moves_the_window(pathway, coordinator):
    pass_written_exam(pathway, coordinator)
    contract = Contract.objects.get(pathway=pathway)
    # Thirty days away in January 2027: the end moves from 30 June to 30 July 2027.
    with clock.frozen_at(at(2027, 1, 5)):
        interruption = contract_services.start_interruption(
            actor=coordinator,
            pathway_id=pathway.pk,
            expected_version=contract.version,
            reason="parental_leave",
            starts_on=dt.date(2027, 1, 5),
        )
    with clock.frozen_at(at(2027, 2, 10)):
        contract_services.end_interruption(
            actor=coordinator,
            pathway_id=pathway.pk,
            expected_version=Contract.objects.get(pk=contract.pk).version,
            interruption_id=interruption.pk,
            ends_on=dt.date(2027, 2, 3),
        )
    assert Contract.objects.get(pk=contract.pk).end_date == dt.date(2027, 7, 30)
    # 15 May 2027 is past the old last day (30 April) and within the new one (30 May).
    entry = register_trade_test(pathway, coordinator, at(2027, 5, 15))
    assert entry.status == Status.REGISTERED


def test_a_trade_test_needs_a_contract(pathway, coordinator):
    pass_written_exam(pathway, coordinator)
    Contract.objects.filter(pathway=pathway).update(status="draft", signed_on=None, submitted_at=None)
    with pytest.raises(DomainError) as refused:
        register_trade_test(pathway, coordinator)
    assert "ofo. § 9-56" in str(refused.value)


# The trade test's date (ofo. § 9-55) ------------------------------------------------------------


def _schedule(entry, actor, first, last=None):
    with clock.frozen_at(at(2027, 2, 2)):
        return services.schedule_entry(
            actor=actor,
            entry_id=entry.pk,
            expected_version=reload(entry).version,
            starts_on=first,
            ends_on=last,
            site="Lørenskog sykehjem",
            site_contact="Kari Nordmann, 900 00 000",
        )


def test_the_trade_test_is_held_no_earlier_than_three_months_before_the_end(pathway, coordinator):
    pass_written_exam(pathway, coordinator)
    entry = register_trade_test(pathway, coordinator)
    with pytest.raises(DomainError) as refused:
        _schedule(entry, coordinator, dt.date(2027, 3, 29))
    assert refused.value.field == "starts_on" and "ofo. § 9-55" in str(refused.value)
    done = _schedule(entry, coordinator, dt.date(2027, 3, 30), dt.date(2027, 4, 1))
    assert (done.starts_on, done.ends_on, done.site) == (
        dt.date(2027, 3, 30),
        dt.date(2027, 4, 1),
        "Lørenskog sykehjem",
    )
    with pytest.raises(DomainError) as refused:
        hold(entry, coordinator, dt.date(2027, 3, 29))
    assert "ofo. § 9-55" in str(refused.value)


# Results, a new test, a postponed test ---------------------------------------------------------


def _held_trade_test(pathway, actor, day=dt.date(2027, 4, 1)):
    entry = ExamEntry.objects.filter(pathway=pathway, kind="trade_test", status="planned").first()
    entry = register(entry, actor, at(2027, 2, 1)) if entry else register_trade_test(pathway, actor)
    return hold(entry, actor, day)


def _failed_and_new(pathway, actor):
    """A trade test failed on 2 April 2027 (the written exam passed before it), and the
    new test planned the day after (ofo. § 9-66)."""
    pass_written_exam(pathway, actor)
    first = result(
        _held_trade_test(pathway, actor), actor, dt.date(2027, 4, 2), result="failed", protocol_upload=protocol()
    )
    with clock.frozen_at(at(2027, 4, 3)):
        new = services.plan_new_test(actor=actor, entry_id=first.pk, expected_version=first.version)
    return first, new


def test_the_trade_test_result_needs_the_boards_protocol_and_one_of_three_results(pathway, coordinator):
    pass_written_exam(pathway, coordinator)
    entry = _held_trade_test(pathway, coordinator)
    with pytest.raises(DomainError) as refused:
        result(entry, coordinator, dt.date(2027, 4, 2), result="passed")
    assert refused.value.field == "protocol" and "ofo. § 9-61" in str(refused.value)
    with pytest.raises(DomainError) as refused:
        result(entry, coordinator, dt.date(2027, 4, 2), result="excellent", protocol_upload=protocol())
    assert refused.value.field == "result" and "ofo. § 9-5" in str(refused.value)
    done = result(entry, coordinator, dt.date(2027, 4, 2), result="passed_very_well", protocol_upload=protocol())
    assert done.passed and done.protocol is not None


def test_a_failed_trade_test_gives_one_new_test_and_no_more(pathway, coordinator):
    first, new = _failed_and_new(pathway, coordinator)
    assert (new.is_retake, new.follows_id, new.status) == (True, first.pk, Status.PLANNED)
    with clock.frozen_at(at(2027, 4, 3)), pytest.raises(DomainError):
        services.plan_new_test(actor=coordinator, entry_id=first.pk, expected_version=reload(first).version)
    # The new test is registered outside the first's window (ofo. § 9-66).
    second = register(new, coordinator, at(2027, 5, 20))
    second = result(
        hold(second, coordinator, dt.date(2027, 6, 1)),
        coordinator,
        dt.date(2027, 6, 2),
        result="failed",
        protocol_upload=protocol(),
    )
    with clock.frozen_at(at(2027, 6, 3)), pytest.raises(DomainError) as refused:
        services.plan_new_test(actor=coordinator, entry_id=second.pk, expected_version=second.version)
    assert "ofo. § 9-66" in str(refused.value)


def test_a_documented_absence_gives_a_postponed_test_and_nothing_else_does(pathway, coordinator):
    pass_written_exam(pathway, coordinator)
    entry = register_trade_test(pathway, coordinator)
    with clock.frozen_at(at(2027, 4, 2)), pytest.raises(DomainError) as refused:
        services.postpone_entry(
            actor=coordinator, entry_id=entry.pk, expected_version=entry.version, absence_documented=False
        )
    assert refused.value.field == "absence_documented" and "ofo. § 9-67" in str(refused.value)
    with clock.frozen_at(at(2027, 4, 2)):
        new = services.postpone_entry(
            actor=coordinator,
            entry_id=entry.pk,
            expected_version=entry.version,
            absence_documented=True,
            note="Sykemelding fra lege.",
        )
    assert reload(entry).status == Status.POSTPONED
    assert (new.is_postponed, new.follows_id, new.status) == (True, entry.pk, Status.PLANNED)


def test_a_postponed_written_exam_moves_to_the_next_term_and_is_free(pathway, coordinator):
    entry = plan(pathway, coordinator, "written", when=at(2027, 1, 2), term_year=2027, term_season="spring")
    entry = register(entry, coordinator, at(2027, 1, 20), fee_paid=True)
    with clock.frozen_at(at(2027, 5, 2)):
        new = services.postpone_entry(
            actor=coordinator, entry_id=entry.pk, expected_version=entry.version, absence_documented=True
        )
    assert (new.term_year, new.term_season) == (2027, "autumn")
    assert services.fee_free(new)


# The Norwegian test ---------------------------------------------------------------------------


def _norwegian(pathway, actor, variant="standard", band="a2_b1"):
    entry = plan(pathway, actor, "norwegian", when=at(2027, 1, 2), variant=variant, band=band)
    entry = register(entry, actor, at(2027, 1, 10))
    return hold(entry, actor, dt.date(2027, 2, 20))


def test_writing_cannot_score_above_the_band_sat_but_oral_can(pathway, coordinator):
    entry = _norwegian(pathway, coordinator)
    parts = {"listening": "B2", "reading": "B1", "writing": "B2", "oral": "B2"}
    with pytest.raises(DomainError) as refused:
        result(entry, coordinator, dt.date(2027, 3, 1), parts=parts)
    assert refused.value.field == "writing" and "HK-dir" in str(refused.value)
    done = result(entry, coordinator, dt.date(2027, 3, 1), parts={**parts, "writing": "B1"})
    assert (done.writing, done.oral) == ("B1", "B2")


def test_the_c1_test_gives_c1_or_not_passed(pathway, coordinator):
    entry = _norwegian(pathway, coordinator, variant="c1", band="")
    with pytest.raises(DomainError):
        result(
            entry,
            coordinator,
            dt.date(2027, 3, 1),
            parts={p: "B2" for p in ("listening", "reading", "writing", "oral")},
        )
    done = result(
        entry,
        coordinator,
        dt.date(2027, 3, 1),
        parts={"listening": "C1", "reading": "c1_failed", "writing": "C1", "oral": "C1"},
    )
    assert done.reading == "c1_failed"


# Recommendations --------------------------------------------------------------------------------


def test_the_trade_teacher_recommends_when_to_register_and_nobody_else(pathway, coordinator, trade_teacher):
    recommendation = services.recommend_registration(
        actor=trade_teacher, pathway_id=pathway.pk, kind="trade_test", register_from=dt.date(2027, 1, 15)
    )
    assert recommendation.author == trade_teacher
    with pytest.raises(DomainError):
        services.recommend_registration(
            actor=coordinator, pathway_id=pathway.pk, kind="trade_test", register_from=dt.date(2027, 1, 15)
        )
    with pytest.raises(DomainError):
        services.recommend_registration(
            actor=trade_teacher, pathway_id=pathway.pk, kind="norwegian", register_from=dt.date(2027, 1, 15)
        )


def test_an_experience_candidates_new_test_waits_six_months(pathway, coordinator):
    Pathway.objects.filter(pk=pathway.pk).update(track=Track.EXPERIENCE_CANDIDATE)
    pass_written_exam(pathway, coordinator)
    first = register_trade_test(pathway, coordinator, at(2026, 11, 2))
    first = result(
        hold(first, coordinator, dt.date(2027, 3, 31)),
        coordinator,
        dt.date(2027, 4, 1),
        result="failed",
        protocol_upload=protocol(),
    )
    with clock.frozen_at(at(2027, 4, 2)):
        new = services.plan_new_test(actor=coordinator, entry_id=first.pk, expected_version=first.version)
    new = register(new, coordinator, at(2027, 4, 3))
    with clock.frozen_at(at(2027, 4, 4)), pytest.raises(DomainError) as refused:
        services.schedule_entry(
            actor=coordinator,
            entry_id=new.pk,
            expected_version=new.version,
            starts_on=dt.date(2027, 9, 29),
            ends_on=None,
        )
    assert refused.value.field == "starts_on" and "ofo. § 9-66" in str(refused.value)
    with clock.frozen_at(at(2027, 4, 4)):
        done = services.schedule_entry(
            actor=coordinator,
            entry_id=new.pk,
            expected_version=new.version,
            starts_on=dt.date(2027, 9, 30),
            ends_on=None,
        )
    assert done.starts_on == dt.date(2027, 9, 30)


def test_an_extended_contract_lifts_the_limit_of_one_new_test(pathway, coordinator):
    first, new = _failed_and_new(pathway, coordinator)
    second = register(new, coordinator, at(2027, 5, 20))
    assert second.contract_end == END
    second = result(
        hold(second, coordinator, dt.date(2027, 6, 1)),
        coordinator,
        dt.date(2027, 6, 2),
        result="failed",
        protocol_upload=protocol(),
    )
    # The county extends the contract by three months: a further new test may be planned.
    Contract.objects.filter(pathway=pathway).update(end_date=dt.date(2027, 9, 30))
    with clock.frozen_at(at(2027, 6, 3)):
        third = services.plan_new_test(actor=coordinator, entry_id=second.pk, expected_version=second.version)
    assert (third.is_retake, third.follows_id) == (True, second.pk)
