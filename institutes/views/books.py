"""The centre's money: its books, the statements, loans to groups, members' deposits, bank
statements, and the reconciliation of the books with the registers."""

import datetime

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cddfund import pages, thai
from cddfund.access import edit_view, read_view
from cddfund.models import Province
from cddfund.scope import get_visible_or_404, scope_of
from cddfund.uploads import document_view
from institutes import forms, selectors
from institutes.models import (
    BankStatement,
    Centre,
    EntrySource,
    GroupLoan,
    GroupLoanRepayment,
    IndividualMember,
    JournalEntry,
    MemberDeposit,
    OperatingModel,
)
from institutes.selectors import books as ledger
from institutes.services import books, deposits, lending
from institutes.views import as_of_date, centre_page, fiscal_year_of

BOOKS = {
    "receipts": _("บัญชีรับ-จ่าย"),
    "cash": _("บัญชีเงินสด-เงินฝากธนาคาร"),
}


def _day(request, name: str, default: datetime.date) -> datetime.date:
    try:
        return thai.parse_date(request.GET[name])
    except (KeyError, ValidationError):
        return default


@require_GET
@read_view(Centre)
def centre_books(request, pk):
    centre = selectors.get_centre_for_user(request.user, pk)
    today = timezone.localdate()
    start = _day(request, "start", thai.fiscal_year_bounds(thai.fiscal_year(today))[0])
    end = max(_day(request, "end", today), start)
    book = request.GET.get("book") if request.GET.get("book") in BOOKS else "receipts"
    return centre_page(
        request,
        centre,
        "centre_books",
        "institutes/centre_books.html",
        book=ledger.money_book(centre, start, end),
        which=book,
        books=BOOKS,
        start=start,
        end=end,
        fiscal_year=thai.fiscal_year(end),
        differences=ledger.reconciliation([centre.pk], today).get(centre.pk, []),
        statements=ledger.bank_statements(centre),
        manual=EntrySource.MANUAL,
    )


@require_GET
@read_view(Centre)
def centre_statements(request, pk):
    centre = selectors.get_centre_for_user(request.user, pk)
    year = fiscal_year_of(request)
    as_of = min(as_of_date(request), thai.fiscal_year_bounds(year)[1])
    return centre_page(
        request,
        centre,
        "centre_books",
        "institutes/centre_statements.html",
        statement=ledger.receipts_and_payments(centre, year, as_of),
        sheet=ledger.balance_sheet(centre, as_of),
        as_of=as_of,
        fiscal_year=year,
    )


@require_GET
@read_view(Centre)
def centre_chart(request, pk):
    centre = selectors.get_centre_for_user(request.user, pk)
    as_of = as_of_date(request)
    return centre_page(
        request,
        centre,
        "centre_books",
        "institutes/centre_chart.html",
        sections=ledger.chart(centre, as_of),
        as_of=as_of,
    )


def _entry_page(request, centre, entry=None):
    initial = ledger.manual_entry(entry) if entry else {"kind": request.GET.get("kind")}
    form = forms.EntryForm(
        request.POST or None, request.FILES or None, centre=centre, initial=initial
    )

    def save(data):
        data = dict(data)
        return books.entry_record(
            by=request.user, centre=centre, on=data.pop("entry_on"), entry=entry, **data
        )

    return pages.form_page(
        request,
        form,
        save=save,
        done=_("บันทึกรายการบัญชีแล้ว"),
        back=reverse("centre_books", args=[centre.pk]),
        back_label=centre.name,
        title=_("แก้ไขรายการบัญชี") if entry else _("บันทึกรับ-จ่าย"),
        centre=centre,
    )


@require_http_methods(["GET", "POST"])
@edit_view(Centre)
def entry_create(request, pk):
    return _entry_page(request, selectors.get_centre_for_edit(request.user, pk))


@require_http_methods(["GET", "POST"])
@edit_view(JournalEntry)
def entry_edit(request, pk):
    entry = selectors.get_record_for_edit(JournalEntry, request.user, pk)
    return _entry_page(request, entry.centre, entry)


@require_http_methods(["GET", "POST"])
@edit_view(JournalEntry)
def entry_delete(request, pk):
    entry = selectors.get_record_for_edit(JournalEntry, request.user, pk)
    return pages.confirm_delete(
        request,
        record=entry,
        delete=lambda: books.entry_delete(by=request.user, entry=entry),
        done=_("ลบรายการบัญชีแล้ว"),
        back=reverse("centre_books", args=[entry.centre_id]),
    )


@require_http_methods(["GET", "POST"])
@edit_view(Centre)
def account_create(request, pk):
    centre = selectors.get_centre_for_edit(request.user, pk)
    return pages.form_page(
        request,
        forms.AccountForm(request.POST or None),
        save=lambda data: books.account_open(by=request.user, centre=centre, **data),
        done=_("เปิดบัญชีแล้ว"),
        back=reverse("centre_chart", args=[centre.pk]),
        back_label=centre.name,
        title=_("เปิดบัญชีรายได้หรือค่าใช้จ่าย"),
        centre=centre,
    )


def _statement_page(request, centre, statement=None):
    form = forms.BankStatementForm(
        request.POST or None, request.FILES or None, instance=statement, centre=centre
    )
    return pages.form_page(
        request,
        form,
        save=lambda data: books.bank_statement_save(
            by=request.user, centre=centre, statement=statement, **data
        ),
        done=_("บันทึกยอดตามใบแจ้งยอดแล้ว"),
        back=reverse("centre_books", args=[centre.pk]),
        back_label=centre.name,
        title=_("ยอดเงินฝากตามใบแจ้งยอด/สมุดบัญชีธนาคาร"),
        centre=centre,
    )


@require_http_methods(["GET", "POST"])
@edit_view(Centre)
def statement_create(request, pk):
    return _statement_page(request, selectors.get_centre_for_edit(request.user, pk))


@require_http_methods(["GET", "POST"])
@edit_view(BankStatement)
def statement_edit(request, pk):
    statement = selectors.get_record_for_edit(BankStatement, request.user, pk)
    return _statement_page(request, statement.centre, statement)


@require_http_methods(["GET", "POST"])
@edit_view(BankStatement)
def statement_delete(request, pk):
    statement = selectors.get_record_for_edit(BankStatement, request.user, pk)
    return pages.confirm_delete(
        request,
        record=statement,
        delete=lambda: books.bank_statement_delete(by=request.user, statement=statement),
        done=_("ลบแล้ว"),
        back=reverse("centre_books", args=[statement.centre_id]),
    )


@require_GET
@read_view(Centre)
def centre_loans(request, pk):
    centre = selectors.get_centre_for_user(request.user, pk)
    on = as_of_date(request)
    return centre_page(
        request,
        centre,
        "centre_loans",
        "institutes/centre_loans.html",
        loans=ledger.group_loans(centre, on),
        as_of=on,
    )


@require_GET
@read_view(GroupLoan)
def loan_detail(request, pk):
    loan = get_visible_or_404(
        GroupLoan.objects.select_related("group", "decision", "centre"), request.user, pk=pk
    )
    on = as_of_date(request)
    standing = next(
        s for s in ledger.group_loans(loan.centre, max(on, loan.lent_on)) if s.loan.pk == loan.pk
    )
    return centre_page(
        request,
        loan.centre,
        "centre_loans",
        "institutes/loan_detail.html",
        loan=loan,
        standing=standing,
        schedule=ledger.schedule(loan),
        repayments=ledger.loan_with_repayments(loan),
        as_of=on,
    )


@require_http_methods(["GET", "POST"])
@edit_view(Centre)
def loan_create(request, pk):
    centre = selectors.get_centre_for_edit(request.user, pk)
    return pages.form_page(
        request,
        forms.GroupLoanForm(request.POST or None, centre=centre),
        save=lambda data: lending.group_loan_make(by=request.user, centre=centre, **data),
        done=_("บันทึกการให้กู้แล้ว"),
        back=reverse("centre_loans", args=[centre.pk]),
        go=lambda loan: reverse("loan_detail", args=[loan.pk]),
        back_label=centre.name,
        title=_("ให้กลุ่มสมาชิกกู้"),
        centre=centre,
    )


@require_http_methods(["GET", "POST"])
@edit_view(GroupLoan)
def loan_delete(request, pk):
    loan = selectors.get_record_for_edit(GroupLoan, request.user, pk)
    return pages.confirm_delete(
        request,
        record=loan,
        delete=lambda: lending.group_loan_delete(by=request.user, loan=loan),
        done=_("ลบแล้ว"),
        back=reverse("centre_loans", args=[loan.centre_id]),
        cancel=reverse("loan_detail", args=[loan.pk]),
    )


@require_http_methods(["GET", "POST"])
@edit_view(GroupLoan)
def repayment_create(request, pk):
    loan = selectors.get_record_for_edit(GroupLoan, request.user, pk)
    return pages.form_page(
        request,
        forms.RepaymentForm(request.POST or None, centre=loan.centre),
        save=lambda data: lending.group_loan_repay(by=request.user, loan=loan, **data),
        done=_("บันทึกการรับชำระแล้ว"),
        back=reverse("loan_detail", args=[loan.pk]),
        back_label=str(loan),
        title=_("รับชำระเงินกู้จากกลุ่ม %(group)s") % {"group": loan.group},
        centre=loan.centre,
    )


@require_http_methods(["GET", "POST"])
@edit_view(GroupLoanRepayment)
def repayment_delete(request, pk):
    repayment = selectors.get_record_for_edit(GroupLoanRepayment, request.user, pk)
    return pages.confirm_delete(
        request,
        record=repayment,
        delete=lambda: lending.group_loan_repayment_delete(by=request.user, repayment=repayment),
        done=_("ลบแล้ว"),
        back=reverse("loan_detail", args=[repayment.loan_id]),
    )


@require_GET
@read_view(Centre)
def centre_deposits(request, pk):
    centre = selectors.get_centre_for_user(request.user, pk)
    return centre_page(
        request,
        centre,
        "centre_deposits",
        "institutes/centre_deposits.html",
        members=ledger.deposit_register(centre),
        takes_deposits=centre.operating_model != OperatingModel.SAVINGS_LED,
    )


@require_http_methods(["GET", "POST"])
@edit_view(Centre)
def deposit_create(request, pk):
    centre = selectors.get_centre_for_edit(request.user, pk)
    form = forms.DepositForm(
        request.POST or None, centre=centre, initial={"member": request.GET.get("member")}
    )

    def save(data):
        data = dict(data)
        return deposits.deposit_record(by=request.user, on=data.pop("made_on"), **data)

    return pages.form_page(
        request,
        form,
        save=save,
        done=_("บันทึกเงินฝากแล้ว"),
        back=reverse("centre_deposits", args=[centre.pk]),
        back_label=centre.name,
        title=_("ฝาก/ถอนเงินของสมาชิกรายบุคคล"),
        centre=centre,
    )


@require_http_methods(["GET", "POST"])
@edit_view(IndividualMember)
def deposit_move(request, pk):
    member = selectors.get_record_for_edit(IndividualMember, request.user, pk)
    form = forms.DepositMoveForm(request.POST or None, centre=member.centre)

    def save(data):
        data = dict(data)
        return deposits.deposit_move(by=request.user, member=member, on=data.pop("made_on"), **data)

    return pages.form_page(
        request,
        form,
        save=save,
        done=_("ย้ายเงินฝากเป็นเงินสัจจะของกลุ่มแล้ว"),
        back=reverse("centre_deposits", args=[member.centre_id]),
        back_label=member.centre.name,
        title=_("ขั้นที่ 3: ย้ายเงินฝากของ %(name)s เป็นเงินสัจจะของกลุ่ม %(group)s")
        % {"name": member, "group": member.moved_to or "-"},
        centre=member.centre,
    )


@require_http_methods(["GET", "POST"])
@edit_view(MemberDeposit)
def deposit_delete(request, pk):
    line = selectors.get_record_for_edit(MemberDeposit, request.user, pk)
    return pages.confirm_delete(
        request,
        record=line,
        delete=lambda: deposits.deposit_delete(by=request.user, line=line),
        done=_("ลบแล้ว"),
        back=reverse("centre_deposits", args=[line.centre_id]),
    )


# The summary checks a page of centres at a time: a province has up to about 120 of them.
CENTRES_PER_PAGE = 25


@require_GET
@read_view()
def reconciliation(request):
    """Per centre of the user's area: how many figures of its books disagree with its registers
    (a page of centres at a time)."""
    on = as_of_date(request)
    scope = scope_of(request.user)
    # Central office reads one province at a time: the whole country is not one page.
    province = None
    if scope.is_country:
        code = request.GET.get("province", "")
        province = Province.objects.filter(pk=code).first() if code.isdigit() else None
    page, rows = None, []
    if province or not scope.is_country:
        centres = ledger.reconciled_centres(request.user, province=province)
        page = Paginator(centres, CENTRES_PER_PAGE).get_page(request.GET.get("page"))
        rows = ledger.district_reconciliation(page.object_list, on)
    return render(
        request,
        "institutes/reconciliation.html",
        {
            "rows": rows,
            "page": page,
            "as_of": on,
            "provinces": Province.objects.order_by("name_th") if scope.is_country else None,
            "province": province,
            "disagreeing": sum(1 for row in rows if row["differences"]),
            "crumbs": [(_("ศูนย์"), reverse("centre_list")), (_("ตรวจบัญชีกับทะเบียน"), None)],
        },
    )


entry_document = document_view(JournalEntry, "document")
statement_document = document_view(BankStatement, "document")
