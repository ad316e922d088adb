"""Indicator 14 of the default set gets its suggestion from the board's courses."""

from django.db import migrations

DEFAULT = ("แบบประเมินจัดระดับการพัฒนาศูนย์จัดการกองทุนชุมชน (ชุดตั้งต้น)", 2568)


def suggest_from_courses(apps, schema_editor):
    Indicator = apps.get_model("assessments", "Indicator")
    name, applies_from = DEFAULT
    Indicator.objects.filter(
        indicator_set__name=name,
        indicator_set__applies_from=applies_from,
        number=14,
        suggest="",
    ).update(suggest="board_training")


class Migration(migrations.Migration):
    dependencies = [("assessments", "0006_group_instruments"), ("debts", "0012_board_training")]

    operations = [migrations.RunPython(suggest_from_courses, migrations.RunPython.noop)]
