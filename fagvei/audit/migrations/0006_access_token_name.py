"""The access log names the API access token a read was made with.

SQLite adds a column with a default by rebuilding the table, which would leave it
without its append-only triggers: they are dropped first and made again after."""

from django.db import migrations, models

from fagvei.audit.append_only import create_triggers, drop_triggers

TABLE = ("audit_accesslog",)


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    create_triggers(schema_editor, TABLE)


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    drop_triggers(schema_editor, TABLE)


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_latest_reads_index")]

    operations = [
        migrations.RunPython(drop, create),
        migrations.AddField(
            model_name="accesslog",
            name="token_name",
            field=models.CharField(blank=True, max_length=100, verbose_name="access token"),
        ),
        migrations.RunPython(create, drop),
    ]
