"""The demo's builder for the curricula app: the cast's trades and their curricula."""

from __future__ import annotations

from fagvei.curricula.models import Curriculum, Trade

from .cast import TRADES


def ensure_trades() -> dict[str, Trade]:
    """The cast's trades by code. The curricula migration loads them with their
    curricula; a database without them gets the trades here. Trades have no domain
    function (the migration and the Grep importer write them): a plain ORM write."""
    trades = {}
    for spec in TRADES:
        trades[spec.code], _ = Trade.objects.get_or_create(
            code=spec.code,
            defaults={
                "name": spec.name,
                "requires_police_certificate": spec.requires_police_certificate,
                "written_exam_rule": spec.written_exam_rule,
            },
        )
    return trades


def curricula_by_trade() -> dict[str, Curriculum | None]:
    """The curriculum each of the cast's trades follows, None when it is not loaded."""
    by_code = {c.code: c for c in Curriculum.objects.filter(code__in=[t.curriculum for t in TRADES])}
    return {t.code: by_code.get(t.curriculum) for t in TRADES}
