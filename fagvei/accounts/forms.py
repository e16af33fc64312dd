"""allauth's account forms with Designsystemet's classes."""

from __future__ import annotations

from typing import Any

from allauth.account import forms as allauth_forms
from allauth.account.forms import LoginForm as AllauthLoginForm

from fagvei.core.forms import DesignsystemetMixin


class LoginForm(DesignsystemetMixin, AllauthLoginForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # The page itself links to password reset; allauth puts it in the help text too.
            field.help_text = ""
            field.widget.attrs.pop("aria-describedby", None)
            field.widget.attrs.pop("placeholder", None)  # the label says it; hint text in the box is read as a value


class ResetPasswordForm(DesignsystemetMixin, allauth_forms.ResetPasswordForm):
    """Asking for a password-reset e-mail."""


class ResetPasswordKeyForm(DesignsystemetMixin, allauth_forms.ResetPasswordKeyForm):
    """Choosing a new password from the e-mailed link."""


class ChangePasswordForm(DesignsystemetMixin, allauth_forms.ChangePasswordForm):
    """Changing one's own password."""
