"""Counting the country's debt figures per district (``DistrictFigures``): a job every ten
minutes (``debts/tasks.py``), so that a page for the whole country reads about 900 rows instead
of testing every household of the country on each visit.

Each count holds today's figures (the running periods) and those of every period of this fiscal
year or the last that has ended but is not closed yet, as of its last day: records dated inside
such a period may still come late, so it is counted again each time. A closed period is read
from its snapshot (``reports/snapshots.py``) and is not counted."""

import datetime

from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from cddfund import thai
from cddfund.periods import FIRST_ROUND, WHOLE_YEAR, Period
from cddfund.selectors import closing_current
from debts import figures
from debts.models import PERIOD_COUNTS, DistrictFigures, Household


def ended_open(today: datetime.date) -> list[Period]:
    """The periods of this fiscal year or the last that have ended and are not closed, one for
    each last day (round 2 ends with the year and counts the same)."""
    year = thai.fiscal_year(today)
    periods = [Period(y, r) for y in (year - 1, year) for r in (FIRST_ROUND, WHOLE_YEAR)]
    return [p for p in periods if p.has_ended(today) and closing_current(p) is None]


def _district_rows(period: Period, **fields) -> list[DistrictFigures]:
    """``period``'s target households counted per district as of its last day or today."""
    return [
        DistrictFigures(
            district_id=row["key"],
            fiscal_year=period.fiscal_year,
            surveyed=0,
            reached=0,
            **fields,
            **{name: row[name] for name in PERIOD_COUNTS},
        )
        for row in figures.period_counts(Household.objects.all(), period, "district")
    ]


@transaction.atomic
def district_figures_count(*, today: datetime.date | None = None) -> int:
    """Count every district's figures again and replace the last count in one transaction: a
    reader sees the last count or this one, never a mix. Returns the number of districts counted
    as of today."""
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
    targets = {row.district_id: row for row in _district_rows(Period(year))}
    rows = [
        DistrictFigures(
            province_id=row["province_id"],
            district_id=row["district_id"],
            fiscal_year=year,
            as_of=today,
            counted_at=counted_at,
            surveyed=row["surveyed"],
            reached=row["reached"],
            **{name: getattr(targets.get(row["district_id"]), name, 0) for name in PERIOD_COUNTS},
        )
        for row in standing.order_by()
    ]
    provinces = {row.district_id: row.province_id for row in rows}
    for period in ended_open(today):
        for row in _district_rows(period, as_of=period.end, counted_at=counted_at):
            row.province_id = provinces[row.district_id]
            rows.append(row)
    DistrictFigures.objects.all().delete()
    DistrictFigures.objects.bulk_create(rows)
    return len(provinces)
