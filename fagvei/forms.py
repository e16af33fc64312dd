"""Form helpers shared by every app: Designsystemet classes and accessible errors."""

from __future__ import annotations

from typing import Any

from django import forms


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DesignsystemetMixin:
    """Give every widget Designsystemet's class and tie error and help texts to it."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for name, field in self.fields.items():
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


def add_domain_error(form: forms.BaseForm, error: Any) -> None:
    """Show a refused domain function's messages on the form, on the named field when
    the form has it, else above the form. The user's input stays in the form."""
    field = getattr(error, "field", None)
    for message in getattr(error, "messages", [str(error)]):
        form.add_error(field if field in form.fields else None, message)
    if isinstance(form, DesignsystemetMixin):
        form.add_error_attrs()
