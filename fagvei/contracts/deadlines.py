"""The deadlines of contracts and the county (DOMAIN.md, "Deadlines the system computes"):

- the application to the county, with the documents the county asks for, before the
  training starts (ol. § 7-2: the contract is written before the start and approved by
  the county; seed 002 lists the documents);
- an interruption told to the county (seed 004; ol. § 7-10 third ledd);
- what awaits the county: a submission to answer within the county's own time
  (``CountySettings.answer_within_days``, county practice);
- a company's approval lapsing two years after its last contract ended (ol. § 7-9).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fagvei.core.deadline_rows import narrowed, on_pathways, subject
from fagvei.core.deadlines import COMPANY, COUNTY, MANAGERS, Ask, Item, Rule, register_rule
from fagvei.documents.models import Document
from fagvei.organisations.models import TradeApproval

from .models import EDITABLE, Contract, CountySettings, Interruption, Submission

# ol. § 7-9 third ledd.
APPROVAL_LAPSES_AFTER_YEARS = 2


def _applications(ask: Ask) -> Iterable[Item]:
    # A contract not yet sent (a draft, or returned by the county) whose training starts
    # by the horizon, with a document the county asks for still missing.
    qs = on_pathways(Contract.objects.filter(status__in=EDITABLE, start_date__lte=ask.until), ask, MANAGERS)
    rows = list(
        qs.order_by("start_date", "pk").values(
            "pk",
            "pathway_id",
            "kind",
            "county_id",
            "start_date",
            "pathway__participant__first_name",
            "pathway__participant__last_name",
        )[: ask.limit]
    )
    lists = {
        s.county_id: s.checklists or {}
        for s in CountySettings.objects.filter(county_id__in={r["county_id"] for r in rows})
    }
    default = CountySettings().checklists
    present: dict[int, set[str]] = {}
    for pathway_id, kind in Document.objects.filter(
        pathway_id__in=[r["pathway_id"] for r in rows], deleted_at__isnull=True
    ).values_list("pathway_id", "kind"):
        present.setdefault(pathway_id, set()).add(kind)
    for row in rows:
        asked = lists.get(row["county_id"], default).get(row["kind"], [])
        if not [k for k in asked if k not in present.get(row["pathway_id"], set())]:
            continue
        name, first = subject(row)
        yield Item(
            rule=APPLICATION_RULE,
            due=row["start_date"],
            url=reverse("contract_detail", args=[row["pathway_id"]]),
            pathway_id=row["pathway_id"],
            subject=name,
            first_name=first,
            key=f"application:{row['pk']}:{row['start_date'].isoformat()}",
        )


def _interruptions(ask: Ask) -> Iterable[Item]:
    # Seed 004: every interruption is reported to the county, from its first day; an
    # illness only once it has lasted longer than the county's threshold (county practice,
    # RULES.md § 1: over four weeks in Oslo), so it is due the day it passes it.
    reported = Submission.objects.filter(interruption_id=OuterRef("pk"), kind=Submission.Kind.INTERRUPTION)
    qs = on_pathways(
        Interruption.objects.filter(county_told_on__isnull=True, starts_on__lte=ask.until).filter(~Exists(reported)),
        ask,
        MANAGERS,
        field="contract__pathway_id",
    )
    rows = list(
        qs.order_by("starts_on", "pk").values(
            "pk",
            "starts_on",
            "ends_on",
            "reason",
            "contract__county_id",
            "contract__pathway_id",
            "contract__pathway__participant__first_name",
            "contract__pathway__participant__last_name",
        )[: ask.limit]
    )
    illness = [r for r in rows if r["reason"] == Interruption.Reason.ILLNESS]
    thresholds = dict(
        CountySettings.objects.filter(county_id__in={r["contract__county_id"] for r in illness}).values_list(
            "county_id", "illness_threshold_days"
        )
        if illness
        else []
    )
    default = CountySettings._meta.get_field("illness_threshold_days").default
    for row in rows:
        due = row["starts_on"]
        if row["reason"] == Interruption.Reason.ILLNESS:
            threshold = thresholds.get(row["contract__county_id"], default)
            due = row["starts_on"] + dt.timedelta(days=threshold)
            # An illness that ended within the threshold is never reported.
            if row["ends_on"] is not None and row["ends_on"] < due:
                continue
        if due > ask.until:
            continue
        name, first = subject(row, "contract__pathway__")
        yield Item(
            rule=INTERRUPTION_RULE,
            due=due,
            url=reverse("contract_detail", args=[row["contract__pathway_id"]]),
            pathway_id=row["contract__pathway_id"],
            subject=name,
            first_name=first,
            key=f"interruption:{row['pk']}",
        )


def _county_inbox(ask: Ask) -> Iterable[Item]:
    if ask.responsible_person_id is not None or Ask.none_of(ask.counties):
        return
    qs = narrowed(Submission.objects.filter(state=Submission.State.SENT), ask, "contract__pathway__")
    if ask.counties is not None:
        qs = qs.filter(county_id__in=ask.counties)
    days = dict(CountySettings.objects.values_list("county_id", "answer_within_days"))
    default = CountySettings._meta.get_field("answer_within_days").default
    shortest = min([default, *days.values()])
    # Sent before the start of the day after ``until`` less the shortest time to answer.
    cutoff = timezone.make_aware(dt.datetime.combine(ask.until - dt.timedelta(days=shortest - 1), dt.time()))
    rows = (
        qs.filter(sent_at__lt=cutoff)
        .annotate(sent_on=TruncDate("sent_at"))
        .order_by("sent_at", "pk")
        .values(
            "pk",
            "county_id",
            "sent_on",
            "contract__pathway_id",
            "contract__pathway__participant__first_name",
            "contract__pathway__participant__last_name",
        )[: ask.limit]
    )
    for row in rows:
        due = row["sent_on"] + dt.timedelta(days=days.get(row["county_id"], default))
        if due > ask.until:
            continue
        name, first = subject(row, "contract__pathway__")
        yield Item(
            rule=COUNTY_RULE,
            due=due,
            url=reverse("county_submission", args=[row["pk"]]),
            pathway_id=row["contract__pathway_id"],
            subject=name,
            first_name=first,
            key=f"county:{row['pk']}",
        )


def _approvals(ask: Ask) -> Iterable[Item]:
    if ask.responsible_person_id is not None or Ask.none_of(ask.organisations) or not ask.about_organisations:
        return
    # ol. § 7-9: lapses two years after the last contract ended (``lapses_on``).
    last_allowed = ask.until.replace(year=ask.until.year - APPROVAL_LAPSES_AFTER_YEARS)
    qs = TradeApproval.objects.filter(
        status=TradeApproval.Status.ACTIVE, contracts_run_until__isnull=False, contracts_run_until__lte=last_allowed
    )
    if ask.organisations is not None:
        qs = qs.filter(
            Q(organisation_id__in=ask.organisations) | Q(organisation__training_office_id__in=ask.organisations)
        )
    if ask.trade_id is not None:
        qs = qs.filter(trade_id=ask.trade_id)
    for approval in qs.select_related("organisation", "trade").order_by("contracts_run_until", "pk")[: ask.limit]:
        due = approval.lapses_on
        if due is None:
            continue
        yield Item(
            rule=APPROVAL_RULE,
            due=due,
            url=reverse("organisation_detail", args=[approval.organisation_id]),
            pathway_id=None,
            subject=f"{approval.organisation.name} — {approval.trade.name}",
            key=f"approval:{approval.pk}:{due.isoformat()}",
        )


APPLICATION_RULE = Rule(
    code="contracts.application_documents",
    label=_("Application to the county with its documents"),
    citation="ol. § 7-2; seed 002",
    responsible=MANAGERS,
    collect=_applications,
    order=41,
)
INTERRUPTION_RULE = Rule(
    code="contracts.interruption_report",
    label=_("Interruption to report to the county"),
    citation="seed 004; ol. § 7-10",
    responsible=MANAGERS,
    collect=_interruptions,
    order=42,
    moves_to_working_day=True,
)
COUNTY_RULE = Rule(
    code="contracts.county_answer",
    label=_("Answer from the county"),
    citation="ol. § 7-2",
    responsible=COUNTY,
    collect=_county_inbox,
    order=60,
    moves_to_working_day=True,
)
APPROVAL_RULE = Rule(
    code="contracts.approval_lapse",
    label=_("Approval as training company lapses"),
    citation="ol. § 7-9",
    responsible=COMPANY,
    collect=_approvals,
    order=70,
)


def register() -> None:
    for rule in (APPLICATION_RULE, INTERRUPTION_RULE, COUNTY_RULE, APPROVAL_RULE):
        register_rule(rule)
