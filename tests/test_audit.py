import pytest
from django.urls import reverse

from cddfund import services
from cddfund.audit import history_for
from cddfund.models import Village

pytestmark = pytest.mark.django_db


def test_a_change_through_the_page_is_audited_with_who_and_before_after(
    villages, client_for, accounts
):
    village = villages["บ้านโป่ง"]
    response = client_for("maesuai").post(
        reverse("village_edit", args=[village.pk]),
        {
            "province": "57",
            "district": "5710",
            "subdistrict": "571002",
            "moo": 6,
            "name": "บ้านโป่งใหม่",
        },
    )
    assert response.status_code == 302

    history = history_for(village)
    latest = history[0]
    assert latest.action == "แก้ไข"
    assert latest.user == accounts["maesuai"]
    assert [(c.label, c.before, c.after) for c in latest.changes] == [
        ("ชื่อหมู่บ้าน", "บ้านโป่ง", "บ้านโป่งใหม่")
    ]
    assert history[-1].action == "สร้าง"


def test_history_is_shown_on_the_record_page(villages, client_for, accounts):
    village = villages["บ้านโป่ง"]
    services.village_update(
        by=accounts["maesuai"],
        village=village,
        subdistrict=village.subdistrict,
        moo=7,
        name=village.name,
    )
    page = client_for("chiangrai").get(reverse("village_detail", args=[village.pk]))
    content = page.content.decode()
    assert "ประวัติการแก้ไข" in content
    assert "หมู่ที่" in content and ">6<" in content and ">7<" in content


def test_a_delete_is_audited(villages, accounts):
    from pghistory.models import Events

    village = villages["บ้านป่าเปา"]
    pk = village.pk
    services.village_delete(by=accounts["phan"], village=village)
    assert not Village.objects.filter(pk=pk).exists()
    labels = list(
        Events.objects.filter(pgh_obj_model="cddfund.Village", pgh_obj_id=str(pk)).values_list(
            "pgh_label", flat=True
        )
    )
    assert "delete" in labels


def test_history_shows_dates_in_buddhist_era_and_amounts_as_baht(centres, accounts):
    import datetime
    from decimal import Decimal

    from institutes.services import centres as centre_services

    centre = centres["บ้านโป่ง"]
    centre_services.centre_update(
        by=accounts["maesuai"],
        centre=centre,
        founded_on=datetime.date(2016, 2, 1),
        share_price=Decimal("150"),
        has_fixed_office=False,
    )
    latest = history_for(centre)[0]
    assert {(c.label, c.before, c.after) for c in latest.changes} == {
        ("วันที่จัดตั้ง", "20/01/2558", "01/02/2559"),
        ("ราคาหุ้นละ (บาท)", "100.00", "150.00"),
        ("มีที่ทำการถาวร", "ใช่", "ไม่ใช่"),
    }
