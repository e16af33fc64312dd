"""Equipment pages. Thin: fetch and authorise, parse, call one domain function, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from fagvei.core import clock
from fagvei.core.forms import submit

from . import services
from .access import get_loan_for, get_loan_pathway_for
from .forms import LoanForm, ReturnForm
from .models import Loan
from .sections import is_ending


def _page(request: HttpRequest, pathway: Any, form: LoanForm | None, status: int = 200) -> HttpResponse:
    loans = list(Loan.objects.filter(pathway_id=pathway.pk).select_related("lent_by__person"))
    return render(
        request,
        "equipment/pathway_equipment.html",
        {
            "pathway": pathway,
            "loans": loans,
            "any_out": any(loan.out for loan in loans),
            "ending": is_ending(pathway),
            "form": form if pathway.can_manage else None,
            "return_form": ReturnForm(initial={"returned_on": clock.today()}) if pathway.can_manage else None,
        },
        status=status,
    )


@login_required
@require_GET
def pathway_equipment(request: HttpRequest, pk: int) -> HttpResponse:
    """The pathway's equipment loans, and for those who manage it the form to lend."""
    pathway = get_loan_pathway_for(request.user, pk)
    return _page(request, pathway, LoanForm())


@login_required
@require_POST
def pathway_equipment_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Lend equipment (the form of the equipment page; 422 with the page on a refusal)."""
    pathway = get_loan_pathway_for(request.user, pk, write=True)
    form = LoanForm(request.POST)
    loan = submit(
        request,
        form,
        lambda data: services.lend(
            actor=request.user,
            pathway_id=pathway.pk,
            item=data["item"],
            identifier=data["identifier"],
            lent_on=data["lent_on"],
            note=data["note"],
        ),
    )
    if loan:
        messages.success(request, _("The loan has been registered."))
        return redirect("pathway_equipment", pathway.pk)
    return _page(request, pathway, form, status=422)


@login_required
@require_POST
def loan_return(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a loan returned."""
    loan = get_loan_for(request.user, pk, write=True)
    form = ReturnForm(request.POST)
    done = submit(
        request,
        form,
        lambda data: services.mark_returned(
            actor=request.user, loan_id=loan.pk, returned_on=data["returned_on"], expected_version=data["version"]
        ),
    )
    if done:
        messages.success(request, _("The equipment has been marked as returned."))
        return redirect("pathway_equipment", loan.pathway_id)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))
    return _page(request, loan.pathway, LoanForm(), status=422)
