"""Counting the country's debt figures per district (``DistrictFigures``): a job every ten
minutes (``debts/tasks.py``), so that a page for the whole country reads about 900 rows instead
of testing every household of the country on each visit."""

import datetime

from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from cddfund import thai
from cddfund.periods import Period
from debts import figures
from debts.models import PERIOD_COUNTS, DistrictFigures, Household


@transaction.atomic
def district_figures_count(*, today: datetime.date | None = None) -> int:
    """Count every district's figures again (the fiscal year of ``today``) and replace the last
    count in one transaction: a reader sees the last count or this one, never a mix. Returns
    the number of districts counted."""
    today = today or timezone.localdate()
    year = thai.fiscal_year(today)
    with connection.cursor() as cursor:
        # Two counts at once would each replace the other's rows; the second waits.
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('debts.district_figures'))")
    counted_at = timezone.now()
    standing = Household.objects.values("province_id", "district_id").annotate(
        surveyed=Count("id", filter=Q(baseline_on__isnull=False)),
        reached=Count("id", filter=figures.reached()),
    )
    targets = {
        row["key"]: row
        for row in figures.period_counts(Household.objects.all(), Period(year), "district")
    }
    rows = [
        DistrictFigures(
            province_id=row["province_id"],
            district_id=row["district_id"],
            fiscal_year=year,
            counted_at=counted_at,
            surveyed=row["surveyed"],
            reached=row["reached"],
            **{name: targets.get(row["district_id"], {}).get(name, 0) for name in PERIOD_COUNTS},
        )
        for row in standing.order_by()
    ]
    DistrictFigures.objects.all().delete()
    DistrictFigures.objects.bulk_create(rows)
    return len(rows)
