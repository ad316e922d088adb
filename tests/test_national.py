"""seed_national: a consistent synthetic country, and the refusal to mix it with real records."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F, Sum

from assessments.models import Assessment
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


def test_the_seeder_refuses_to_write_a_table_without_a_column_its_model_requires():
    from scale.national import Seeder

    with pytest.raises(ValueError, match="head_id_masked"):
        Seeder(scale=0.001, seed=1).table(
            "debts_household", "province_id", "district_id", "centre_id", "village_id"
        )
