import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cddfund import demo
from institutes import selectors
from institutes.models import BoardMember, Centre, GroupType, Membership, PlanActivity, WelfareGrant
from institutes.services import board, members, registers
from institutes.services import centres as centre_services
from tests.files import fake_pdf_upload, pdf_upload

pytestmark = pytest.mark.django_db
D = datetime.date


def _centre_form(**overrides):
    data = {
        "name": "ศูนย์จัดการกองทุนชุมชนบ้านใหม่",
        "village": "",
        "founded_on": "15/01/2558",
        "operating_model": "1",
        "transition_step": "",
        "budget_fiscal_year": "",
        "share_price": "",
        "status": "active",
        "office_address": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def new_village(accounts):
    from cddfund.models import Subdistrict
    from cddfund.services import village_create

    return village_create(
        by=accounts["maesuai"],
        subdistrict=Subdistrict.objects.get(pk="571002"),
        moo=9,
        name="บ้านใหม่",
    )


def test_officer_creates_a_centre_through_the_form(new_village, client_for):
    response = client_for("maesuai").post(
        reverse("centre_create"),
        _centre_form(village=new_village.pk, cdd_budget="on", budget_fiscal_year="2558"),
    )
    centre = Centre.objects.get(village=new_village)
    assert response.url == reverse("centre_groups", args=[centre.pk])
    assert (centre.district_id, centre.province_id, centre.budget_fiscal_year) == (
        "5710",
        "57",
        2558,
    )
    assert centre.transition_step is None


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"operating_model": "2"}, "transition_step", "ศูนย์รูปแบบที่ 2-4 ต้องระบุขั้นการปรับสู่รูปแบบที่ 1"),
        ({"cdd_budget": "on"}, "budget_fiscal_year", "ระบุปีงบประมาณที่ได้รับงบจากกรมฯ"),
        ({"has_fixed_office": "on"}, "office_address", "ระบุที่ตั้งที่ทำการ"),
        (
            {"founded_on": "15/01/2024"},
            "founded_on",
            "ปี 2024 เป็นปี ค.ศ. กรุณากรอกปี พ.ศ. (ปี 2024 คือ พ.ศ. 2567)",
        ),
        ({"founded_on": "31/02/2560"}, "founded_on", "ไม่มีวันที่ 31 กุมภาพันธ์ พ.ศ. 2560 ในปฏิทิน"),
    ],
)
def test_bad_centre_input_gets_a_thai_message_on_its_field(
    new_village, client_for, overrides, field, message
):
    response = client_for("maesuai").post(
        reverse("centre_create"), _centre_form(village=new_village.pk, **overrides)
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert not Centre.objects.filter(village=new_village).exists()


def test_future_founding_date_is_refused(new_village, client_for):
    future = datetime.date.today() + datetime.timedelta(days=30)
    typed = f"{future.day:02d}/{future.month:02d}/{future.year + 543}"
    response = client_for("maesuai").post(
        reverse("centre_create"), _centre_form(village=new_village.pk, founded_on=typed)
    )
    assert response.context["form"].errors["founded_on"][0].startswith("วันที่ต้องไม่เลยวันนี้")


def test_a_village_has_one_centre(centres, accounts, new_village, client_for):
    village = centres["บ้านโป่ง"].village
    client = client_for("maesuai")
    offered = client.get(reverse("centre_create")).context["form"].fields["village"].queryset
    assert new_village in offered and village not in offered
    response = client.post(reverse("centre_create"), _centre_form(village=village.pk))
    assert response.context["form"].errors["village"] == [
        "เลือกหมู่บ้านในพื้นที่ของคุณที่ยังไม่มีศูนย์ (หนึ่งหมู่บ้านมีได้หนึ่งศูนย์)"
    ]
    # The service refuses it too, whatever form or import it comes from.
    with pytest.raises(ValidationError) as info:
        centre_services.centre_create(
            by=accounts["maesuai"],
            village=village,
            name="ศูนย์ที่สอง",
            founded_on=datetime.date(2020, 1, 1),
            operating_model=1,
            status="active",
        )
    assert info.value.message_dict["village"] == ["หมู่บ้านนี้มีศูนย์อยู่แล้ว: ศูนย์จัดการกองทุนชุมชนบ้านโป่ง"]


def test_regulations_upload_is_checked_by_content(centres, client_for):
    centre = centres["บ้านโป่ง"]
    data = _centre_form(
        name=centre.name, village=centre.village_id, regulations_approved_on="01/03/2558"
    )
    response = client_for("maesuai").post(
        reverse("centre_edit", args=[centre.pk]), {**data, "regulations_file": fake_pdf_upload()}
    )
    assert response.context["form"].errors["regulations_file"] == [
        "รับเฉพาะไฟล์ PDF, JPEG หรือ PNG (ไฟล์นี้ไม่ใช่ทั้งสามแบบ)"
    ]
    centre.refresh_from_db()
    assert not centre.regulations_file
    response = client_for("maesuai").post(
        reverse("centre_edit", args=[centre.pk]), {**data, "regulations_file": pdf_upload()}
    )
    assert response.status_code == 302
    centre.refresh_from_db()
    assert centre.regulations_file.name.endswith(".pdf")
    download = client_for("phayao").get(reverse("centre_regulations", args=[centre.pk]))
    assert download.status_code == 404
    download = client_for("chiangrai").get(reverse("centre_regulations", args=[centre.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_uploads_over_10_mb_are_refused(centres, accounts):
    from django.core.files.uploadedfile import SimpleUploadedFile

    big = SimpleUploadedFile(
        "big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), content_type="application/pdf"
    )
    with pytest.raises(ValidationError) as info:
        board.order_save(
            by=accounts["maesuai"],
            centre=centres["บ้านโป่ง"],
            number="9/2568",
            issued_on=D(2025, 1, 1),
            signed_by="นายอำเภอ",
            file=big,
        )
    assert info.value.message_dict["file"] == ["ไฟล์ใหญ่เกิน 10 MB (ไฟล์นี้ 10.0 MB)"]


def _group(officer, village, name):
    return members.group_create(
        by=officer,
        village=village,
        group_type=GroupType.OCCUPATIONAL,
        name=name,
        founded_on=D(2015, 1, 1),
        member_count=10,
        capital=Decimal("5000"),
    )


def test_a_group_cannot_join_twice(centres, accounts):
    centre = centres["บ้านโป่ง"]
    group = centre.memberships.first().group
    with pytest.raises(ValidationError) as info:
        members.membership_join(
            by=accounts["maesuai"], centre=centre, group=group, joined_on=D(2024, 1, 1)
        )
    assert info.value.message_dict["group"] == [
        f"กลุ่ม {group.name} เป็นสมาชิกของศูนย์อยู่แล้ว ตั้งแต่วันที่ 01/02/2558"
    ]


def test_a_group_may_leave_and_join_again(centres, accounts):
    officer, centre = accounts["maesuai"], centres["บ้านโป่ง"]
    membership = centre.memberships.select_related("group").first()
    with pytest.raises(ValidationError) as info:
        members.membership_leave(by=officer, membership=membership, left_on=D(2015, 1, 1))
    assert info.value.message_dict["left_on"] == ["วันที่ออกต้องไม่ก่อนวันที่เข้าเป็นสมาชิก (01/02/2558)"]
    members.membership_leave(by=officer, membership=membership, left_on=D(2025, 1, 31))
    members.membership_join(
        by=officer, centre=centre, group=membership.group, joined_on=D(2025, 3, 1)
    )
    assert Membership.objects.filter(centre=centre, group=membership.group).count() == 2
    assert membership.group not in selectors.member_groups(centre, D(2025, 2, 15))
    assert membership.group in selectors.member_groups(centre, D(2025, 3, 1))


def test_a_group_of_another_village_cannot_join(centres, accounts):
    other = centres["บ้านป่าเปา"].memberships.first().group
    with pytest.raises(ValidationError) as info:
        members.membership_join(
            by=accounts["maesuai"], centre=centres["บ้านโป่ง"], group=other, joined_on=D(2024, 1, 1)
        )
    assert "PermissionDenied" not in str(info.type)
    assert info.value.message_dict["group"] == [f"กลุ่ม {other.name} อยู่คนละหมู่บ้านกับศูนย์ จึงเป็นสมาชิกไม่ได้"]


def test_individual_members_in_models_2_to_4_not_in_model_1(centres, accounts):
    """Models 2 and 4 (led by a village fund, raised from a savings group) and 3 have members in
    their own name until step 2 of the move to model 1; model 1 has groups only."""
    with pytest.raises(ValidationError) as info:
        members.individual_member_add(
            by=accounts["maesuai"], centre=centres["บ้านโป่ง"], name="นายก ข", joined_on=D(2024, 1, 1)
        )
    assert info.value.messages == [
        "ศูนย์รูปแบบที่ 1 มีสมาชิกเป็นกลุ่มเท่านั้น บันทึกสมาชิกรายบุคคลได้เฉพาะศูนย์รูปแบบที่ 2-4"
    ]
    assert centres["บ้านห้วยสิงห์"].individual_members.count() == 2
    for village, officer in (("บ้านป่าเปา", "phan"), ("บ้านหนองหมู", "chiangmuan")):
        person = members.individual_member_add(
            by=accounts[officer], centre=centres[village], name="นางค ง", joined_on=D(2024, 1, 1)
        )
        assert person.centre == centres[village]


def test_step_2_moves_a_person_into_a_member_group(centres, accounts, client_for):
    centre, officer = centres["บ้านป่าเปา"], accounts["phan"]
    person = members.individual_member_add(
        by=officer, centre=centre, name="นางค ง", joined_on=D(2024, 1, 1)
    )
    group = centre.memberships.filter(left_on__isnull=True).first().group
    outsider = members.group_create(
        by=officer,
        village=centre.village,
        group_type=GroupType.AD_HOC,
        name="กลุ่มเฉพาะกิจยังไม่เป็นสมาชิก",
        founded_on=D(2024, 2, 1),
        member_count=5,
        capital=Decimal(0),
    )
    client = client_for("phan")
    url = reverse("individual_move", args=[person.pk])
    page = client.get(url)
    assert group in page.context["form"].fields["group"].queryset
    assert outsider not in page.context["form"].fields["group"].queryset
    with pytest.raises(ValidationError) as info:
        members.individual_member_move(
            by=officer, member=person, group=outsider, moved_on=D(2024, 3, 1)
        )
    assert info.value.message_dict["group"] == [
        "เลือกกลุ่มสมาชิกปัจจุบันของศูนย์ (กลุ่มเดิมของสมาชิก หรือกลุ่มเฉพาะกิจที่จัดตั้งให้ผู้ที่เหลือ)"
    ]
    saved = client.post(url, {"group": group.pk, "moved_on": "01/03/2567"})
    assert saved.status_code == 302
    person.refresh_from_db()
    assert (person.left_on, person.moved_to) == (D(2024, 3, 1), group)
    listing = client.get(reverse("centre_members", args=[centre.pk])).content.decode()
    assert f"ย้ายเข้ากลุ่ม {group.name}" in listing
    with pytest.raises(ValidationError) as info:
        members.individual_member_move(
            by=officer, member=person, group=group, moved_on=D(2024, 4, 1)
        )
    assert info.value.messages == ["สมาชิกรายนี้ออกไปแล้วเมื่อ 01/03/2567"]


def _board_member(officer, centre, **overrides):
    fields = {
        "name": "นายใหม่ ทดสอบ",
        "position": "member",
        "part": 2,
        "represents": None,
        "term_start": D(2024, 1, 1),
        "term_end": D(2027, 12, 31),
        "order": None,
    }
    fields.update(overrides)
    return board.board_member_save(by=officer, centre=centre, **fields)


def test_board_refuses_experts_over_half_of_representatives(centres, accounts):
    centre = centres["บ้านโป่ง"]  # 4 representatives, 2 leaders/experts already
    with pytest.raises(ValidationError) as info:
        _board_member(accounts["maesuai"], centre, term_start=D(2025, 5, 1))
    assert info.value.messages == [
        "บันทึกไม่ได้: ณ วันที่ 01/05/2568 จะมีกรรมการส่วนที่ 2 (ผู้นำชุมชน/ผู้ทรงคุณวุฒิ) 3 คน "
        "แต่มีกรรมการส่วนที่ 1 (ผู้แทนกลุ่มสมาชิก) 4 คน จึงมีส่วนที่ 2 ได้ไม่เกิน 2 คน"
    ]
    assert centre.board_members.count() == 6


def test_ending_a_representatives_term_early_is_refused_when_it_breaks_the_rule(centres, accounts):
    centre = centres["บ้านป่าเปา"]  # 3 representatives, 1 leader
    representative = centre.board_members.filter(part=1).first()
    board.board_member_save(
        by=accounts["phan"], centre=centre, member=representative, term_end=D(2026, 6, 30)
    )
    second = centre.board_members.filter(part=1).exclude(pk=representative.pk).first()
    with pytest.raises(ValidationError) as info:
        board.board_member_save(
            by=accounts["phan"], centre=centre, member=second, term_end=D(2026, 6, 30)
        )
    assert "ณ วันที่ 01/07/2569" in info.value.messages[0]
    with pytest.raises(ValidationError):
        board.board_member_delete(by=accounts["phan"], member=second)


def test_board_term_and_representation_rules(centres, accounts):
    officer, centre = accounts["maesuai"], centres["บ้านโป่ง"]
    with pytest.raises(ValidationError) as info:
        _board_member(officer, centre, part=1, term_start=D(2024, 1, 1), term_end=D(2023, 1, 1))
    assert info.value.message_dict["term_end"] == ["วันสิ้นสุดวาระต้องไม่ก่อนวันเริ่มวาระ (01/01/2567)"]
    with pytest.raises(ValidationError) as info:
        _board_member(officer, centre, part=1)
    assert info.value.message_dict["represents"] == ["กรรมการส่วนที่ 1 ต้องระบุว่าเป็นผู้แทนของกลุ่มสมาชิกใด"]
    outsider = _group(officer, centre.village, "กลุ่มที่ไม่ได้เป็นสมาชิก")
    with pytest.raises(ValidationError) as info:
        _board_member(officer, centre, part=1, represents=outsider)
    assert info.value.message_dict["represents"] == [
        "กลุ่ม กลุ่มที่ไม่ได้เป็นสมาชิก ไม่ได้เป็นสมาชิกของศูนย์ ณ วันเริ่มวาระ (01/01/2567)"
    ]


def test_board_page_shows_unrepresented_groups_and_order_status(centres, accounts, client_for):
    officer, centre = accounts["maesuai"], centres["บ้านโป่ง"]
    newcomer = _group(officer, centre.village, "กลุ่มเลี้ยงไก่")
    members.membership_join(by=officer, centre=centre, group=newcomer, joined_on=D(2025, 1, 1))
    status = selectors.board_status(centre, D(2025, 6, 1))
    assert [g.name for g in status.unrepresented] == ["กลุ่มเลี้ยงไก่"]
    assert status.order_is_current and (status.part1, status.part2) == (4, 2)
    _board_member(officer, centre, part=1, represents=newcomer, term_start=D(2025, 2, 1))
    status = selectors.board_status(centre, D(2025, 6, 1))
    assert status.unrepresented == [] and not status.order_is_current
    page = client_for("chiangrai").get(
        reverse("centre_board", args=[centre.pk]), {"as_of": "01/06/2568"}
    )
    assert "คำสั่งแต่งตั้งไม่เป็นปัจจุบัน" in page.content.decode()


def test_capital_summary_by_source(centres):
    summary = selectors.capital_summary(centres["บ้านโป่ง"], timezone.localdate())
    # shares: 4 groups × (20,000 + 5,000·i) + 4 × 10,000 − 5,000 = 110,000 + 40,000 − 5,000
    assert summary.shares == Decimal("145000")
    assert dict((str(k), v) for k, v in summary.by_source) == {
        "เงินสนับสนุนจากหน่วยงาน": Decimal("50000"),
        "เงินบริจาค": Decimal("12000"),
        "เงินกู้จากแหล่งอื่น": Decimal("0"),
    }
    assert summary.total == Decimal("207000")
    assert selectors.capital_summary(centres["บ้านโป่ง"], D(2015, 12, 31)).total == Decimal("160000")


def test_plan_share_done_and_meetings_per_fiscal_year(centres):
    centre = centres["บ้านโป่ง"]
    last, current = demo.fiscal_years()
    years = {y.year: y for y in selectors.plan_years(centre)}
    assert set(years) == {last, current}
    year = years[last]
    assert (year.done, len(year.activities), year.share_done) == (4, 5, Decimal("80.00"))
    assert len(years[current].activities) == 2
    assert selectors.meetings_per_fiscal_year(centre) == [
        {"year": current, "board": 1, "general": 0},
        {"year": last, "board": 3, "general": 1},
    ]


def test_plan_done_date_must_fall_in_or_after_its_fiscal_year(centres, accounts):
    with pytest.raises(ValidationError) as info:
        registers.register_save(
            by=accounts["maesuai"],
            centre=centres["บ้านโป่ง"],
            model=PlanActivity,
            fiscal_year=2569,
            title="x",
            planned_month=None,
            done_on=D(2025, 9, 30),
            note="",
        )
    assert info.value.message_dict["done_on"] == [
        "วันที่ทำแล้วต้องอยู่ในหรือหลังปีงบประมาณ 2569 (เริ่ม 01/10/2568)"
    ]


def test_welfare_goes_through_a_member_group(centres, accounts):
    officer, centre = accounts["maesuai"], centres["บ้านโป่ง"]
    outsider = _group(officer, centre.village, "กลุ่มนอก")
    with pytest.raises(ValidationError) as info:
        registers.register_save(
            by=officer,
            centre=centre,
            model=WelfareGrant,
            fiscal_year=2568,
            category="birth",
            via_group=outsider,
            people=1,
            amount=Decimal(500),
            paid_on=D(2025, 3, 1),
        )
    assert info.value.message_dict["via_group"] == ["กลุ่ม กลุ่มนอก ไม่ได้เป็นสมาชิกของศูนย์ในปีงบประมาณ 2568"]
    assert selectors.welfare_totals(centre) == [
        {
            "fiscal_year": demo.fiscal_years()[0],
            "people": 38,
            "amount": Decimal("26500.00"),
            "grants": 2,
        }
    ]


def test_register_pages_create_change_and_delete_records(centres, client_for):
    centre = centres["บ้านโป่ง"]
    client = client_for("maesuai")
    response = client.post(
        reverse("meetings_create", args=[centre.pk]),
        {"kind": "board", "held_on": "05/01/2569", "attendance": "7", "agenda": "ทดสอบ"},
    )
    assert response.url == reverse("centre_meetings", args=[centre.pk])
    meeting = centre.meetings.get(held_on=D(2026, 1, 5))
    client.post(
        reverse("meetings_edit", args=[meeting.pk]),
        {"kind": "general", "held_on": "05/01/2569", "attendance": "40", "agenda": ""},
    )
    meeting.refresh_from_db()
    assert (meeting.kind, meeting.attendance) == ("general", 40)
    assert "ยืนยันการลบ" in client.get(reverse("meetings_delete", args=[meeting.pk])).content.decode()
    client.post(reverse("meetings_delete", args=[meeting.pk]))
    assert not centre.meetings.filter(pk=meeting.pk).exists()


def test_board_form_shows_the_half_rule_message(centres, client_for):
    centre = centres["บ้านโป่ง"]
    response = client_for("maesuai").post(
        reverse("board_create", args=[centre.pk]),
        {
            "name": "นายเกิน ครึ่ง",
            "position": "member",
            "part": "2",
            "represents": "",
            "term_start": "01/05/2568",
            "term_end": "31/12/2570",
            "order": "",
        },
    )
    assert response.status_code == 200
    assert "จึงมีส่วนที่ 2 ได้ไม่เกิน 2 คน" in response.content.decode()
    assert not BoardMember.objects.filter(name="นายเกิน ครึ่ง").exists()


def test_centre_list_query_count_does_not_grow_with_rows(
    centres, client_for, accounts, django_assert_num_queries
):
    from cddfund.models import Subdistrict
    from cddfund.services import village_create

    client = client_for("central")
    client.get(reverse("home"))
    # session, user, count, page of centres with member counts, province choices = 5
    with django_assert_num_queries(5):
        assert client.get(reverse("centre_list")).status_code == 200
    # + the chosen province and district checked, and district and subdistrict choices = 9
    with django_assert_num_queries(9):
        assert client.get(reverse("centre_list") + "?province=57&district=5705").status_code == 200
    for moo in range(20, 26):
        village = village_create(
            by=accounts["maesuai"],
            subdistrict=Subdistrict.objects.get(pk="571002"),
            moo=moo,
            name=f"บ้าน{moo}",
        )
        centre_services.centre_create(
            by=accounts["maesuai"],
            village=village,
            name=f"ศูนย์{moo}",
            founded_on=D(2020, 1, 1),
            operating_model=1,
            status="active",
        )
    with django_assert_num_queries(5):
        assert client.get(reverse("centre_list")).status_code == 200


TAB_QUERIES = {
    # session, user, centre + areas, then the tab's own reads
    "centre_detail": 3 + 4,  # bank accounts, history events, users, lead group names
    "centre_groups": 3 + 2,  # groups, member groups
    "centre_members": 3 + 1,  # memberships with groups (individuals only for models 2-4)
    "centre_shares": 3 + 2,  # register lines, totals
    "centre_capital": 3 + 3,  # share totals, capital by source, receipts
    "centre_board": 3 + 4,  # sitting members, member groups, history, orders
    "centre_meetings": 3 + 2,  # per-year counts, meetings
    "centre_plan": 3 + 1,
    "centre_welfare": 3 + 2,
}


@pytest.mark.parametrize(("tab", "expected"), TAB_QUERIES.items())
def test_centre_tab_query_counts_are_pinned(
    centres, client_for, accounts, tab, expected, django_assert_num_queries
):
    centre = centres["บ้านโป่ง"]
    client = client_for("chiangrai")
    client.get(reverse("home"))
    with django_assert_num_queries(expected):
        assert client.get(reverse(tab, args=[centre.pk])).status_code == 200


def test_the_seeds_own_words_name_welfare_models_and_roles():
    from cddfund.scope import Role
    from institutes.models import OperatingModel, TransitionStep, WelfareCategory

    assert [str(c.label) for c in WelfareCategory] == [
        "สวัสดิการเกี่ยวกับเด็กแรกเกิด/คลอดบุตร",
        "สวัสดิการเกี่ยวกับการเจ็บป่วย/รักษาพยาบาล",
        "สวัสดิการผู้สูงอายุ",
        "สวัสดิการกรณีเสียชีวิต",
        "สวัสดิการคนด้อยโอกาส/คนพิการ",
        "สวัสดิการเพื่อพัฒนาอาชีพ",
        "สวัสดิการเพื่อการศึกษา",
        "สวัสดิการด้านอุบัติภัย อัคคีภัย วาตะภัย และอุทกภัย",
        "อื่น ๆ",
    ]
    assert "ยกฐานะจากกลุ่มออมทรัพย์" in str(OperatingModel.UPGRADED.label)
    assert "เงินสัจจะสะสมปกติหรือสัจจะพิเศษ" in str(TransitionStep.MONEY_AND_DEBTS.label)
    assert str(Role.DISTRICT.label) == "เจ้าหน้าที่สำนักงานพัฒนาชุมชนอำเภอ"
