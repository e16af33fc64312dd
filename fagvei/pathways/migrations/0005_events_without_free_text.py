"""Take the text users typed out of the event log (ARCHITECTURE.md: events carry ids,
codes and field names only). The reasons already live on the pathway (decision_reason,
end_note); the last interruption's reason moves to the new interruption_reason. The
append-only triggers are lifted inside this migration only."""

from django.db import migrations

from fagvei.audit.append_only import create_triggers, drop_triggers

# Keys of Event.data that held text typed by a user.
FREE_TEXT_KEYS = ("reason", "note")


def strip_free_text(apps, schema_editor):  # type: ignore[no-untyped-def]
    Event = apps.get_model("audit", "Event")
    Pathway = apps.get_model("pathways", "Pathway")
    interrupts = Event.objects.filter(verb="pathway.interrupt", pathway__isnull=False).order_by("at", "id")
    for event in interrupts.iterator():
        reason = (event.data or {}).get("reason")
        if reason:
            Pathway.objects.filter(pk=event.pathway_id).update(interruption_reason=reason)
    drop_triggers(schema_editor, ("audit_event",))
    changed = []
    for event in Event.objects.all().iterator():
        data = event.data or {}
        if any(key in data for key in FREE_TEXT_KEYS):
            event.data = {k: v for k, v in data.items() if k not in FREE_TEXT_KEYS}
            changed.append(event)
        if len(changed) >= 500:
            Event.objects.bulk_update(changed, ["data"])
            changed = []
    if changed:
        Event.objects.bulk_update(changed, ["data"])
    create_triggers(schema_editor, ("audit_event",))


class Migration(migrations.Migration):
    dependencies = [
        ("pathways", "0004_interruption_reason"),
        ("audit", "0004_verbose_names"),
    ]
    operations = [migrations.RunPython(strip_free_text, migrations.RunPython.noop)]
