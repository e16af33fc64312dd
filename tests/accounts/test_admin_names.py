"""The admin speaks bokmål: every app and model has a Norwegian name and plural, and
administrators find the admin from the site's header."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.utils import translation
from django.utils.text import capfirst

from tests.factories import make_user

FAGVEI_APPS = ["accounts", "audit", "curricula", "organisations", "pathways", "people"]
SAME_IN_BOTH = {"person"}


def _in(language: str, text) -> str:
    with translation.override(language):
        return str(text)


def _fagvei_models():
    for label in FAGVEI_APPS:
        yield from apps.get_app_config(label).get_models()


@pytest.mark.parametrize("label", FAGVEI_APPS)
def test_every_fagvei_app_has_a_norwegian_name(label):
    name = apps.get_app_config(label).verbose_name
    assert _in("nb", name) != _in("en", name)


@pytest.mark.parametrize("model", list(_fagvei_models()), ids=lambda model: model.__name__)
def test_every_fagvei_model_has_a_norwegian_name_and_plural(model):
    # Historical models (django-simple-history) included: "versjon av opplæringsløp".
    options = model._meta
    assert "verbose_name_plural" in options.original_attrs, "plural left to Django's English '+s'"
    for text in (options.verbose_name, options.verbose_name_plural):
        assert _in("nb", text) != _in("en", text) or _in("en", text) in SAME_IN_BOTH, text
    assert "historical" not in _in("nb", options.verbose_name_plural)


@pytest.mark.django_db
def test_the_admin_index_is_norwegian_throughout(client):
    client.force_login(make_user(None, username="sjef", superuser=True))
    html = client.get("/admin/").content.decode()
    for english in ["Accounts", "ACCOUNTS", "Audit", "Brukers", "Gruppes", "Lærefags", "Ordnings", "authenticators"]:
        assert english not in html, english
    assert "Brukere og tilganger" in html
    assert "fagvei – administrasjon" in html
    assert "Django" not in html
    with translation.override("nb"):
        for model in admin.site._registry:
            plural = str(model._meta.verbose_name_plural)
            assert plural != _in("en", model._meta.verbose_name_plural), model
            assert f">{capfirst(plural)}</a>" in html, plural


@pytest.mark.django_db
def test_an_administrator_finds_the_admin_in_the_header(client):
    client.force_login(make_user(None, username="sjef", superuser=True))
    html = client.get("/").content.decode()
    assert '<a class="ds-link" href="/admin/">Administrasjon</a>' in html


@pytest.mark.django_db
def test_a_coordinator_has_no_admin_link(client, coordinator):
    client.force_login(coordinator)
    html = client.get("/").content.decode()
    assert 'href="/admin/"' not in html
    assert "Administrasjon" not in html


@pytest.mark.django_db
def test_the_two_factor_methods_open_in_the_admin_beside_the_users(client):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    boss = make_user(None, username="sjef", superuser=True)
    TOTP.activate(boss, generate_totp_secret())
    client.force_login(boss)
    html = client.get("/admin/accounts/twofactormethod/").content.decode()
    assert "Velg tofaktormetode du ønsker å endre" in html
    assert "1 tofaktormetode" in html
    assert client.get(f"/admin/accounts/user/{boss.pk}/change/").status_code == 200
