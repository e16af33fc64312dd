"""Shared fixtures: the personas every test module uses (a coordinator and one in
another municipality), built with the factories in ``tests.factories``."""

from __future__ import annotations

from typing import Any

import pytest

from fagvei.accounts.models import Role, User
from fagvei.organisations.models import Organisation
from tests.factories import make_org, make_scheme, make_trade, make_user


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _needs_me_worked_out_each_time(settings: Any) -> None:
    """The start page's "What needs me" is worked out on every visit, so that query counts
    and pages read the rules (tests/deadlines/test_freshness.py keeps it)."""
    settings.FAGVEI_NEEDS_ME_SECONDS = 0


@pytest.fixture(autouse=True)
def _empty_cache() -> Any:
    """Rate-limit counters live in the cache: each test starts from zero."""
    from django.conf import settings
    from django.core.cache import cache

    # A database cache lives in the test database and is rolled back with each test.
    if not settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache"):
        cache.clear()
    yield


@pytest.fixture(autouse=True)
def _document_root(settings: Any, tmp_path_factory: Any) -> Any:
    """Uploaded documents go to a folder of the test's own, never the project's var/."""
    root = tmp_path_factory.mktemp("documents")
    settings.FAGVEI_DOCUMENT_ROOT = root
    return root


@pytest.fixture
def municipality(db: Any) -> Organisation:
    return make_org(Organisation.Kind.MUNICIPAL_SERVICE, "Testvik kommune, voksenopplæring")


@pytest.fixture
def other_municipality(db: Any) -> Organisation:
    return make_org(Organisation.Kind.MUNICIPAL_SERVICE, "Annenby kommune")


@pytest.fixture
def coordinator(municipality: Organisation) -> User:
    return make_user(Role.COORDINATOR, municipality, username="koord")


@pytest.fixture
def other_coordinator(other_municipality: Organisation) -> User:
    return make_user(Role.COORDINATOR, other_municipality, username="annenkoord")


@pytest.fixture
def trade(db: Any) -> Any:
    return make_trade("HEA", police=True)


@pytest.fixture
def scheme(municipality: Organisation, trade: Any) -> Any:
    return make_scheme(municipality, trade)
