"""The debt-management programme of seed 004: the centre's plan with its menu and the board's
approval, the financial-discipline course and its attendance, and each target household's
accounts, life plan and occupation support, with the progress they add up to as of a day."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from cddfund import thai
from cddfund.demo import fiscal_years
from cddfund.periods import Period
from cddfund.services import period_lock
from debts.models import (
    DebtPlan,
    OccupationSupport,
    OptionKind,
    PlanOption,
    TargetHousehold,
    TrainingCourse,
)
from debts.selectors import programme as selectors
from debts.services import programme
from institutes.models import Meeting, MeetingKind
from institutes.services import registers

pytestmark = pytest.mark.django_db

LAST, CURRENT = fiscal_years()
PAPAO = "บ้านป่าเปา"


@pytest.fixture
def setup(households, centres, accounts):
    centre = centres[PAPAO]
    return {
        "centre": centre,
        "officer": accounts["phan"],
        "plan": DebtPlan.objects.get(centre=centre, fiscal_year=CURRENT),
        "last": DebtPlan.objects.get(centre=centre, fiscal_year=LAST),
        "targets": list(
            TargetHousehold.objects.filter(household__centre=centre, fiscal_year=LAST).order_by(
                "household__house_number"
            )
        ),
    }


def _board_meeting(setup, held_on, kind=MeetingKind.BOARD, centre=None):
    return registers.register_save(
        by=setup["officer"],
        centre=centre or setup["centre"],
        model=Meeting,
        kind=kind,
        held_on=held_on,
        attendance=7,
        agenda="พิจารณาแผนการบริหารจัดการหนี้",
    )


def test_a_plan_is_one_per_centre_and_year_with_its_analysis_and_targets(setup, accounts):
    officer, centre = setup["officer"], setup["centre"]
    with pytest.raises(ValidationError) as taken:
        programme.plan_save(
            by=officer, centre=centre, fiscal_year=CURRENT, analysis="ซ้ำ", targets=1
        )
    assert taken.value.messages == [f"ศูนย์นี้มีแผนการบริหารจัดการหนี้ปีงบประมาณ {CURRENT} แล้ว"]
    with pytest.raises(ValidationError) as nothing:
        programme.plan_save(
            by=officer, centre=centre, fiscal_year=CURRENT + 1, analysis="  ", targets=0
        )
    assert nothing.value.message_dict == {"analysis": ["กรอกผลการวิเคราะห์ข้อมูลลูกหนี้ของคณะกรรมการ"]}
    with pytest.raises(ValidationError) as none:
        programme.plan_save(
            by=officer, centre=centre, fiscal_year=CURRENT + 1, analysis="วิเคราะห์", targets=0
        )
    assert none.value.message_dict == {"targets": ["ครัวเรือนเป้าหมายตามแผนต้องมีอย่างน้อย 1 ครัวเรือน"]}
    with pytest.raises(PermissionDenied):
        programme.plan_save(
            by=accounts["maesuai"],
            centre=centre,
            fiscal_year=CURRENT + 1,
            analysis="วิเคราะห์",
            targets=2,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        DebtPlan.objects.filter(pk=setup["plan"].pk).update(targets=0)


def test_the_board_approves_a_plan_with_a_menu_at_its_own_meeting_in_the_year(setup, centres):
    officer, plan = setup["officer"], setup["plan"]
    start, end = thai.fiscal_year_bounds(CURRENT)
    general = _board_meeting(setup, start, kind=MeetingKind.GENERAL)
    with pytest.raises(ValidationError) as not_board:
        programme.plan_approve(by=officer, plan=plan, meeting=general)
    assert not_board.value.message_dict == {
        "approved_at": ["อนุมัติแผนได้ในการประชุมคณะกรรมการของศูนย์นี้เท่านั้น"]
    }
    other = Meeting.objects.filter(
        centre=centres["บ้านโป่ง"], kind=MeetingKind.BOARD, held_on__gte=start
    ).first()
    with pytest.raises(ValidationError, match="ของศูนย์นี้เท่านั้น"):
        programme.plan_approve(by=officer, plan=plan, meeting=other)
    too_early = _board_meeting(setup, start - datetime.timedelta(days=120))
    with pytest.raises(ValidationError) as early:
        programme.plan_approve(by=officer, plan=plan, meeting=too_early)
    window = programme.approval_window(CURRENT)
    assert early.value.message_dict["approved_at"] == [
        f"การประชุมที่อนุมัติแผนปีงบประมาณ {CURRENT} ต้องจัดระหว่าง {thai.format_date(window[0])} "
        f"ถึง {thai.format_date(end)} (ในปีงบประมาณ หรือไม่เกิน 3 เดือนก่อนเริ่มปี)"
    ]
    ahead = _board_meeting(setup, start - datetime.timedelta(days=30))
    PlanOption.objects.filter(plan=plan).delete()
    with pytest.raises(ValidationError) as empty:
        programme.plan_approve(by=officer, plan=plan, meeting=ahead)
    assert empty.value.messages == ["แผนต้องมีเมนูทางเลือกอย่างน้อย 1 ทางก่อนเสนอคณะกรรมการอนุมัติ"]
    debtor_class = setup["centre"].debtor_classes.order_by("order").first()
    option = programme.plan_option_add(
        by=officer, plan=plan, debtor_class=debtor_class, kind=OptionKind.TRANSFER
    )
    programme.plan_approve(by=officer, plan=plan, meeting=ahead)
    plan.refresh_from_db()
    assert plan.approved_at == ahead
    # What the board approved is what stays approved: any change asks for its approval again.
    programme.plan_option_delete(by=officer, option=option)
    plan.refresh_from_db()
    assert plan.approved_at is None


def test_a_menu_option_is_of_the_centres_own_classes_and_not_repeated(setup, centres):
    officer, plan = setup["officer"], setup["plan"]
    mine = setup["centre"].debtor_classes.order_by("order").last()
    programme.plan_option_add(by=officer, plan=plan, debtor_class=mine, kind=OptionKind.OTHER)
    with pytest.raises(ValidationError) as again:
        programme.plan_option_add(by=officer, plan=plan, debtor_class=mine, kind=OptionKind.OTHER)
    assert again.value.messages == [f"ประเภท {mine.name} มีทางเลือก อื่น ๆ อยู่แล้ว"]
    theirs = centres["บ้านโป่ง"].debtor_classes.first()
    with pytest.raises(ValidationError) as other:
        programme.plan_option_add(by=officer, plan=plan, debtor_class=theirs, kind="transfer")
    assert other.value.message_dict == {"debtor_class": ["ประเภทลูกหนี้นี้เป็นของศูนย์อื่น"]}
    with pytest.raises(ValidationError, match="ทางเลือกนี้ไม่มีในรายการ"):
        programme.plan_option_add(by=officer, plan=plan, debtor_class=mine, kind="lottery")


def test_a_household_is_trained_once_it_attended_every_day_of_a_course(setup):
    officer, centre = setup["officer"], setup["centre"]
    first, _second, third = setup["targets"]
    # The demo: the first two attended all three days of last year's course, the third two.
    course = TrainingCourse.objects.get(centre=centre, fiscal_year=LAST, audience="targets")
    end = course.starts_on + datetime.timedelta(days=2)
    assert [t.trained_on for t in setup["targets"]] == [end, end, None]
    programme.attendance_set(by=officer, course=course, days={third.pk: 3, first.pk: 0})
    for target in (first, third):
        target.refresh_from_db()
    assert (first.trained_on, third.trained_on) == (None, end)
    with pytest.raises(ValidationError) as too_many:
        programme.attendance_set(by=officer, course=course, days={first.pk: 4})
    assert too_many.value.message_dict == {
        f"days_{first.pk}": ["จำนวนวันที่เข้าอบรมต้องอยู่ระหว่าง 0 ถึง 3 วัน"]
    }
    this_year = TargetHousehold.objects.get(household__centre=centre, fiscal_year=CURRENT)
    with pytest.raises(ValidationError) as other_year:
        programme.attendance_set(by=officer, course=course, days={this_year.pk: 3})
    assert other_year.value.message_dict == {
        f"days_{this_year.pk}": [f"ครัวเรือนนี้ไม่ใช่ครัวเรือนเป้าหมายปีงบประมาณ {LAST} ของศูนย์นี้"]
    }
    later = programme.course_save(
        by=officer,
        centre=centre,
        starts_on=thai.fiscal_year_bounds(CURRENT)[1],
        venue="ศาลา",
        topics=["saving"],
    )
    if later.starts_on > datetime.date.today():
        with pytest.raises(ValidationError, match="บันทึกผู้เข้าอบรมได้ตั้งแต่วันแรกของการอบรม"):
            programme.attendance_set(by=officer, course=later, days={this_year.pk: 1})
    with pytest.raises(ValidationError, match="หัวข้อที่อบรมไม่มีในรายการ"):
        programme.course_save(
            by=officer, centre=centre, starts_on=end, venue="ศาลา", topics=["cooking"]
        )
    with pytest.raises(ValidationError, match="จำนวนวันอบรมต้องอยู่ระหว่าง 1 ถึง 10 วัน"):
        programme.course_save(by=officer, centre=centre, starts_on=end, venue="ศาลา", days=0)


def test_accounts_life_plan_and_support_are_dated_within_the_households_programme(setup):
    officer = setup["officer"]
    target = TargetHousehold.objects.get(household__centre=setup["centre"], fiscal_year=CURRENT)
    month = target.enrolled_on.replace(day=1)
    assert not target.keeps_accounts
    programme.account_months_set(by=officer, target=target, months=[target.enrolled_on])
    target.refresh_from_db()
    assert target.keeps_accounts and target.account_months.get().month == month
    before = (month - datetime.timedelta(days=1)).replace(day=1)
    with pytest.raises(ValidationError) as early:
        programme.account_months_set(by=officer, target=target, months=[before])
    assert early.value.messages == [
        f"เดือน {thai.format_month(before)} อยู่นอกช่วงที่ครัวเรือนอยู่ในโครงการ "
        f"(ตั้งแต่เดือนที่เข้าร่วม {thai.format_month(month)} ถึงเดือนนี้)"
    ]
    programme.account_months_set(by=officer, target=target, months=[])
    target.refresh_from_db()
    assert not target.keeps_accounts
    day_before = target.enrolled_on - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as plan_early:
        programme.life_plan_save(by=officer, target=target, made_on=day_before)
    assert plan_early.value.message_dict == {
        "made_on": [f"วันที่ต้องไม่ก่อนวันที่เข้าร่วมโครงการ ({thai.format_date(target.enrolled_on)})"]
    }
    programme.life_plan_save(by=officer, target=target, made_on=target.enrolled_on)
    target.refresh_from_db()
    assert target.has_life_plan
    with pytest.raises(ValidationError) as returned:
        programme.support_save(
            by=officer,
            target=target,
            given_on=target.enrolled_on,
            what="เพาะเห็ด",
            given_by="กลุ่มอาชีพ",
            amount=Decimal("1500"),
            returned=Decimal("2000"),
        )
    assert returned.value.message_dict == {
        "returned": ["เงินทุนคืนกลุ่ม (2,000.00 บาท) มากกว่ามูลค่าที่สนับสนุน (1,500.00 บาท)"]
    }
    with pytest.raises(ValidationError, match="จำนวนเงินต้องไม่ติดลบ"):
        programme.support_save(
            by=officer,
            target=target,
            given_on=target.enrolled_on,
            what="เพาะเห็ด",
            given_by="กลุ่มอาชีพ",
            amount=Decimal("-1"),
        )
    support = programme.support_save(
        by=officer,
        target=target,
        given_on=target.enrolled_on,
        what="เพาะเห็ด",
        given_by="กลุ่มอาชีพ",
        amount=Decimal("1500"),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        OccupationSupport.objects.filter(pk=support.pk).update(returned=Decimal("1501"))


def test_the_plans_progress_follows_the_day_it_is_read_as_of(setup):
    centre = setup["centre"]
    course = TrainingCourse.objects.get(centre=centre, fiscal_year=LAST, audience="targets")
    end = course.starts_on + datetime.timedelta(days=2)
    year_end = thai.fiscal_year_bounds(LAST)[1]
    then = selectors.progress(centre, LAST, end - datetime.timedelta(days=1))
    after = selectors.progress(centre, LAST, year_end)
    assert (then.planned, then.enrolled, then.trained) == (3, 3, 0)
    assert (after.trained, after.accounts, after.life_plans, after.supported) == (2, 2, 3, 1)
    assert (after.support_amount, after.returned) == (Decimal(5000), Decimal(2000))
    # Three of last year's households reduced their debt by its end; one cleared it.
    assert (after.reduced, after.cleared) == (3, 1)
    before_any = selectors.progress(centre, LAST, thai.fiscal_year_bounds(LAST)[0])
    assert (before_any.enrolled, before_any.reduced) == (0, 0)


def test_the_plan_page_is_a_form_for_its_district_and_read_for_the_province(
    setup, client_for, django_assert_max_num_queries
):
    centre = setup["centre"]
    url = reverse("centre_debt_plan", args=[centre.pk])
    page = client_for("phan").get(url, {"fy": LAST})
    text = page.content.decode()
    assert "คณะกรรมการอนุมัติในการประชุมวันที่" in text and "เพิ่มทางเลือก" in text
    assert "ยังไม่ได้รับอนุมัติจากคณะกรรมการ" in client_for("phan").get(url).content.decode()
    province = client_for("chiangrai").get(url, {"fy": LAST}).content.decode()
    assert "เพิ่มทางเลือก" not in province and "แก้ไขแผน" not in province
    assert client_for("maesuai").get(url).status_code == 404
    officer = client_for("phan")
    officer.get(url, {"fy": LAST})
    # session, user, centre, plan and its menu, the progress (plan, households, money, debts),
    # the debtor classes, courses and target households
    with django_assert_max_num_queries(12) as captured:
        officer.get(url, {"fy": LAST})
    before = len(captured)
    for target in setup["targets"]:
        programme.support_save(
            by=setup["officer"],
            target=target,
            given_on=target.enrolled_on,
            what="ทอผ้า",
            given_by="กลุ่มทอผ้า",
            amount=Decimal(100),
        )
    with django_assert_max_num_queries(before):
        officer.get(url, {"fy": LAST})


def test_attendance_is_typed_on_one_page_and_saved_together_or_not_at_all(setup, client_for):
    course = TrainingCourse.objects.get(
        centre=setup["centre"], fiscal_year=LAST, audience="targets"
    )
    first, second, third = setup["targets"]
    url = reverse("course_attendance", args=[course.pk])
    wrong = client_for("phan").post(
        url, {f"days_{first.pk}": "1", f"days_{second.pk}": "9", f"days_{third.pk}": "3"}
    )
    assert wrong.status_code == 200
    assert "จำนวนวันที่เข้าอบรมต้องอยู่ระหว่าง 0 ถึง 3 วัน" in wrong.content.decode()
    assert course.attendance.get(target=first).days_attended == 3  # nothing saved
    words = client_for("phan").post(url, {f"days_{first.pk}": "สาม"})
    assert "จำนวนวันที่เข้าอบรมต้องเป็นตัวเลข" in words.content.decode()
    done = client_for("phan").post(
        url, {f"days_{first.pk}": "1", f"days_{second.pk}": "3", f"days_{third.pk}": "3"}
    )
    assert done.status_code == 302
    third.refresh_from_db()
    assert third.trained_on is not None
    assert client_for("chiangrai").post(url, {f"days_{first.pk}": "3"}).status_code == 403


def test_the_support_page_keeps_what_was_typed_when_refused(setup, client_for):
    target = setup["targets"][0]
    url = reverse("target_support_add", args=[target.pk])
    refused = client_for("phan").post(
        url,
        {
            "given_on": thai.format_date(target.enrolled_on),
            "what": "ปลูกผักปลอดสาร",
            "given_by": "กลุ่มเกษตร",
            "amount": "500",
            "returned": "900",
        },
    )
    text = refused.content.decode()
    assert "มากกว่ามูลค่าที่สนับสนุน" in text and "ปลูกผักปลอดสาร" in text
    months = reverse("target_months", args=[target.pk])
    kept = target.account_months.count()
    client_for("phan").post(months, {"month": ["not-a-month", "2500-99"]})
    assert target.account_months.count() == 0 < kept  # nothing valid ticked: none kept


def test_a_closed_year_keeps_its_plan_and_support_as_they_were(setup, accounts):
    period_lock(by=accounts["central"], period=Period(LAST))
    target = setup["targets"][0]
    with pytest.raises(ValidationError) as refused:
        programme.support_save(
            by=setup["officer"],
            target=target,
            given_on=target.enrolled_on,
            what="ทอผ้า",
            given_by="กลุ่มทอผ้า",
            amount=Decimal(100),
        )
    assert "ซึ่งส่วนกลางปิดงวดแล้ว" in refused.value.message_dict["given_on"][0]
    with pytest.raises(ValidationError, match="ซึ่งส่วนกลางปิดงวดแล้ว"):
        programme.plan_save(
            by=setup["officer"],
            centre=setup["centre"],
            fiscal_year=LAST,
            analysis="แก้ไขย้อนหลัง",
            targets=9,
            plan=setup["last"],
        )


def test_a_course_for_the_board_counts_toward_indicator_14(setup):
    from assessments import suggestions
    from institutes.models import BoardMember

    officer, centre = setup["officer"], setup["centre"]
    today = datetime.date.today()
    course = programme.course_save(
        by=officer,
        centre=centre,
        starts_on=today,
        venue="ที่ว่าการอำเภอพาน",
        days=1,
        audience="board",
    )
    sitting = list(programme.sitting_board(course))
    assert [m for m, _d in selectors.roster(course)] == sorted(
        sitting, key=lambda m: (m.part, m.position, m.name)
    )
    with pytest.raises(ValidationError, match="ไม่ใช่ของครัวเรือนเป้าหมาย"):
        programme.attendance_set(by=officer, course=course, days={setup["targets"][0].pk: 1})
    outsider = BoardMember.objects.exclude(centre=centre).first()
    with pytest.raises(ValidationError) as refused:
        programme.board_attendance_set(by=officer, course=course, days={outsider.pk: 1})
    assert refused.value.message_dict == {f"days_{outsider.pk}": ["ไม่ใช่กรรมการที่อยู่ในวาระในวันที่อบรม"]}
    year = thai.fiscal_year(today)
    before = suggestions.board_training(centre, year)
    assert before[0] == 0 and before[1].startswith(f"กรรมการได้รับการอบรม 0 จาก {len(sitting)} คน")
    programme.board_attendance_set(by=officer, course=course, days={sitting[0].pk: 1})
    assert suggestions.board_training(centre, year)[0] == 2  # some of the board
    programme.board_attendance_set(by=officer, course=course, days={m.pk: 1 for m in sitting})
    assert suggestions.board_training(centre, year)[0] == 3  # most of it
    with pytest.raises(ValidationError, match="เปลี่ยนกลุ่มผู้เข้าอบรมไม่ได้"):
        programme.course_save(
            by=officer, centre=centre, starts_on=today, venue="x", audience="targets", course=course
        )
