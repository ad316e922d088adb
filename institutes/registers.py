"""The registers kept on a centre's page, and how each one's records are saved and deleted.

Views for creating, changing and deleting a record of any of these come from one place
(``institutes.views.records``), so every register behaves the same way.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from institutes import forms
from institutes.models import (
    AppointmentOrder,
    BankAccount,
    BoardMember,
    CapitalReceipt,
    Centre,
    Meeting,
    PlanActivity,
    VillageGroup,
    WelfareGrant,
)
from institutes.services import board, centres, members, registers


def _own_centre(record):
    return record.centre


@dataclass(frozen=True)
class RecordPages:
    key: str
    model: type
    form: type
    tab: str
    title: str
    save: Callable
    delete: Callable
    centre_of: Callable = _own_centre


def _save_group(*, by, centre, record, data):
    if record is None:
        return members.group_create(by=by, village=centre.village, **data)
    return members.group_update(by=by, group=record, **data)


def _register(model):
    def save(*, by, centre, record, data):
        return registers.register_save(by=by, centre=centre, model=model, record=record, **data)

    return save


RECORD_PAGES = [
    RecordPages(
        "bank-accounts",
        BankAccount,
        forms.BankAccountForm,
        "centre_detail",
        _("บัญชีธนาคาร"),
        save=lambda *, by, centre, record, data: centres.bank_account_save(
            by=by, centre=centre, account=record, **data
        ),
        delete=lambda *, by, record: centres.bank_account_delete(by=by, account=record),
    ),
    RecordPages(
        "groups",
        VillageGroup,
        forms.VillageGroupForm,
        "centre_groups",
        _("กลุ่มในหมู่บ้าน"),
        save=_save_group,
        delete=lambda *, by, record: members.group_delete(by=by, group=record),
        centre_of=lambda record: Centre.objects.filter(village_id=record.village_id).first(),
    ),
    RecordPages(
        "capital",
        CapitalReceipt,
        forms.CapitalReceiptForm,
        "centre_capital",
        _("รายการรับทุน"),
        save=_register(CapitalReceipt),
        delete=lambda *, by, record: registers.register_delete(by=by, record=record),
    ),
    RecordPages(
        "orders",
        AppointmentOrder,
        forms.AppointmentOrderForm,
        "centre_board",
        _("คำสั่งแต่งตั้งคณะกรรมการ"),
        save=lambda *, by, centre, record, data: board.order_save(
            by=by, centre=centre, order=record, **data
        ),
        delete=lambda *, by, record: board.order_delete(by=by, order=record),
    ),
    RecordPages(
        "board",
        BoardMember,
        forms.BoardMemberForm,
        "centre_board",
        _("กรรมการ"),
        save=lambda *, by, centre, record, data: board.board_member_save(
            by=by, centre=centre, member=record, **data
        ),
        delete=lambda *, by, record: board.board_member_delete(by=by, member=record),
    ),
    RecordPages(
        "meetings",
        Meeting,
        forms.MeetingForm,
        "centre_meetings",
        _("การประชุม"),
        save=_register(Meeting),
        delete=lambda *, by, record: registers.register_delete(by=by, record=record),
    ),
    RecordPages(
        "plan",
        PlanActivity,
        forms.PlanActivityForm,
        "centre_plan",
        _("กิจกรรมตามแผนปฏิบัติการ"),
        save=_register(PlanActivity),
        delete=lambda *, by, record: registers.register_delete(by=by, record=record),
    ),
    RecordPages(
        "welfare",
        WelfareGrant,
        forms.WelfareGrantForm,
        "centre_welfare",
        _("สวัสดิการชุมชน"),
        save=_register(WelfareGrant),
        delete=lambda *, by, record: registers.register_delete(by=by, record=record),
    ),
]
