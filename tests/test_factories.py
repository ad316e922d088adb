"""Tests that build only what they need, with the factories (tests/factories.py)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from institutes.services import members
from tests.factories import (
    CentreFactory,
    HouseholdFactory,
    MembershipFactory,
    OfficerFactory,
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
