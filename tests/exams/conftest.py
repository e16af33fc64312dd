"""The cast of the exams tests: the coordinator who runs the pathway, a participant in
training on the municipal scheme's alternative route under a contract that ends on
30 June 2027, the trade and Norwegian teachers, and helpers that take an entry through the
domain functions at a moment of the test's choosing (the domain's clock, frozen)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from fagvei.accounts.models import Role
from fagvei.core import clock
from fagvei.exams import services
from fagvei.exams.models import ExamEntry
from fagvei.exams.windows import OSLO
from fagvei.pathways.models import Pathway, PathwayMember, Stage
from tests.factories import make_contract, make_pathway, make_ready_to_start, make_user

START = dt.date(2025, 8, 1)
END = dt.date(2027, 6, 30)


def at(year: int, month: int, day: int, hour: int = 12, minute: int = 0, second: int = 0) -> dt.datetime:
    """A moment in Oslo."""
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=OSLO)


def reload(entry: ExamEntry) -> ExamEntry:
    return ExamEntry.objects.get(pk=entry.pk)


def protocol() -> SimpleUploadedFile:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return SimpleUploadedFile("protokoll.pdf", out.getvalue())


def plan(pathway: Pathway, actor: Any, kind: str, *, when: dt.datetime, **extra: Any) -> ExamEntry:
    with clock.frozen_at(when):
        return services.plan_entry(actor=actor, pathway_id=pathway.pk, kind=kind, **extra)


def register(entry: ExamEntry, actor: Any, registered_at: dt.datetime, *, now: dt.datetime | None = None, **kw: Any):
    with clock.frozen_at(now or registered_at + dt.timedelta(minutes=1)):
        return services.register_entry(
            actor=actor, entry_id=entry.pk, expected_version=reload(entry).version, registered_at=registered_at, **kw
        )


def hold(entry: ExamEntry, actor: Any, day: dt.date) -> ExamEntry:
    with clock.frozen_at(at(day.year, day.month, day.day, 18)):
        return services.hold_entry(actor=actor, entry_id=entry.pk, expected_version=reload(entry).version, held_on=day)


def result(entry: ExamEntry, actor: Any, day: dt.date, **kw: Any) -> ExamEntry:
    with clock.frozen_at(at(day.year, day.month, day.day, 19)):
        return services.record_result(actor=actor, entry_id=entry.pk, expected_version=reload(entry).version, **kw)


def pass_written_exam(pathway: Pathway, actor: Any, *, grade: int = 4) -> ExamEntry:
    """The written exam of spring 2026: registered in January, held and passed in May."""
    entry = plan(pathway, actor, "written", when=at(2026, 1, 2), term_year=2026, term_season="spring")
    register(entry, actor, at(2026, 1, 20))
    hold(entry, actor, dt.date(2026, 5, 20))
    return result(entry, actor, dt.date(2026, 6, 10), grade=grade)


def register_trade_test(pathway: Pathway, actor: Any, on: dt.datetime | None = None) -> ExamEntry:
    entry = plan(pathway, actor, "trade_test", when=at(2026, 11, 1))
    return register(entry, actor, on or at(2027, 2, 1))


@pytest.fixture
def pathway(scheme: Any, coordinator: Any) -> Pathway:
    """In training on the alternative route in health work (written exam required before
    the trade test: not the normal route), under a contract 1 Aug 2025-30 Jun 2027."""
    pathway = make_pathway(scheme, stage=Stage.IN_TRAINING, coordinator=coordinator)
    make_ready_to_start(pathway, coordinator, contract=False)
    Pathway.objects.filter(pk=pathway.pk).update(planned_start=START, planned_end=END, started_on=START)
    pathway.refresh_from_db()
    make_contract(pathway, coordinator, status="approved", start_date=START, end_date=END, original_end_date=END)
    return pathway


@pytest.fixture
def trade_teacher(pathway: Pathway, municipality: Any) -> Any:
    user = make_user(Role.TRADE_TEACHER, municipality, username="faglaerer")
    PathwayMember.objects.create(pathway=pathway, person=user.person, role=PathwayMember.Role.TRADE_TEACHER)
    return user


@pytest.fixture
def norwegian_teacher(pathway: Pathway, municipality: Any) -> Any:
    user = make_user(Role.NORWEGIAN_TEACHER, municipality, username="norsklaerer")
    PathwayMember.objects.create(pathway=pathway, person=user.person, role=PathwayMember.Role.NORWEGIAN_TEACHER)
    return user


@pytest.fixture
def participant_user(pathway: Pathway) -> Any:
    return make_user(None, username="deltakeren", person=pathway.participant)


@pytest.fixture
def outsider(other_coordinator: Any) -> Any:
    return other_coordinator
