"""What the pathway list does beyond its filters (issue 12): narrowing and sorting by the
risk status the view has worked out, and exporting the chosen pathways to a spreadsheet.

The risk (fagvei/deadlines/risk.py, above this app) arrives as a mapping from pathway id
to an object with ``level`` ("red", "amber", "green") and ``rank`` (0 for red): pathways
not in it are green."""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Iterable
from typing import Any

from django.db.models import Case, IntegerField, Value, When
from django.http import HttpResponse
from django.utils import formats
from django.utils.translation import gettext as _

from fagvei.core import clock
from fagvei.core.lists import ListQuery


def _ids_at(risks: dict[int, Any], level: str) -> list[int]:
    return [pk for pk, risk in risks.items() if risk.level == level]


def with_risk(query: ListQuery, risks: dict[int, Any], data: dict[str, Any]) -> ListQuery:
    """``query`` narrowed to the chosen risk level and, when asked, sorted by risk (red
    first, then amber, then green; by name within each)."""
    key = query.key
    narrow_before = query.narrow
    level = data.get("risk") or ""

    def narrow(qs: Any, filters: dict[str, Any]) -> Any:
        if narrow_before is not None:
            qs = narrow_before(qs, filters)
        if level == "green":
            return qs.exclude(**{f"{key}__in": [pk for pk, r in risks.items() if r.level != "green"]})
        if level:
            return qs.filter(**{f"{key}__in": _ids_at(risks, level)})
        return qs

    order_by = query.order_by
    if data.get("sort") == "risk":
        rank = Case(
            When(**{f"{key}__in": _ids_at(risks, "red")}, then=Value(0)),
            When(**{f"{key}__in": _ids_at(risks, "amber")}, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
        order_by = (rank, *query.order_by)
    load_before = query.load

    def load(ids: list[Any]) -> list[Any]:
        rows = load_before(ids) if load_before is not None else list(query.index.model.objects.filter(pk__in=ids))
        for row in rows:
            row.risk = risks.get(row.pk)
        return rows

    # A narrowed list is counted (the stage counts hold every pathway).
    count = None if level else query.count
    return dataclasses.replace(query, narrow=narrow, order_by=order_by, count=count, load=load)


# Cells a spreadsheet would read as a formula are written as text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _date(value: Any) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else ""


def export_csv(pathways: Iterable[Any]) -> HttpResponse:
    """The chosen pathways as a CSV file for Excel in Norwegian (semicolons, UTF-8 with a
    byte order mark): what the list shows, and the coordinator and planned dates. No
    national identity numbers, no special-category data."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            _("Participant"),
            _("Trade"),
            _("Track"),
            _("Stage"),
            _("Scheme"),
            _("Workplace"),
            _("Coordinator"),
            _("Planned start"),
            _("Planned end"),
        ]
    )
    for p in pathways:
        coordinator = p.coordinator.get_full_name() or p.coordinator.username if p.coordinator else ""
        writer.writerow(
            [
                _cell(f"{p.participant.last_name}, {p.participant.first_name}"),
                _cell(p.trade.name),
                _cell(p.get_track_display()),
                _cell(p.get_stage_display()),
                _cell(p.scheme.name if p.scheme else ""),
                _cell(p.workplace.name if p.workplace else ""),
                _cell(coordinator),
                _date(p.planned_start),
                _date(p.planned_end),
            ]
        )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="fagvei-lop-{clock.today().isoformat()}.csv"'
    response["Cache-Control"] = "no-store"
    return response
