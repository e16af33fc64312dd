"""The guidance log, teacher visit and language progress pages of a pathway, and the
trade teacher's list of participants. Thin: fetch and authorise, parse, call one domain
function, render. Each page's form posts to the page itself and works without JS; a
refused form comes back with status 422 and the input kept."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from fagvei.core import clock
from fagvei.core.forms import submit
from fagvei.core.lists import BoundedPaginator
from fagvei.curricula.models import CompetenceGoal

from . import services
from .access import (
    GUIDANCE,
    LANGUAGE,
    VISITS,
    get_pathway_records_for,
    guidance_entries,
    language_assessments,
    my_visit_pathways,
    teacher_visits,
)
from .deadlines import guidance_since, visit_since
from .forms import GuidanceForm, LanguageForm, VisitForm
from .models import SCREENING_FIELDS, Skill
from .sections import latest_levels

GOALS = Prefetch("goals", queryset=CompetenceGoal.objects.only("code", "text").order_by("position", "id"))


def _page(request: HttpRequest, qs: Any) -> Any:
    return BoundedPaginator(qs, settings.PAGE_SIZE).get_page(request.GET.get("page"))


def _post(request: HttpRequest, pathway_id: int, kind: str) -> Any:
    """The pathway for a GET (read) or a POST (write: 403 for a reader)."""
    return get_pathway_records_for(request.user, pathway_id, kind, write=request.method == "POST")


@login_required
@require_http_methods(["GET", "POST"])
def pathway_guidance(request: HttpRequest, pk: int) -> HttpResponse:
    """The guidance log (seed 001): the short form on top for those who log, the entries
    below, and weeks since the last."""
    pathway = _post(request, pk, GUIDANCE)
    form = GuidanceForm(request.POST or None, pathway=pathway) if pathway.rights.write_guidance else None
    if form is not None:
        entry = submit(
            request,
            form,
            lambda data: services.log_guidance(
                actor=request.user,
                pathway_id=pathway.pk,
                given_on=data["given_on"],
                minutes=data["minutes"],
                goals=data["goals"],
                note=data["note"],
            ),
        )
        if entry:
            messages.success(request, _("The guidance has been logged."))
            return redirect("pathway_guidance", pathway.pk)
    page = _page(request, guidance_entries(pathway).prefetch_related(GOALS))
    last = page.object_list[0].given_on if page.number == 1 and page.object_list else None
    if last is None and page.number != 1:
        last = guidance_entries(pathway).values_list("given_on", flat=True).first()
    context = {
        "pathway": pathway,
        "form": form,
        "page": page,
        "since": guidance_since(last, pathway.started_on, clock.today()),
    }
    return render(request, "guidance/guidance.html", context, status=422 if request.method == "POST" else 200)


@login_required
@require_http_methods(["GET", "POST"])
def pathway_visits(request: HttpRequest, pk: int) -> HttpResponse:
    """The trade teacher's visits to the workplace (seed 002), against the scheme's
    interval."""
    pathway = _post(request, pk, VISITS)
    form = VisitForm(request.POST or None, pathway=pathway) if pathway.rights.write_visits else None
    if form is not None:
        visit = submit(
            request,
            form,
            lambda data: services.record_visit(
                actor=request.user,
                pathway_id=pathway.pk,
                visited_on=data["visited_on"],
                observations=data["observations"],
                tasks_given=data["tasks_given"],
                goals=data["goals"],
            ),
        )
        if visit:
            messages.success(request, _("The visit has been recorded."))
            return redirect("pathway_visits", pathway.pk)
    page = _page(request, teacher_visits(pathway).prefetch_related(GOALS))
    last = page.object_list[0].visited_on if page.number == 1 and page.object_list else None
    if last is None and page.number != 1:
        last = teacher_visits(pathway).values_list("visited_on", flat=True).first()
    interval = pathway.scheme.teacher_visit_interval_days if pathway.scheme_id else 14
    context = {
        "pathway": pathway,
        "form": form,
        "page": page,
        "interval": interval,
        "since": visit_since(last, pathway.started_on, clock.today(), interval),
    }
    return render(request, "guidance/visits.html", context, status=422 if request.method == "POST" else 200)


def _screening_levels(pathway: Any) -> list[tuple[str, str]] | None:
    """The Norwegian levels from the screening, if there is one: only those four fields
    are read (nothing else of the screening is shown here)."""
    from fagvei.pathways.models import CEFR, Screening

    row = Screening.objects.filter(pathway_id=pathway.pk).values(*SCREENING_FIELDS.values()).first()
    if row is None:
        return None
    labels = dict(CEFR.choices)
    return [(str(label), str(labels.get(row[SCREENING_FIELDS[Skill(value)]], ""))) for value, label in Skill.choices]


@login_required
@require_http_methods(["GET", "POST"])
def pathway_language(request: HttpRequest, pk: int) -> HttpResponse:
    """Norwegian language progress per skill (seed 002): the latest level in each skill,
    the level from the screening, and the history."""
    pathway = _post(request, pk, LANGUAGE)
    form = LanguageForm(request.POST or None) if pathway.rights.write_language else None
    if form is not None:
        rows = submit(
            request,
            form,
            lambda data: services.assess_language(
                actor=request.user,
                pathway_id=pathway.pk,
                assessed_on=data["assessed_on"],
                levels=form.levels(),
                notes=form.notes(),
            ),
        )
        if rows:
            messages.success(request, _("The language progress has been recorded."))
            return redirect("pathway_language", pathway.pk)
    latest = latest_levels(pathway)
    screening = _screening_levels(pathway)
    context = {
        "pathway": pathway,
        "form": form,
        "latest": [
            (label, latest.get(value), screening[i][1] if screening else None)
            for i, (value, label) in enumerate(Skill.choices)
        ],
        "screening": screening is not None,
        "page": _page(request, language_assessments(pathway)),
    }
    return render(request, "guidance/language.html", context, status=422 if request.method == "POST" else 200)


@login_required
@require_GET
def visit_list(request: HttpRequest) -> HttpResponse:
    """ "Mine deltakere": the trade teacher's pathways in training, each with its last
    visit and whether the scheme's interval has passed (seed 002), overdue first."""
    today = clock.today()
    rows = []
    pathway: Any
    for pathway in my_visit_pathways(request.user).order_by("last_visit", "pk")[: settings.PAGE_SIZE * 8]:
        interval = pathway.scheme.teacher_visit_interval_days if pathway.scheme_id else 14
        rows.append((pathway, visit_since(pathway.last_visit, pathway.started_on, today, interval)))
    rows.sort(key=lambda r: (not r[1].overdue, r[1].last or today))
    return render(request, "guidance/visit_list.html", {"rows": rows})
