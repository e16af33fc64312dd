"""Form helpers shared by every app: Designsystemet classes and accessible errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext as _

from fagvei.core.domain import DomainError, validate_sane_date
from fagvei.lib.dates import MAX_DATE, MIN_DATE


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DecimalField(forms.DecimalField):
    """A decimal number typed the Norwegian way ("3,5") or the English way ("3.5"),
    whatever language the browser or the page is set to. Django's localised parsing
    would read "3,5" in English as 35 (a thousands separator)."""

    widget = forms.TextInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["localize"] = False
        super().__init__(*args, **kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        # A text input: a number input in an English browser drops "3,5" as invalid.
        return {"inputmode": "decimal", "autocomplete": "off"}

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            text = value.strip().replace(" ", "").replace("\u00a0", "")
            if text.count(",") == 1 and "." not in text:
                text = text.replace(",", ".")
            value = text
        return super().to_python(value)


class NamedRows(BaseChoiceIterator):
    """The options of a ``RowChoiceField``: an empty choice, then the ``(id, name)`` of
    every row of a queryset, in its order; fetched once, when first iterated."""

    def __init__(self, queryset: QuerySet[Any], empty_label: Any, label_field: str = "name") -> None:
        self.queryset, self.empty_label, self.label_field = queryset, empty_label, label_field
        self.rows: list[tuple[Any, Any]] | None = None

    def __iter__(self) -> Any:
        if self.rows is None:
            self.rows = [("", self.empty_label), *self.queryset.values_list("pk", self.label_field)]
        return iter(self.rows)


class RowChoiceField(forms.TypedChoiceField):
    """A ModelChoiceField for a filter, whose cleaned value is the chosen row's id (or
    None). The options are ``(id, name)`` rows, without model instances: give them with
    ``set_rows``. As with a ModelChoiceField, an id outside the queryset is refused, and
    checking a choice before the options are needed (an HTMX request renders no form)
    costs one query of its own, not the whole list."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(coerce=int, empty_value=None, **kwargs)

    def set_rows(self, queryset: QuerySet[Any], empty_label: Any, label_field: str = "name") -> None:
        self.choices = NamedRows(queryset, empty_label, label_field)

    def valid_value(self, value: Any) -> bool:
        rows = self.choices
        if isinstance(rows, NamedRows) and rows.rows is None:
            text = str(value)
            # The canonical text of an id only, as the options would have it.
            return (
                text.isascii()
                and text.isdigit()
                and text == str(int(text))
                and rows.queryset.filter(pk=int(text)).exists()
            )
        return super().valid_value(value)


def bound_dates(field: forms.Field) -> None:
    """Keep a date field between 1900 and 2100: the browser's date picker is told so,
    and the server refuses anything else with a message naming the field."""
    if isinstance(field, forms.DateField):
        if validate_sane_date not in field.validators:
            field.validators.append(validate_sane_date)
        field.widget.attrs.setdefault("min", MIN_DATE.isoformat())
        field.widget.attrs.setdefault("max", MAX_DATE.isoformat())


class DesignsystemetMixin:
    """Give every widget Designsystemet's class and tie error and help texts to it."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        self.decorate()

    def decorate(self) -> None:
        """Designsystemet classes, help-text ties and date bounds on every field; forms
        that add fields after ``__init__`` call it again."""
        for name, field in self.fields.items():
            bound_dates(field)
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            widget.attrs.setdefault("class", "ds-input")
            if isinstance(widget, forms.Textarea) and str(widget.attrs.get("rows", "10")) == "10":
                widget.attrs["rows"] = 3  # Django's default of 10 rows pushes the form off the screen
            described = []
            if field.help_text:
                described.append(f"id_{name}_help")
            if described:
                widget.attrs["aria-describedby"] = " ".join(described)

    def add_error_attrs(self) -> None:
        """After validation: mark invalid inputs and point them at their messages."""
        for name in getattr(self, "errors", {}):
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                ids = [i for i in attrs.get("aria-describedby", "").split() if i]
                ids.append(f"id_{name}_error")
                attrs["aria-describedby"] = " ".join(ids)

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        self.add_error_attrs()


class Form(DesignsystemetMixin, forms.Form):
    """A plain form styled with Designsystemet."""


class ModelForm(DesignsystemetMixin, forms.ModelForm):
    """A model form styled with Designsystemet."""


class VersionedModelForm(ModelForm):
    """A model form for a record that carries a version (QUALITY.md: concurrent edits).

    The hidden ``version`` holds the version the user saw, empty for a new record; the
    domain function refuses a save based on another. ``domain_data`` is what the domain
    function takes: the model fields of the form (``Meta.fields``)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version if self.instance.pk else None

    def domain_data(self) -> dict[str, Any]:
        fields = self._meta.fields or ()
        return {f: self.cleaned_data[f] for f in fields if f in self.cleaned_data}


def add_domain_error(form: forms.BaseForm, error: Any) -> None:
    """Show a refused domain function's messages on the form, on the named field when
    the form has it, else above the form. The user's input stays in the form."""
    field = getattr(error, "field", None)
    if field not in form.fields:
        field = None
    for message in getattr(error, "messages", [str(error)]):
        if field is not None:
            message = without_label(message, form.fields[field].label)
        form.add_error(field, message)
    if isinstance(form, DesignsystemetMixin):
        form.add_error_attrs()


def without_label(message: Any, label: Any) -> str:
    """A domain message names its field ("Scheme: …") so that it reads on its own; on the
    field itself the label is already shown, and "Scheme: Scheme: …" would repeat it."""
    text, prefix = str(message), f"{label}:".lower() if label else ""
    if prefix and text.lower().startswith(prefix):
        text = text[len(prefix) :].lstrip()
        text = text[:1].upper() + text[1:]
    return text


def submit(request: HttpRequest, form: forms.BaseForm, action: Callable[[dict[str, Any]], Any]) -> Any:
    """The one way a view hands a posted form to a domain function.

    Returns what ``action`` returned when the form was posted, valid and accepted; None
    when it was not posted, was invalid, or the domain function refused, in which case
    the refusal is shown on the form and the user's input stays.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return action(form.cleaned_data)
    except DomainError as exc:
        add_domain_error(form, exc)
        return None


def perform(request: HttpRequest, action: Callable[[], Any], success: Any) -> None:
    """For the small forms that are only a button: run the domain function and say how
    it went as a message on the next page."""
    try:
        action()
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success)


class StepForm(Form):
    """A transition's button: the version the page showed."""

    version = forms.IntegerField(widget=forms.HiddenInput)


def take_step(request: HttpRequest, transitions: dict[str, Any], name: str, **ids: int) -> None:
    """A transition's button posted (``name`` one of ``transitions``, each with a
    ``perform(actor=…, <ids>, expected_version=…)`` and a ``label``): run it and say how
    it went; an unknown step is a 404, a form without the version a message."""
    transition = transitions.get(name)
    if transition is None:
        raise Http404
    form = StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Reload the page and try again."))
        return
    perform(
        request,
        lambda: transition.perform(actor=request.user, **ids, expected_version=form.cleaned_data["version"]),
        _("Done: %(action)s.") % {"action": transition.label},
    )
