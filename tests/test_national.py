"""seed_national: a consistent synthetic country, and the refusal to mix it with real records."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F, Sum

from assessments.models import Assessment
from cddfund.bulk import CopyWriter
from debts.models import Household, Loan, LoanMovement, SurveyLine
from institutes.models import Centre

pytestmark = pytest.mark.django_db


def test_a_small_country_is_consistent_and_not_written_twice(capsys):
    call_command("seed_national", scale=0.002, seed=7)
    assert Centre.objects.count() == 6
    assert Household.objects.count() == 2000
    assert Loan.objects.count() >= 4500
    # Every household's standing is the sum of its active village loans.
    for household in Household.objects.order_by("id")[:300]:
        active = household.loans.filter(status="active", creditor_group__isnull=False)
        assert household.outstanding == (active.aggregate(s=Sum("outstanding"))["s"] or 0)
        assert household.active_contracts == active.filter(outstanding__gt=0).count()
    # A loan's outstanding is its surveyed amount plus its movements; closed means paid.
    for loan in Loan.objects.order_by("id")[:600]:
        surveyed = SurveyLine.objects.filter(loan=loan).first()
        moved = LoanMovement.objects.filter(loan=loan).aggregate(s=Sum("amount"))["s"] or 0
        assert loan.outstanding == (surveyed.outstanding if surveyed else 0) + moved
        assert (loan.status == "closed") == (loan.outstanding == Decimal(0))
    other_village = Loan.objects.filter(creditor_group__isnull=False).exclude(
        creditor_group__village=F("household__village")
    )
    assert not other_village.exists()
    assert set(Assessment.objects.values_list("state", flat=True)) == {
        "draft",
        "submitted",
        "returned",
        "approved",
    }
    with pytest.raises(CommandError, match="already holds"):
        call_command("seed_national", scale=0.002)


def test_a_bulk_row_without_a_field_its_model_requires_is_refused():
    """The seeder's writers take their columns from the models: a field added to a model that a
    form would require cannot be left out of the synthetic rows."""
    writer = CopyWriter(Household)
    with pytest.raises(ValueError, match="head_id_masked"):
        writer.add(id=1, province_id="10", district_id="1001", centre_id=1, village_id=1)
    with pytest.raises(TypeError, match="no field colour"):
        writer.add(colour="red")
    # A field left out takes what the ORM would give it: its default, NULL or an empty string.
    row = CopyWriter(Loan).add(
        id=1, province_id="10", district_id="1001", household_id=1, contract_no="1",
        borrower="x", contract_date="2025-01-01", opened_on="2025-01-01", principal=1,
        outstanding=1, interest_rate=0, term_months=12, months_in_arrears=0,
    )  # fmt: skip
    assert row["creditor_group_id"] is None and row["external_name"] == ""
    assert row["status"] == Loan._meta.get_field("status").default
