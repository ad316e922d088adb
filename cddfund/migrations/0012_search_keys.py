"""The village name's search-key index (cddfund.search.SearchKey) in place of its trigram
index on UPPER(name)."""

from django.db import migrations

from cddfund.migration_ops import search_key_index


class Migration(migrations.Migration):
    atomic = False  # the index is built CONCURRENTLY

    dependencies = [
        ("cddfund", "0011_area_tallies"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="village", name="cddfund_village_name_trgm"),
        search_key_index("cddfund_village", "village", "cddfund_village_name_key"),
    ]
