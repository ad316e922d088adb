import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cddfund import services
from cddfund.models import Village

pytestmark = pytest.mark.django_db


def _form(**overrides):
    data = {
        "province": "57",
        "district": "5710",
        "subdistrict": "571002",
        "moo": 7,
        "name": "บ้านใหม่",
    }
    data.update(overrides)
    return data


def test_district_officer_creates_a_village_in_own_district(client_for, accounts):
    response = client_for("maesuai").post(reverse("village_create"), _form())
    village = Village.objects.get(subdistrict_id="571002", moo=7)
    assert response.status_code == 302
    assert response.url == reverse("village_detail", args=[village.pk])
    assert (village.name, village.district_id, village.province_id) == ("บ้านใหม่", "5710", "57")


def test_same_moo_twice_in_a_subdistrict_is_refused_with_a_thai_message(villages, client_for):
    response = client_for("maesuai").post(reverse("village_create"), _form(moo=6))
    assert response.status_code == 200
    assert response.context["form"].errors["moo"] == ["ตำบลป่าแดด มีหมู่ที่ 6 อยู่แล้ว (บ้านโป่ง)"]
    assert Village.objects.filter(subdistrict_id="571002").count() == 1


def test_database_refuses_a_duplicate_moo_even_without_the_service(villages):
    with pytest.raises(IntegrityError):
        Village.objects.create(
            subdistrict_id="571002", district_id="5710", province_id="57", moo=6, name="ซ้ำ"
        )


def test_officer_cannot_pick_a_subdistrict_of_another_district(client_for):
    response = client_for("maesuai").post(
        reverse("village_create"), _form(district="5705", subdistrict="570511")
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "district" in errors and "subdistrict" in errors
    assert not Village.objects.filter(subdistrict_id="570511", moo=7).exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"moo": 0}, "moo"), ({"moo": 100}, "moo"), ({"moo": "x"}, "moo"), ({"name": "  "}, "name")],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_saved(client_for, overrides, field):
    response = client_for("maesuai").post(reverse("village_create"), _form(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Village.objects.filter(subdistrict_id="571002").exists()


def test_edit_changes_the_village(villages, client_for):
    village = villages["บ้านโป่ง"]
    client_for("maesuai").post(
        reverse("village_edit", args=[village.pk]), _form(moo=8, name="บ้านโป่งเหนือ")
    )
    village.refresh_from_db()
    assert (village.moo, village.name) == (8, "บ้านโป่งเหนือ")


def test_delete_asks_for_confirmation_first(villages, client_for):
    village = villages["บ้านโป่ง"]
    client = client_for("maesuai")
    page = client.get(reverse("village_delete", args=[village.pk]))
    assert "ยืนยันการลบ" in page.content.decode()
    assert Village.objects.filter(pk=village.pk).exists()
    response = client.post(reverse("village_delete", args=[village.pk]))
    assert response.url == reverse("village_list")
    assert not Village.objects.filter(pk=village.pk).exists()


def test_read_only_roles_cannot_post_edits(villages, client_for):
    village = villages["บ้านป่าเปา"]
    for persona in ("chiangrai", "central"):
        response = client_for(persona).post(reverse("village_edit", args=[village.pk]), _form())
        assert response.status_code == 403
    assert (
        client_for("maesuai").post(reverse("village_delete", args=[village.pk])).status_code == 404
    )
    village.refresh_from_db()
    assert village.name == "บ้านป่าเปา"


def test_service_refuses_an_officer_of_another_district(villages, accounts):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.village_create(
            by=accounts["maesuai"], subdistrict=villages["บ้านป่าเปา"].subdistrict, moo=20, name="x"
        )


def test_list_shows_only_the_users_scope(villages, client_for):
    names = lambda persona: [  # noqa: E731
        row.record.name
        for row in client_for(persona)
        .get(reverse("village_list"))
        .context["table"]
        .page.object_list
    ]
    assert names("maesuai") == ["บ้านโป่ง"]
    assert set(names("chiangrai")) == {"บ้านโป่ง", "บ้านป่าเปา"}
    assert len(names("central")) == 4


def test_list_filters_by_district_and_searches_by_name(villages, client_for):
    client = client_for("central")
    by_district = client.get(reverse("village_list"), {"province": "56", "district": "5606"})
    assert [r.record.name for r in by_district.context["table"].page.object_list] == ["บ้านห้วยสิงห์"]
    by_name = client.get(reverse("village_list"), {"q": "ป่าเปา"})
    assert [r.record.name for r in by_name.context["table"].page.object_list] == ["บ้านป่าเปา"]


def test_list_shows_an_empty_state(client_for):
    content = client_for("maesuai").get(reverse("village_list")).content.decode()
    assert "ยังไม่มีหมู่บ้านในพื้นที่นี้" in content


def _make_villages(officer, subdistrict, count, start=20):
    for moo in range(start, start + count):
        services.village_create(
            by=officer, subdistrict=subdistrict, moo=moo, name=f"บ้านทดสอบ {moo}"
        )


def test_village_list_query_count_does_not_grow_with_rows(villages, accounts, client_for):
    client = client_for("chiangrai")
    # session, user, count, page of rows, district choices = 5 (a province's staff choose no
    # province)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("village_list"))
    _make_villages(accounts["maesuai"], villages["บ้านโป่ง"].subdistrict, 40)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("village_list"))
    assert response.context["table"].paginator.count == 42
    assert len(few) == len(many) == 5


def test_village_page_query_count(villages, client_for):
    village = villages["บ้านโป่ง"]
    client = client_for("maesuai")
    client.post(reverse("village_edit", args=[village.pk]), _form(moo=6, name="บ้านโป่งใต้"))
    client.get(reverse("home"))  # shows (and so clears) the flash message
    # session, user, village with its areas, history events, users named in history,
    # subdistrict names in history = 6
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("village_detail", args=[village.pk]))
    assert len(queries) == 6


def test_area_options_answer_only_inside_the_scope(client_for):
    maesuai = client_for("maesuai")
    own = maesuai.get(reverse("area_options", args=["subdistricts"]), {"parent": "5710"}).json()
    assert {"value": "571002", "label": "ป่าแดด"} in own["options"]
    other = maesuai.get(reverse("area_options", args=["subdistricts"]), {"parent": "5705"}).json()
    assert other["options"] == []
    districts = client_for("chiangrai").get(
        reverse("area_options", args=["districts"]), {"parent": "57"}
    )
    assert len(districts.json()["options"]) == 18
    assert client_for("chiangrai").get(reverse("area_options", args=["nowhere"])).status_code == 404
