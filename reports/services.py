"""The one write of reports: closing a period and keeping its figures."""

from django.db import transaction

from cddfund import services as core_services
from cddfund.models import PeriodClosing
from cddfund.periods import Period
from reports import data, snapshots


@transaction.atomic
def period_close(*, by, period: Period) -> PeriodClosing:
    """Close ``period``: lock its records and keep its reports' figures, for every district,
    province, the country and each centre, in one transaction (the lock holds every guarded
    write back until the figures are written)."""
    closed = core_services.period_lock(by=by, period=period)
    for slug in snapshots.KEPT[period.round]:
        snapshots.snapshot_write(
            closed, data.REPORTS[slug](by, period), data.CENTRE_ROWS[slug](by, period)
        )
    return closed
