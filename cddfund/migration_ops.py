"""Migration operations used by more than one app's migrations."""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import migrations, models
from django.db.models.functions import Upper

from cddfund.search import SearchKey

# cddfund.search.THAI_MARKS as they were when the search-key indexes were made: a migration
# builds what it built then, whatever the constant becomes.
SEARCH_KEY_MARKS = (
    "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a"
    "\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e"
)


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


def search_key_index(table: str, model: str, name: str) -> migrations.SeparateDatabaseAndState:
    """The index of the trigrams of a name's search key (``cddfund.search.SearchKey``), read by
    the search box's step "anywhere in the name". Built CONCURRENTLY (the migration must be
    ``atomic = False``) and written as SQL, for the reasons of ``name_search_indexes``."""
    return migrations.SeparateDatabaseAndState(
        database_operations=[
            migrations.RunSQL(
                f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON {table} USING gin "
                f"((TRANSLATE(UPPER(\"name\"), '{SEARCH_KEY_MARKS}', '')) gin_trgm_ops)",
                f"DROP INDEX CONCURRENTLY IF EXISTS {name}",
            )
        ],
        state_operations=[
            migrations.AddIndex(
                model_name=model,
                index=GinIndex(OpClass(SearchKey("name"), name="gin_trgm_ops"), name=name),
            )
        ],
    )
