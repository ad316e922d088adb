"""A household's standing: its village debts now, at baseline and when it entered debt
management, kept in its own columns (the definitions: debts/figures.py)."""

from decimal import Decimal

from django.db.models import Count, Q, Sum

from debts import figures
from debts.models import Household, LoanStatus

VILLAGE_ACTIVE = Q(status=LoanStatus.ACTIVE, creditor_group__isnull=False)


def refresh_standing(household: Household) -> Household:
    """Recount the household's active village loans and their outstanding, and save them."""
    totals = household.loans.filter(VILLAGE_ACTIVE).aggregate(
        contracts=Count("id", filter=Q(outstanding__gt=0)), outstanding=Sum("outstanding")
    )
    household.active_contracts = totals["contracts"] or 0
    household.outstanding = totals["outstanding"] or Decimal("0.00")
    # A step or a survey dated before the enrolment changes what it owed then.
    household.enrolled_on, household.enrolled_outstanding = figures.enrolment(household)
    household.save(
        update_fields=["active_contracts", "outstanding", "enrolled_on", "enrolled_outstanding"]
    )
    return household
