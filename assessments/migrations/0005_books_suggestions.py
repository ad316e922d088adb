"""Indicators 11 and 18 of the default set get their suggestions from the centre's books."""

from django.db import migrations

DEFAULT = ("แบบประเมินจัดระดับการพัฒนาศูนย์จัดการกองทุนชุมชน (ชุดตั้งต้น)", 2568)


def suggest_from_books(apps, schema_editor):
    Indicator = apps.get_model("assessments", "Indicator")
    name, applies_from = DEFAULT
    for number, key in ((11, "group_lending"), (18, "governance")):
        Indicator.objects.filter(
            indicator_set__name=name,
            indicator_set__applies_from=applies_from,
            number=number,
            suggest="",
        ).update(suggest=key)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0004_province_submission"), ("institutes", "0007_default_charts")]

    operations = [migrations.RunPython(suggest_from_books, migrations.RunPython.noop)]
