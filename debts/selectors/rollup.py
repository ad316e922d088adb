"""Reading the debt figures per district as last counted (``debts/services/rollup.py``), each
reader's own districts: the whole country's for central office, a province's for its staff, and a
district officer's own only for a period that has ended (the running figures of the records they
enter are counted live, so that a change shows at once). A count that is missing or older than
``FRESH_FOR``, or a period the count does not hold (an older year's), is counted live by the
caller (``None``)."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from cddfund.periods import Period
from cddfund.scope import scope_of
from cddfund.selectors import is_counted_live
from debts import figures
from debts.models import PERIOD_COUNTS, DistrictFigures

# The job counts every ten minutes: a count older than this means no worker is counting.
FRESH_FOR = datetime.timedelta(hours=1)


@dataclass(frozen=True)
class Counted:
    rows: list[dict]
    counted_at: datetime.datetime


def _fresh(user, year: int):
    if is_counted_live():  # closing a period (cddfund.selectors.counted_live)
        return None
    since = timezone.now() - FRESH_FOR
    return DistrictFigures.objects.visible_to(user).filter(fiscal_year=year, counted_at__gte=since)


def period_counts(user, period: Period) -> Counted | None:
    """``figures.period_counts`` by district as last counted, as of ``period``'s last day or
    today while it is still running (a closed period is read from its snapshot instead)."""
    if scope_of(user).district_id and not period.has_ended():
        return None
    found = _fresh(user, period.fiscal_year)
    if found is None:
        return None
    found = found.filter(as_of=period.as_of())
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
