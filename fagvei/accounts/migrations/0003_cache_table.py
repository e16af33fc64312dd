"""The table of the database cache (settings.CACHES when REDIS_URL is unset), so that
``migrate`` alone prepares a database. It is made whatever the cache setting, so a site
that moves from Redis to the database cache later finds it in place."""

from django.core.management import call_command
from django.db import migrations

CACHE_TABLE = "fagvei_cache"


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", CACHE_TABLE, database=schema_editor.connection.alias, verbosity=0)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(CACHE_TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_initial")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table, elidable=False)]
