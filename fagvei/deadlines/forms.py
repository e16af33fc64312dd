"""The filters of the deadline list (``/deadlines/`` and ``GET /api/v1/deadlines``): GET
forms that never fail; a value that is not allowed is left out (a scheme or a person
the user may not choose among, a page past the last)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fagvei.core.deadlines import rules
from fagvei.core.forms import Form, RowChoiceField
from fagvei.curricula.models import Trade

from .engine import Filters

# A bounded list (issue 8): the first pages; filters narrow it further.
PAGE_SIZE = 25
MAX_PAGE = 40


class DeadlineFilterForm(Form):
    kind = forms.ChoiceField(label=_("Kind of deadline"), required=False)
    scheme = RowChoiceField(label=_("Scheme"), required=False)
    trade = RowChoiceField(label=_("Trade"), required=False)
    responsible = forms.TypedChoiceField(label=_("Responsible"), required=False, coerce=int, empty_value=None)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args: Any, schemes: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *((r.code, r.label) for r in rules())]
        if schemes is None:
            del self.fields["scheme"]
        else:
            self.fields["scheme"].choices = [("", _("All")), *schemes]
        self.fields["trade"].set_rows(Trade.objects.order_by("name"), _("All"))  # type: ignore[attr-defined]
        self.fields["responsible"].choices = [("", _("Anyone")), *people]  # type: ignore[attr-defined]
        self.decorate()

    def filters(self) -> Filters:
        # A bad value in one field leaves that filter out, not the others.
        data = {name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors}
        return Filters(
            scheme_id=data.get("scheme"),
            trade_id=data.get("trade"),
            codes=frozenset([str(data["kind"])]) if data.get("kind") else frozenset(),
            responsible_person_id=data.get("responsible"),
            overdue_only=bool(data.get("overdue")),
        )


def page_number(value: Any) -> int:
    """The page asked for, from 1 to ``MAX_PAGE``; anything else is the first page."""
    text = str(value or "")
    if not (text.isascii() and text.isdigit() and len(text) <= 3):
        return 1
    return min(max(int(text), 1), MAX_PAGE)
