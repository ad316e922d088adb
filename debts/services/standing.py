"""A household's standing: its village debts now (and at baseline), kept in its own columns."""

from decimal import Decimal

from django.db.models import Count, Q, Sum

from debts.models import Household, LoanStatus

VILLAGE_ACTIVE = Q(status=LoanStatus.ACTIVE, creditor_group__isnull=False)


def refresh_standing(household: Household) -> Household:
    """Recount the household's active village loans and their outstanding, and save them."""
    totals = household.loans.filter(VILLAGE_ACTIVE).aggregate(
        contracts=Count("id", filter=Q(outstanding__gt=0)), outstanding=Sum("outstanding")
    )
    household.active_contracts = totals["contracts"] or 0
    household.outstanding = totals["outstanding"] or Decimal("0.00")
    household.save(update_fields=["active_contracts", "outstanding"])
    return household
