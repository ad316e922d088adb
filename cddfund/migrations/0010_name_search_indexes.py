# The header's search box reads villages by name through indexes of their own.

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from cddfund.migration_ops import name_search_indexes


class Migration(migrations.Migration):
    atomic = False  # the indexes are built CONCURRENTLY

    dependencies = [
        ("cddfund", "0009_notifications"),
    ]

    operations = [
        TrigramExtension(),  # already there where the households' migrations ran first
        name_search_indexes("cddfund_village", "village", "cddfund_village"),
    ]
