"""Tests that build only what they need, with the factories (tests/factories.py)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from institutes.models import BoardPart
from institutes.services import board, members, shares
from tests.factories import (
    AssessmentFactory,
    BoardMemberFactory,
    CentreFactory,
    DebtorClassFactory,
    HouseholdFactory,
    MembershipFactory,
    OfficerFactory,
    SharePurchaseFactory,
    TargetFactory,
    VillageFactory,
)

pytestmark = pytest.mark.django_db


def test_a_group_is_a_current_member_of_a_centre_once():
    membership = MembershipFactory()
    with pytest.raises(ValidationError) as info:
        members.membership_join(
            by=OfficerFactory(),
            centre=membership.centre,
            group=membership.group,
            joined_on=datetime.date(2017, 1, 1),
        )
    assert info.value.messages == [
        f"กลุ่ม {membership.group.name} เป็นสมาชิกของศูนย์อยู่แล้ว ตั้งแต่วันที่ 01/01/2559"
    ]


def test_an_officer_writes_only_in_their_own_district():
    phan = OfficerFactory()
    maesuai = OfficerFactory(district_code="5710")
    with pytest.raises(PermissionDenied):
        CentreFactory(by=phan, village=VillageFactory(by=maesuai))


def test_a_new_districts_household_list_holds_its_own_households_only(client):
    mine, theirs = OfficerFactory(), OfficerFactory(district_code="5710")
    own = HouseholdFactory(by=mine)
    HouseholdFactory(by=theirs)
    client.force_login(mine)
    page = client.get(reverse("household_list"))
    assert [row.record for row in page.context["table"].page.object_list] == [own]


def test_a_share_withdrawal_cannot_overdraw_a_groups_balance():
    purchase = SharePurchaseFactory(amount=Decimal("1000"))
    with pytest.raises(ValidationError) as info:
        shares.share_withdraw(
            by=purchase.recorded_by,
            centre=purchase.centre,
            group=purchase.group,
            amount=Decimal("1500"),
            on=datetime.date(2020, 2, 1),
        )
    assert info.value.message_dict["amount"][0].startswith("ถอนได้ไม่เกิน 1,000.00 บาท")


def test_experts_are_at_most_half_of_the_group_representatives():
    representative = BoardMemberFactory()
    officer, centre = OfficerFactory(), representative.centre
    expert = {"position": "member", "part": BoardPart.LEADER_OR_EXPERT, "represents": None}
    expert |= {"term_start": datetime.date(2023, 1, 1), "term_end": datetime.date(2026, 12, 31)}
    with pytest.raises(ValidationError):
        for n in range(2):  # one representative allows no more than 0.5 expert
            board.board_member_save(by=officer, centre=centre, name=f"ผู้ทรงคุณวุฒิ{n}", **expert)
    assert centre.board_members.filter(part=BoardPart.LEADER_OR_EXPERT).count() == 0


def test_a_target_household_is_chosen_once_per_fiscal_year():
    target = TargetFactory()
    with pytest.raises(ValidationError):
        TargetFactory(by=target.chosen_by, household=target.household)


def test_a_debtor_class_name_is_used_once_per_centre():
    first = DebtorClassFactory(name="ค้างนาน")
    with pytest.raises(ValidationError):
        DebtorClassFactory(by=OfficerFactory(), centre=first.centre, name="ค้างนาน")


def test_a_centre_is_assessed_once_per_fiscal_year():
    assessment = AssessmentFactory()
    assert assessment.answers.count() == 18
    with pytest.raises(ValidationError):
        AssessmentFactory(by=assessment.created_by, centre=assessment.centre)
