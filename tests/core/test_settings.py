"""Settings come from environment variables; a value that cannot be read stops the start
instead of quietly becoming something else."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from fagvei.settings import BASE_DIR, env_bool, env_int, env_path

ROOT = Path(__file__).resolve().parents[2]
READ = (
    "import json; from fagvei import settings as s; print(json.dumps({"
    "'cache': s.CACHES['default']['BACKEND'], 'proxies': s.ALLAUTH_TRUSTED_PROXY_COUNT,"
    "'secure': s.SECURE, 'debug': s.DEBUG, 'page_size': s.PAGE_SIZE}))"
)


def _start(**variables: str) -> subprocess.CompletedProcess[str]:
    """Import the settings in a fresh interpreter with only these fagvei variables set."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("FAGVEI_") and name not in {"REDIS_URL", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(variables)
    return subprocess.run([sys.executable, "-c", READ], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def _settings(**variables: str) -> dict[str, object]:
    started = _start(**variables)
    assert started.returncode == 0, started.stderr[-2000:]
    return json.loads(started.stdout)


def test_the_defaults_use_the_database_cache_and_trust_no_proxy():
    read = _settings()
    assert read["cache"] == "django.core.cache.backends.db.DatabaseCache"
    assert read["proxies"] == 0


def test_redis_url_moves_the_cache_to_redis():
    assert _settings(REDIS_URL="redis://127.0.0.1:6379/0")["cache"] == "django.core.cache.backends.redis.RedisCache"


def test_the_number_of_trusted_proxies_comes_from_the_environment():
    assert _settings(FAGVEI_TRUSTED_PROXY_COUNT="2")["proxies"] == 2


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("FAGVEI_SECURE", "ja"),
        ("FAGVEI_DEBUG", "maybe"),
        ("FAGVEI_PAGE_SIZE", "tjuefem"),
        ("FAGVEI_PAGE_SIZE", "0"),
        ("FAGVEI_FAST_PASSWORD_HASHER", "kanskje"),
        ("FAGVEI_SESSION_AGE_SECONDS", "8h"),
        ("FAGVEI_TRUSTED_PROXY_COUNT", "-1"),
        ("FAGVEI_TRUSTED_PROXY_COUNT", "one"),
        ("FAGVEI_UPLOAD_MAX_BYTES", "20MB"),
        ("FAGVEI_UPLOAD_MAX_BYTES", "0"),
    ],
)
def test_a_value_that_cannot_be_read_stops_the_start_naming_the_variable(variable, value):
    started = _start(**{variable: value})
    assert started.returncode != 0
    assert "ImproperlyConfigured" in started.stderr
    assert variable in started.stderr


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", True), ("true", True), ("Yes", True), (" on ", True), ("0", False), ("False", False), ("no", False)],
)
def test_env_bool_reads_the_usual_words(monkeypatch, value, expected):
    monkeypatch.setenv("FAGVEI_EXAMPLE", value)
    assert env_bool("FAGVEI_EXAMPLE", not expected) is expected


def test_env_bool_and_env_int_fall_back_to_the_default_when_unset_or_empty(monkeypatch):
    monkeypatch.delenv("FAGVEI_EXAMPLE", raising=False)
    assert env_bool("FAGVEI_EXAMPLE", True) is True
    assert env_int("FAGVEI_EXAMPLE", 7) == 7
    monkeypatch.setenv("FAGVEI_EXAMPLE", "")
    assert env_bool("FAGVEI_EXAMPLE", True) is True
    assert env_int("FAGVEI_EXAMPLE", 7) == 7


@pytest.mark.parametrize("value", ["2", "nei", "treu", "enabled"])
def test_env_bool_refuses_a_word_it_does_not_know(monkeypatch, value):
    monkeypatch.setenv("FAGVEI_EXAMPLE", value)
    with pytest.raises(ImproperlyConfigured, match="FAGVEI_EXAMPLE"):
        env_bool("FAGVEI_EXAMPLE", False)


@pytest.mark.parametrize("value", ["1.5", "ti", "0x10"])
def test_env_int_refuses_what_is_not_a_whole_number(monkeypatch, value):
    monkeypatch.setenv("FAGVEI_EXAMPLE", value)
    with pytest.raises(ImproperlyConfigured, match="FAGVEI_EXAMPLE"):
        env_int("FAGVEI_EXAMPLE", 1)


def test_a_folder_is_taken_from_the_project_unless_it_is_absolute(monkeypatch, tmp_path):
    monkeypatch.delenv("FAGVEI_EXAMPLE", raising=False)
    assert env_path("FAGVEI_EXAMPLE", "var/documents") == BASE_DIR / "var" / "documents"
    monkeypatch.setenv("FAGVEI_EXAMPLE", "data/dokumenter")
    assert env_path("FAGVEI_EXAMPLE", "var/documents") == BASE_DIR / "data" / "dokumenter"
    monkeypatch.setenv("FAGVEI_EXAMPLE", str(tmp_path))
    assert env_path("FAGVEI_EXAMPLE", "var/documents") == tmp_path


def test_the_document_folder_is_not_a_static_folder():
    """Documents are served only by the views that authorise (the default and the test's)."""
    from django.conf import settings

    root = Path(settings.FAGVEI_DOCUMENT_ROOT).resolve()
    for folder in [*settings.STATICFILES_DIRS, settings.STATIC_ROOT]:
        assert not root.is_relative_to(Path(folder).resolve())
    assert env_path("FAGVEI_NOT_SET_ANYWHERE", "var/documents").resolve() != Path(BASE_DIR / "static").resolve()


# Secrets from files, the development key, DATABASE_URL ---------------------------------


def test_a_secret_is_read_from_its_file(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text("from-a-file-0123456789-0123456789-0123456789\n", encoding="utf-8")
    started = subprocess.run(
        [sys.executable, "-c", "from fagvei import settings as s; print(s.SECRET_KEY)"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("FAGVEI_")},
            "FAGVEI_SECRET_KEY_FILE": str(key_file),
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert started.stdout.strip() == "from-a-file-0123456789-0123456789-0123456789"


@pytest.mark.parametrize(
    ("variables", "named"),
    [
        ({"FAGVEI_SECRET_KEY_FILE": "/nonexistent/secret"}, "FAGVEI_SECRET_KEY_FILE"),
        ({"FAGVEI_SECRET_KEY_FILE": "/etc/hostname", "FAGVEI_SECRET_KEY": "both"}, "FAGVEI_SECRET_KEY"),
    ],
)
def test_a_secret_file_that_cannot_be_used_stops_the_start(variables, named):
    started = _start(**variables)
    assert started.returncode != 0
    assert named in started.stderr


def test_with_debug_off_the_development_key_is_refused(settings):
    from fagvei.core.checks import secret_key_errors

    settings.DEBUG = False
    settings.SECRET_KEY = settings.DEVELOPMENT_SECRET_KEY
    assert [e.id for e in secret_key_errors()] == ["fagvei.E001"]
    settings.DEBUG = True
    assert secret_key_errors() == []
    settings.DEBUG = False
    settings.SECRET_KEY = "a-real-key-0123456789-0123456789-0123456789"
    assert secret_key_errors() == []


def test_the_production_entry_point_refuses_to_serve_with_the_development_key():
    code = "import fagvei.wsgi"
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAGVEI_")}
    refused = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert refused.returncode != 0 and "FAGVEI_SECRET_KEY" in refused.stderr
    env["FAGVEI_SECRET_KEY"] = "a-real-key-0123456789-0123456789-0123456789"
    served = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert served.returncode == 0, served.stderr[-2000:]


def test_manage_commands_refuse_the_development_key_with_debug_off():
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAGVEI_")}
    checked = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert checked.returncode != 0 and "fagvei.E001" in checked.stderr


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite:///var/x.sqlite3", {"ENGINE": "fagvei.db.sqlite3", "NAME": ROOT / "var" / "x.sqlite3"}),
        ("sqlite:////srv/fagvei/x.sqlite3", {"ENGINE": "fagvei.db.sqlite3", "NAME": Path("/srv/fagvei/x.sqlite3")}),
        (
            "postgres://fagvei:p%40ss%2Fword@db.example:6543/fagvei?sslmode=require",
            {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": "fagvei",
                "USER": "fagvei",
                "PASSWORD": "p@ss/word",
                "HOST": "db.example",
                "PORT": "6543",
                "OPTIONS": {"sslmode": "require"},
            },
        ),
        ("postgresql://localhost/fagvei", {"NAME": "fagvei", "HOST": "localhost", "PORT": "", "USER": ""}),
    ],
)
def test_database_urls_are_read(url, expected):
    from fagvei.settings import database_from_url

    database = database_from_url(url)
    assert {key: database[key] for key in expected} == expected


@pytest.mark.parametrize(
    "url",
    [
        "mysql://root@localhost/fagvei",
        "sqlite://",
        "sqlite:///",
        "sqlite://host/x.db",
        "postgres://user:secret@localhost:notaport/fagvei",
        "postgres://user:secret@localhost:5432/",
        "",
        "fagvei.sqlite3",
    ],
)
def test_a_database_url_that_cannot_be_used_is_refused_without_showing_the_password(url):
    from fagvei.settings import database_from_url

    with pytest.raises(ImproperlyConfigured) as refused:
        database_from_url(url)
    assert "DATABASE_URL" in str(refused.value)
    assert "secret" not in str(refused.value)
