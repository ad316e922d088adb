# The header's search box reads centres and groups by name through indexes of their own.

from django.db import migrations

from cddfund.migration_ops import name_search_indexes


class Migration(migrations.Migration):
    atomic = False  # the indexes are built CONCURRENTLY

    dependencies = [
        ("institutes", "0009_ssg_forum"),
        ("cddfund", "0010_name_search_indexes"),  # pg_trgm
    ]

    operations = [
        name_search_indexes("institutes_centre", "centre", "institutes_centre"),
        name_search_indexes("institutes_villagegroup", "villagegroup", "institutes_group"),
    ]
