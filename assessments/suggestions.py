"""Answers the centre's own records give to some indicators, with the evidence behind them.

Each function takes the centre and the fiscal year and returns (points, evidence) or None when
the records cannot say. The indicator set names which function answers which indicator (its
``suggest`` key); the officer may override a suggestion with a reason.
"""

from decimal import Decimal

from django.utils import timezone

from cddfund import thai
from debts import figures
from debts.models import (
    BoardAttendance,
    DebtEvent,
    DebtorClass,
    EventKind,
    Household,
    OccupationSupport,
    TargetHousehold,
)
from institutes import selectors as centres
from institutes.models import Centre, MeetingKind
from institutes.selectors import books


def _band(value, steps) -> int:
    """The points of the first (floor, points) step that ``value`` reaches, else 0."""
    return next((points for floor, points in steps if value >= floor), 0)


def _year_end(year: int):
    return thai.fiscal_year_bounds(year)[1]


def board(centre: Centre, year: int):
    status = centres.board_status(centre, min(_year_end(year), timezone.localdate()))
    checks = [
        bool(status.members) and not status.unrepresented,
        bool(status.members) and status.part2 <= status.part2_limit,
        status.order_is_current,
    ]
    evidence = (
        f"ส่วนที่ 1 {status.part1} คน ส่วนที่ 2 {status.part2} คน · "
        f"กลุ่มที่ไม่มีผู้แทน {len(status.unrepresented)} กลุ่ม · "
        f"คำสั่ง{'เป็นปัจจุบัน' if status.order_is_current else 'ไม่เป็นปัจจุบัน'}"
    )
    return sum(checks), evidence


def meetings(centre: Centre, year: int):
    start, end = thai.fiscal_year_bounds(year)
    count = centre.meetings.filter(kind=MeetingKind.BOARD, held_on__range=(start, end)).count()
    return _band(count, [(4, 3), (2, 2), (1, 1)]), f"ประชุมคณะกรรมการ {count} ครั้งในปีงบประมาณ {year}"


def members(centre: Centre, year: int):
    groups = centres.member_groups(centre, min(_year_end(year), timezone.localdate())).count()
    individuals = centre.individual_members.filter(left_on__isnull=True).count()
    if groups == 0:
        points = 0
    elif individuals:
        points = 1
    else:
        points = 3 if groups >= 3 else 2
    return points, f"สมาชิกเป็นกลุ่ม {groups} กลุ่ม · สมาชิกรายบุคคล {individuals} คน"


def capital(centre: Centre, year: int):
    summary = centres.capital_summary(centre, min(_year_end(year), timezone.localdate()))
    if not summary.total:
        return 0, "ยังไม่มีทุนดำเนินการ"
    share = summary.shares * 100 / summary.total
    points = 0 if not summary.shares else _band(share, [(50, 3), (25, 2), (0, 1)])
    return points, (
        f"เงินลงหุ้น {thai.format_number(summary.shares)} จากทุน {thai.format_number(summary.total)} "
        f"บาท (ร้อยละ {thai.format_number(share)})"
    )


def regulations(centre: Centre, year: int):
    if not centre.regulations_approved_on:
        return 0, "ยังไม่มีระเบียบที่อนุมัติ"
    points = 1
    if centre.regulations_separate:
        points = 3 if centre.regulations_file else 2
    return points, f"อนุมัติเมื่อ {thai.format_date(centre.regulations_approved_on)}"


def office(centre: Centre, year: int):
    if centre.has_fixed_office:
        return 3, f"ที่ทำการ: {centre.office_address}"
    return None


def plan(centre: Centre, year: int):
    activities = list(centre.plan_activities.filter(fiscal_year=year))
    if not activities:
        return 0, f"ไม่มีแผนปฏิบัติการปีงบประมาณ {year}"
    done = sum(1 for a in activities if a.done_on)
    share = Decimal(done * 100) / len(activities)
    points = 3 if share > 30 else (2 if done else 1)
    return points, f"ทำแล้ว {done} จาก {len(activities)} กิจกรรม (ร้อยละ {thai.format_number(share)})"


def registers(centre: Centre, year: int):
    kept = {
        "ทะเบียนสมาชิก": centre.memberships.exists(),
        "ทะเบียนคุมเงินลงหุ้น": centre.share_transactions.exists(),
        "ทะเบียนกรรมการ": centre.board_members.exists(),
        "รายงานการประชุม": centre.meetings.exists(),
        "ทะเบียนการโอนภาระหนี้/หนี้ครัวเรือน": centre.households.filter(
            baseline_on__isnull=False
        ).exists(),
    }
    count = sum(kept.values())
    return _band(count, [(5, 3), (3, 2), (1, 1)]), "มี: " + (
        ", ".join(name for name, ok in kept.items() if ok) or "-"
    )


def bank(centre: Centre, year: int):
    active = centre.bank_accounts.filter(is_active=True).first()
    if active:
        return 3, f"บัญชี {active}"
    if centre.bank_accounts.exists():
        return 2, "มีบัญชีที่ปิดแล้ว"
    return 0, "ไม่มีบัญชีธนาคารในนามศูนย์"


def one_contract(centre: Centre, year: int):
    """Indicator 9: of the households that owed the village at their first survey, the share that
    reached 1 household 1 contract (debts/figures.py)."""
    indebted = Household.objects.filter(centre=centre, baseline_contracts__gt=0)
    total = indebted.count()
    if not total:
        return 0, "ยังไม่มีครัวเรือนที่สำรวจหนี้"
    at_one = indebted.filter(figures.reached()).count()
    share = thai.percent(at_one, total)
    points = 0 if not at_one else _band(share, [(80, 3), (50, 2), (0, 1)])
    return (
        points,
        f"ครัวเรือนที่เหลือไม่เกิน 1 สัญญา {at_one} จาก {total} (ร้อยละ {thai.format_number(share)})",
    )


def classes(centre: Centre, year: int):
    if not DebtorClass.objects.filter(centre=centre).exists():
        return 0, "ยังไม่ได้กำหนดประเภทลูกหนี้"
    surveyed = Household.objects.filter(centre=centre, baseline_on__isnull=False)
    total = surveyed.count()
    classified = surveyed.filter(debtor_class__isnull=False).count()
    if not classified:
        return 1, "กำหนดประเภทแล้ว ยังไม่ได้จัดครัวเรือน"
    share = Decimal(classified * 100) / total
    return (3 if share >= 80 else 2), f"จัดประเภทแล้ว {classified} จาก {total} ครัวเรือน"


def restructuring(centre: Centre, year: int):
    start, end = thai.fiscal_year_bounds(year)
    count = DebtEvent.objects.filter(
        household__centre=centre,
        occurred_on__range=(start, end),
        kind__in=[EventKind.TRANSFER, EventKind.CONSOLIDATION, EventKind.CHANGE_TERMS],
    ).count()
    return _band(count, [(3, 3), (1, 2)]), f"ปรับโครงสร้าง/โอน/รวมหนี้ {count} รายการในปีงบประมาณ {year}"


def training(centre: Centre, year: int):
    targets = TargetHousehold.objects.filter(centre=centre, fiscal_year=year)
    total = targets.count()
    if not total:
        return 0, f"ไม่มีครัวเรือนเป้าหมายปีงบประมาณ {year}"
    trained = targets.filter(trained_on__isnull=False).count()
    accounts = targets.filter(keeps_accounts=True).count()
    share = thai.percent(trained, total)
    points = 0 if not trained else _band(share, [(80, 3), (50, 2), (0, 1)])
    return points, (
        f"ผ่านการอบรมครบ 3 วัน {trained} จาก {total} ครัวเรือนเป้าหมาย · "
        f"จัดทำบัญชีครัวเรือน {accounts} ครัวเรือน"
    )


def board_training(centre: Centre, year: int):
    """Indicator 14: the board sitting at the year's end (or today), how many of it attended a
    course for the board in the year, and whether one is still to come."""
    on = min(_year_end(year), timezone.localdate())
    start, end = thai.fiscal_year_bounds(year)
    sitting = centre.board_members.filter(term_start__lte=on, term_end__gte=on)
    total = sitting.count()
    if not total:
        return 0, "ไม่มีกรรมการในวาระ"
    trained = (
        BoardAttendance.objects.filter(
            member__in=sitting, course__starts_on__range=(start, end), course__audience="board"
        )
        .values("member")
        .distinct()
        .count()
    )
    planned = centre.training_courses.filter(
        audience="board", starts_on__gt=timezone.localdate(), starts_on__lte=end
    ).exists()
    # Most of the board trained: 3; some: 2; a course for it still to come: 1.
    points = _band(thai.percent(trained, total), [(80, 3), (0, 2)]) if trained else int(planned)
    return points, (
        f"กรรมการได้รับการอบรม {trained} จาก {total} คนในปีงบประมาณ {year}"
        + (" · มีกำหนดการอบรมคณะกรรมการ" if planned else "")
    )


def welfare(centre: Centre, year: int):
    kinds = centre.welfare_grants.filter(fiscal_year=year).values("category").distinct().count()
    return _band(kinds, [(3, 3), (2, 2), (1, 1)]), f"สวัสดิการ {kinds} ประเภทในปีงบประมาณ {year}"


def participation(centre: Centre, year: int):
    start, end = thai.fiscal_year_bounds(year)
    general = centre.meetings.filter(kind=MeetingKind.GENERAL, held_on__range=(start, end)).exists()
    supported = (
        OccupationSupport.objects.filter(target__centre=centre, given_on__range=(start, end))
        .values("target")
        .distinct()
        .count()
    )
    points = 3 if general and supported else (2 if general or supported else 0)
    return points, (
        f"ประชุมใหญ่สมาชิก{'แล้ว' if general else 'ยังไม่มี'} · "
        f"ส่งเสริมอาชีพครัวเรือนเป้าหมาย {supported} ครัวเรือน"
    )


def group_lending(centre: Centre, year: int):
    """Indicator 11: loans to member groups in the year, each approved at a board meeting (the
    register requires it), with a contract, under regulations the centre approved."""
    start, end = thai.fiscal_year_bounds(year)
    loans = centre.group_loans.filter(lent_on__range=(start, end))
    count = loans.count()
    if not count:
        return 0, f"ไม่มีการให้กลุ่มสมาชิกกู้ในปีงบประมาณ {year}"
    with_contract = loans.exclude(contract_no="").count()
    regulated = centre.regulations_approved_on is not None
    points = 1 if with_contract < count else 3 if regulated else 2
    return points, (
        f"ให้กลุ่มกู้ {count} สัญญาในปีงบประมาณ {year} (มติคณะกรรมการทุกสัญญา) · "
        f"มีเลขที่สัญญา {with_contract} จาก {count} · "
        f"ระเบียบของศูนย์{'อนุมัติแล้ว' if regulated else 'ยังไม่มี'}"
    )


def governance(centre: Centre, year: int):
    """Indicator 18: the centre's own books kept through the year, agreeing with its registers
    and its bank statements, and presented at a general meeting of the year."""
    start, end = thai.fiscal_year_bounds(year)
    on = min(end, timezone.localdate())
    entries = centre.journal_entries.filter(entry_on__range=(start, end))
    months = entries.dates("entry_on", "month").count()
    if not months:
        return 0, f"ไม่มีรายการในบัญชีของศูนย์ในปีงบประมาณ {year}"
    differences = books.reconciliation([centre.pk], on).get(centre.pk, [])
    general = centre.meetings.filter(kind=MeetingKind.GENERAL, held_on__range=(start, end)).exists()
    points = 1 if differences else 3 if general else 2
    return points, (
        f"บัญชีของศูนย์ (แยกจากกลุ่มสมาชิก) มีรายการ {months} เดือนในปีงบประมาณ {year} · "
        + (f"ไม่ตรงกับทะเบียน {len(differences)} รายการ" if differences else "ตรงกับทะเบียน")
        + f" · ประชุมใหญ่สมาชิก{'แล้ว' if general else 'ยังไม่มี'}"
    )


SUGGESTERS = {
    "board": board,
    "meetings": meetings,
    "members": members,
    "capital": capital,
    "regulations": regulations,
    "office": office,
    "plan": plan,
    "registers": registers,
    "bank": bank,
    "one_contract": one_contract,
    "classes": classes,
    "restructuring": restructuring,
    "training": training,
    "board_training": board_training,
    "welfare": welfare,
    "participation": participation,
    "group_lending": group_lending,
    "governance": governance,
}


def suggest(key: str, centre: Centre, year: int):
    function = SUGGESTERS.get(key)
    return function(centre, year) if function else None
