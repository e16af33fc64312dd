"""The exams' deadline rules through the deadline engine, on worked examples: the written
exam's window opening and closing for those planned (seed 002), the trade test's
registration opening eight months and closing two months before the contract ends (ofo.
§ 9-56), and a contract ending within three months with no test registered (§ 9-55)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from fagvei.core import clock
from fagvei.deadlines import engine
from fagvei.exams.models import ExamEntry
from tests.exams.conftest import at, pass_written_exam, plan, register, register_trade_test

pytestmark = pytest.mark.django_db


def _items(user: Any, on: dt.date, prefix: str = "exams.") -> dict[str, list[dt.date]]:
    with clock.frozen_at(at(on.year, on.month, on.day, 8)):
        items = engine.for_user(user, limit=200).items
    found: dict[str, list[dt.date]] = {}
    for item in items:
        if item.rule.code.startswith(prefix):
            found.setdefault(item.rule.code, []).append(item.due)
    return found


def test_the_written_exams_window_opens_and_closes_for_those_planned(coordinator, pathway):
    plan(pathway, coordinator, "written", when=at(2026, 12, 1), term_year=2027, term_season="spring")
    before = _items(coordinator, dt.date(2026, 12, 20))
    assert before["exams.written_window_opens"] == [dt.date(2027, 1, 15)]
    # Due on 1 February (23:55); an opening that has passed is no longer shown.
    during = _items(coordinator, dt.date(2027, 1, 20))
    assert during["exams.written_window_closes"] == [dt.date(2027, 2, 1)]
    assert "exams.written_window_opens" not in during


def test_a_registered_written_exam_has_no_window_deadline(coordinator, pathway):
    entry = plan(pathway, coordinator, "written", when=at(2026, 12, 1), term_year=2027, term_season="spring")
    register(entry, coordinator, at(2027, 1, 16))
    found = _items(coordinator, dt.date(2027, 1, 20))
    assert "exams.written_window_closes" not in found


def test_the_trade_tests_registration_opens_eight_and_closes_two_months_before_the_end(coordinator, pathway):
    # The contract ends 30 June 2027: opens 30 October 2026, closes 30 April 2027.
    assert _items(coordinator, dt.date(2026, 10, 10))["exams.trade_test_registration_opens"] == [dt.date(2026, 10, 30)]
    closing = _items(coordinator, dt.date(2027, 4, 10))
    assert closing["exams.trade_test_registration_closes"] == [dt.date(2027, 4, 30)]
    # Within three months of the end (from 30 March), with no test registered.
    assert closing["exams.contract_end_without_test"] == [dt.date(2027, 3, 30)]
    # Late: the last day passed, still shown (overdue).
    late = _items(coordinator, dt.date(2027, 5, 5))
    assert late["exams.trade_test_registration_closes"] == [dt.date(2027, 4, 30)]


def test_a_registered_trade_test_ends_the_registration_deadlines(coordinator, pathway):
    pass_written_exam(pathway, coordinator)
    register_trade_test(pathway, coordinator, at(2027, 2, 1))
    found = _items(coordinator, dt.date(2027, 4, 10))
    assert not {"exams.trade_test_registration_closes", "exams.contract_end_without_test"} & set(found)


def test_a_planned_but_unregistered_trade_test_still_counts_as_not_registered(coordinator, pathway):
    plan(pathway, coordinator, "trade_test", when=at(2026, 11, 1))
    assert ExamEntry.objects.filter(pathway=pathway, status="planned").exists()
    assert "exams.trade_test_registration_closes" in _items(coordinator, dt.date(2027, 4, 10))


def test_a_contract_end_moved_by_an_interruption_moves_the_deadlines(coordinator, pathway):
    from fagvei.contracts.models import Contract

    Contract.objects.filter(pathway=pathway).update(end_date=dt.date(2027, 7, 30))
    closing = _items(coordinator, dt.date(2027, 5, 10))
    assert closing["exams.trade_test_registration_closes"] == [dt.date(2027, 5, 30)]


def test_the_participant_and_an_outsider_are_not_given_the_coordinators_deadlines(
    pathway, participant_user, other_coordinator
):
    assert _items(participant_user, dt.date(2027, 4, 10)) == {}
    assert _items(other_coordinator, dt.date(2027, 4, 10)) == {}
