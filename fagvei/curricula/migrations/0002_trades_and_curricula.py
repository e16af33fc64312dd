"""The three trades of the seed scheme and their curricula (Udir Grep, NLOD 2.0).

"Inneholder data under NLOD, tilgjengeliggjort på data.udir.no" — see
fagvei/curricula/data/README.md.
"""

from django.db import migrations

# (code, name, requires_police_certificate, written_exam_rule, curriculum code)
TRADES = [
    # Seed 002: a police certificate is required before practice in child and youth work.
    # BUA03-02 "vurderingsordning": the written exam before the trade test is for those
    # who did not follow the normal route.
    ("BUA", "Barne- og ungdomsarbeiderfaget", True, "not_normal_route", "BUA03-02"),
    # Seed 002: police certificate required in health work. HEA03-03 "vurderingsordning":
    # written exam for those not on the normal route.
    ("HEA", "Helsearbeiderfaget", True, "not_normal_route", "HEA03-03"),
    # No police certificate in seed 002. ROF03-01 "vurderingsordning": everyone must pass
    # the written exam before the trade test.
    ("ROF", "Renholdsoperatørfaget", False, "everyone", "ROF03-01"),
]


def load(apps, schema_editor):
    from fagvei.curricula import grep

    Trade = apps.get_model("curricula", "Trade")
    Curriculum = apps.get_model("curricula", "Curriculum")
    CompetenceGoal = apps.get_model("curricula", "CompetenceGoal")
    for code, name, police, exam_rule, curriculum_code in TRADES:
        trade, _ = Trade.objects.update_or_create(
            code=code,
            defaults={"name": name, "requires_police_certificate": police, "written_exam_rule": exam_rule},
        )
        grep.write_curriculum(
            grep.shipped_curriculum(curriculum_code),
            trade=trade,
            curriculum_model=Curriculum,
            goal_model=CompetenceGoal,
        )


def unload(apps, schema_editor):
    Trade = apps.get_model("curricula", "Trade")
    Curriculum = apps.get_model("curricula", "Curriculum")
    # Goals go with their curriculum (on_delete=CASCADE).
    Curriculum.objects.filter(code__in=[t[4] for t in TRADES]).delete()
    Trade.objects.filter(code__in=[t[0] for t in TRADES]).delete()


class Migration(migrations.Migration):
    dependencies = [("curricula", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
