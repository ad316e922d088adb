from django.db import migrations, models


class Migration(migrations.Migration):
    """Counts now say as of which day; the rows of the last count are dropped (the job counts
    again within ten minutes, and a page counts live until then)."""

    dependencies = [
        ("debts", "0015_district_figures"),
    ]

    operations = [
        migrations.RunSQL("DELETE FROM debts_districtfigures", migrations.RunSQL.noop),
        migrations.RemoveConstraint(
            model_name="districtfigures",
            name="debts_districtfigures_once",
        ),
        migrations.AddField(
            model_name="districtfigures",
            name="as_of",
            field=models.DateField(verbose_name="ตัวเลข ณ วันที่"),
        ),
        migrations.AddConstraint(
            model_name="districtfigures",
            constraint=models.UniqueConstraint(
                fields=("district", "fiscal_year", "as_of"), name="debts_districtfigures_once"
            ),
        ),
    ]
