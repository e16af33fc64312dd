"""The training plan and a half-yearly assessment as PDFs (the documents app's helper)."""

from __future__ import annotations

from typing import Any

from fagvei.documents.pdf import render_pdf


def plan_pdf(context: dict[str, Any], request: Any = None) -> bytes:
    return render_pdf("plans/pdf/plan.html", context, request=request)


def assessment_pdf(context: dict[str, Any], request: Any = None) -> bytes:
    return render_pdf("plans/pdf/assessment.html", context, request=request)
