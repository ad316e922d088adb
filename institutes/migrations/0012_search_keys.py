"""The centre's and the group's name search-key indexes (cddfund.search.SearchKey) in place of
their trigram indexes on UPPER(name)."""

from django.db import migrations

from cddfund.migration_ops import search_key_index


class Migration(migrations.Migration):
    atomic = False  # the indexes are built CONCURRENTLY

    dependencies = [
        ("cddfund", "0012_search_keys"),
        ("institutes", "0011_level_year_province"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="centre", name="institutes_centre_name_trgm"),
        migrations.RemoveIndex(model_name="villagegroup", name="institutes_group_name_trgm"),
        search_key_index("institutes_centre", "centre", "institutes_centre_name_key"),
        search_key_index("institutes_villagegroup", "villagegroup", "institutes_group_name_key"),
    ]
