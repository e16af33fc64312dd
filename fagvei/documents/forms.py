"""The documents app's forms: what a page and the API take from a request before the
domain function (services.py) checks the file itself."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fagvei.core.forms import Form

from .models import Document, human_size


class UploadForm(Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=[("", "—"), *Document.Kind.choices])
    title = forms.CharField(
        label=_("Description"),
        max_length=200,
        required=False,
        help_text=_("Optional, e.g. “Attest from the nursing home, 2024”."),
    )
    # The file's own checks (type, size, empty, scripts) are the domain function's, so
    # that every caller gets them; an empty file is refused there, in its words.
    file = forms.FileField(label=_("File"), allow_empty_file=True, widget=forms.FileInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png,.docx,.xlsx"
        self.fields["file"].help_text = gettext("PDF, JPEG, PNG, Word (DOCX) or Excel (XLSX); at most %(limit)s.") % {
            "limit": human_size(settings.FAGVEI_UPLOAD_MAX_BYTES)
        }
        self.decorate()


class DeleteForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
