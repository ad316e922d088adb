"""The centre's books: balanced entries posted by the registers' services, loans to groups,
members' deposits, the two books and the statements, and the reconciliation with the registers."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections, transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cddfund import demo
from institutes.models import (
    Account,
    AccountRole,
    DepositKind,
    GroupType,
    JournalEntry,
    JournalLine,
    Meeting,
    MeetingKind,
    MemberDeposit,
    ShareKind,
    ShareTransaction,
    WelfareGrant,
)
from institutes.selectors import books as ledger
from institutes.services import books, deposits, lending, members, registers, shares
from institutes.services import centres as centre_services
from institutes.views import books as book_views
from tests.files import fake_pdf_upload, pdf_upload

D = datetime.date
pytestmark = pytest.mark.django_db


def _centre(officer, village, *, model=1, step=None, name="ศูนย์บัญชีทดสอบ"):
    centre = centre_services.centre_create(
        by=officer,
        village=village,
        name=name,
        founded_on=D(2020, 1, 1),
        operating_model=model,
        transition_step=step,
        status="active",
    )
    groups = []
    for group_name in ("กลุ่มออมทรัพย์บัญชี", "กองทุนหมู่บ้านบัญชี"):
        group = members.group_create(
            by=officer,
            village=village,
            group_type=GroupType.SAVINGS,
            name=group_name,
            founded_on=D(2010, 1, 1),
            member_count=20,
            capital=Decimal(0),
        )
        members.membership_join(by=officer, centre=centre, group=group, joined_on=D(2020, 2, 1))
        groups.append(group)
    board = registers.register_save(
        by=officer,
        centre=centre,
        model=Meeting,
        kind=MeetingKind.BOARD,
        held_on=D(2021, 1, 5),
        attendance=7,
        agenda="พิจารณาเงินกู้ระหว่างกลุ่ม",
    )
    return centre, groups, board


@pytest.fixture
def setup(accounts, villages):
    """A model-1 centre in บ้านโป่ง with two member groups, a board meeting and no money yet."""
    officer = accounts["maesuai"]
    return (officer, *_centre(officer, villages["บ้านโป่ง"]))


BOUGHT_ON, LENT_ON, PAID_ON, LATER = D(2021, 1, 1), D(2021, 2, 1), D(2021, 3, 5), D(2030, 1, 1)


def _buy(officer, centre, group, amount, on=BOUGHT_ON, **extra):
    return shares.share_purchase(
        by=officer, centre=centre, group=group, amount=Decimal(amount), on=on, **extra
    )


def _lend(officer, centre, group, board, amount, on=LENT_ON, **terms):
    terms = {"interest_rate": Decimal(6), "term_months": 10, "plan": "monthly", **terms}
    return lending.group_loan_make(
        by=officer,
        centre=centre,
        group=group,
        lent_on=on,
        amount=Decimal(amount),
        decision=board,
        **terms,
    )


def _pay(officer, centre, amount, on=PAID_ON):
    """An expense paid in cash, entered by hand."""
    return books.entry_record(
        by=officer,
        centre=centre,
        kind=books.ManualKind.PAYMENT,
        money=books.money_account(centre, None),
        account=books.account_of(centre, AccountRole.EXPENSE),
        amount=Decimal(amount),
        on=on,
        description="ค่าเครื่องเขียน",
    )


def _raw_entry(officer, centre, description):
    """An entry written straight into the table, around the services."""
    return JournalEntry.objects.create(
        centre=centre,
        province_id=centre.province_id,
        district_id=centre.district_id,
        entry_on=D(2021, 1, 1),
        description=description,
        source="manual",
        recorded_by=officer,
    )


def _balance(centre, role, on=LATER, **owner):
    account = Account.objects.filter(centre=centre, role=role, **owner).first()
    return ledger.balances(centre, on).get(account.pk if account else None, Decimal(0))


def test_a_new_centre_opens_the_default_chart(setup):
    _officer, centre, _groups, _board = setup
    assert list(centre.accounts.order_by("code").values_list("code", "role")) == [
        ("1101", "cash"),
        ("2201", "borrowed"),
        ("3201", "support"),
        ("3301", "welfare_fund"),
        ("3901", "opening"),
        ("4101", "interest_income"),
        ("4901", "other_income"),
        ("5101", "welfare"),
        ("5901", "expense"),
    ]


def test_a_share_purchase_posts_cash_against_the_groups_shares(setup):
    officer, centre, (group, _other), _board = setup
    txn = _buy(officer, centre, group, 3000, receipt_no="ร.001")
    entry = JournalEntry.objects.get(share=txn)
    lines = sorted(
        (line.account.role, line.debit, line.credit)
        for line in entry.lines.select_related("account")
    )
    assert lines == [("cash", Decimal(3000), 0), ("shares", 0, Decimal(3000))]
    assert (entry.entry_on, entry.document_no) == (D(2021, 1, 1), "ร.001")
    assert _balance(centre, AccountRole.SHARES, group=group) == Decimal(3000)


def test_deleting_a_share_line_takes_its_entry_out_of_the_books(setup):
    officer, centre, (group, _other), _board = setup
    txn = _buy(officer, centre, group, 3000)
    shares.share_delete(by=officer, txn=txn)
    assert not JournalEntry.objects.filter(centre=centre).exists()
    assert _balance(centre, AccountRole.CASH) == 0


def test_the_database_refuses_an_entry_whose_lines_do_not_balance(setup):
    officer, centre, _groups, _board = setup
    cash = books.money_account(centre, None)
    income = books.account_of(centre, AccountRole.OTHER_INCOME)
    with (
        pytest.raises(IntegrityError, match="institutes_entry_balances"),
        transaction.atomic(),
    ):
        entry = _raw_entry(officer, centre, "ไม่ดุล")
        JournalLine.objects.create(entry=entry, account=cash, debit=Decimal(100))
        JournalLine.objects.create(entry=entry, account=income, credit=Decimal(90))
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_the_database_refuses_a_line_of_another_centres_account(setup, accounts, villages):
    officer, centre, _groups, _board = setup
    other, _g, _b = _centre(accounts["phan"], villages["บ้านป่าเปา"], name="ศูนย์อื่น")
    with pytest.raises(IntegrityError, match="institutes_entry_balances"), transaction.atomic():
        entry = _raw_entry(officer, centre, "บัญชีของศูนย์อื่น")
        JournalLine.objects.bulk_create(
            [
                JournalLine(
                    entry=entry, account=books.money_account(other, None), debit=Decimal(5)
                ),
                JournalLine(
                    entry=entry,
                    account=books.account_of(centre, AccountRole.OTHER_INCOME),
                    credit=Decimal(5),
                ),
            ]
        )
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_an_entry_whose_debits_and_credits_differ_is_refused_with_both_figures(setup):
    officer, centre, _groups, _board = setup
    with pytest.raises(ValidationError) as refused:
        books.entry_post(
            by=officer,
            centre=centre,
            on=D(2021, 1, 1),
            description="ไม่ดุล",
            lines=[
                books.Line(books.money_account(centre, None), debit=Decimal(100)),
                books.Line(books.account_of(centre, AccountRole.OTHER_INCOME), credit=Decimal(90)),
            ],
        )
    assert refused.value.messages == ["ยอดเดบิต (100.00 บาท) ไม่เท่ากับยอดเครดิต (90.00 บาท)"]
    assert not JournalEntry.objects.filter(centre=centre).exists()


def test_a_loan_above_the_centres_cash_is_refused_with_the_figures(setup):
    officer, centre, (group, other), board = setup
    _buy(officer, centre, group, 5000)
    with pytest.raises(ValidationError) as refused:
        _lend(officer, centre, other, board, 8000)
    assert refused.value.message_dict["amount"] == [
        "เงินสด มีไม่พอ: ณ วันที่ 01/02/2564 มีเงินคงเหลือ 5,000.00 บาท แต่รายการนี้จ่าย 8,000.00 บาท"
    ]
    assert not centre.group_loans.exists()
    assert _balance(centre, AccountRole.CASH) == Decimal(5000)


def test_a_back_dated_payment_cannot_spend_money_that_later_payments_used(setup):
    officer, centre, (group, other), board = setup
    _buy(officer, centre, group, 5000, on=D(2021, 1, 1))
    _lend(officer, centre, other, board, 4000, on=D(2021, 3, 1))
    # On 1 Feb the cash holds 5,000, but 4,000 of it goes out on 1 Mar.
    with pytest.raises(ValidationError) as refused:
        _lend(officer, centre, group, board, 2000, on=D(2021, 2, 1))
    assert "ณ วันที่ 01/03/2564 มีเงินคงเหลือ 1,000.00 บาท" in refused.value.message_dict["amount"][0]


def test_a_loan_needs_the_boards_decision_at_a_board_meeting_before_it(setup):
    officer, centre, (group, other), board = setup
    _buy(officer, centre, group, 5000)
    with pytest.raises(ValidationError) as refused:
        _lend(officer, centre, other, board, 1000, on=D(2021, 1, 2))
    assert refused.value.message_dict["decision"] == [lending.DECISION_NOT_BOARD]


def test_a_repayment_above_the_outstanding_is_refused_and_nothing_is_saved(setup):
    officer, centre, (group, other), board = setup
    _buy(officer, centre, group, 10000)
    loan = _lend(officer, centre, other, board, 6000)
    lending.group_loan_repay(by=officer, loan=loan, paid_on=D(2021, 3, 1), principal=Decimal(5000))
    with pytest.raises(ValidationError) as refused:
        lending.group_loan_repay(
            by=officer,
            loan=loan,
            paid_on=D(2021, 4, 1),
            principal=Decimal(1500),
            interest=Decimal(30),
        )
    assert refused.value.message_dict["principal"] == [
        "ชำระเงินต้นได้ไม่เกิน 1,000.00 บาท: เงินกู้ของกลุ่ม กองทุนหมู่บ้านบัญชี 6,000.00 บาท ชำระแล้ว 5,000.00 บาท"
    ]
    assert loan.repayments.count() == 1
    assert _balance(centre, AccountRole.GROUP_LOAN, group=other) == Decimal(1000)


@pytest.mark.parametrize(
    ("principal", "interest", "field", "message"),
    [
        (Decimal(0), Decimal(0), "principal", lending.NOTHING_PAID),
        (Decimal(-5), Decimal(0), "principal", lending.AMOUNT_NEGATIVE),
        (Decimal(5), Decimal(-1), "interest", lending.AMOUNT_NEGATIVE),
    ],
)
def test_a_repayment_of_nothing_or_a_negative_amount_is_refused(
    setup, principal, interest, field, message
):
    officer, centre, (group, other), board = setup
    _buy(officer, centre, group, 10000)
    loan = _lend(officer, centre, other, board, 6000)
    with pytest.raises(ValidationError) as refused:
        lending.group_loan_repay(
            by=officer, loan=loan, paid_on=D(2021, 3, 1), principal=principal, interest=interest
        )
    assert refused.value.message_dict[field] == [message]


def test_a_repayment_posts_principal_to_the_loan_and_interest_to_income(setup):
    officer, centre, (group, other), board = setup
    _buy(officer, centre, group, 10000)
    loan = _lend(officer, centre, other, board, 6000)
    lending.group_loan_repay(
        by=officer, loan=loan, paid_on=D(2021, 3, 1), principal=Decimal(600), interest=Decimal(30)
    )
    assert _balance(centre, AccountRole.CASH) == Decimal(10000 - 6000 + 630)
    assert _balance(centre, AccountRole.GROUP_LOAN, group=other) == Decimal(5400)
    assert _balance(centre, AccountRole.INTEREST_INCOME) == Decimal(30)


def test_arrears_are_counted_from_the_first_instalment_not_covered(setup):
    officer, centre, (group, other), board = setup
    _buy(officer, centre, group, 10000)
    loan = _lend(officer, centre, other, board, 6000, term_months=6)  # 1,000 a month from 1 Mar
    lending.group_loan_repay(by=officer, loan=loan, paid_on=D(2021, 3, 1), principal=Decimal(1000))
    [standing] = ledger.group_loans(centre, D(2021, 5, 11))
    # Due by 11 May: March, April and May (3,000); paid 1,000: behind since 1 April.
    assert (standing.due, standing.overdue, standing.outstanding) == (
        Decimal(3000),
        Decimal(2000),
        Decimal(5000),
    )
    assert (standing.overdue_since, standing.days_overdue) == (D(2021, 4, 1), 40)
    [at_end] = ledger.schedule(_lend(officer, centre, group, board, 900, plan="at_end"))[-1:]
    assert at_end == (D(2021, 12, 1), Decimal(900))


def test_two_repayments_at_the_same_moment_cannot_repay_more_than_the_loan(areas_loaded):
    """Two connections repay 700 of a 1,000 loan at once: one succeeds, one is refused."""
    officer = demo.seed_accounts()["maesuai"]
    village = demo.seed_villages(demo.seed_accounts())["บ้านโป่ง"]
    centre, (group, other), board = _centre(officer, village, name="ศูนย์ชำระพร้อมกัน")
    _buy(officer, centre, group, 5000)
    loan = _lend(officer, centre, other, board, 1000)
    first_inside = threading.Event()
    outcomes = []

    def repay(hold: bool):
        try:
            with transaction.atomic():
                lending.group_loan_repay(
                    by=officer, loan=loan, paid_on=D(2021, 3, 1), principal=Decimal(700)
                )
                if hold:
                    first_inside.set()
                    threading.Event().wait(1.0)  # the other connection tries meanwhile
            outcomes.append("ok")
        except ValidationError as exc:
            outcomes.append(exc.message_dict["principal"][0])
        finally:
            connections.close_all()

    holder = threading.Thread(target=repay, args=(True,))
    holder.start()
    first_inside.wait(5)
    other_thread = threading.Thread(target=repay, args=(False,))
    other_thread.start()
    holder.join()
    other_thread.join()

    assert outcomes.count("ok") == 1
    refused = next(o for o in outcomes if o != "ok")
    assert refused.startswith("ชำระเงินต้นได้ไม่เกิน 300.00 บาท")
    assert loan.repayments.count() == 1
    assert _balance(centre, AccountRole.GROUP_LOAN, group=other) == Decimal(300)


def test_the_database_refuses_repayments_above_the_loan_whatever_the_service(setup):
    officer, centre, (group, other), board = setup
    _buy(officer, centre, group, 5000)
    loan = _lend(officer, centre, other, board, 1000)
    with (
        pytest.raises(IntegrityError, match="institutes_grouploan_outstanding_not_negative"),
        transaction.atomic(),
    ):
        loan.repayments.create(
            centre=centre,
            province_id=centre.province_id,
            district_id=centre.district_id,
            paid_on=D(2021, 3, 1),
            principal=Decimal(1001),
            recorded_by=officer,
        )


@pytest.fixture
def transition(accounts, villages):
    """A model-4 centre at step 3 with a member who deposited 7,000 and moved into a group."""
    officer = accounts["maesuai"]
    centre, groups, _board = _centre(officer, villages["บ้านโป่ง"], model=4, step=3)
    member = members.individual_member_add(
        by=officer, centre=centre, name="นางสาวฝาก ทดสอบ", joined_on=D(2020, 3, 1)
    )
    for on, amount in ((D(2020, 4, 1), 5000), (D(2020, 6, 1), 3000)):
        deposits.deposit_record(
            by=officer, member=member, kind=DepositKind.DEPOSIT, amount=Decimal(amount), on=on
        )
    deposits.deposit_record(
        by=officer,
        member=member,
        kind=DepositKind.WITHDRAWAL,
        amount=Decimal(1000),
        on=D(2020, 7, 1),
    )
    member = members.individual_member_move(
        by=officer, member=member, group=groups[0], moved_on=D(2021, 1, 1)
    )
    return officer, centre, groups, member


def test_the_move_at_step_3_takes_the_whole_balance_into_the_groups_savings(transition):
    officer, centre, groups, member = transition
    moved = deposits.deposit_move(
        by=officer, member=member, on=D(2021, 1, 10), savings=MemberDeposit.Savings.SPECIAL
    )
    assert (moved.amount, moved.to_group, moved.savings) == (Decimal(7000), groups[0], "special")
    assert deposits.balance_of(member) == 0
    assert _balance(centre, AccountRole.DEPOSITS, member=member) == 0
    assert _balance(centre, AccountRole.CASH) == 0  # paid over to the group
    [row] = ledger.deposit_register(centre)
    assert [(line.kind, balance) for line, balance in row.lines][-1] == ("moved", 0)


def test_the_move_waits_for_step_3(transition):
    officer, centre, _groups, member = transition
    centre_services.centre_update(by=officer, centre=centre, transition_step=2)
    with pytest.raises(ValidationError) as refused:
        deposits.deposit_move(by=officer, member=member, on=D(2021, 1, 10), savings="regular")
    assert refused.value.messages == [deposits.MOVE_NOT_AT_STEP_3]
    assert deposits.balance_of(member) == Decimal(7000)


def test_a_withdrawal_above_the_members_balance_is_refused(transition):
    officer, _centre, _groups, member = transition
    with pytest.raises(ValidationError) as refused:
        deposits.deposit_record(
            by=officer,
            member=member,
            kind=DepositKind.WITHDRAWAL,
            amount=Decimal(8000),
            on=D(2020, 12, 1),
        )
    assert refused.value.message_dict["amount"] == [
        "ถอนได้ไม่เกิน 7,000.00 บาท (เงินฝากคงเหลือของ นางสาวฝาก ทดสอบ ณ วันที่ 01/12/2563)"
    ]


def test_a_model_1_centre_takes_no_deposits(setup, accounts):
    officer, centre, _groups, _board = setup
    member = centre.individual_members.model(
        centre=centre,
        province_id=centre.province_id,
        district_id=centre.district_id,
        name="ทดสอบ",
        joined_on=D(2020, 3, 1),
    )
    member.save()
    with pytest.raises(ValidationError) as refused:
        deposits.deposit_record(
            by=officer, member=member, kind="deposit", amount=Decimal(5), on=D(2021, 1, 1)
        )
    assert refused.value.messages == [deposits.NO_DEPOSITS_IN_MODEL_1]


def test_reconciliation_finds_a_share_line_written_around_the_books(setup):
    officer, centre, (group, other), _board = setup
    _buy(officer, centre, group, 4000)
    assert ledger.reconciliation([centre.pk]) == {}
    # A line written straight into the register (not through its service): no entry.
    ShareTransaction.objects.create(
        centre=centre,
        province_id=centre.province_id,
        district_id=centre.district_id,
        group=other,
        kind=ShareKind.PURCHASE,
        made_on=D(2021, 5, 1),
        amount=Decimal(2500),
        recorded_by=officer,
    )
    [difference] = ledger.reconciliation([centre.pk])[centre.pk]
    assert (difference.what, difference.register, difference.books, difference.difference) == (
        "เงินลงหุ้นของกลุ่ม กองทุนหมู่บ้านบัญชี",
        Decimal(2500),
        Decimal(0),
        Decimal(-2500),
    )
    assert difference.tab == "centre_shares"


def test_the_reconciliation_page_lists_a_page_of_the_areas_centres_with_their_differences(
    setup, accounts, villages, client_for, monkeypatch
):
    officer, centre, (_group, other), _board = setup
    second, *_ = _centre(accounts["phan"], villages["บ้านป่าเปา"], name="ศูนย์อื่น")
    ShareTransaction.objects.create(  # written around the books: one difference
        centre=centre,
        province_id=centre.province_id,
        district_id=centre.district_id,
        group=other,
        kind=ShareKind.PURCHASE,
        made_on=D(2021, 5, 1),
        amount=Decimal(2500),
        recorded_by=officer,
    )
    url = reverse("books_reconciliation")
    page = client_for("chiangrai").get(url)
    rows = {row["centre"]: row for row in page.context["rows"]}
    assert (rows[centre]["differences"], rows[centre]["amount"]) == (1, Decimal(2500))
    assert rows[second]["differences"] == 0
    assert "ไม่ตรง 1 จาก 2 ศูนย์" in page.content.decode()
    assert [r["centre"] for r in client_for("maesuai").get(url).context["rows"]] == [centre]
    assert client_for("phayao").get(url).context["rows"] == []  # another province's
    assert client_for("central").get(url).context["rows"] == []  # a province is chosen first
    monkeypatch.setattr(book_views, "CENTRES_PER_PAGE", 1)
    client = client_for("chiangrai")
    first, last = client.get(url), client.get(url, {"page": 2})
    assert [len(p.context["rows"]) for p in (first, last)] == [1, 1]
    assert "ในหน้านี้ (ทั้งหมด 2 ศูนย์)" in first.content.decode()
    shown = {first.context["rows"][0]["centre"], last.context["rows"][0]["centre"]}
    assert shown == {centre, second}
    assert client.post(url).status_code == 405


def test_reconciliation_lists_welfare_recorded_before_the_books(setup):
    officer, centre, (group, _other), _board = setup
    _buy(officer, centre, group, 4000)
    WelfareGrant.objects.create(
        centre=centre,
        province_id=centre.province_id,
        district_id=centre.district_id,
        fiscal_year=2564,
        category="elderly",
        via_group=group,
        people=3,
        amount=Decimal(900),
    )
    [difference] = ledger.reconciliation([centre.pk])[centre.pk]
    assert (difference.what, difference.register, difference.books) == (
        "สวัสดิการที่จ่าย",
        Decimal(900),
        Decimal(0),
    )


def test_a_bank_statement_that_disagrees_with_the_books_is_shown_with_the_difference(setup):
    officer, centre, (group, _other), _board = setup
    bank_account = centre_services.bank_account_save(
        by=officer,
        centre=centre,
        bank="ธ.ก.ส.",
        branch="แม่สรวย",
        number="0123-4-56789-0",
        name=centre.name,
        is_active=True,
    )
    _buy(officer, centre, group, 4000, via=bank_account)
    books.bank_statement_save(
        by=officer,
        centre=centre,
        bank_account=bank_account,
        as_of=D(2021, 6, 30),
        balance=Decimal("4012.75"),
    )
    [statement] = ledger.bank_statements(centre)
    assert (statement.books, statement.difference) == (Decimal(4000), Decimal("12.75"))
    [difference] = ledger.reconciliation([centre.pk])[centre.pk]
    assert difference.difference == Decimal("-12.75")
    assert difference.what.startswith("เงินฝาก ธ.ก.ส. แม่สรวย 0123-4-56789-0 ตามใบแจ้งยอด")


def test_a_manual_entry_cannot_post_to_an_account_a_register_keeps(setup):
    officer, centre, (group, _other), _board = setup
    _buy(officer, centre, group, 4000)
    shares_account = books.account_of(centre, AccountRole.SHARES, group=group)
    with pytest.raises(ValidationError) as refused:
        books.entry_record(
            by=officer,
            centre=centre,
            kind=books.ManualKind.PAYMENT,
            money=books.money_account(centre, None),
            account=shares_account,
            amount=Decimal(100),
            on=D(2021, 2, 1),
            description="จ่ายคืนหุ้นนอกทะเบียน",
        )
    assert refused.value.message_dict["account"][0].startswith(
        f"บัญชี {shares_account} ใช้กับรายการประเภทนี้ไม่ได้"
    )


def test_the_statements_add_up_and_the_balance_sheet_balances(setup):
    officer, centre, (group, other), board = setup
    _buy(officer, centre, group, 10000, on=D(2020, 9, 1))  # before fiscal year 2564
    loan = _lend(officer, centre, other, board, 4000, on=D(2021, 2, 1))
    lending.group_loan_repay(
        by=officer, loan=loan, paid_on=D(2021, 3, 1), principal=Decimal(400), interest=Decimal(20)
    )
    _pay(officer, centre, 150)
    statement = ledger.receipts_and_payments(centre, 2564, D(2021, 9, 30))
    assert (statement.opening, statement.received, statement.paid, statement.closing) == (
        Decimal(10000),
        Decimal(420),
        Decimal(4150),
        Decimal(6270),
    )
    sheet = ledger.balance_sheet(centre, D(2021, 9, 30))
    assert sheet.assets.total == Decimal(6270 + 3600)
    assert sheet.surplus == Decimal(20 - 150)
    assert sheet.balances


def test_an_entry_dated_in_a_closed_period_is_refused_on_its_date(setup, accounts):
    from cddfund import services as core_services
    from cddfund.periods import Period

    officer, centre, (group, _other), _board = setup
    _buy(officer, centre, group, 4000, on=D(2020, 9, 1))
    core_services.period_lock(by=accounts["central"], period=Period(2564))
    with pytest.raises(ValidationError) as refused:
        _pay(officer, centre, 100)
    assert "ซึ่งส่วนกลางปิดงวดแล้ว" in refused.value.message_dict["entry_on"][0]
    assert centre.journal_entries.filter(source="manual").count() == 0


def test_an_officer_records_a_payment_with_its_document_in_the_browser(setup, client_for):
    officer, centre, (group, _other), _board = setup
    _buy(officer, centre, group, 4000)
    client = client_for("maesuai")
    form = {
        "kind": "payment",
        "entry_on": "05/03/2564",
        "money": books.money_account(centre, None).pk,
        "account": books.account_of(centre, AccountRole.EXPENSE).pk,
        "amount": "150.50",
        "description": "ค่าเครื่องเขียน",
        "document_no": "บ.01/2564",
    }
    response = client.post(
        reverse("entry_create", args=[centre.pk]), {**form, "document": pdf_upload("bill.pdf")}
    )
    assert response.status_code == 302
    entry = centre.journal_entries.get(source="manual")
    assert entry.document.name.endswith(".pdf")
    page = client.get(reverse("centre_books", args=[centre.pk]) + "?start=01/10/2563").content
    assert "ค่าเครื่องเขียน" in page.decode() and "3,849.50" in page.decode()
    # A file that only says it is a PDF is refused, and the form keeps what was typed.
    refused = client.post(
        reverse("entry_create", args=[centre.pk]),
        {**form, "description": "ใบเสร็จปลอม", "document": fake_pdf_upload()},
    )
    assert refused.status_code == 200
    assert "ใบเสร็จปลอม" in refused.content.decode()
    assert centre.journal_entries.filter(source="manual").count() == 1


def test_an_unparseable_amount_is_refused_in_thai_and_nothing_saved(setup, client_for):
    _officer, centre, _groups, _board = setup
    response = client_for("maesuai").post(
        reverse("entry_create", args=[centre.pk]),
        {
            "kind": "receipt",
            "entry_on": "05/03/2564",
            "money": books.money_account(centre, None).pk,
            "account": books.account_of(centre, AccountRole.OTHER_INCOME).pk,
            "amount": "12,5x",
            "description": "รายได้",
        },
    )
    assert response.status_code == 200
    assert "กรุณากรอกตัวเลข" in response.content.decode()
    assert not centre.journal_entries.exists()


def test_the_books_page_takes_the_same_queries_however_many_entries(
    setup, client_for, django_assert_num_queries
):
    officer, centre, (group, other), _board = setup
    client = client_for("maesuai")
    url = reverse("centre_books", args=[centre.pk]) + "?start=01/10/2563&end=30/09/2564"
    _buy(officer, centre, group, 4000, on=D(2020, 11, 1))
    for month in range(2, 9):
        _buy(officer, centre, other, 100, on=D(2021, month, 1))
    # Session and user (2), the centre (1); the book: money before the start, the entries, their
    # lines (3); the reconciliation: shares, loans, repayments, deposits, welfare, capital, the
    # books, the groups' names, the latest bank statements (9); the statements typed in (1).
    with django_assert_num_queries(16):
        assert client.get(url).status_code == 200


# A step: (what, group index, amount in baht, day offset).
steps = st.lists(
    st.tuples(
        st.sampled_from(["buy", "withdraw", "lend", "repay", "deposit", "withdraw_deposit"]),
        st.integers(min_value=0, max_value=1),
        st.integers(min_value=1, max_value=20000),
        st.integers(min_value=0, max_value=300),
    ),
    min_size=1,
    max_size=12,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=steps)
def test_books_balance_and_agree_with_the_registers_whatever_is_recorded(accounts, villages, steps):
    """Whatever sequence of share lines, loans, repayments and deposits officers record (the
    services refusing some), every entry balances, no money account goes below zero, the
    balance sheet balances and the books agree with every register."""
    officer = accounts["maesuai"]
    with transaction.atomic():
        centre, groups, board = _centre(officer, villages["บ้านโป่ง"], model=4, step=1)
        member = members.individual_member_add(
            by=officer, centre=centre, name="สมาชิกสุ่ม", joined_on=D(2020, 3, 1)
        )
        start = D(2021, 1, 10)
        for what, index, baht, offset in steps:
            on, amount = start + datetime.timedelta(days=offset), Decimal(baht)
            group = groups[index]
            loan = centre.group_loans.filter(group=group).first()
            try:
                with transaction.atomic():
                    if what == "buy":
                        _buy(officer, centre, group, amount, on=on)
                    elif what == "withdraw":
                        shares.share_withdraw(
                            by=officer, centre=centre, group=group, amount=amount, on=on
                        )
                    elif what == "lend":
                        _lend(officer, centre, group, board, amount, on=on)
                    elif what == "repay" and loan:
                        lending.group_loan_repay(
                            by=officer,
                            loan=loan,
                            paid_on=on,
                            principal=amount,
                            interest=Decimal(baht % 97),
                        )
                    elif what in ("deposit", "withdraw_deposit"):
                        deposits.deposit_record(
                            by=officer,
                            member=member,
                            kind="deposit" if what == "deposit" else "withdrawal",
                            amount=amount,
                            on=on,
                        )
            except ValidationError:
                pass
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for entry in centre.journal_entries.prefetch_related("lines"):
            lines = list(entry.lines.all())
            assert len(lines) >= 2
            assert sum(line.debit for line in lines) == sum(line.credit for line in lines)
        for account in centre.accounts.filter(role__in=["cash", "bank"]):
            assert all(balance >= 0 for _day, balance in books._balances_by_day(account))
        assert ledger.balance_sheet(centre, D(2030, 1, 1)).balances
        assert ledger.reconciliation([centre.pk], D(2030, 1, 1)) == {}
        transaction.set_rollback(True)
