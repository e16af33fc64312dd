"""Pathway pages. Thin: fetch and authorise, parse, call one domain function, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fagvei.accounts.access import require_caseworker, scope_for
from fagvei.accounts.models import Role
from fagvei.audit.models import AccessLog
from fagvei.audit.services import log_access, log_accesses
from fagvei.core.domain import DomainError
from fagvei.core.forms import add_domain_error, perform, submit
from fagvei.core.lists import ListQuery, filters_of, in_order, list_page
from fagvei.core.registry import render_home_panels, render_pathway_sections
from fagvei.deadlines.risk import caseload_risks
from fagvei.people.access import visible_people

from . import services
from .access import followed, get_pathway_for, load_details, managed_pathways, pathway_list_query, visible_pathways
from .follows import stage_counts
from .forms import (
    BulkActionForm,
    ConsentForm,
    MemberForm,
    NewPathwayForm,
    PathwayFilterForm,
    PathwayForm,
    PoliceCertificateForm,
    ScreeningForm,
    TransitionForm,
)
from .lifecycle import TRANSITIONS, transitions_for
from .list_actions import export_csv, with_risk
from .models import OPEN, Pathway, PathwayMember, PoliceCertificate, Scheme, Screening, Stage
from .pickers import is_picker_swap, person_picker


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    rows = followed(request.user)
    if rows is None:
        # The administrator: the national counts are kept, not counted (follows.py).
        counts = stage_counts()
        mine = Pathway.objects.filter(OPEN)
    else:
        counts = dict(rows.order_by().values_list("stage").annotate(n=Count("pk")))
        mine = visible_pathways(request.user).filter(OPEN)
        if scope.is_caseworker:
            user_id: Any = request.user.pk
            mine = Pathway.objects.filter(OPEN, coordinator_id=user_id, follows__user_id=user_id)
    stages = [(value, label, counts.get(value, 0)) for value, label in Stage.choices]
    return render(
        request,
        "pathways/home.html",
        {
            "stages": stages,
            "total": sum(counts.values()),
            "mine": _latest(mine),
            "can_create": scope.is_caseworker,
            # The panels apps above this one register (fagvei.core.registry).
            "panels": render_home_panels(request),
        },
    )


def _latest(pathways: QuerySet[Pathway], n: int = 15) -> list[Pathway]:
    """The ``n`` most recently changed, found in the index of open pathways alone, then
    read with what the table shows (a join first would let the planner scan instead)."""
    ids = list(pathways.order_by("-updated_at").values_list("pk", flat=True)[:n])
    return in_order(Pathway.objects.select_related("participant", "trade").order_by().in_bulk(ids), ids)


def _list_schemes(user: Any, rows: QuerySet[Any] | None) -> QuerySet[Scheme] | None:
    """The schemes offered in the list's filter: all for the administrator, those their
    organisation runs for a coordinator, those of the few pathways they are on for the
    people around a participant. A training office follows apprentices in every
    municipality's schemes: it finds a scheme by name (None), as does anyone whose
    schemes are more than a list holds (the form decides that)."""
    if rows is None:
        return Scheme.objects.all()
    scope = scope_for(user)
    own = scope.orgs_with(Role.COORDINATOR, Role.SCHOOL_COORDINATOR)
    if own:
        return Scheme.objects.filter(organisation_id__in=own)
    if scope.is_caseworker:
        return None
    return Scheme.objects.filter(pk__in=rows.filter(pathway__scheme__isnull=False).values("pathway__scheme_id"))


def risked(user: Any, query: ListQuery, data: dict[str, Any]) -> tuple[ListQuery, dict[int, Any] | None, str]:
    """The caseworker's list narrowed to and sorted by risk when ``data`` asks for it (the
    page and the API alike): the query, the risks worked out (None when not asked, or
    when they cannot be: the administrator must choose a trade or scheme first) and the
    reason they could not be, in the user's words."""
    if not (data.get("risk") or data.get("sort") == "risk"):
        return query, None, ""
    risks = caseload_risks(user, scheme_id=data.get("scheme"), trade_id=data.get("trade"))
    if risks is None:
        return (
            query,
            None,
            _(
                "Risk: choose a trade or a scheme first. For the whole country the risk is worked out for one "
                "trade or scheme at a time."
            ),
        )
    return with_risk(query, risks, data), risks, ""


@login_required
@require_GET
def pathway_list(request: HttpRequest) -> HttpResponse:
    rows = followed(request.user)
    scope = scope_for(request.user)
    form = PathwayFilterForm(request.GET or None, schemes=_list_schemes(request.user, rows))
    query = pathway_list_query(request.user)
    risks: dict[int, Any] | None = None
    risk_problem = ""
    if scope.is_caseworker:
        query, risks, risk_problem = risked(request.user, query, filters_of(form))
    else:
        # The risk is for those who follow the cases up (fagvei/deadlines/sections.py).
        del form.fields["risk"], form.fields["sort"]
    return list_page(
        request,
        "pathways/pathway_list.html",
        query,
        form=form,
        context={
            "can_create": scope.is_caseworker,
            "can_bulk": scope.is_caseworker,
            "risks": risks,
            "risk_problem": risk_problem,
            "coordinators": services.coordinators_for(request.user) if scope.is_caseworker else [],
        },
    )


@login_required
@require_POST
def pathway_bulk(request: HttpRequest) -> HttpResponse:
    """The list's action on the chosen pathways: hand them to another coordinator (each
    change audited), or export them (each read logged). Only pathways the user manages;
    an id they may not see is a 404, and nothing is changed."""
    require_caseworker(request.user)
    back = _back_to_list(request)
    form = BulkActionForm(request.POST, user=request.user)
    valid = form.is_valid()
    ids = form.cleaned_data.get("pathways") or []
    try:
        # First whether the user may see them (a 404 otherwise), whatever else is wrong.
        chosen = managed_pathways(request.user, ids) if ids else []
        if not valid:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, str(error))
            return redirect(back)
        if form.cleaned_data["action"] == BulkActionForm.EXPORT:
            log_accesses(request, chosen, purpose=AccessLog.Purpose.EXPORT, detail="pathway list export")
            return export_csv(chosen)
        changed = services.reassign_pathways(
            actor=request.user, pathway_ids=ids, coordinator=form.cleaned_data["coordinator"]
        )
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect(back)
    messages.success(
        request,
        ngettext("%(n)s pathway has a new coordinator.", "%(n)s pathways have a new coordinator.", len(changed))
        % {"n": len(changed)},
    )
    return redirect(back)


def _back_to_list(request: HttpRequest) -> str:
    """The list as the user left it (its filters), never another site."""
    back = request.POST.get("next", "")
    if back.startswith(reverse("pathway_list")) and url_has_allowed_host_and_scheme(back, allowed_hosts=None):
        return back
    return reverse("pathway_list")


@login_required
@require_http_methods(["GET", "POST"])
def pathway_create(request: HttpRequest) -> HttpResponse:
    require_caseworker(request.user)
    people = visible_people(request.user).order_by("last_name", "first_name")
    initial: dict[str, Any] = {"coordinator": request.user.pk}
    chosen = request.GET.get("participant", "")
    if chosen.isascii() and chosen.isdigit():
        initial["participant"] = chosen
    form = NewPathwayForm(request.POST or None, people=people, user=request.user, initial=initial)

    def create(data: dict[str, Any]) -> Any:
        try:
            return services.create_pathway(
                actor=request.user,
                participant=data["participant"],
                data=form.domain_data(),
                confirm_duplicate=data.get("confirm_duplicate", False),
            )
        except services.DuplicatePathway as exc:
            # Warn, link to the open pathway, and ask for an explicit confirmation.
            form.ask_for_confirmation(list(visible_pathways(request.user).filter(pk__in=exc.existing)))
            raise

    pathway = submit(request, form, create)
    if pathway:
        messages.success(request, _("The pathway has been registered."))
        return redirect("pathway_detail", pathway.pk)
    picker = person_picker(request, form, "participant", people)
    if is_picker_swap(request):
        return render(request, "includes/person_picker.html", {"picker": picker, "oob": True})
    return render(request, "pathways/pathway_form.html", {"form": form, "pathway": None, "picker": picker})


def _detail_context(request: HttpRequest, pathway: Any) -> dict[str, Any]:
    """What the lifecycle checks and the registered sections read, loaded once: the
    members, consents, the workplace's approvals, the screening and police certificate."""
    load_details(pathway)
    return {
        "pathway": pathway,
        "offers": transitions_for(pathway) if pathway.can_manage else [],
    }


def _screening_or_none(pathway: Any) -> Any:
    return Screening.objects.filter(pathway=pathway).first()


@login_required
@require_GET
def pathway_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pathway = get_pathway_for(request.user, pk)
    log_access(request, pathway)
    context = _detail_context(request, pathway)
    context["sections"] = render_pathway_sections(request, pathway)
    return render(request, "pathways/pathway_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def pathway_edit(request: HttpRequest, pk: int) -> HttpResponse:
    pathway = get_pathway_for(request.user, pk, write=True)
    form = PathwayForm(request.POST or None, instance=pathway, user=request.user)
    saved = submit(
        request,
        form,
        lambda data: services.update_pathway(
            actor=request.user,
            pathway_id=pathway.pk,
            expected_version=data.get("version") or 0,
            data=form.domain_data(),
        ),
    )
    if saved:
        messages.success(request, _("The pathway has been saved."))
        return redirect("pathway_detail", pathway.pk)
    return render(request, "pathways/pathway_form.html", {"form": form, "pathway": pathway})


@login_required
@require_http_methods(["GET", "POST"])
def pathway_screening(request: HttpRequest, pk: int) -> HttpResponse:
    pathway = get_pathway_for(request.user, pk, write=True)
    screening = _screening_or_none(pathway)
    if screening is not None:
        log_access(request, screening, purpose=AccessLog.Purpose.SENSITIVE, detail="screening form")
    form = ScreeningForm(request.POST or None, instance=screening, participant=pathway.participant)
    saved = submit(
        request,
        form,
        lambda data: services.save_screening(
            actor=request.user,
            pathway_id=pathway.pk,
            expected_version=data.get("version"),
            data=form.domain_data(),
        ),
    )
    if saved:
        messages.success(request, _("The screening has been saved."))
        return redirect("pathway_detail", pathway.pk)
    return render(request, "pathways/screening_form.html", {"form": form, "pathway": pathway})


@login_required
@require_http_methods(["GET", "POST"])
def pathway_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise Http404
    pathway = get_pathway_for(request.user, pk, write=True)
    form = TransitionForm(
        request.POST or None, transition=transition, pathway=pathway, initial={"version": pathway.version}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # The form's fields are the function's inputs: the table says which.
        inputs = {field: data.get(field) for field in transition.inputs}
        try:
            pathway = transition.perform(
                actor=request.user, pathway_id=pathway.pk, expected_version=data["version"], **inputs
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("Done: %(action)s. The pathway is now %(stage)s.")
                % {"action": transition.label, "stage": pathway.get_stage_display().lower()},
            )
            return redirect("pathway_detail", pathway.pk)
    context = _detail_context(request, pathway)
    offer = next((o for o in context["offers"] if o.transition.name == name), None)
    return render(
        request,
        "pathways/transition_form.html",
        {**context, "form": form, "transition": transition, "offer": offer},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    pathway = get_pathway_for(request.user, pk, write=True)
    people = visible_people(request.user).exclude(pk=pathway.participant_id).order_by("last_name", "first_name")
    role = request.GET.get("role", "")
    form = MemberForm(request.POST or None, people=people, initial={"role": role})
    added = submit(
        request,
        form,
        lambda data: services.add_member(
            actor=request.user, pathway_id=pathway.pk, person=data["person"], role=data["role"]
        ),
    )
    if added:
        messages.success(request, _("The member has been added."))
        return redirect("pathway_detail", pathway.pk)
    # Asked for a mentor (?role=mentor), the list starts with the people who are mentors.
    default_role = role if role in PathwayMember.Role.values else ""
    picker = person_picker(request, form, "person", people, default_role=default_role)
    if is_picker_swap(request):
        return render(request, "includes/person_picker.html", {"picker": picker, "oob": True})
    return render(request, "pathways/member_form.html", {"form": form, "pathway": pathway, "picker": picker})


@login_required
@require_http_methods(["GET", "POST"])
def member_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    """GET asks for confirmation; POST removes."""
    pathway = get_pathway_for(request.user, pk, write=True)
    member = pathway.members.select_related("person").filter(pk=member_pk).first()
    if member is None:
        raise Http404
    if request.method == "POST":
        perform(
            request,
            lambda: services.remove_member(actor=request.user, pathway_id=pathway.pk, member_id=member_pk),
            _("The member has been removed."),
        )
        return redirect("pathway_detail", pathway.pk)
    return render(request, "pathways/member_remove.html", {"pathway": pathway, "member": member})


@login_required
@require_http_methods(["GET", "POST"])
def consent_add(request: HttpRequest, pk: int) -> HttpResponse:
    pathway = get_pathway_for(request.user, pk, write=True)
    form = ConsentForm(request.POST or None, initial={"purpose": request.GET.get("purpose", "")})
    if submit(request, form, lambda data: services.register_consent(actor=request.user, pathway_id=pathway.pk, **data)):
        messages.success(request, _("The consent has been registered."))
        return redirect("pathway_detail", pathway.pk)
    return render(request, "pathways/consent_form.html", {"form": form, "pathway": pathway})


@login_required
@require_POST
def consent_withdraw(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    pathway = get_pathway_for(request.user, pk, write=True)
    if not pathway.consents.filter(pk=consent_pk).exists():
        raise Http404
    perform(
        request,
        lambda: services.withdraw_consent(
            actor=request.user, pathway_id=pathway.pk, consent_id=consent_pk, withdrawn_on=timezone.localdate()
        ),
        _("The consent has been registered as withdrawn."),
    )
    return redirect("pathway_detail", pathway.pk)


@login_required
@require_http_methods(["GET", "POST"])
def police_certificate(request: HttpRequest, pk: int) -> HttpResponse:
    pathway = get_pathway_for(request.user, pk, write=True)
    if not pathway.trade.requires_police_certificate:
        raise Http404
    current = PoliceCertificate.objects.filter(pathway=pathway).only("version").first()
    form = PoliceCertificateForm(request.POST or None, initial={"version": current.version if current else None})
    checked = submit(
        request,
        form,
        lambda data: services.register_police_certificate(
            actor=request.user,
            pathway_id=pathway.pk,
            issued_on=data["issued_on"],
            checked_on=data["checked_on"],
            expected_version=data.get("version"),
        ),
    )
    if checked:
        messages.success(request, _("The police certificate has been registered as checked."))
        return redirect("pathway_detail", pathway.pk)
    return render(request, "pathways/police_certificate_form.html", {"form": form, "pathway": pathway})
