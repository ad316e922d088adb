# The header's search box (cddfund/search.py): a head's whole name or its beginning, and a house
# number anywhere in the user's area.

import django.contrib.postgres.indexes
import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    # A million households: the indexes are built without holding writes back (CONCURRENTLY,
    # outside a transaction). Django writes an expression index with an operator class inside
    # parentheses that PostgreSQL refuses, so the name index is written here as SQL.
    atomic = False

    dependencies = [
        ("debts", "0012_board_training"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "CREATE INDEX CONCURRENTLY IF NOT EXISTS debts_household_name_prefix "
                    'ON debts_household (UPPER("head_name") text_pattern_ops)',
                    "DROP INDEX CONCURRENTLY IF EXISTS debts_household_name_prefix",
                ),
                migrations.RunSQL(
                    "CREATE INDEX CONCURRENTLY IF NOT EXISTS debts_household_house_number "
                    'ON debts_household ("house_number")',
                    "DROP INDEX CONCURRENTLY IF EXISTS debts_household_house_number",
                ),
            ],
            state_operations=[
                migrations.AddIndex(
                    model_name="household",
                    index=models.Index(
                        django.contrib.postgres.indexes.OpClass(
                            django.db.models.functions.text.Upper("head_name"),
                            name="text_pattern_ops",
                        ),
                        name="debts_household_name_prefix",
                    ),
                ),
                migrations.AddIndex(
                    model_name="household",
                    index=models.Index(fields=["house_number"], name="debts_household_house_number"),
                ),
            ],
        ),
    ]
