# The ending of a head's ID searched by an index of its own (debts.selectors.household_search).

import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    # A million households: built without holding writes back (CONCURRENTLY, outside a
    # transaction).
    atomic = False

    dependencies = [
        ("debts", "0013_household_search_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "CREATE INDEX CONCURRENTLY IF NOT EXISTS debts_household_id_end "
                    'ON debts_household (RIGHT("head_national_id", 4))',
                    "DROP INDEX CONCURRENTLY IF EXISTS debts_household_id_end",
                ),
            ],
            state_operations=[
                migrations.AddIndex(
                    model_name="household",
                    index=models.Index(
                        django.db.models.functions.text.Right("head_national_id", 4),
                        name="debts_household_id_end",
                    ),
                ),
            ],
        ),
    ]
