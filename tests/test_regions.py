"""Inspection regions (cddfund/regions.py) and the reports grouped by them."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cddfund import regions
from cddfund import services as core_services
from cddfund.models import Province, RegionMapping
from cddfund.periods import Period
from reports import data
from reports import services as report_services

pytestmark = pytest.mark.django_db


def test_the_default_puts_every_province_but_bangkok_in_one_of_18_regions():
    assert not Province.objects.filter(inspection_region__isnull=True).exclude(code="10").exists()
    assert Province.objects.get(code="10").inspection_region is None
    assert set(Province.objects.values_list("inspection_region", flat=True)) == {
        None,
        *range(1, 19),
    }
    assert Province.objects.get(name_th="เชียงราย").inspection_region == 16
    assert regions.current().provisional


def test_a_wrong_file_is_refused_whole_with_every_reason_in_thai():
    text = regions.DEFAULT.read_text(encoding="utf-8")
    text = text.replace(
        "  16: [เชียงราย, พะเยา, น่าน, แพร่]", "  16: [เชียงราย, เชียงราย, น่าน, แพร่, ปารีส]"
    )
    text = text.replace("  18: [", "  19: [")
    with pytest.raises(ValidationError) as refused:
        core_services.regions_load(text=text)
    messages = refused.value.messages
    assert "จังหวัดเชียงราย อยู่ในเขต 16 และ 16" in messages
    assert "ไม่รู้จักจังหวัด ปารีส (เขต 16)" in messages
    assert "เขตตรวจราชการต้องเป็นเลข 1-18 ไม่ใช่ 19" in messages
    assert any(m.startswith("ยังไม่ได้กำหนดเขตของจังหวัด: ") and "พะเยา" in m for m in messages)
    assert Province.objects.get(name_th="พะเยา").inspection_region == 16
    with pytest.raises(ValidationError) as refused:
        core_services.regions_load(text="- not: a mapping")
    assert refused.value.messages == ["อ่านไฟล์ไม่ได้: ต้องเป็นไฟล์ YAML ที่มี source และ regions"]


def test_central_office_loads_a_mapping_and_others_cannot(accounts, client_for):
    text = regions.as_yaml().replace("provisional: true", "provisional: false")
    text = re.sub(r"^source: .*$", "source: ประกาศสำนักนายกรัฐมนตรี 2569", text, flags=re.M)
    upload = SimpleUploadedFile("regions.yaml", text.encode())
    assert client_for("chiangrai").post(reverse("region_list"), {"file": upload}).status_code == 403
    upload = SimpleUploadedFile("regions.yaml", text.encode())
    response = client_for("central").post(reverse("region_list"), {"file": upload}, follow=True)
    assert "บันทึกการแบ่งเขตตรวจราชการแล้ว" in response.content.decode()
    mapping = RegionMapping.objects.first()
    assert mapping.loaded_by == accounts["central"] and not mapping.provisional
    big = SimpleUploadedFile("regions.yaml", b"#" * (regions.MAX_BYTES + 1))
    refused = client_for("central").post(reverse("region_list"), {"file": big})
    assert "ไฟล์ใหญ่เกิน 64 KB" in refused.content.decode()
    assert "เชียงราย" in client_for("maesuai").get(reverse("region_list")).content.decode()


def test_a_report_by_region_adds_up_to_the_same_total(records, accounts):
    plain = data.report("debts", accounts["central"], Period(2569))
    grouped = data.report("debts", accounts["central"], Period(2569), "region")
    assert [s.label for s in grouped.sections] == ["เขตตรวจราชการที่ 16"]
    assert {r["label"] for r in grouped.rows} == {"เชียงราย", "พะเยา"}
    assert grouped.sections[0].subtotal["targets"] == plain.total["targets"]
    assert grouped.total == plain.total


def test_a_closed_period_keeps_the_regions_of_its_day(records, accounts):
    report_services.period_keep(
        report_services.period_close(by=accounts["central"], period=Period(2569))
    )
    Province.objects.filter(name_th="พะเยา").update(inspection_region=15)
    grouped = data.report("debts", accounts["central"], Period(2569), "region")
    assert [s.label for s in grouped.sections] == ["เขตตรวจราชการที่ 16"]
    live = data.report("debts", accounts["central"], Period(2570), "region")
    assert [s.label for s in live.sections] == ["เขตตรวจราชการที่ 15", "เขตตรวจราชการที่ 16"]


def test_a_background_export_keeps_the_grouping_asked_for(records, accounts, client_for):
    from openpyxl import load_workbook

    from reports import exports
    from reports.models import Export

    client = client_for("central")
    client.post(
        reverse("export_start", args=["debts"]) + "?year=2569&group=region",
        {"extension": "xlsx"},
    )
    export = Export.objects.get(user=accounts["central"])
    assert export.grouping == "region"
    exports.export_run(export.pk)
    export.refresh_from_db()
    import io

    sheet = load_workbook(io.BytesIO(export.file.read())).active
    assert "จำแนกตามเขตตรวจราชการ" in sheet.cell(row=2, column=1).value


def test_a_file_of_nested_aliases_is_refused_before_anything_is_expanded():
    bomb = "source: x\na: &a [x, x, x, x, x, x, x, x, x]\n"
    for n in "bcdefgh":
        bomb += f"{n}: &{n} [*{chr(ord(n) - 1)}, *{chr(ord(n) - 1)}, *{chr(ord(n) - 1)}]\n"
    bomb += "regions:\n  1: [*h]\n"
    with pytest.raises(ValidationError) as refused:
        regions.parse(bomb)
    assert refused.value.messages == ["อ่านไฟล์ไม่ได้: ต้องเป็นไฟล์ YAML ที่มี source และ regions"]
