from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    # Built without locking the households against writes (CONCURRENTLY), the new index before
    # the one it replaces is dropped.
    atomic = False

    dependencies = [
        ("cddfund", "0012_search_keys"),
        ("debts", "0017_household_area_name_indexes"),
        ("institutes", "0012_search_keys"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="household",
            index=models.Index(
                fields=["house_number", "province", "district"],
                name="debts_household_house_area",
            ),
        ),
        RemoveIndexConcurrently(model_name="household", name="debts_household_house_number"),
    ]
