import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from cddfund.models import User
from cddfund.scope import Role

pytestmark = pytest.mark.django_db


def _staff(**overrides):
    data = {
        "username": "newofficer",
        "first_name": "มานี",
        "last_name": "มีนา",
        "email": "",
        "position": "พัฒนากร",
        "role": Role.DISTRICT,
        "province": "57",
        "district": "5705",
        "is_active": "on",
        "password": "a-long-enough-password",
    }
    data.update(overrides)
    return data


def test_central_office_creates_a_district_officer_who_can_log_in(client_for, client):
    response = client_for("central").post(reverse("staff_create"), _staff())
    assert response.status_code == 302
    user = User.objects.get(username="newofficer")
    assert (user.role, user.province_id, user.district_id) == ("district", "57", "5705")
    response = client.post(
        reverse("login"), {"username": "newofficer", "password": "a-long-enough-password"}
    )
    assert response.status_code == 302


def test_a_district_officer_needs_a_district(client_for):
    response = client_for("central").post(reverse("staff_create"), _staff(district=""))
    assert response.context["form"].errors["district"] == [
        "เจ้าหน้าที่สำนักงานพัฒนาชุมชนอำเภอต้องระบุจังหวัดและอำเภอ"
    ]
    assert not User.objects.filter(username="newofficer").exists()


def test_district_must_be_in_the_chosen_province(client_for):
    response = client_for("central").post(reverse("staff_create"), _staff(province="56"))
    assert "district" in response.context["form"].errors
    assert not User.objects.filter(username="newofficer").exists()


def test_central_office_accounts_have_no_area(client_for):
    response = client_for("admin").post(reverse("staff_create"), _staff(role=Role.CENTRAL))
    assert response.context["form"].errors["role"] == ["บทบาทนี้ดูข้อมูลทั่วประเทศ ไม่ต้องระบุจังหวัดหรืออำเภอ"]


def test_duplicate_user_name_is_refused(client_for):
    response = client_for("central").post(reverse("staff_create"), _staff(username="PHAN"))
    assert response.context["form"].errors["username"] == ["ชื่อผู้ใช้ PHAN มีอยู่แล้ว"]


def test_weak_password_is_refused(client_for):
    response = client_for("central").post(reverse("staff_create"), _staff(password="1234"))
    assert response.status_code == 200
    assert not User.objects.filter(username="newofficer").exists()


def test_edit_moves_an_officer_and_can_deactivate(client_for, accounts):
    phan = accounts["phan"]
    data = _staff(username="phan", district="5710", password="")
    data.pop("is_active")
    response = client_for("central").post(reverse("staff_edit", args=[phan.pk]), data)
    assert response.status_code == 302
    phan.refresh_from_db()
    assert (phan.district_id, phan.is_active) == ("5710", False)


def test_nobody_edits_their_own_account(client_for, accounts):
    central = accounts["central"]
    data = _staff(username="central", role=Role.CENTRAL, province="", district="", password="")
    data.pop("is_active")
    response = client_for("central").post(reverse("staff_edit", args=[central.pk]), data)
    assert response.status_code == 403
    central.refresh_from_db()
    assert central.is_active


def test_database_refuses_a_role_without_its_area(accounts):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=accounts["phan"].pk).update(district=None)


def test_staff_list_searches(client_for, accounts):
    page = client_for("central").get(reverse("staff_list"), {"q": "อรุณี"})
    assert [r.record.username for r in page.context["table"].page.object_list] == ["phan"]
