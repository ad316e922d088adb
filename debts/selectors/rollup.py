"""Reading the country's debt figures as last counted (``debts/services/rollup.py``), for a user
who sees the whole country; anyone else, or a count that is missing or older than
``FRESH_FOR``, is counted live by the caller (``None``)."""

import datetime
from dataclasses import dataclass

from django.db.models import Sum
from django.utils import timezone

from cddfund import thai
from cddfund.periods import Period
from cddfund.scope import scope_of
from debts import figures
from debts.models import PERIOD_COUNTS, DistrictFigures

# The job counts every ten minutes: a count older than this means no worker is counting.
FRESH_FOR = datetime.timedelta(hours=1)


@dataclass(frozen=True)
class Counted:
    rows: list[dict]
    counted_at: datetime.datetime


def _fresh(user, year: int):
    if not scope_of(user).is_country:
        return None
    since = timezone.now() - FRESH_FOR
    return DistrictFigures.objects.filter(fiscal_year=year, counted_at__gte=since)


def period_counts(user, period: Period) -> Counted | None:
    """``figures.period_counts`` by district as last counted, while ``period`` is still running
    (its figures are as of today, which the count is)."""
    if period.as_of() < timezone.localdate():
        return None
    found = _fresh(user, period.fiscal_year)
    if found is None:
        return None
    rows = list(found.filter(targets__gt=0).values("district_id", "counted_at", *PERIOD_COUNTS))
    if not rows:
        return None
    counted_at = rows[0]["counted_at"]  # one count wrote them all
    return Counted(
        [
            figures.finish({"key": row["district_id"], **{k: row[k] for k in PERIOD_COUNTS}})
            for row in rows
        ],
        counted_at,
    )


def standing(user) -> dict | None:
    """Today's households surveyed and reached 1 household 1 contract, as last counted."""
    found = _fresh(user, thai.fiscal_year(timezone.localdate()))
    if found is None:
        return None
    totals = found.aggregate(surveyed=Sum("surveyed"), reached=Sum("reached"))
    return totals if totals["surveyed"] is not None else None
