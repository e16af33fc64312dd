"""``manage.py demo_logins``: who to log in as in the demo."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from fagvei.accounts.models import User
from fagvei.demo.cast import DEMO_PASSWORD, DEMO_URL, DEMO_USERS, ORGANISATIONS


class Command(BaseCommand):
    help = "Print the demo logins: usernames, their roles and the shared password."

    def handle(self, *args: Any, **options: Any) -> None:
        org_names = {o.key: o.name for o in ORGANISATIONS}
        rows = [("Brukernavn", "Rolle", "Organisasjon")]
        rows += [(u.username, u.role_label, org_names[u.organisation]) for u in DEMO_USERS]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        self.stdout.write("")
        for number, (username, role, org) in enumerate(rows):
            self.stdout.write(f"  {username.ljust(widths[0])}  {role.ljust(widths[1])}  {org}")
            if number == 0:
                self.stdout.write("  " + "  ".join("-" * width for width in widths))
        self.stdout.write("")
        self.stdout.write(f"  Passord for alle: {DEMO_PASSWORD}")
        self.stdout.write(f"  Logg inn på {DEMO_URL}")
        self.stdout.write("")
        loaded = set(
            User.objects.filter(username__in=[u.username for u in DEMO_USERS]).values_list("username", flat=True)
        )
        missing = [u.username for u in DEMO_USERS if u.username not in loaded]
        if missing:
            self.stdout.write(
                self.style.WARNING(f"  Not in the database yet: {', '.join(missing)}. Run manage.py load_demo first.")
            )
