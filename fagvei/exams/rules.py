"""What exams add to the pathway's own rules (registered when the app starts): a pathway
is completed by a passed trade test, and on that test's date (DOMAIN.md "completed";
ofo. §§ 9-5, 9-55)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fagvei.core.transitions import Missing
from fagvei.pathways.lifecycle import register_precondition
from fagvei.pathways.services import register_trade_test_date

from .services import passed_trade_test, trade_test_passed_on


def _passed(pathway: Any) -> list[Missing]:
    if passed_trade_test(pathway) is not None:
        return []
    return [
        Missing(
            _(
                "No passed trade test is registered: a pathway is completed when its trade test is passed"
                " (ofo. §§ 9-5, 9-55)."
            ),
            "exams",
        )
    ]


def _exams_url(pathway: Any) -> str:
    return reverse("pathway_exams", args=[pathway.pk])


def register() -> None:
    register_precondition("complete", _passed, fix="exams", fix_url=_exams_url)
    register_trade_test_date(trade_test_passed_on)
