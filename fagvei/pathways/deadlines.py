"""The deadline before training starts: the police certificate, in the trades that ask for
one (seed 002: health work and child and youth work), checked before the start. The rule
is for those who manage the pathway, who check the certificate and alone may open the
page where it is recorded. E-mails and calendar feeds say only "documentation before the
start" (GDPR art. 10, DOMAIN.md "Privacy")."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import DateField, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fagvei.core.deadline_rows import on_pathways, subject
from fagvei.core.deadlines import MANAGERS, Ask, Item, Rule, register_rule

from .models import Pathway, Stage

BEFORE_START = (Stage.ADMITTED, Stage.STARTING)


def _police_certificates(ask: Ask) -> Iterable[Item]:
    qs = on_pathways(
        Pathway.objects.filter(
            stage__in=BEFORE_START, trade__requires_police_certificate=True, police_certificate__isnull=True
        ),
        ask,
        MANAGERS,
        field="pk",
        stages=BEFORE_START,
    )
    # Without a planned start, the certificate is due now.
    rows = (
        qs.annotate(due=Coalesce("planned_start", Value(ask.today), output_field=DateField()))
        .filter(due__lte=ask.until)
        .order_by("due", "pk")
        .values("pk", "due", "participant__first_name", "participant__last_name")[: ask.limit]
    )
    for row in rows:
        name, first = subject(row, "")
        yield Item(
            rule=POLICE_CERTIFICATE_RULE,
            due=row["due"],
            url=reverse("pathway_police_certificate", args=[row["pk"]]),
            pathway_id=row["pk"],
            subject=name,
            first_name=first,
            key=f"police_certificate:{row['pk']}",
        )


POLICE_CERTIFICATE_RULE = Rule(
    code="pathways.police_certificate",
    label=_("Police certificate before the start"),
    neutral_label=_("Documentation before the start"),
    citation="seed 002",
    responsible=MANAGERS,
    collect=_police_certificates,
    order=40,
)


def register() -> None:
    register_rule(POLICE_CERTIFICATE_RULE)
