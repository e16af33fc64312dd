import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fagvei.settings")
application = get_wsgi_application()

# A production server does not run the system checks: refuse here what must never be
# served (fagvei/core/checks.py).
from fagvei.core.checks import secret_key_errors  # noqa: E402

if errors := secret_key_errors():
    raise ImproperlyConfigured("; ".join(f"{e.msg} {e.hint}" for e in errors))
