"""Migration operations used by more than one app's migrations."""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import migrations, models
from django.db.models.functions import Upper


def name_search_indexes(table: str, model: str, prefix: str) -> migrations.SeparateDatabaseAndState:
    """The two indexes of a name searched by the header's search box
    (``cddfund.search.ranked_large``): its beginning, and any part of it, both on ``UPPER(name)``.
    Built CONCURRENTLY (the migration must be ``atomic = False``) so that writes are not held
    back; written as SQL because Django writes an expression index with an operator class
    inside parentheses that PostgreSQL refuses."""
    names = {"prefix": f"{prefix}_name_prefix", "trgm": f"{prefix}_name_trgm"}
    return migrations.SeparateDatabaseAndState(
        database_operations=[
            migrations.RunSQL(
                f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {names['prefix']} "
                f'ON {table} (UPPER("name") text_pattern_ops)',
                f"DROP INDEX CONCURRENTLY IF EXISTS {names['prefix']}",
            ),
            migrations.RunSQL(
                f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {names['trgm']} "
                f'ON {table} USING gin (UPPER("name") gin_trgm_ops)',
                f"DROP INDEX CONCURRENTLY IF EXISTS {names['trgm']}",
            ),
        ],
        state_operations=[
            migrations.AddIndex(
                model_name=model,
                index=models.Index(
                    OpClass(Upper("name"), name="text_pattern_ops"), name=names["prefix"]
                ),
            ),
            migrations.AddIndex(
                model_name=model,
                index=GinIndex(OpClass(Upper("name"), name="gin_trgm_ops"), name=names["trgm"]),
            ),
        ],
    )
