from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db import migrations, models
from django.db.models.functions import Right


class Migration(migrations.Migration):
    # The ending of a head's ID within a district officer's district. Built without locking the
    # households against writes (CONCURRENTLY), the new index before the one it replaces is
    # dropped.
    atomic = False

    dependencies = [
        ("debts", "0020_household_counts"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="household",
            index=models.Index(
                models.F("district"),
                Right("head_national_id", 4),
                name="debts_household_id_end_area",
            ),
        ),
        RemoveIndexConcurrently(model_name="household", name="debts_household_id_end"),
        # PostgreSQL keeps statistics of an indexed expression only from its next ANALYZE; until
        # then it guesses the ending as common and may still read the whole district.
        migrations.RunSQL("ANALYZE debts_household", migrations.RunSQL.noop),
    ]
