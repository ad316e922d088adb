import pytest
from django.core.management import call_command

from cddfund import areas
from cddfund.models import District, Province, Subdistrict, Village

pytestmark = pytest.mark.django_db


def test_official_area_counts():
    assert Province.objects.count() == 77
    assert District.objects.count() == 928
    assert Subdistrict.objects.count() == 7436


def test_facts_from_the_domain_guide():
    chiang_rai = Province.objects.get(code="57")
    assert chiang_rai.name_th == "เชียงราย"
    assert chiang_rai.districts.count() == 18
    assert District.objects.get(name_th="แม่สรวย").province_id == "57"
    assert District.objects.get(name_th="พาน").province_id == "57"
    assert Subdistrict.objects.get(name_th="ป่าแดด", district__name_th="แม่สรวย")
    assert Subdistrict.objects.get(name_th="สันกลาง", district__name_th="พาน")
    phayao = Province.objects.get(name_th="พะเยา")
    assert set(
        phayao.districts.filter(name_th__in=["ปง", "เชียงม่วน"]).values_list("name_th", flat=True)
    ) == {
        "ปง",
        "เชียงม่วน",
    }


def test_subdistricts_carry_their_district_and_province():
    mismatched = [
        s.code
        for s in Subdistrict.objects.select_related("district")
        if s.district.province_id != s.province_id or not s.code.startswith(s.district_id)
    ]
    assert mismatched == []


def test_load_areas_twice_changes_nothing_and_says_so(capsys):
    result = areas.load_areas()
    assert not result.changed
    assert {k: (r.created, r.updated, r.retired) for k, r in result.levels.items()} == {
        "provinces": (0, 0, 0),
        "districts": (0, 0, 0),
        "subdistricts": (0, 0, 0),
    }
    call_command("load_areas")
    assert "ไม่มีการเปลี่ยนแปลง" in capsys.readouterr().out


def test_renamed_area_is_updated_in_place_and_records_keep_pointing_at_it(villages):
    village = villages["บ้านโป่ง"]
    Subdistrict.objects.filter(pk="571002").update(name_th="ป่าแดดเก่า")
    District.objects.filter(pk="5710").update(name_en="Old name")

    result = areas.load_areas()

    assert result.levels["subdistricts"].updated == 1
    assert result.levels["districts"].updated == 1
    village.refresh_from_db()
    assert village.subdistrict.name_th == "ป่าแดด"
    assert village.district.name_en == "Mae Suai"
    assert Village.objects.filter(subdistrict_id="571002").count() == 1


def test_area_missing_from_the_data_is_retired_not_deleted(villages):
    Subdistrict.objects.create(
        code="571099", district_id="5710", province_id="57", name_th="ตำบลที่ยุบแล้ว", name_en="Gone"
    )
    result = areas.load_areas()
    assert result.levels["subdistricts"].retired == 1
    assert Subdistrict.objects.get(pk="571099").is_active is False


def test_a_rename_is_kept_in_the_areas_history(villages):
    from cddfund.audit import history_for

    District.objects.filter(pk="5710").update(name_th="แม่สรวยเดิม")
    areas.load_areas()
    latest = history_for(District.objects.get(pk="5710"))[0]
    assert [(c.label, c.before, c.after) for c in latest.changes] == [("ชื่อ", "แม่สรวยเดิม", "แม่สรวย")]
