"""Savings groups toward the SMART Saving Group standard (seed 002): levels by fiscal year and
the choice of the level-3 groups, by whom and when."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from cddfund import thai
from cddfund.demo import fiscal_years
from institutes.models import GroupLevel, GroupType, SsgForum, SsgSelection, VillageGroup
from institutes.selectors import savings as savings_selectors
from institutes.services import savings
from institutes.views.savings import LEVELS_PER_PAGE
from tests.files import pdf_upload

pytestmark = pytest.mark.django_db

LAST, CURRENT = fiscal_years()


PAPAO = "กลุ่มออมทรัพย์เพื่อการผลิตบ้านป่าเปา"


def _savings_group(village, name="กลุ่มออมทรัพย์ทดสอบ"):
    return VillageGroup.objects.create(
        village=village, province_id=village.province_id, district_id=village.district_id,
        group_type=GroupType.SAVINGS, name=name, member_count=30, capital=10000,
    )  # fmt: skip


def test_a_level_is_kept_per_year_and_only_for_savings_groups(centres, accounts):
    officer = accounts["phan"]
    lead = VillageGroup.objects.get(name=PAPAO)
    assert GroupLevel.objects.get(group=lead, fiscal_year=CURRENT).level == 3  # the demo's
    savings.level_set(by=officer, group=lead, fiscal_year=CURRENT + 1, level=2)
    savings.level_set(by=officer, group=lead, fiscal_year=CURRENT + 1, level=1)
    assert GroupLevel.objects.get(group=lead, fiscal_year=CURRENT + 1).level == 1
    fund = VillageGroup.objects.get(name="กองทุนหมู่บ้านป่าเปา")
    with pytest.raises(ValidationError, match="ไม่ใช่กลุ่มออมทรัพย์เพื่อการผลิต"):
        savings.level_set(by=officer, group=fund, fiscal_year=CURRENT, level=3)
    with pytest.raises(ValidationError, match="ระดับการพัฒนาต้องเป็น 1, 2 หรือ 3"):
        savings.level_set(by=officer, group=lead, fiscal_year=CURRENT, level=4)
    with pytest.raises(ValidationError, match=r"ปีงบประมาณต้องเป็นปี พ\.ศ\."):
        savings.level_set(by=officer, group=lead, fiscal_year=2025, level=3)
    with pytest.raises(PermissionDenied):
        savings.level_set(by=accounts["maesuai"], group=lead, fiscal_year=CURRENT, level=3)
    with pytest.raises(PermissionDenied):
        savings.level_set(by=accounts["chiangrai"], group=lead, fiscal_year=CURRENT, level=3)


def test_only_a_level_three_group_is_chosen_once_by_its_district_or_province(
    centres, villages, accounts
):
    lead = VillageGroup.objects.get(name=PAPAO)
    other = _savings_group(villages["บ้านป่าเปา"])
    savings.level_set(by=accounts["phan"], group=other, fiscal_year=CURRENT, level=2)
    with pytest.raises(ValidationError, match=r"เฉพาะกลุ่มที่อยู่ในระดับ 3.*ระดับ 2 \(ปานกลาง\)"):
        savings.select(by=accounts["phan"], group=other, fiscal_year=CURRENT)
    with pytest.raises(ValidationError, match="ยังไม่ได้บันทึกระดับ"):
        savings.select(by=accounts["phan"], group=other, fiscal_year=CURRENT + 1)
    for outsider in ("maesuai", "phayao", "central", "admin"):
        with pytest.raises(PermissionDenied):
            savings.select(by=accounts[outsider], group=lead, fiscal_year=CURRENT)
    chosen = savings.select(by=accounts["chiangrai"], group=lead, fiscal_year=CURRENT)
    assert (chosen.selected_by, chosen.district_id) == (accounts["chiangrai"], lead.district_id)
    with pytest.raises(ValidationError, match="ถูกคัดเลือกไว้แล้ว"):
        savings.select(by=accounts["phan"], group=lead, fiscal_year=CURRENT)
    with pytest.raises(ValidationError, match="ยกเลิกการคัดเลือกก่อนลดระดับ"):
        savings.level_set(by=accounts["phan"], group=lead, fiscal_year=CURRENT, level=2)
    savings.unselect(by=accounts["phan"], group=lead, fiscal_year=CURRENT)
    assert not SsgSelection.objects.filter(group=lead, fiscal_year=CURRENT).exists()
    with pytest.raises(ValidationError, match="ไม่ได้ถูกคัดเลือกไว้"):
        savings.unselect(by=accounts["phan"], group=lead, fiscal_year=CURRENT)


def test_the_list_shows_the_areas_level_three_groups_leads_first(
    centres, villages, accounts, client_for
):
    other = _savings_group(villages["บ้านป่าเปา"], "กลุ่มออมทรัพย์ระดับสาม")
    savings.level_set(by=accounts["phan"], group=other, fiscal_year=CURRENT, level=3)
    page = client_for("chiangrai").get(reverse("savings_groups"), {"fy": CURRENT})
    groups = [g.name for g in page.context["page"].object_list]
    lead = centres["บ้านโป่ง"].lead_group.name  # a savings group, leading its centre
    assert groups[0] == lead and {PAPAO, "กลุ่มออมทรัพย์ระดับสาม"} <= set(groups[1:])
    assert centres["บ้านห้วยสิงห์"].lead_group.name not in groups  # another province
    text = page.content.decode()
    assert "แกนนำ" in text and centres["บ้านโป่ง"].name in text
    # บ้านโป่ง's lead group is chosen in the demo: who and when are shown.
    assert "คัดเลือกแล้ว โดย" in text
    assert "คัดเลือกแล้ว 1 จากเป้าหมาย 10 กลุ่ม" in text
    lead_only = client_for("chiangrai").get(reverse("savings_groups"), {"fy": CURRENT, "lead": "1"})
    assert [g.name for g in lead_only.context["page"].object_list] == [lead]
    empty = client_for("phan").get(reverse("savings_groups"), {"fy": CURRENT + 1})
    assert "ยังไม่มีกลุ่มออมทรัพย์ฯ ระดับ 3" in empty.content.decode()


def test_central_office_reads_the_groups_one_province_at_a_time(centres, accounts, client_for):
    url, client = reverse("savings_groups"), client_for("central")
    choose = client.get(url, {"fy": CURRENT})
    assert choose.context["page"] is None
    assert "เลือกจังหวัดเพื่อดูกลุ่มออมทรัพย์ฯ ระดับ 3 ของจังหวัด" in choose.content.decode()
    assert "คัดเลือกแล้ว 1 จากเป้าหมาย 10 กลุ่ม" in choose.content.decode()  # every province's
    chiangrai = client.get(url, {"fy": CURRENT, "province": accounts["chiangrai"].province_id})
    groups = [g.name for g in chiangrai.context["page"].object_list]
    assert groups[0] == centres["บ้านโป่ง"].lead_group.name
    assert centres["บ้านห้วยสิงห์"].lead_group.name not in groups


def test_choosing_through_the_page_says_what_happened(centres, accounts, client_for):
    lead = VillageGroup.objects.get(name=PAPAO)
    back = reverse("savings_groups") + f"?fy={CURRENT}&lead=1"
    url = reverse("savings_select", args=[lead.pk])
    response = client_for("phan").post(url, {"fy": CURRENT, "action": "select", "back": back})
    assert response.status_code == 302 and response.url == back
    assert SsgSelection.objects.filter(group=lead, fiscal_year=CURRENT).exists()
    again = client_for("phan").post(
        url, {"fy": CURRENT, "action": "select", "back": "https://elsewhere.example/"}, follow=True
    )
    assert "ถูกคัดเลือกไว้แล้ว" in again.content.decode()
    assert again.redirect_chain[-1][0].startswith(reverse("savings_groups"))
    assert client_for("maesuai").post(url, {"fy": CURRENT, "action": "unselect"}).status_code == 404
    assert client_for("central").post(url, {"fy": CURRENT, "action": "unselect"}).status_code == 403


def test_levels_are_saved_together_or_not_at_all_and_typed_values_kept(
    centres, villages, accounts, client_for
):
    lead = VillageGroup.objects.get(name=PAPAO)
    other = _savings_group(villages["บ้านป่าเปา"])
    savings.select(by=accounts["phan"], group=lead, fiscal_year=CURRENT)
    url = reverse("savings_levels") + f"?fy={CURRENT}"
    refused = client_for("phan").post(url, {f"level_{lead.pk}": "1", f"level_{other.pk}": "3"})
    assert refused.status_code == 200
    text = refused.content.decode()
    assert "ยกเลิกการคัดเลือกก่อนลดระดับ" in text and "ยังไม่ได้บันทึก" in text
    rows = {row["group"].pk: row for row in refused.context["rows"]}
    assert (rows[lead.pk]["value"], rows[other.pk]["value"]) == ("1", "3")
    assert not GroupLevel.objects.filter(group=other).exists()
    saved = client_for("phan").post(url, {f"level_{lead.pk}": "3", f"level_{other.pk}": "3"})
    assert saved.status_code == 302
    assert GroupLevel.objects.get(group=other, fiscal_year=CURRENT).level == 3
    assert client_for("chiangrai").get(url).status_code == 403


def test_the_list_takes_the_same_queries_whatever_the_number_of_groups(
    centres, villages, accounts, client_for
):
    client = client_for("chiangrai")
    url = reverse("savings_groups") + f"?fy={CURRENT}"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(6):
        group = _savings_group(villages["บ้านป่าเปา"], f"กลุ่มออมทรัพย์ {n}")
        savings.level_set(by=accounts["phan"], group=group, fiscal_year=CURRENT, level=3)
        if n % 2:
            savings.select(by=accounts["phan"], group=group, fiscal_year=CURRENT)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    # The session, the user, the districts, the page's ids and their count, the page's groups in
    # full, the selections per province.
    assert len(many) == len(few) == 7


def test_a_page_of_level_three_groups_is_read_in_full_in_the_lists_order(
    centres, villages, accounts
):
    from institutes.selectors.savings import LEVEL_THREE_PER_PAGE, level_three, level_three_page

    for n in range(LEVEL_THREE_PER_PAGE + 2):
        group = _savings_group(villages["บ้านป่าเปา"], f"กลุ่มออมทรัพย์ {n:02}")
        savings.level_set(by=accounts["phan"], group=group, fiscal_year=CURRENT, level=3)
        if n % 5 == 0:
            savings.select(by=accounts["phan"], group=group, fiscal_year=CURRENT)
    user = accounts["chiangrai"]
    order = list(level_three(user, CURRENT).values_list("pk", flat=True))
    first, second = (level_three_page(user, CURRENT, n) for n in (1, 2))
    assert first.paginator.count == len(order) > LEVEL_THREE_PER_PAGE
    assert [g.pk for g in first.object_list] + [g.pk for g in second.object_list] == order
    shown = [*first.object_list, *second.object_list]
    chosen = [g for g in shown if g.selection_id and g.name.startswith("กลุ่มออมทรัพย์ ")]
    assert len(chosen) == 6 and all(g.selected_by_username == "phan" for g in chosen)
    # A forum held and not yet reported to the province: only those groups, with their day.
    start = timezone.localdate()
    held, reported = (SsgSelection.objects.get(pk=g.selection_id) for g in chosen[:2])
    for selection, reported_on in ((held, None), (reported, start)):
        savings.forum_save(
            by=accounts["phan"],
            selection=selection,
            participants=15,
            held_on=start,
            reported_on=reported_on,
        )
    unreported = level_three_page(user, CURRENT, 1, unreported=True).object_list
    assert [(g.pk, g.forum_held_on) for g in unreported] == [(held.group_id, start)]


def _png(width=2400, height=1800, mode="RGB") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new(mode, (width, height), 1 if mode == "1" else (200, 120, 40)).save(out, "PNG")
    return SimpleUploadedFile("รูป.png", out.getvalue(), "image/png")


def _chosen(accounts):
    group = VillageGroup.objects.get(name=PAPAO)
    return savings.select(by=accounts["phan"], group=group, fiscal_year=LAST)


def test_a_forum_is_recorded_in_its_year_and_its_report_is_late_after_a_week(centres, accounts):
    selection = _chosen(accounts)
    start, end = savings.third_quarter(LAST)
    assert (start.month, start.day, end.month, end.day) == (4, 1, 6, 30)
    form = {"by": accounts["phan"], "selection": selection, "participants": 15}
    with pytest.raises(ValidationError, match=f"ต้องอยู่ในปีงบประมาณ {LAST}"):
        savings.forum_save(**form, held_on=start.replace(year=start.year - 2))
    with pytest.raises(ValidationError, match=r"\(2 คน\) น้อยกว่ารายชื่อที่กรอก \(3 คน\)"):
        savings.forum_save(
            **{**form, "participants": 2}, held_on=start, participant_names="ก\nข\n\nค"
        )
    with pytest.raises(ValidationError, match="ต้องไม่ก่อนวันที่จัดเวที"):
        savings.forum_save(**form, held_on=start, reported_on=start - datetime.timedelta(days=1))
    with pytest.raises(PermissionDenied):
        savings.forum_save(**{**form, "by": accounts["chiangrai"]}, held_on=start)
    forum = savings.forum_save(
        **form, held_on=start, participant_names=" ก \n\nข", steps={"step_plan": True}
    )
    assert (forum.participant_names, forum.step_plan, forum.step_review) == ("ก\nข", True, False)
    assert savings.report_late(forum, today=start + datetime.timedelta(days=7)) is False
    assert savings.report_late(forum, today=start + datetime.timedelta(days=8)) is True
    forum = savings.forum_save(
        **form, held_on=start, reported_on=start + datetime.timedelta(days=7)
    )
    assert savings.report_late(forum) is False
    assert SsgForum.objects.filter(selection=selection).count() == 1


def test_a_photo_is_stored_again_as_a_small_jpeg_and_anything_else_is_refused(centres, accounts):
    selection = _chosen(accounts)
    start, _end = savings.third_quarter(LAST)
    forum = savings.forum_save(
        by=accounts["phan"], selection=selection, held_on=start, participants=15
    )
    photo = savings.photo_add(by=accounts["phan"], forum=forum, upload=_png(), caption="เวที")
    with photo.image.open("rb") as stored:
        kept = Image.open(stored)
        assert (kept.format, max(kept.size)) == ("JPEG", 1600)
        assert not kept.getexif()
    assert photo.image.name.endswith(".jpg") and "รูป" not in photo.image.name
    with pytest.raises(ValidationError, match="รับเฉพาะรูปภาพ JPEG หรือ PNG"):
        savings.photo_add(by=accounts["phan"], forum=forum, upload=pdf_upload())
    with pytest.raises(ValidationError, match="48 ล้านพิกเซล"):
        savings.photo_add(by=accounts["phan"], forum=forum, upload=_png(8000, 6000, "1"))
    with pytest.raises(PermissionDenied):
        savings.photo_add(by=accounts["maesuai"], forum=forum, upload=_png())
    assert forum.photos.count() == 1


def test_the_forum_page_is_a_form_for_the_district_and_read_for_the_province(
    centres, accounts, client_for
):
    selection = _chosen(accounts)
    url = reverse("ssg_forum", args=[selection.pk])
    start, _end = savings.third_quarter(LAST)
    data = {"held_on": thai.format_date(start), "participants": "15", "step_objectives": "on"}
    assert client_for("chiangrai").post(url, data).status_code == 403
    refused = client_for("phan").post(url, {**data, "participants": "0"})
    assert refused.status_code == 200 and "อย่างน้อย 1 คน" in refused.content.decode()
    assert client_for("phan").post(url, data).status_code == 302
    upload = client_for("phan").post(
        reverse("ssg_forum_photo_add", args=[selection.pk]),
        {"image": _png(), "caption": "ภาพหมู่"},
        follow=True,
    )
    assert "เพิ่มรูปภาพแล้ว" in upload.content.decode()
    photo = SsgForum.objects.get(selection=selection).photos.get()
    read = client_for("chiangrai").get(url)
    assert read.context["form"] is None and read.context["photo_form"] is None
    text = read.content.decode()
    assert "ภาพหมู่" in text and "ยังไม่ได้รายงานผลให้จังหวัด" in text
    image = client_for("chiangrai").get(reverse("ssg_forum_photo", args=[photo.pk]))
    assert image["Content-Type"] == "image/jpeg"
    assert client_for("phayao").get(reverse("ssg_forum_photo", args=[photo.pk])).status_code == 404


def test_the_levels_form_shows_a_page_of_groups_and_saves_only_that_page(
    centres, villages, accounts, client_for
):
    groups = [
        _savings_group(villages["บ้านป่าเปา"], f"กลุ่มออมทรัพย์ {n:02}")
        for n in range(LEVELS_PER_PAGE + 2)
    ]
    client = client_for("phan")
    url = reverse("savings_levels") + f"?fy={CURRENT}"
    first = client.get(url)
    shown = {row["group"] for row in first.context["rows"]}
    assert len(shown) == LEVELS_PER_PAGE and "หน้า 1 จาก 2" in first.content.decode()
    later = {row["group"] for row in client.get(url + "&page=2").context["rows"]}
    assert not shown & later
    assert shown | later == set(savings_selectors.savings_groups(accounts["phan"]))

    # A level posted for a group of another page is not this page's: it is left alone.
    saved = client.post(url + "&page=2", {f"level_{g.pk}": "2" for g in groups})
    assert saved.status_code == 302 and saved["Location"] == url + "&page=2"
    levelled = GroupLevel.objects.filter(fiscal_year=CURRENT, group__in=groups)
    assert set(levelled.values_list("group", flat=True)) == {g.pk for g in groups if g in later}

    # Only those still without a level this year.
    todo = {row["group"] for row in client.get(url + "&todo=1").context["rows"]}
    assert todo and not todo & later
    assert not GroupLevel.objects.filter(fiscal_year=CURRENT, group__in=todo).exists()


def test_the_levels_form_takes_the_same_queries_whatever_the_number_of_groups(
    centres, villages, client_for
):
    client = client_for("phan")
    url = reverse("savings_levels") + f"?fy={CURRENT}"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(LEVELS_PER_PAGE + 2):
        _savings_group(villages["บ้านป่าเปา"], f"กลุ่มออมทรัพย์ {n:02}")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_the_levels_form_says_when_every_group_has_its_level(
    centres, villages, accounts, client_for
):
    for group in savings_selectors.savings_groups(accounts["phan"]):
        savings.level_set(by=accounts["phan"], group=group, fiscal_year=CURRENT, level=1)
    page = client_for("phan").get(reverse("savings_levels") + f"?fy={CURRENT}&todo=1")
    assert "ทุกกลุ่มออมทรัพย์ในอำเภอมีระดับการพัฒนาปีนี้แล้ว" in page.content.decode()
