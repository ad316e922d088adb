"""Counting the country's debt figures per district (``DistrictFigures``): a job every ten
minutes (``debts/tasks.py``), so that a page for the whole country reads about 900 rows instead
of testing every household of the country on each visit.

Each count holds today's figures (the running periods) and those of every period of this fiscal
year or the last that has ended but is not closed yet, as of its last day: records dated inside
such a period may still come late, so it is counted again, in the districts where one came
since the last count. A closed period is read from its snapshot (``reports/snapshots.py``) and
is not counted."""

import datetime
import logging

from django.db import connection, transaction
from django.db.models import Max, QuerySet
from django.utils import timezone

from cddfund import thai
from cddfund.periods import FIRST_ROUND, WHOLE_YEAR, Period
from cddfund.selectors import closing_current
from debts import figures
from debts.models import (
    FOLD_HOUSEHOLD_COUNTS,
    PERIOD_COUNTS,
    DistrictFigures,
    Household,
    count_households,
)

logger = logging.getLogger(__name__)


def periods_ended(today: datetime.date) -> list[Period]:
    """The periods of this fiscal year or the last that have ended by ``today`` (round 2 ends
    with the year and counts the same)."""
    year = thai.fiscal_year(today)
    periods = [Period(y, r) for y in (year - 1, year) for r in (FIRST_ROUND, WHOLE_YEAR)]
    return [p for p in periods if p.has_ended(today)]


def ended_open(today: datetime.date) -> list[Period]:
    """The periods of this fiscal year or the last that have ended and are not closed, one for
    each last day."""
    return [p for p in periods_ended(today) if closing_current(p) is None]


def _district_rows(
    period: Period, households: QuerySet[Household] | None = None, **fields
) -> list[DistrictFigures]:
    """``period``'s target households of ``households`` (the whole country's unless given)
    counted per district as of its last day or today."""
    households = Household.objects.all() if households is None else households
    return [
        DistrictFigures(
            district_id=row["key"],
            fiscal_year=period.fiscal_year,
            **fields,
            **{name: row[name] for name in PERIOD_COUNTS},
        )
        for row in figures.period_counts(households, period, "district")
    ]


def _ended_rows(
    period: Period, before: list[DistrictFigures], written: dict, xmin: int, **fields
) -> tuple[list[DistrictFigures], int | None]:
    """``period``'s rows (it has ended): the last count's rows ``before`` kept for every district
    none of whose households was written since that count (``written``: each district's highest
    ``Household.figures_xid``), the others counted again; all of them counted when there is no
    last count, or when it comes from another server's history (its xmin ahead of this one's).
    Returns the rows and how many districts were counted again (None: all)."""
    since = before[0].counted_xmin if before else None
    if since is None or since > xmin:
        return _district_rows(period, counted_xmin=xmin, **fields), None
    changed = {district for district, xid in written.items() if xid is not None and xid >= since}
    rows = [row for row in before if row.district_id not in changed]
    for row in rows:  # written again, as new rows, with this count
        row.pk, row.counted_xmin = None, xmin
        for name, value in fields.items():
            setattr(row, name, value)
    if changed:
        households = Household.objects.filter(district_id__in=changed)
        rows += _district_rows(period, households, counted_xmin=xmin, **fields)
    return rows, len(changed)


@transaction.atomic
def household_counts_fold() -> int:
    """Fold each district's rows of ``HouseholdCounts`` into one (the periodic job): the rows
    the triggers add, one for each write that changed a count, would otherwise grow without end.
    Returns the number of districts folded."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('debts.household_counts'))")
        cursor.execute(FOLD_HOUSEHOLD_COUNTS)
        return cursor.rowcount


@transaction.atomic
def household_counts_again() -> int:
    """Count each district's households again into ``HouseholdCounts``, for households written
    with the table's triggers off (``seed_national`` writes with COPY in replica mode): under
    the table's lock, so no write comes between. Returns the number of districts."""
    with connection.cursor() as cursor:
        cursor.execute("LOCK TABLE debts_household IN SHARE MODE")
        cursor.execute("DELETE FROM debts_householdcounts")
        cursor.execute(count_households(("debts_household", "")))
        return cursor.rowcount


@transaction.atomic
def district_figures_count(*, today: datetime.date | None = None) -> int:
    """Count every district's figures again and replace the last count in one transaction: a
    reader sees the last count or this one, never a mix. The running year's figures are counted
    as of today, in every district that has households; a period that has ended is counted again
    only in the districts where a household has been written since the last count
    (``debts/services/standing.py`` marks them), the only ones whose figures may have changed.
    Returns the number of districts counted as of today."""
    today = today or timezone.localdate()
    year = thai.fiscal_year(today)
    with connection.cursor() as cursor:
        # Two counts at once would each replace the other's rows; the second waits.
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('debts.district_figures'))")
        # Every write this count cannot see belongs to this transaction or a later one.
        cursor.execute("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
        [(xmin,)] = cursor.fetchall()
    counted_at = timezone.now()
    # Each district with households, and the last transaction that marked one of them.
    standing = Household.objects.values("province_id", "district_id").annotate(
        written=Max("figures_xid")
    )
    targets = {row.district_id: row for row in _district_rows(Period(year))}
    rows, written = [], {}
    for row in standing.order_by():
        written[row["district_id"]] = row["written"]
        rows.append(
            DistrictFigures(
                province_id=row["province_id"],
                district_id=row["district_id"],
                fiscal_year=year,
                as_of=today,
                counted_at=counted_at,
                **{
                    name: getattr(targets.get(row["district_id"]), name, 0)
                    for name in PERIOD_COUNTS
                },
            )
        )
    provinces = {row.district_id: row.province_id for row in rows}
    before = list(DistrictFigures.objects.filter(counted_xmin__isnull=False).order_by())
    for period in ended_open(today):
        last = [r for r in before if (r.fiscal_year, r.as_of) == (period.fiscal_year, period.end)]
        ended, recounted = _ended_rows(
            period, last, written, xmin, as_of=period.end, counted_at=counted_at
        )
        logger.info(
            "debt figures of %s: %s districts counted again",
            period.code,
            "all" if recounted is None else recounted,
        )
        for row in ended:
            row.province_id = provinces[row.district_id]
        rows += ended
    DistrictFigures.objects.all().delete()
    DistrictFigures.objects.bulk_create(rows)
    return len(provinces)
