"""The participation certificate (deltakerbevis, seed 002) as a PDF, from our own template
by the documents app's PDF helper; who may have it is decided by the view."""

from __future__ import annotations

from typing import Any

from fagvei.documents.pdf import render_pdf

from .progress import Certificate


def certificate_pdf(certificate: Certificate, request: Any = None) -> bytes:
    pathway = certificate.pathway
    return render_pdf(
        "exams/pdf/certificate.html",
        {
            "certificate": certificate,
            "pathway": pathway,
            "participant": pathway.participant,
            "organisation": certificate.organisation,
        },
        request=request,
    )
