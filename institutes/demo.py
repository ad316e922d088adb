"""Demo centres for the four villages named in the CDD documents, with groups, members,
shares, a board that keeps the half rule, meetings, a plan, welfare and capital, and the
centre's own books (loans to groups, deposits, income and expenses).

Written through the services like any officer's entry; skipped for a village that already
has its centre.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from cddfund import thai
from cddfund.demo import day_of, fiscal_years
from institutes.models import (
    FORUM_STEPS,
    CapitalReceipt,
    CapitalSource,
    Centre,
    DepositKind,
    GroupType,
    Meeting,
    MeetingKind,
    MemberDeposit,
    PlanActivity,
    RepaymentPlan,
    WelfareCategory,
    WelfareGrant,
)
from institutes.selectors import books as selectors_books
from institutes.services import (
    board,
    books,
    centres,
    deposits,
    lending,
    members,
    registers,
    savings,
    shares,
)

D = datetime.date

# village name → (officer, centre settings, groups: (type, name, founded, members, capital))
CENTRES = {
    "บ้านโป่ง": (
        "maesuai",
        {
            "operating_model": 1,
            "transition_step": None,
            "cdd_budget": True,
            "budget_fiscal_year": 2558,
        },
        [
            (GroupType.SAVINGS, "กลุ่มออมทรัพย์เพื่อการผลิตบ้านโป่ง", D(2005, 3, 1), 182, "1850000"),
            (GroupType.VILLAGE_FUND, "กองทุนหมู่บ้านบ้านโป่ง", D(2001, 9, 1), 140, "1200000"),
            (GroupType.POVERTY_FUND, "กองทุน กข.คจ. บ้านโป่ง", D(1996, 5, 1), 60, "280000"),
            (GroupType.OCCUPATIONAL, "กลุ่มทอผ้าบ้านโป่ง", D(2012, 6, 1), 25, "95000"),
        ],
    ),
    "บ้านป่าเปา": (
        "phan",
        {
            "operating_model": 2,
            "transition_step": 2,
            "cdd_budget": True,
            "budget_fiscal_year": 2558,
        },
        [
            (GroupType.VILLAGE_FUND, "กองทุนหมู่บ้านป่าเปา", D(2001, 10, 1), 165, "1500000"),
            (GroupType.SAVINGS, "กลุ่มออมทรัพย์เพื่อการผลิตบ้านป่าเปา", D(2008, 1, 15), 120, "900000"),
            (GroupType.WATER_USERS, "กลุ่มผู้ใช้น้ำบ้านป่าเปา", D(2010, 4, 1), 48, "60000"),
        ],
    ),
    "บ้านห้วยสิงห์": (
        "pong",
        {
            "operating_model": 3,
            "transition_step": 1,
            "cdd_budget": False,
            "budget_fiscal_year": None,
        },
        [
            (GroupType.SAVINGS, "กลุ่มออมทรัพย์เพื่อการผลิตบ้านห้วยสิงห์", D(2011, 2, 1), 96, "640000"),
            (GroupType.DRINKING_WATER, "กลุ่มผู้ผลิตน้ำดื่มบ้านห้วยสิงห์", D(2016, 7, 1), 18, "150000"),
            (GroupType.AD_HOC, "กลุ่มเฉพาะกิจบ้านห้วยสิงห์", D(2019, 1, 10), 12, "20000"),
        ],
    ),
    "บ้านหนองหมู": (
        "chiangmuan",
        {
            "operating_model": 4,
            "transition_step": 3,
            "cdd_budget": True,
            "budget_fiscal_year": 2558,
        },
        [
            (GroupType.SAVINGS, "กลุ่มออมทรัพย์เพื่อการผลิตบ้านหนองหมู", D(2003, 8, 1), 210, "2400000"),
            (GroupType.VILLAGE_FUND, "กองทุนหมู่บ้านหนองหมู", D(2001, 11, 1), 150, "1300000"),
            (GroupType.OCCUPATIONAL, "กลุ่มเลี้ยงสุกรบ้านหนองหมู", D(2014, 3, 1), 22, "180000"),
        ],
    ),
}

FOUNDED = D(2015, 1, 20)
TERM = (D(2024, 1, 1), D(2027, 12, 31))
REPRESENTATIVES = ["นายสมบัติ ใจดี", "นางบัวผัน คำมา", "นายทองใบ แสงแก้ว", "นางจันทร์ดี ศรีสุข"]
LEADERS = ["นายประยูร ผู้ใหญ่บ้าน", "นางสาวพิมพ์ใจ ครูบำนาญ"]
POSITIONS = ["chair", "vice_chair", "secretary", "treasurer"]


def _receipt(prefix: str, n: int, on: datetime.date) -> str:
    """A receipt or order number, numbered by the BE calendar year of its date."""
    return f"{prefix}{n:03d}/{thai.be_year(on.year)}"


def _seed_centre(officer, village, settings, group_rows) -> Centre:
    last, current = fiscal_years()
    today = timezone.localdate()
    groups = [
        members.group_create(
            by=officer,
            village=village,
            group_type=kind,
            name=name,
            founded_on=founded,
            member_count=count,
            capital=Decimal(capital),
        )
        for kind, name, founded, count, capital in group_rows
    ]
    centre = centres.centre_create(
        by=officer,
        village=village,
        name=f"ศูนย์จัดการกองทุนชุมชน{village.name}",
        founded_on=FOUNDED,
        share_price=Decimal("100"),
        lead_group=groups[0],
        has_fixed_office=True,
        office_address=f"ศาลาเอนกประสงค์{village.name} หมู่ที่ {village.moo}",
        regulations_approved_on=D(2015, 3, 1),
        regulations_separate=settings["operating_model"] == 1,
        status="active",
        **settings,
    )
    centres.bank_account_save(
        by=officer,
        centre=centre,
        bank="ธ.ก.ส.",
        branch=f"อ.{village.district.name_th}",
        number=f"0{village.pk:03d}-2-45{village.moo:02d}1-7",
        name=centre.name,
        is_active=True,
    )
    for i, group in enumerate(groups):
        members.membership_join(by=officer, centre=centre, group=group, joined_on=D(2015, 2, 1 + i))
        shares.share_purchase(
            by=officer,
            centre=centre,
            group=group,
            amount=Decimal(20000 + 5000 * i),
            on=D(2015, 3, 1),
            receipt_no=f"ร.{i + 1:03d}/2558",
        )
        shares.share_purchase(
            by=officer,
            centre=centre,
            group=group,
            amount=Decimal(10000),
            on=day_of(last, 3, 1),
            receipt_no=_receipt("ร.", i + 101, day_of(last, 3, 1)),
        )
    shares.share_withdraw(
        by=officer,
        centre=centre,
        group=groups[-1],
        amount=Decimal(5000),
        on=day_of(last, 6, 15),
        receipt_no=_receipt("จ.", 1, day_of(last, 6, 15)),
    )
    registers.register_save(
        by=officer,
        centre=centre,
        model=CapitalReceipt,
        source=CapitalSource.SUPPORT,
        received_on=D(2015, 6, 1),
        amount=Decimal(50000),
        giver="สำนักงานพัฒนาชุมชนอำเภอ",
        reference="งบพัฒนาศูนย์ 2558",
    )
    registers.register_save(
        by=officer,
        centre=centre,
        model=CapitalReceipt,
        source=CapitalSource.DONATION,
        received_on=D(2023, 12, 5),
        amount=Decimal(12000),
        giver="ผู้ใหญ่บ้านและชาวบ้าน",
        reference="",
    )
    order = board.order_save(
        by=officer,
        centre=centre,
        number=f"{100 + village.moo}/2566",
        issued_on=D(2023, 12, 20),
        signed_by=f"นายอำเภอ{village.district.name_th}",
        signed_by_district_chief=True,
    )
    for i, group in enumerate(groups):
        board.board_member_save(
            by=officer,
            centre=centre,
            name=REPRESENTATIVES[i % len(REPRESENTATIVES)],
            position=POSITIONS[i] if i < len(POSITIONS) else "member",
            part=1,
            represents=group,
            term_start=TERM[0],
            term_end=TERM[1],
            order=order,
        )
    for name in LEADERS[: len(groups) // 2]:
        board.board_member_save(
            by=officer,
            centre=centre,
            name=name,
            position="member",
            part=2,
            represents=None,
            term_start=TERM[0],
            term_end=TERM[1],
            order=order,
        )
    for held_on, kind, attendance in [
        (day_of(last, 1, 10), MeetingKind.BOARD, 6),
        (day_of(last, 4, 10), MeetingKind.BOARD, 5),
        (day_of(last, 7, 10), MeetingKind.BOARD, 6),
        (day_of(last, 9, 20), MeetingKind.GENERAL, 48),
        (day_of(current, 10, 10), MeetingKind.BOARD, 6),
    ]:
        registers.register_save(
            by=officer,
            centre=centre,
            model=Meeting,
            kind=kind,
            held_on=held_on,
            attendance=attendance,
            agenda="ติดตามการลงหุ้นและการบริหารจัดการหนี้",
        )
    for year, title, planned, done in [
        (last, "สำรวจหนี้ครัวเรือนสมาชิกทุกกลุ่ม", (11, 1), (11, 25)),
        (last, "ประชุมคณะกรรมการรายไตรมาส", (1, 1), (1, 10)),
        (last, "อบรมวินัยทางการเงินครัวเรือนเป้าหมาย", (3, 1), (3, 14)),
        (last, "จัดทำบัญชีรับ-จ่ายของศูนย์", (6, 1), None),
        (last, "ประชุมใหญ่สามัญประจำปี", (9, 1), (9, 20)),
        (current, "ประชุมคณะกรรมการรายไตรมาส", (10, 1), (10, 10)),
        (current, "ติดตามครัวเรือนเป้าหมาย", (5, 1), None),
    ]:
        registers.register_save(
            by=officer,
            centre=centre,
            model=PlanActivity,
            fiscal_year=year,
            title=title,
            planned_month=_on(year, *planned),
            done_on=_on(year, *done) if done and _on(year, *done) <= today else None,
            note="",
        )
    registers.register_save(
        by=officer,
        centre=centre,
        model=WelfareGrant,
        fiscal_year=last,
        category=WelfareCategory.ELDERLY,
        via_group=groups[0],
        people=35,
        amount=Decimal(17500),
        paid_on=day_of(last, 4, 13),
    )
    registers.register_save(
        by=officer,
        centre=centre,
        model=WelfareGrant,
        fiscal_year=last,
        category=WelfareCategory.DEATH,
        via_group=groups[0],
        people=3,
        amount=Decimal(9000),
        paid_on=day_of(last, 8, 2),
    )
    if settings["operating_model"] == 3:
        for name in ("นายเสาร์ ทาคำ", "นางแก้ว ปันใจ"):
            members.individual_member_add(
                by=officer, centre=centre, name=name, joined_on=D(2015, 2, 10)
            )
    return centre


def _seed_books(officer, centre, groups, settings) -> None:
    """A year of the centre's money beyond the registers above: cash taken to the bank, loans
    to member groups and their repayments, income and expenses with their documents, a bank
    statement; in models 2 and 4, members' deposits (moved into a group's savings at step 3)."""
    last, _current = fiscal_years()
    bank_account = centre.bank_accounts.first()
    cash = books.money_account(centre, None)
    bank = books.money_account(centre, bank_account)
    books.entry_record(
        by=officer,
        centre=centre,
        kind=books.ManualKind.TRANSFER,
        money=cash,
        account=bank,
        amount=Decimal(60000),
        on=day_of(last, 10, 20),
        description="นำเงินสดฝากธนาคาร",
        document_no=_receipt("ฝ.", 1, day_of(last, 10, 20)),
    )
    for month, day, what, amount, kind, role in [
        (11, 5, "ค่าเครื่องเขียนและแบบพิมพ์", 850, books.ManualKind.PAYMENT, "expense"),
        (2, 12, "ค่าอาหารว่างประชุมคณะกรรมการ", 600, books.ManualKind.PAYMENT, "expense"),
        (6, 30, "ดอกเบี้ยเงินฝากธนาคาร", 312, books.ManualKind.RECEIPT, "other_income"),
    ]:
        on = day_of(last, month, day)
        books.entry_record(
            by=officer,
            centre=centre,
            kind=kind,
            money=bank if role == "other_income" else cash,
            account=books.account_of(centre, role),
            amount=Decimal(amount),
            on=on,
            description=what,
            document_no=_receipt("บ.", month, on),
        )
    decision = centre.meetings.filter(kind=MeetingKind.BOARD).order_by("held_on").first()
    loan = lending.group_loan_make(
        by=officer,
        centre=centre,
        group=groups[-1],
        lent_on=day_of(last, 1, 15),
        amount=Decimal(24000),
        interest_rate=Decimal(6),
        term_months=12,
        plan=RepaymentPlan.MONTHLY,
        decision=decision,
        decision_no="วาระที่ 3",
        contract_no=_receipt("กก.", 1, day_of(last, 1, 15)),
        purpose="ทุนหมุนเวียนให้สมาชิกกลุ่มกู้ประกอบอาชีพ",
    )
    for month in (2, 3, 4, 5, 6):
        lending.group_loan_repay(
            by=officer,
            loan=loan,
            paid_on=day_of(last, month, 15),
            principal=Decimal(2000),
            interest=Decimal(120),
            receipt_no=_receipt("ร.", 200 + month, day_of(last, month, 15)),
        )
    if len(groups) > 2:
        lending.group_loan_make(
            by=officer,
            centre=centre,
            group=groups[1],
            lent_on=day_of(last, 7, 20),
            amount=Decimal(15000),
            interest_rate=Decimal(5),
            term_months=3,
            plan=RepaymentPlan.AT_END,
            decision=centre.meetings.filter(
                kind=MeetingKind.BOARD, held_on__lte=day_of(last, 7, 20)
            )
            .order_by("-held_on")
            .first(),
            decision_no="วาระที่ 4",
            contract_no=_receipt("กก.", 2, day_of(last, 7, 20)),
            purpose="ซื้อวัตถุดิบ",
        )
    on = day_of(last, 9, 30)
    books.bank_statement_save(
        by=officer,
        centre=centre,
        bank_account=bank_account,
        as_of=on,
        # The bank credited interest the books have not entered yet: the reconciliation shows it.
        balance=selectors_books.balances(centre, on).get(bank.pk, Decimal(0))
        + (Decimal("45.50") if settings["operating_model"] == 1 else 0),
    )
    if settings["operating_model"] in (2, 4):
        _seed_deposits(officer, centre, groups, settings)


def _seed_deposits(officer, centre, groups, settings) -> None:
    last, _current = fiscal_years()
    for i, name in enumerate(("นางสาวบุญมา ใจงาม", "นายสุข ประเสริฐ")):
        member = members.individual_member_add(
            by=officer, centre=centre, name=name, joined_on=D(2015, 2, 10)
        )
        for month, amount in ((10, 3000 + 1000 * i), (1, 1500), (4, 2500)):
            deposits.deposit_record(
                by=officer,
                member=member,
                kind=DepositKind.DEPOSIT,
                amount=Decimal(amount),
                on=day_of(last, month, 5),
                receipt_no=_receipt("ฝก.", month * 10 + i, day_of(last, month, 5)),
            )
        if settings["transition_step"] == 3 and i == 0:
            member = members.individual_member_move(
                by=officer, member=member, group=groups[0], moved_on=day_of(last, 6, 1)
            )
            deposits.deposit_move(
                by=officer,
                member=member,
                on=day_of(last, 6, 10),
                savings=MemberDeposit.Savings.REGULAR,
            )


def _on(fiscal_year: int, month: int, day: int) -> datetime.date:
    """The day of the fiscal year itself, today or not (a plan's month may lie ahead)."""
    first, last = thai.fiscal_year_bounds(fiscal_year)
    return datetime.date(first.year if month >= 10 else last.year, month, day)


def seed_books(context: dict) -> None:
    """A year of each demo centre's own books (skipped for a centre whose books have manual
    entries already). Kept apart from ``seed`` so that tests which need only the registers do
    not pay for the books."""
    accounts = context["accounts"]
    for village_name, (officer, settings, _group_rows) in CENTRES.items():
        centre = context["centres"][village_name]
        if centre.journal_entries.filter(source="manual").exists():
            continue
        groups = [m.group for m in centre.memberships.select_related("group").order_by("id")]
        _seed_books(accounts[officer], centre, groups, settings)


def _seed_savings(officer, centre, settings) -> None:
    """The development levels of the village's savings groups in the last two fiscal years (level
    3 where the group leads the centre, and in model 2), and in model 1 the leading group's
    choice for the SMART Saving Group programme this year."""
    last, current = fiscal_years()
    for group in centre.village.groups.filter(group_type=GroupType.SAVINGS).order_by("id"):
        leads = group.pk == centre.lead_group_id
        level = 3 if leads or settings["operating_model"] == 2 else 2
        for year in (last, current):
            savings.level_set(by=officer, group=group, fiscal_year=year, level=level)
        if level == 3 and settings["operating_model"] == 1:
            savings.select(by=officer, group=group, fiscal_year=current)
            _seed_forum(officer, savings.select(by=officer, group=group, fiscal_year=last))


def _seed_forum(officer, selection) -> None:
    """Last year's forum in the third quarter, reported to the province a few days late, with a
    photo."""
    held = savings.third_quarter(selection.fiscal_year)[0] + datetime.timedelta(days=44)
    forum = savings.forum_save(
        by=officer,
        selection=selection,
        held_on=held,
        participants=15,
        participant_names="\n".join(
            f"{name} {surname}"
            for name, surname in zip(
                ("นายสมชาย", "นางสมศรี", "นายบุญมี", "นางคำแปง", "นายอินถา"),
                ("ใจดี", "มีสุข", "ทองคำ", "ปัญญา", "สุขสันต์"),
                strict=True,
            )
        ),
        reported_on=held + datetime.timedelta(days=10),
        steps={field: True for field, _label in FORUM_STEPS},
    )
    savings.photo_add(
        by=officer, forum=forum, upload=demo_photo(), caption="คณะกรรมการกลุ่มทบทวนระเบียบ"
    )


def demo_photo():
    """A plain picture standing in for a forum's photo."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1200, 800), (236, 240, 232))
    draw = ImageDraw.Draw(image)
    for row in range(3):
        for seat in range(5):
            x, y = 150 + seat * 200, 250 + row * 170
            draw.ellipse((x, y, x + 90, y + 90), fill=(90 + 30 * row, 110, 160 - 20 * seat))
    out = io.BytesIO()
    image.save(out, "PNG")
    return SimpleUploadedFile("forum.png", out.getvalue(), "image/png")


def seed(context: dict) -> None:
    accounts, villages = context["accounts"], context["villages"]
    context["centres"] = {}
    for village_name, (officer, settings, group_rows) in CENTRES.items():
        village = villages[village_name]
        centre = Centre.objects.filter(village=village).first()
        if centre is None:
            centre = _seed_centre(accounts[officer], village, settings, group_rows)
            _seed_savings(accounts[officer], centre, settings)
        context["centres"][village_name] = centre
