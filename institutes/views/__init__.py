"""Centre pages: the list, the centre with its registers in tabs, and the forms that keep them."""

import datetime

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_tables2 import RequestConfig

from cddfund import pages, thai
from cddfund.access import edit_view, read_view
from cddfund.audit import history_for
from cddfund.navigation import area_crumbs
from cddfund.registry import registry
from cddfund.scope import can_edit
from cddfund.uploads import document_view
from institutes import forms, selectors
from institutes.filters import CentreFilter
from institutes.models import (
    AppointmentOrder,
    Centre,
    IndividualMember,
    Meeting,
    Membership,
    OperatingModel,
    ShareKind,
    ShareTransaction,
)
from institutes.registers import RECORD_PAGES
from institutes.services import centres, members, shares
from institutes.tables import CentreTable


def centre_page(request, centre, tab, template, **context):
    """Render one tab of a centre's page, with the tabs, breadcrumbs and edit right."""
    return render(
        request,
        template,
        {
            "centre": centre,
            "tab": tab,
            "tabs": registry.centre_tabs,
            "can_edit": can_edit(request.user, centre),
            "crumbs": [*area_crumbs(centre, "centre_list"), (centre.name, None)],
            **context,
        },
    )


def as_of_date(request) -> datetime.date:
    """``?as_of=dd/mm/yyyy`` (BE) or today; a date that does not parse falls back to today."""
    try:
        return thai.parse_date(request.GET["as_of"])
    except (KeyError, ValidationError):
        return timezone.localdate()


def fiscal_year_of(request) -> int:
    """``?fy=2569`` (BE), or the fiscal year of today for anything else."""
    try:
        year = int(request.GET["fy"])
    except (KeyError, ValueError):
        return thai.fiscal_year(timezone.localdate())
    return year if 2500 <= year <= 2700 else thai.fiscal_year(timezone.localdate())


@require_GET
@read_view()
def centre_list(request):
    filterset = CentreFilter(
        request.GET or None,
        queryset=selectors.centre_list_with_members(request.user),
        user=request.user,
    )
    table = CentreTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(
        request,
        "institutes/centre_list.html",
        {
            "filter": filterset,
            "table": table,
            "can_edit": can_edit(request.user),
            "crumbs": [(_("ศูนย์จัดการกองทุนชุมชน"), None)],
        },
    )


def _centre_fields(data):
    return {k: v for k, v in data.items() if k != "village"}


@require_http_methods(["GET", "POST"])
@edit_view()
def centre_create(request):
    form = forms.CentreForm(request.POST or None, request.FILES or None, user=request.user)
    return pages.form_page(
        request,
        form,
        save=lambda data: centres.centre_create(
            by=request.user, village=data["village"], **_centre_fields(data)
        ),
        go=lambda centre: reverse("centre_groups", args=[centre.pk]),
        done=_("บันทึกศูนย์แล้ว ต่อไปบันทึกกลุ่มในหมู่บ้านและสมาชิก"),
        back=reverse("centre_list"),
        template="institutes/centre_form.html",
    )


@require_http_methods(["GET", "POST"])
@edit_view(Centre)
def centre_edit(request, pk):
    centre = selectors.get_centre_for_edit(request.user, pk)
    form = forms.CentreForm(
        request.POST or None, request.FILES or None, instance=centre, user=request.user
    )
    return pages.form_page(
        request,
        form,
        save=lambda data: centres.centre_update(
            by=request.user, centre=centre, **_centre_fields(data)
        ),
        done=_("บันทึกการแก้ไขแล้ว"),
        back=centre.get_absolute_url(),
        template="institutes/centre_form.html",
        centre=centre,
    )


@require_GET
@read_view(Centre)
def centre_detail(request, pk):
    centre = selectors.get_centre_for_user(request.user, pk)
    return centre_page(
        request,
        centre,
        "centre_detail",
        "institutes/centre_detail.html",
        bank_accounts=centre.bank_accounts.all(),
        history=history_for(centre),
    )


@require_GET
@read_view(Centre)
def centre_groups(request, pk):
    centre = selectors.get_centre_for_user(request.user, pk)
    return centre_page(
        request,
        centre,
        "centre_groups",
        "institutes/centre_groups.html",
        groups=selectors.village_groups(centre),
        member_ids=set(selectors.member_groups(centre).values_list("pk", flat=True)),
    )


@require_GET
@read_view(Centre)
def centre_members(request, pk):
    centre = selectors.get_centre_for_user(request.user, pk)
    return centre_page(
        request,
        centre,
        "centre_members",
        "institutes/centre_members.html",
        memberships=selectors.memberships(centre),
        individuals=selectors.individual_members(centre),
        takes_individuals=centre.operating_model != OperatingModel.SAVINGS_LED,
    )


@require_http_methods(["GET", "POST"])
@edit_view(Centre)
def membership_join(request, pk):
    centre = selectors.get_centre_for_edit(request.user, pk)
    form = forms.JoinForm(request.POST or None, centre=centre)
    return pages.form_page(
        request,
        form,
        save=lambda data: members.membership_join(by=request.user, centre=centre, **data),
        done=_("บันทึกการเข้าเป็นสมาชิกแล้ว"),
        back=reverse("centre_members", args=[centre.pk]),
        back_label=centre.name,
        title=_("รับกลุ่มเข้าเป็นสมาชิก"),
        centre=centre,
    )


@require_http_methods(["GET", "POST"])
@edit_view(Membership)
def membership_leave(request, pk):
    membership = selectors.get_record_for_edit(Membership, request.user, pk)
    return _leave(request, membership, members.membership_leave, "membership")


@require_http_methods(["GET", "POST"])
@edit_view(IndividualMember)
def individual_leave(request, pk):
    member = selectors.get_record_for_edit(IndividualMember, request.user, pk)
    return _leave(request, member, members.individual_member_leave, "member")


def _leave(request, record, service, keyword):
    form = forms.LeaveForm(request.POST or None)
    return pages.form_page(
        request,
        form,
        save=lambda data: service(by=request.user, left_on=data["left_on"], **{keyword: record}),
        done=_("บันทึกการออกจากสมาชิกแล้ว"),
        back=reverse("centre_members", args=[record.centre_id]),
        back_label=record.centre.name,
        title=_("บันทึกการออก: %(name)s") % {"name": record},
        centre=record.centre,
    )


@require_http_methods(["GET", "POST"])
@edit_view(Centre)
def individual_add(request, pk):
    centre = selectors.get_centre_for_edit(request.user, pk)
    form = forms.IndividualMemberForm(request.POST or None)
    return pages.form_page(
        request,
        form,
        save=lambda data: members.individual_member_add(by=request.user, centre=centre, **data),
        done=_("บันทึกสมาชิกรายบุคคลแล้ว"),
        back=reverse("centre_members", args=[centre.pk]),
        back_label=centre.name,
        title=_("เพิ่มสมาชิกรายบุคคล"),
        centre=centre,
        note=_("สมาชิกรายบุคคลมีได้ในศูนย์รูปแบบที่ 2-4 รูปแบบที่ 1 สมาชิกเป็นกลุ่มเท่านั้น"),
    )


@require_http_methods(["GET", "POST"])
@edit_view(IndividualMember)
def individual_move(request, pk):
    """Step 2 of the move to model 1: a person moves into a member group."""
    member = selectors.get_record_for_edit(IndividualMember, request.user, pk)
    form = forms.MoveForm(request.POST or None, centre=member.centre)
    return pages.form_page(
        request,
        form,
        save=lambda data: members.individual_member_move(by=request.user, member=member, **data),
        done=_("บันทึกการย้ายเข้ากลุ่มแล้ว"),
        back=reverse("centre_members", args=[member.centre_id]),
        back_label=member.centre.name,
        title=_("ย้ายสมาชิกรายบุคคลเข้ากลุ่ม: %(name)s") % {"name": member},
        centre=member.centre,
    )


@require_GET
@read_view(Centre)
def centre_shares(request, pk):
    centre = selectors.get_centre_for_user(request.user, pk)
    as_of = as_of_date(request)
    totals, total = selectors.share_totals(centre, as_of)
    return centre_page(
        request,
        centre,
        "centre_shares",
        "institutes/centre_shares.html",
        lines=selectors.share_register(centre),
        totals=totals,
        total=total,
        as_of=as_of,
    )


@require_http_methods(["GET", "POST"])
@edit_view(Centre)
def share_create(request, pk):
    centre = selectors.get_centre_for_edit(request.user, pk)
    form = forms.ShareForm(
        request.POST or None, centre=centre, initial={"kind": request.GET.get("kind")}
    )

    def save(data):
        data = dict(data)
        purchase = data.pop("kind") == ShareKind.PURCHASE
        service = shares.share_purchase if purchase else shares.share_withdraw
        return service(by=request.user, centre=centre, on=data.pop("made_on"), **data)

    return pages.form_page(
        request,
        form,
        save=save,
        done=_("บันทึกรายการหุ้นแล้ว"),
        back=reverse("centre_shares", args=[centre.pk]),
        back_label=centre.name,
        title=_("บันทึกซื้อ/ถอนหุ้น"),
        centre=centre,
    )


@require_http_methods(["GET", "POST"])
@edit_view(ShareTransaction)
def share_delete(request, pk):
    txn = selectors.get_record_for_edit(ShareTransaction, request.user, pk)
    return pages.confirm_delete(
        request,
        record=txn,
        delete=lambda: shares.share_delete(by=request.user, txn=txn),
        done=_("ลบรายการหุ้นแล้ว"),
        back=reverse("centre_shares", args=[txn.centre_id]),
        cancel=txn.get_absolute_url(),
    )


@require_GET
@read_view(Centre)
def centre_capital(request, pk):
    centre = selectors.get_centre_for_user(request.user, pk)
    return centre_page(
        request,
        centre,
        "centre_capital",
        "institutes/centre_capital.html",
        summary=selectors.capital_summary(centre, as_of_date(request)),
        receipts=selectors.capital_receipts(centre),
    )


@require_GET
@read_view(Centre)
def centre_board(request, pk):
    centre = selectors.get_centre_for_user(request.user, pk)
    return centre_page(
        request,
        centre,
        "centre_board",
        "institutes/centre_board.html",
        status=selectors.board_status(centre, as_of_date(request)),
        history=selectors.board_history(centre),
        orders=selectors.orders(centre),
    )


@require_GET
@read_view(Centre)
def centre_meetings(request, pk):
    centre = selectors.get_centre_for_user(request.user, pk)
    return centre_page(
        request,
        centre,
        "centre_meetings",
        "institutes/centre_meetings.html",
        meetings=selectors.meetings(centre),
        per_year=selectors.meetings_per_fiscal_year(centre),
    )


@require_GET
@read_view(Centre)
def centre_plan(request, pk):
    centre = selectors.get_centre_for_user(request.user, pk)
    return centre_page(
        request,
        centre,
        "centre_plan",
        "institutes/centre_plan.html",
        years=selectors.plan_years(centre),
    )


@require_GET
@read_view(Centre)
def centre_welfare(request, pk):
    centre = selectors.get_centre_for_user(request.user, pk)
    return centre_page(
        request,
        centre,
        "centre_welfare",
        "institutes/centre_welfare.html",
        grants=selectors.welfare_grants(centre),
        totals=selectors.welfare_totals(centre),
    )


regulations_file = document_view(Centre, "regulations_file")
order_file = document_view(AppointmentOrder, "file")
minutes_file = document_view(Meeting, "minutes_file")


def record_views(register):
    """Create, change and delete views for one of the centre's registers."""

    def form_page(request, centre, record):
        form = register.form(
            request.POST or None, request.FILES or None, instance=record, centre=centre
        )
        return pages.form_page(
            request,
            form,
            save=lambda data: register.save(
                by=request.user, centre=centre, record=record, data=data
            ),
            done=_("บันทึกแล้ว"),
            back=reverse(register.tab, args=[centre.pk]),
            back_label=centre.name,
            title=f"{_('แก้ไข') if record else _('เพิ่ม')}{register.title}",
            centre=centre,
        )

    @require_http_methods(["GET", "POST"])
    @edit_view(Centre)
    def create(request, pk):
        return form_page(request, selectors.get_centre_for_edit(request.user, pk), None)

    @require_http_methods(["GET", "POST"])
    @edit_view(register.model)
    def edit(request, pk):
        record = selectors.get_record_for_edit(register.model, request.user, pk)
        return form_page(request, register.centre_of(record), record)

    @require_http_methods(["GET", "POST"])
    @edit_view(register.model)
    def delete(request, pk):
        record = selectors.get_record_for_edit(register.model, request.user, pk)
        return pages.confirm_delete(
            request,
            record=record,
            delete=lambda: register.delete(by=request.user, record=record),
            done=_("ลบแล้ว"),
            back=reverse(register.tab, args=[register.centre_of(record).pk]),
        )

    return create, edit, delete


RECORD_VIEWS = {register.key: record_views(register) for register in RECORD_PAGES}
