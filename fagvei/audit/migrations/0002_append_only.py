"""Make the access log and the event log append-only in the database itself."""

from django.db import migrations

from fagvei.audit.append_only import create_triggers, drop_triggers


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    create_triggers(schema_editor)


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    drop_triggers(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
