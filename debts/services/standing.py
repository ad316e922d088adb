"""A household's standing: its village debts now, at baseline and when it entered debt
management, kept in its own columns (the definitions: debts/figures.py)."""

import datetime
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.expressions import RawSQL
from django.utils import timezone

from debts import figures
from debts.models import Household, LoanStatus
from debts.services.rollup import periods_ended

VILLAGE_ACTIVE = Q(status=LoanStatus.ACTIVE, creditor_group__isnull=False)
# This transaction's id, as a number (``Household.figures_xid``).
THIS_TRANSACTION = "pg_current_xact_id()::text::bigint"


def reaches_ended_period(day: datetime.date | None) -> bool:
    """Whether a record dated ``day`` (None: unknown) may change the figures of a period that
    has ended, as the ten-minute count holds them (``debts/services/rollup.py``). A period ending
    today counts as ended: a write still open at midnight is then seen by the count after it."""
    if day is None:
        return True
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    return day <= max(period.end for period in periods_ended(tomorrow))


def refresh_standing(household: Household, *, dated: datetime.date | None = None) -> Household:
    """Recount the household's active village loans and their outstanding, and save them.
    ``dated``: the earliest day of the records just written (None: unknown); a day in a period
    that has ended marks the household for the next count of that period."""
    totals = household.loans.filter(VILLAGE_ACTIVE).aggregate(
        contracts=Count("id", filter=Q(outstanding__gt=0)), outstanding=Sum("outstanding")
    )
    household.active_contracts = totals["contracts"] or 0
    household.outstanding = totals["outstanding"] or Decimal("0.00")
    # A step or a survey dated before the enrolment changes what it owed then.
    household.enrolled_on, household.enrolled_outstanding = figures.enrolment(household)
    fields = ["active_contracts", "outstanding", "enrolled_on", "enrolled_outstanding"]
    marked = reaches_ended_period(dated)
    if marked:
        household.figures_xid = RawSQL(THIS_TRANSACTION, ())
        fields.append("figures_xid")
    household.save(update_fields=fields)
    if marked:
        del household.figures_xid  # the number is the database's: read again if asked for
    return household
